"""The measures, one module per area, each measure declared once with its definition, source,
DfE/Ofsted convention and expression. `thrive.metrics.registry.load()` imports this package;
importing it imports every area module in `AREAS` order, which is the registry's order.

Conventions shared by every measure (also in docs/measures.md):
- "In year" means the 12 months ending on the period's last day, both ends included.
- "At the reference date" means started on or before it and not ended by it; an episode, plan or
  case that ends *on* the reference date is no longer open.
- Working days: strictly after the start date, up to and including the end date (same day = 0),
  England and Wales bank holidays excluded (`thrive.dates.working_days`).
- Calendar months are added with month-end clipping (31 August + 6 months = 28/29 February).
- Rates per 10,000 divide by the council's estimated population aged 0–17 for the year.
"""

from __future__ import annotations

import importlib

AREAS = (
    "front_door",
    "assessment",
    "child_protection",
    "children_in_need",
    "looked_after",
    "placement_stability",
    "health",
    "care_leavers",
    "adoption",
    "workforce",
)
"""The area modules, in the order their measures are listed (docs, pages, packs)."""

for _area in AREAS:
    importlib.import_module(f"{__name__}.{_area}")
