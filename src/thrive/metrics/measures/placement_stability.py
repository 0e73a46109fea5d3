"""Placement stability: three or more placements, long-term stability and placement location
(SSDA903; location from Annex A list 8)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from thrive.metrics.cohorts import (
    care_start,
    cla,
    cla_units,
    join_on_child,
    placement_start,
    placements_in,
)
from thrive.metrics.expr import (
    Params,
    Sources,
    age_at,
    d,
    flag,
)
from thrive.metrics.measures.common import (
    CLA_BREAKDOWNS,
    S903_SOURCE,
    annex_a_open,
    annex_a_share,
    annex_a_units,
)
from thrive.metrics.registry import (
    EnglandFigure,
    PeriodType,
    Polarity,
    Unit,
    measure,
)

PLACEMENT_COUNTING = (
    "A placement starts with the first episode of each period of care and with each episode "
    "whose RNE is P or B (placement and carer changed).",
    "Not counted as a new placement: RNE L (legal status only), RNE T and U (placement details "
    "changed but the carer stayed the same), temporary placements T0–T4 (hospital, holidays, "
    "other moves of 7 days or less) and the return from one to the same placement, and a "
    "placement for adoption with the child's current foster carers (A3, A5).",
    "Short breaks (legal status V3, V4) are left out of the cohort and of the placements.",
)


def _placements(s: Sources, p: Params, years: int) -> ir.Table:
    looked_after = cla(s, p)
    return join_on_child(looked_after, placements_in(s, p.window_start(years), p.ref))


@measure(
    id="placements_3plus_pct",
    code="L04",
    name="Three or more placements in the year",
    area="Placement stability",
    definition="Of the children looked after at the reference date, the share who had three "
    "or more separate placements during the year.",
    numerator="Children looked after at the reference date with 3 or more placements in the "
    "year (the placement held at the start of the year counts)",
    denominator="Children looked after at the reference date",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=S903_SOURCE,
    fields=("DECOM", "RNE", "DEC", "LS"),
    follows="DfE Children looked after: placement stability, 3 or more placements in year",
    tables=("s903_episodes", "s903_header"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", ""),
    england=(EnglandFigure(10.0, 2024, "DfE, Stability measures 2024", "'one in 10'"),),
    notes=(
        *PLACEMENT_COUNTING,
        "Until 2026 Thrive counted RNE T and temporary placements as moves and placements for "
        "adoption with the current foster carers as a new placement.",
    ),
)
def _placements_3(s: Sources, p: Params) -> ir.Table:
    t = _placements(s, p, 1)
    return cla_units(t, flag(t.placements >= 3))


@measure(
    id="placements_3plus_2yrs_pct",
    code="L05",
    name="Three or more placements in two years",
    area="Placement stability",
    definition="Of the children looked after at the reference date, the share who had three "
    "or more separate placements in the two years before it.",
    numerator="Children looked after at the reference date with 3 or more placements in the "
    "24 months to the reference date",
    denominator="Children looked after at the reference date",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=S903_SOURCE,
    fields=("DECOM", "RNE", "DEC", "LS"),
    follows="DfE Stability measures: 3 or more placements over two years (all CLA variant)",
    tables=("s903_episodes", "s903_header"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", ""),
    notes=(
        *PLACEMENT_COUNTING,
        "Denominator: every child looked after at the reference date (DfE's published two-year "
        "figure may use a narrower cohort; not confirmed).",
    ),
)
def _placements_3_2y(s: Sources, p: Params) -> ir.Table:
    t = _placements(s, p, 2)
    return cla_units(t, flag(t.placements >= 3))


@measure(
    id="long_term_stability_pct",
    code="L06",
    name="Long-term placement stability",
    area="Placement stability",
    definition="Of the children under 16 looked after continuously for at least 2½ years, the "
    "share who have been in the same placement for at least 2 years, or who are placed for "
    "adoption and whose adoptive placement together with the placement before it has lasted "
    "at least 2 years.",
    numerator="Those children whose current placement started 2 years or more before the "
    "reference date (for a placement for adoption: the placement before it)",
    denominator="Children looked after at the reference date, aged under 16, whose current "
    "period of care started 2½ years or more before",
    population="Children looked after long term",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=S903_SOURCE,
    fields=("DECOM", "RNE", "PLACE", "DEC", "REC", "LS", "DOB"),
    follows="DfE Stability measures, long-term stability (former NI 63), with the adoption "
    "adjustment",
    tables=("s903_episodes", "s903_header"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", "Stable since"),
    england=(EnglandFigure(68.0, 2024, "DfE, Stability measures 2024", "19,750 of 29,000"),),
    notes=(
        "Looked after continuously: the period of care is the chain of episodes each starting "
        "the day the one before ended with REC X1; a history cut off by the data counts from "
        "its earliest DECOM.",
        *PLACEMENT_COUNTING,
        "Adoption adjustment: a child placed for adoption (A3–A6) counts as stable when the "
        "adoptive placement and the placement before it in the same period of care together "
        "have lasted 2 years.",
        "Until 2026 Thrive left the adjustment out, dropped children whose care began before "
        "the returns loaded and treated RNE T and temporary placements as moves.",
    ),
)
def _long_term(s: Sources, p: Params) -> ir.Table:
    t = join_on_child(cla(s, p), care_start(s, p.ref))
    t = join_on_child(t, placement_start(s, p.ref))
    header = s["s903_header"].select(_c=ibis._.child, _dob=ibis._.dob)
    t = join_on_child(t, header)
    t = t.filter((age_at(t._dob, p.ref) < 16) & (t.poc_start <= d(p.before(months=30))))
    return cla_units(t, flag(t.stable_from <= d(p.before(years=2))), date_b=t.stable_from)


@annex_a_share(
    id="placed_outside_pct",
    code="L07",
    name="Placed outside the council's boundary",
    area="Placement stability",
    definition="Of the children looked after at the extract date, the share placed outside the "
    "council's boundary. (DfE's 'more than 20 miles' measure needs postcode centroids, which "
    "Thrive does not ship; this is the Annex A boundary measure.)",
    numerator="Children looked after with Placement Location 'Out'",
    denominator="Children looked after at the extract date (Annex A list 8)",
    population="Children looked after",
    polarity=Polarity.DOWN,
    fields=("List 8: Placement Location (In/Out LA Boundary)",),
    follows="Ofsted Annex A list 8 (LAIT 'outside LA boundary' variant)",
    tables=("aa_cla",),
    date_labels=("Looked after since", "Placement start"),
    notes=(
        "Reviewed against the DfE definition (2026): DfE's 20-miles measure needs postcode "
        "distances; this is Annex A's boundary measure, named as such.",
    ),
)
def _outside(s: Sources, p: Params) -> ir.Table:
    c = annex_a_open(s, p, "aa_cla", "ceased")
    return annex_a_units(c, flag(c.location == "Out"), c.start, c.placement_start)
