"""Demo targets and tolerances for Northbridge (fictional), so its measures show red, amber or
green. Set through `thrive.measures.services.target_set`, which also re-rates stored values.

The figures are the kind a council in intervention sets with its Improvement Board: workforce
stability first (caseloads, vacancies, agency staff), then timeliness of assessments and child
protection conferences, placement stability and repeat child protection plans. Context
measures (children looked after, child protection plans per 10,000) are compared with
neighbours, never scored, so they get no target.
"""

from __future__ import annotations

from thrive.councils.models import Council
from thrive.measures.models import MeasureTarget
from thrive.measures.services import target_set

SET_BY = "Northbridge Improvement Board (demo)"

# measure id → (target, tolerance, reason)
DEMO_TARGETS: dict[str, tuple[float, float, str]] = {
    "caseload_avg": (18.0, 2.0, "Manageable caseloads: no more than 18 children per worker"),
    "vacancy_pct": (15.0, 5.0, "Bring vacancies down to the England average"),
    "agency_pct": (12.0, 4.0, "Replace agency workers with permanent staff"),
    "assessments_45wd_pct": (85.0, 5.0, "Assessments finished within 45 working days"),
    "icpc_15wd_pct": (80.0, 10.0, "Initial conferences within 15 working days of the strategy"),
    "cp_repeat_pct": (20.0, 3.0, "Fewer children returning to a child protection plan"),
    "placements_3plus_pct": (10.0, 2.0, "Placement stability: fewer children moving 3+ times"),
    "cla_reviews_timely_pct": (95.0, 5.0, "Reviews of looked-after children on time"),
}


def targets_demo_setup(council: Council) -> int:
    """Set the demo targets the council does not have yet; returns how many were set."""
    existing = set(MeasureTarget.objects.for_council(council).values_list("measure_id", flat=True))
    added = 0
    for measure_id, (target, tolerance, reason) in DEMO_TARGETS.items():
        if measure_id in existing:
            continue  # an analyst's own target wins over the demo's
        target_set(
            council=council,
            measure_id=measure_id,
            target=target,
            tolerance=tolerance,
            set_by=SET_BY,
            reason=reason,
        )
        added += 1
    return added
