"""The measures, each declared once: definition, source, DfE/Ofsted convention and expression.

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

from collections.abc import Callable
from datetime import date
from typing import Any

import ibis
import ibis.expr.types as ir

from thrive.metrics.expr import (
    Params,
    Sources,
    age_at,
    age_band,
    as_int,
    child_profile,
    d,
    flag,
    in_window,
    open_at,
    units,
    with_calendar,
    with_working_days,
)
from thrive.metrics.registry import (
    EnglandFigure,
    Measure,
    PeriodType,
    Polarity,
    Unit,
    register,
)

Build = Callable[[Sources, Params], ir.Table]

CIN_SOURCE = "CIN census"
S903_SOURCE = "SSDA903"
WF_SOURCE = "Children's social work workforce census"
AA_SOURCE = "Ofsted ILACS Annex A"

PEOPLE = ("age_band", "gender", "ethnicity")
CLA_BREAKDOWNS = (*PEOPLE, "legal_status", "placement_type")
EET_CODES = ("F1", "P1", "F2", "P2", "F3", "P3")
ADOPTION_REASONS = ("E11", "E12")
ADOPTION_PLACEMENTS = ("A3", "A4", "A5", "A6")
NEW_PLACEMENT = ("S", "P", "B", "T")
SHORT_BREAKS = ("V3", "V4")

EES_CIN_2024 = "DfE, Children in need 2024 (explore education statistics)"
EES_CLA_2024 = "DfE, Children looked after in England including adoptions 2024"
EES_CSWW = "DfE, Children's social work workforce (indicators)"


def measure(**fields: Any) -> Callable[[Build], Build]:
    """Declare a measure whose expression is the decorated function."""

    def decorator(build: Build) -> Build:
        register(Measure(build=build, **fields))
        return build

    return decorator


def _rate(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "unit": Unit.RATE,
        "denominator": "Estimated population aged 0–17 (÷ 10,000)",
        "population": "All children aged 0–17 living in the council's area",
        "polarity": Polarity.CONTEXT,
        **fields,
    }


# --- Shared sub-expressions ----------------------------------------------------------------


def cla_at(s: Sources, ref: date) -> ir.Table:
    """Children looked after at `ref` (short-break-only episodes excluded), one row each, with
    the legal status and placement of the episode open on that day."""
    e = s["s903_episodes"]
    current = e.filter(open_at(e.decom, e.dec, ref) & ~e.ls.isin(SHORT_BREAKS))
    ranked = current.mutate(
        _n=ibis.row_number().over(group_by=current.child, order_by=current.decom.desc())
    )
    return ranked.filter(ranked._n == 0).drop("_n")


def care_start(s: Sources, ref: date) -> ir.Table:
    """`child`, `poc_start`: start of each child's latest period of care begun by `ref`."""
    e = s["s903_episodes"]
    starts = e.filter((e.rne == "S") & (e.decom <= d(ref)))
    return starts.group_by(_c=starts.child).aggregate(poc_start=starts.decom.max())


def placement_start(s: Sources, ref: date) -> ir.Table:
    """`child`, `placed`: start of each child's latest placement begun by `ref`."""
    e = s["s903_episodes"]
    starts = e.filter(e.rne.isin(NEW_PLACEMENT) & (e.decom <= d(ref)))
    return starts.group_by(_c=starts.child).aggregate(placed=starts.decom.max())


def cla_profile(s: Sources, t: ir.Table, p: Params) -> ir.Table:
    return child_profile(s, t, "s903_header", p)


def cla_units(t: ir.Table, num: Any, **extra: Any) -> ir.Table:
    return units(
        t,
        subject=t.child,
        num=num,
        date_a=t.decom,
        legal_status=t.ls,
        placement_type=t.place,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
        **extra,
    )


def placements_in(s: Sources, window_start: date, ref: date) -> ir.Table:
    """`_c`, `placements`: separate placements each child had between the two dates."""
    e = s["s903_episodes"]
    overlapping = e.filter(
        (e.decom <= d(ref))
        & (e.dec.isnull() | (e.dec >= d(window_start)))
        & ~e.ls.isin(SHORT_BREAKS)
    )
    ranked = overlapping.mutate(
        _n=ibis.row_number().over(group_by=overlapping.child, order_by=overlapping.decom)
    )
    counted = ranked.filter((ranked._n == 0) | ranked.rne.isin(NEW_PLACEMENT))
    return counted.group_by(_c=counted.child).aggregate(placements=ibis._.count())


def join_on_child(t: ir.Table, other: ir.Table, *, how: str = "left") -> ir.Table:
    """Join `other` (keyed by `_c`) onto `t` by child, keeping `t`'s columns and `other`'s."""
    joined = t.join(other, t.child == other._c, how=how)
    return joined.select(
        *[t[c] for c in t.columns], *[other[c] for c in other.columns if c != "_c"]
    )


# === Front door, assessment and child protection (CIN census) ==============================


@measure(
    **_rate(
        {
            "id": "contacts_rate",
            "code": "F01",
            "name": "Contacts per 10,000 children",
            "area": "Front door",
            "definition": "Contacts received by children's social care in the year, for every "
            "10,000 children living in the area.",
            "numerator": "Contacts with a contact date in the year (Annex A list 1)",
            "period_type": PeriodType.IN_YEAR,
            "source": AA_SOURCE,
            "fields": ("List 1: Date of Contact",),
            "follows": "Ofsted Annex A list 1; no national collection",
            "tables": ("aa_contacts",),
            "monthly": False,
            "breakdowns": PEOPLE,
            "date_labels": ("Contact date", ""),
        }
    )
)
def _contacts_rate(s: Sources, p: Params) -> ir.Table:
    c = s["aa_contacts"]
    c = c.filter((c._year == p.year) & in_window(c.contact_date, p))
    return units(
        c,
        subject=c.child,
        num=1.0,
        den=0.0,
        date_a=c.contact_date,
        age_band=age_band(c.dob, p.ref),
        gender=c.gender,
        ethnicity=c.ethnicity,
    )


def _referrals(s: Sources, p: Params) -> ir.Table:
    r = s["cin_details"]
    r = r.filter(in_window(r.referral_date, p))
    return child_profile(s, r, "cin_children", p)


@measure(
    **_rate(
        {
            "id": "referrals_rate",
            "code": "F02",
            "name": "Referrals per 10,000 children",
            "area": "Front door",
            "definition": "Referrals to children's social care in the year (each referral "
            "counts, not each child), for every 10,000 children.",
            "numerator": "CIN episodes with a referral date in the year",
            "period_type": PeriodType.IN_YEAR,
            "source": CIN_SOURCE,
            "fields": ("CINreferralDate",),
            "follows": "DfE Children in need, table A1 (referrals)",
            "tables": ("cin_details", "cin_children"),
            "breakdowns": PEOPLE,
            "date_labels": ("Referral date", ""),
            "england": (
                EnglandFigure(518.0, 2024, EES_CIN_2024, "621,880 referrals; rate derived"),
            ),
        }
    )
)
def _referrals_rate(s: Sources, p: Params) -> ir.Table:
    r = _referrals(s, p)
    return units(
        r,
        subject=r.child,
        num=1.0,
        den=0.0,
        date_a=r.referral_date,
        age_band=r.age_band,
        gender=r.gender,
        ethnicity=r.ethnicity,
    )


@measure(
    id="rereferrals_pct",
    code="F03",
    name="Re-referrals within 12 months",
    area="Front door",
    definition="Of the referrals in the year, the share where the same child had an earlier "
    "referral in the 12 months before this one.",
    numerator="Referrals in the year with an earlier referral of the same child dated within "
    "the previous 12 months (earlier date + 12 months on or after this referral)",
    denominator="Referrals in the year",
    population="Referrals to children's social care",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=CIN_SOURCE,
    fields=("CINreferralDate", "LAchildID"),
    follows="DfE Children in need: re-referrals within 12 months of a previous referral",
    tables=("cin_details", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Referral date", "Earlier referral"),
    england=(EnglandFigure(22.4, 2024, EES_CIN_2024, "139,080 of 621,880"),),
)
def _rereferrals(s: Sources, p: Params) -> ir.Table:
    r = _referrals(s, p)
    everything = s["cin_details"]
    earlier = with_calendar(s, everything, "referral_date", {"_plus12": "p12m"})
    earlier = earlier.select(
        _c=earlier.child, _earlier=earlier.referral_date, _plus12=earlier._plus12
    )
    pairs = r.join(
        earlier,
        [
            r.child == earlier._c,
            earlier._earlier < r.referral_date,
            earlier._plus12 >= r.referral_date,
        ],
    ).select(_hc=r.child, _hd=r.referral_date, _e=earlier._earlier)
    hits = pairs.group_by("_hc", "_hd").aggregate(_prior=pairs._e.max())
    j = r.left_join(hits, [r.child == hits._hc, r.referral_date == hits._hd])
    j = j.select(*[r[c] for c in r.columns], hits._prior)
    return units(
        j,
        subject=j.child,
        num=flag(j._prior.notnull()),
        date_a=j.referral_date,
        date_b=j._prior,
        age_band=j.age_band,
        gender=j.gender,
        ethnicity=j.ethnicity,
    )


@measure(
    id="referrals_nfa_pct",
    code="F04",
    name="Referrals leading to no further action",
    area="Front door",
    definition="Of the referrals in the year, the share closed with no further action.",
    numerator="Referrals in the year with ReferralNFA true",
    denominator="Referrals in the year",
    population="Referrals to children's social care",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.CONTEXT,
    source=CIN_SOURCE,
    fields=("CINreferralDate", "ReferralNFA"),
    follows="DfE Children in need, referrals resulting in no further action",
    tables=("cin_details", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Referral date", ""),
    england=(EnglandFigure(7.1, 2023, "DfE, Children in need 2023", ""),),
)
def _nfa(s: Sources, p: Params) -> ir.Table:
    r = _referrals(s, p)
    return units(
        r,
        subject=r.child,
        num=flag(r.nfa),
        date_a=r.referral_date,
        age_band=r.age_band,
        gender=r.gender,
        ethnicity=r.ethnicity,
    )


def _assessments(s: Sources, p: Params) -> ir.Table:
    a = s["cin_assessments"]
    a = a.filter(in_window(a.authorised, p) & (a.authorised >= a.start))
    a = with_working_days(s, a, "start", "authorised")
    return child_profile(s, a, "cin_children", p)


@measure(
    id="assessments_45wd_pct",
    code="F05",
    name="Assessments completed within 45 working days",
    area="Assessment",
    definition="Of the assessments authorised in the year, the share completed within 45 "
    "working days of the assessment starting.",
    numerator="Assessments authorised in the year taking 45 working days or fewer",
    denominator="Assessments authorised in the year (authorised on or after their start)",
    population="Children's social care assessments",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=CIN_SOURCE,
    fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"),
    follows="DfE Children in need table C2: assessment start to authorisation, working days",
    tables=("cin_assessments", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Assessment start", "Authorised"),
    england=(EnglandFigure(85.7, 2025, "DfE, Children in need 2025 (C2)", "derived"),),
)
def _assessments_45(s: Sources, p: Params) -> ir.Table:
    a = _assessments(s, p)
    return units(
        a,
        subject=a.child,
        num=flag(a.wd <= 45),
        date_a=a.start,
        date_b=a.authorised,
        age_band=a.age_band,
        gender=a.gender,
        ethnicity=a.ethnicity,
    )


@measure(
    id="assessments_mean_wd",
    code="F05b",
    name="Average assessment duration",
    area="Assessment",
    definition="The mean number of working days from an assessment starting to its "
    "authorisation, over assessments authorised in the year.",
    numerator="Sum of working days taken by assessments authorised in the year",
    denominator="Assessments authorised in the year",
    population="Children's social care assessments",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.WORKING_DAYS,
    polarity=Polarity.DOWN,
    source=CIN_SOURCE,
    fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"),
    follows="DfE Children in need table C2 durations (DfE publishes the median)",
    tables=("cin_assessments", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Assessment start", "Authorised"),
)
def _assessments_mean(s: Sources, p: Params) -> ir.Table:
    a = _assessments(s, p)
    return units(
        a,
        subject=a.child,
        num=a.wd,
        date_a=a.start,
        date_b=a.authorised,
        age_band=a.age_band,
        gender=a.gender,
        ethnicity=a.ethnicity,
    )


@measure(
    **_rate(
        {
            "id": "s47_rate",
            "code": "F06",
            "name": "Section 47 enquiries per 10,000 children",
            "area": "Child protection",
            "definition": "Section 47 enquiries starting in the year, for every 10,000 children.",
            "numerator": "Section 47 enquiries with a start date in the year",
            "period_type": PeriodType.IN_YEAR,
            "source": CIN_SOURCE,
            "fields": ("S47ActualStartDate",),
            "follows": "DfE Children in need table C4",
            "tables": ("cin_s47", "cin_children"),
            "breakdowns": PEOPLE,
            "date_labels": ("Enquiry start", ""),
            "england": (EnglandFigure(191.6, 2023, "DfE, Children in need 2023 (C4)", ""),),
        }
    )
)
def _s47_rate(s: Sources, p: Params) -> ir.Table:
    e = s["cin_s47"]
    e = child_profile(s, e.filter(in_window(e.start, p)), "cin_children", p)
    return units(
        e,
        subject=e.child,
        num=1.0,
        den=0.0,
        date_a=e.start,
        age_band=e.age_band,
        gender=e.gender,
        ethnicity=e.ethnicity,
    )


@measure(
    **_rate(
        {
            "id": "icpc_rate",
            "code": "F06b",
            "name": "Initial child protection conferences per 10,000 children",
            "area": "Child protection",
            "definition": "Initial child protection conferences held in the year, for every "
            "10,000 children.",
            "numerator": "Section 47 enquiries with an initial conference dated in the year",
            "period_type": PeriodType.IN_YEAR,
            "source": CIN_SOURCE,
            "fields": ("DateOfInitialCPC",),
            "follows": "DfE Children in need table C4 (ICPCs)",
            "tables": ("cin_s47", "cin_children"),
            "breakdowns": PEOPLE,
            "date_labels": ("Enquiry start", "Conference"),
            "england": (EnglandFigure(63.2, 2023, "DfE, Children in need 2023 (C4)", ""),),
        }
    )
)
def _icpc_rate(s: Sources, p: Params) -> ir.Table:
    e = s["cin_s47"]
    e = child_profile(s, e.filter(in_window(e.icpc, p)), "cin_children", p)
    return units(
        e,
        subject=e.child,
        num=1.0,
        den=0.0,
        date_a=e.start,
        date_b=e.icpc,
        age_band=e.age_band,
        gender=e.gender,
        ethnicity=e.ethnicity,
    )


@measure(
    id="icpc_15wd_pct",
    code="F07",
    name="Initial conferences within 15 working days",
    area="Child protection",
    definition="Of the initial child protection conferences in the year, the share held within "
    "15 working days of the section 47 enquiry starting.",
    numerator="Conferences in the year held 15 working days or fewer after the enquiry start",
    denominator="Conferences in the year, excluding any dated before the enquiry started",
    population="Initial child protection conferences",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=CIN_SOURCE,
    fields=("S47ActualStartDate", "DateOfInitialCPC"),
    follows="DfE Children in need table C4: S47 start to ICPC in working days",
    tables=("cin_s47", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Enquiry start", "Conference"),
    england=(EnglandFigure(78.5, 2023, "DfE, Children in need 2023 (C4)", "derived"),),
)
def _icpc_15(s: Sources, p: Params) -> ir.Table:
    e = s["cin_s47"]
    e = e.filter(in_window(e.icpc, p) & (e.icpc >= e.start))
    e = child_profile(s, with_working_days(s, e, "start", "icpc"), "cin_children", p)
    return units(
        e,
        subject=e.child,
        num=flag(e.wd <= 15),
        date_a=e.start,
        date_b=e.icpc,
        age_band=e.age_band,
        gender=e.gender,
        ethnicity=e.ethnicity,
    )


@measure(
    **_rate(
        {
            "id": "cin_rate",
            "code": "F08",
            "name": "Children in need per 10,000 children",
            "area": "Children in need",
            "definition": "Children with an open children-in-need episode at the reference date "
            "(including children on protection plans and looked after), for every 10,000 "
            "children.",
            "numerator": "Children with a CIN episode open at the reference date",
            "period_type": PeriodType.SNAPSHOT,
            "source": CIN_SOURCE,
            "fields": ("CINreferralDate", "CINclosureDate"),
            "follows": "DfE Children in need table A1 (children in need at 31 March)",
            "tables": ("cin_details", "cin_children"),
            "breakdowns": PEOPLE,
            "date_labels": ("Referral date", ""),
            "england": (EnglandFigure(332.9, 2024, EES_CIN_2024, "399,460 children"),),
        }
    )
)
def _cin_rate(s: Sources, p: Params) -> ir.Table:
    c = s["cin_details"]
    c = c.filter(open_at(c.referral_date, c.closure_date, p.ref))
    c = c.group_by(child=c.child).aggregate(la=c.la.max(), referral_date=c.referral_date.max())
    c = child_profile(s, c, "cin_children", p)
    return units(
        c,
        subject=c.child,
        num=1.0,
        den=0.0,
        date_a=c.referral_date,
        age_band=c.age_band,
        gender=c.gender,
        ethnicity=c.ethnicity,
    )


def _cp_open(s: Sources, p: Params) -> ir.Table:
    c = s["cin_cp_plans"]
    return c.filter(open_at(c.start, c.end, p.ref))


@measure(
    **_rate(
        {
            "id": "cp_rate",
            "code": "F09",
            "name": "Child protection plans per 10,000 children",
            "area": "Child protection",
            "definition": "Children subject to a child protection plan at the reference date, "
            "for every 10,000 children.",
            "numerator": "Children with a child protection plan open at the reference date",
            "period_type": PeriodType.SNAPSHOT,
            "source": CIN_SOURCE,
            "fields": ("CPPstartDate", "CPPendDate"),
            "follows": "DfE Children in need table D1 (children on a plan at 31 March)",
            "tables": ("cin_cp_plans", "cin_children"),
            "breakdowns": PEOPLE,
            "date_labels": ("Plan start", ""),
        }
    )
)
def _cp_rate(s: Sources, p: Params) -> ir.Table:
    c = _cp_open(s, p)
    c = c.group_by(child=c.child).aggregate(la=c.la.max(), start=c.start.max())
    c = child_profile(s, c, "cin_children", p)
    return units(
        c,
        subject=c.child,
        num=1.0,
        den=0.0,
        date_a=c.start,
        age_band=c.age_band,
        gender=c.gender,
        ethnicity=c.ethnicity,
    )


@measure(
    **_rate(
        {
            "id": "cp_starts_rate",
            "code": "F10",
            "name": "Child protection plans starting per 10,000 children",
            "area": "Child protection",
            "definition": "Child protection plans starting in the year, for every 10,000 children.",
            "numerator": "Child protection plans with a start date in the year",
            "period_type": PeriodType.IN_YEAR,
            "source": CIN_SOURCE,
            "fields": ("CPPstartDate",),
            "follows": "DfE Children in need table D3 (plans starting)",
            "tables": ("cin_cp_plans", "cin_children"),
            "breakdowns": PEOPLE,
            "date_labels": ("Plan start", ""),
        }
    )
)
def _cp_starts(s: Sources, p: Params) -> ir.Table:
    c = s["cin_cp_plans"]
    c = child_profile(s, c.filter(in_window(c.start, p)), "cin_children", p)
    return units(
        c,
        subject=c.child,
        num=1.0,
        den=0.0,
        date_a=c.start,
        age_band=c.age_band,
        gender=c.gender,
        ethnicity=c.ethnicity,
    )


@measure(
    id="cp_repeat_pct",
    code="F11",
    name="Second or subsequent child protection plans",
    area="Child protection",
    definition="Of the child protection plans starting in the year, the share for children "
    "who had been on a plan before, at any time.",
    numerator="Plans starting in the year where NumberOfPreviousCPP is more than 0, or the "
    "child has an earlier plan in the council's records",
    denominator="Plans starting in the year",
    population="Child protection plans starting",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=CIN_SOURCE,
    fields=("CPPstartDate", "NumberOfPreviousCPP"),
    follows="DfE Children in need table D3: second or subsequent plans (ever)",
    tables=("cin_cp_plans", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Plan start", "Earlier plan start"),
)
def _cp_repeat(s: Sources, p: Params) -> ir.Table:
    c = s["cin_cp_plans"]
    starting = c.filter(in_window(c.start, p))
    every = s["cin_cp_plans"].view()
    earlier = (
        starting.join(every, [starting.child == every.child, every.start < starting.start])
        .group_by(_ec=starting.child, _es=starting.start)
        .aggregate(_earlier=every.start.max())
    )
    j = starting.left_join(earlier, [starting.child == earlier._ec, starting.start == earlier._es])
    j = j.select(*[starting[col] for col in starting.columns], earlier._earlier)
    j = child_profile(s, j, "cin_children", p)
    return units(
        j,
        subject=j.child,
        num=flag((j.previous > 0) | j._earlier.notnull()),
        date_a=j.start,
        date_b=j._earlier,
        age_band=j.age_band,
        gender=j.gender,
        ethnicity=j.ethnicity,
    )


@measure(
    id="cp_2yrs_ended_pct",
    code="F12",
    name="Plans ending after 2 years or more",
    area="Child protection",
    definition="Of the child protection plans that ended in the year, the share that had lasted "
    "two years or more (variant: plans ending, as DfE table D7).",
    numerator="Plans ending in the year whose end date is on or after start + 24 months",
    denominator="Plans ending in the year",
    population="Child protection plans ending",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=CIN_SOURCE,
    fields=("CPPstartDate", "CPPendDate"),
    follows="DfE Children in need table D7 (plans ending, by duration)",
    tables=("cin_cp_plans", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Plan start", "Plan end"),
    england=(EnglandFigure(4.4, 2025, "DfE, Children in need 2025 (D7)", "2,710 of 62,300"),),
)
def _cp_2yrs_ended(s: Sources, p: Params) -> ir.Table:
    c = s["cin_cp_plans"]
    c = with_calendar(s, c.filter(in_window(c.end, p)), "start", {"_p24": "p24m"})
    c = child_profile(s, c, "cin_children", p)
    return units(
        c,
        subject=c.child,
        num=flag(c.end >= c._p24),
        date_a=c.start,
        date_b=c.end,
        age_band=c.age_band,
        gender=c.gender,
        ethnicity=c.ethnicity,
    )


@measure(
    id="cp_2yrs_open_pct",
    code="F12b",
    name="Open plans lasting 2 years or more",
    area="Child protection",
    definition="Of the child protection plans open at the reference date, the share that had "
    "been open for two years or more (the open-plans variant some councils report).",
    numerator="Open plans whose start + 24 months is on or before the reference date",
    denominator="Plans open at the reference date",
    population="Children on a child protection plan",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=CIN_SOURCE,
    fields=("CPPstartDate", "CPPendDate"),
    follows="Local variant of DfE table D7, on plans open at 31 March",
    tables=("cin_cp_plans", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Plan start", ""),
)
def _cp_2yrs_open(s: Sources, p: Params) -> ir.Table:
    c = with_calendar(s, _cp_open(s, p), "start", {"_p24": "p24m"})
    c = child_profile(s, c, "cin_children", p)
    return units(
        c,
        subject=c.child,
        num=flag(c._p24 <= d(p.ref)),
        date_a=c.start,
        age_band=c.age_band,
        gender=c.gender,
        ethnicity=c.ethnicity,
    )


@measure(
    id="cp_reviews_timely_pct",
    code="F13",
    name="Child protection reviews in timescale",
    area="Child protection",
    definition="Of the children on a plan for at least 3 months at the reference date, the "
    "share whose review conferences have all been on time: the first within 3 months of the "
    "plan starting, then no more than 6 months apart, and none overdue at the reference date.",
    numerator="Children on a plan for 3 months or more with no late or overdue review",
    denominator="Children on a plan at the reference date that started 3 months or more before",
    population="Children on a child protection plan",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=CIN_SOURCE,
    fields=("CPPstartDate", "CPPendDate", "CPPreviewDate"),
    follows="Working Together review intervals; former DfE CIN review-timeliness indicator",
    tables=("cin_cp_plans", "cin_cp_reviews", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Plan start", "Latest review"),
)
def _cp_reviews(s: Sources, p: Params) -> ir.Table:
    plans = with_calendar(s, _cp_open(s, p), "start", {"_p3": "p3m"})
    plans = plans.filter(plans._p3 <= d(p.ref))
    r = s["cin_cp_reviews"]
    rv = plans.join(
        r, [plans.child == r.child, r.review >= plans.start, r.review <= d(p.ref)]
    ).select(child=plans.child, start=plans.start, _p3=plans._p3, review=r.review)
    rv = rv.mutate(_prev=rv.review.lag().over(group_by=rv.child, order_by=rv.review))
    rv = with_calendar(s, rv, "_prev", {"_prev6": "p6m"})
    rv = rv.mutate(_late=ibis.ifelse(rv._prev.isnull(), rv.review > rv._p3, rv.review > rv._prev6))
    per_child = rv.group_by(_c=rv.child).aggregate(
        _late_n=as_int(rv._late).sum(), _last=rv.review.max()
    )
    j = join_on_child(plans, per_child)
    j = with_calendar(s, j, "_last", {"_last6": "p6m"})
    j = child_profile(s, j, "cin_children", p)
    overdue = ibis.ifelse(j._last.isnull(), j._p3 < d(p.ref), j._last6 < d(p.ref))
    return units(
        j,
        subject=j.child,
        num=flag((j._late_n.fill_null(0) == 0) & ~overdue),
        date_a=j.start,
        date_b=j._last,
        age_band=j.age_band,
        gender=j.gender,
        ethnicity=j.ethnicity,
    )


@measure(
    id="cp_visits_pct",
    code="F14",
    name="Child protection visits in timescale",
    area="Child protection",
    definition="Of the children on a plan at the extract date, the share last visited within "
    "10 working days (a common local standard; not statutory).",
    numerator="Children on a plan whose last statutory visit was 10 working days or fewer "
    "before the extract date",
    denominator="Children on a plan at the extract date (Annex A list 7)",
    population="Children on a child protection plan",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=AA_SOURCE,
    fields=("List 7: Date of the Last Statutory Visit",),
    follows="Ofsted Annex A list 7; local standard of 10 working days",
    tables=("aa_cp",),
    monthly=False,
    breakdowns=(*PEOPLE, "team"),
    date_labels=("Plan start", "Last visit"),
)
def _cp_visits(s: Sources, p: Params) -> ir.Table:
    c = s["aa_cp"]
    c = c.filter((c._year == p.year) & open_at(c.start, c.end, p.ref))
    c = c.mutate(_ref=d(p.ref))
    c = with_working_days(s, c, "last_visit", "_ref")
    return units(
        c,
        subject=c.child,
        num=flag(c.wd <= 10),
        date_a=c.start,
        date_b=c.last_visit,
        age_band=age_band(c.dob, p.ref),
        gender=c.gender,
        ethnicity=c.ethnicity,
        team=c.team,
        worker=c.worker,
    )


@measure(
    id="cin_seen_pct",
    code="F15",
    name="Children in need seen in timescale",
    area="Children in need",
    definition="Of the children in need (not on a protection plan or looked after) open at "
    "the extract date, the share seen within 20 working days (a common local standard).",
    numerator="Those children last seen 20 working days or fewer before the extract date",
    denominator="Open Annex A list 6 cases with status 'CIN plan' or 'Open assessment'",
    population="Children in need, excluding CP and CLA",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=AA_SOURCE,
    fields=("List 6: Date Child Was Last Seen", "List 6: Case Status"),
    follows="Ofsted Annex A list 6; local standard of 20 working days",
    tables=("aa_cin",),
    monthly=False,
    breakdowns=(*PEOPLE, "team"),
    date_labels=("CIN start", "Last seen"),
)
def _cin_seen(s: Sources, p: Params) -> ir.Table:
    c = s["aa_cin"]
    c = c.filter(
        (c._year == p.year)
        & open_at(c.start, c.closure, p.ref)
        & c.case_status.isin(("CIN plan", "Open assessment"))
    )
    c = with_working_days(s, c.mutate(_ref=d(p.ref)), "last_seen", "_ref")
    return units(
        c,
        subject=c.child,
        num=flag(c.wd <= 20),
        date_a=c.start,
        date_b=c.last_seen,
        age_band=age_band(c.dob, p.ref),
        gender=c.gender,
        ethnicity=c.ethnicity,
        team=c.team,
        worker=c.worker,
    )


@measure(
    **_rate(
        {
            "id": "cin_plans_rate",
            "code": "F16",
            "name": "Children on a child in need plan per 10,000 children",
            "area": "Children in need",
            "definition": "Children with a child in need plan open at the reference date, for "
            "every 10,000 children.",
            "numerator": "Children with a CIN plan open at the reference date",
            "period_type": PeriodType.SNAPSHOT,
            "source": CIN_SOURCE,
            "fields": ("CINPlanStartDate", "CINPlanEndDate"),
            "follows": "DfE Children in need (children on CIN plans at 31 March)",
            "tables": ("cin_plans", "cin_children"),
            "breakdowns": PEOPLE,
            "date_labels": ("Plan start", ""),
        }
    )
)
def _cin_plans(s: Sources, p: Params) -> ir.Table:
    c = s["cin_plans"]
    c = c.filter(open_at(c.start, c.end, p.ref))
    c = c.group_by(child=c.child).aggregate(la=c.la.max(), start=c.start.max())
    c = child_profile(s, c, "cin_children", p)
    return units(
        c,
        subject=c.child,
        num=1.0,
        den=0.0,
        date_a=c.start,
        age_band=c.age_band,
        gender=c.gender,
        ethnicity=c.ethnicity,
    )


# === Children looked after (SSDA903) =======================================================


def _cla(s: Sources, p: Params) -> ir.Table:
    return cla_profile(s, cla_at(s, p.ref), p)


@measure(
    **_rate(
        {
            "id": "cla_rate",
            "code": "L01",
            "name": "Children looked after per 10,000 children",
            "area": "Children looked after",
            "definition": "Children looked after at the reference date, excluding those only "
            "on short breaks, for every 10,000 children.",
            "numerator": "Children with an episode open at the reference date (legal status "
            "not V3 or V4)",
            "period_type": PeriodType.SNAPSHOT,
            "source": S903_SOURCE,
            "fields": ("DECOM", "DEC", "LS"),
            "follows": "DfE Children looked after in England, table A1 (at 31 March)",
            "tables": ("s903_episodes", "s903_header"),
            "breakdowns": CLA_BREAKDOWNS,
            "date_labels": ("Episode start", ""),
            "england": (EnglandFigure(70.0, 2024, EES_CLA_2024, "83,630 children"),),
        }
    )
)
def _cla_rate(s: Sources, p: Params) -> ir.Table:
    return cla_units(_cla(s, p), 1.0, den=0.0)


@measure(
    id="cla_count",
    code="L01b",
    name="Children looked after",
    area="Children looked after",
    definition="The number of children looked after at the reference date, excluding those "
    "only on short breaks.",
    numerator="Children with an episode open at the reference date (legal status not V3/V4)",
    denominator="None (a count)",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.COUNT,
    polarity=Polarity.CONTEXT,
    source=S903_SOURCE,
    fields=("DECOM", "DEC", "LS"),
    follows="DfE Children looked after in England, table A1",
    tables=("s903_episodes", "s903_header"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", ""),
)
def _cla_count(s: Sources, p: Params) -> ir.Table:
    return cla_units(_cla(s, p), 1.0, den=0.0)


@measure(
    **_rate(
        {
            "id": "cla_starts_rate",
            "code": "L02",
            "name": "Children starting to be looked after per 10,000 children",
            "area": "Children looked after",
            "definition": "Children who started to be looked after in the year (each child "
            "once), for every 10,000 children.",
            "numerator": "Children with an episode starting a period of care (RNE = S) in the year",
            "period_type": PeriodType.IN_YEAR,
            "source": S903_SOURCE,
            "fields": ("DECOM", "RNE"),
            "follows": "DfE Children looked after in England (children starting, first start)",
            "tables": ("s903_episodes", "s903_header"),
            "breakdowns": CLA_BREAKDOWNS,
            "date_labels": ("Started", ""),
        }
    )
)
def _cla_starts(s: Sources, p: Params) -> ir.Table:
    e = s["s903_episodes"]
    e = e.filter((e.rne == "S") & in_window(e.decom, p) & ~e.ls.isin(SHORT_BREAKS))
    ranked = e.mutate(_n=ibis.row_number().over(group_by=e.child, order_by=e.decom))
    first = cla_profile(s, ranked.filter(ranked._n == 0), p)
    return cla_units(first, 1.0, den=0.0)


@measure(
    **_rate(
        {
            "id": "cla_ceased_rate",
            "code": "L25",
            "name": "Children ceasing to be looked after per 10,000 children",
            "area": "Children looked after",
            "definition": "Children who stopped being looked after in the year (each child "
            "once), for every 10,000 children.",
            "numerator": "Children with an episode ending in the year with a reason other than "
            "X1 (episode ends and a new one begins)",
            "period_type": PeriodType.IN_YEAR,
            "source": S903_SOURCE,
            "fields": ("DEC", "REC"),
            "follows": "DfE Children looked after in England (children ceasing)",
            "tables": ("s903_episodes", "s903_header"),
            "breakdowns": PEOPLE,
            "date_labels": ("Episode start", "Ceased"),
        }
    )
)
def _cla_ceased(s: Sources, p: Params) -> ir.Table:
    e = s["s903_episodes"]
    e = e.filter(in_window(e.dec, p) & e.rec.notnull() & (e.rec != "X1"))
    e = e.group_by(child=e.child).aggregate(la=e.la.max(), decom=e.decom.max(), dec=e.dec.max())
    e = cla_profile(s, e, p)
    return units(
        e,
        subject=e.child,
        num=1.0,
        den=0.0,
        date_a=e.decom,
        date_b=e.dec,
        age_band=e.age_band,
        gender=e.gender,
        ethnicity=e.ethnicity,
    )


def _uasc(s: Sources, p: Params) -> ir.Table:
    cla = _cla(s, p)
    u = s["s903_uasc"]
    u = u.filter(u.duc.isnull() | (u.duc > d(p.ref))).select(_c=u.child, _uasc=ibis.literal(1))
    return join_on_child(cla, u)


@measure(
    id="uasc_pct",
    code="L03",
    name="Unaccompanied asylum-seeking children among children looked after",
    area="Children looked after",
    definition="Of the children looked after at the reference date, the share who are "
    "unaccompanied asylum-seeking children.",
    numerator="Children looked after at the reference date with UASC status not yet ceased "
    "(DUC after the reference date or blank)",
    denominator="Children looked after at the reference date",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.CONTEXT,
    source=S903_SOURCE,
    fields=("UASC: DUC", "DECOM", "DEC"),
    follows="DfE Children looked after in England (UASC at 31 March)",
    tables=("s903_episodes", "s903_header", "s903_uasc"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", ""),
    england=(EnglandFigure(8.8, 2024, EES_CLA_2024, "7,380 of 83,630; derived"),),
)
def _uasc_pct(s: Sources, p: Params) -> ir.Table:
    t = _uasc(s, p)
    return cla_units(t, flag(t._uasc.notnull()))


@measure(
    id="uasc_count",
    code="L03b",
    name="Unaccompanied asylum-seeking children looked after",
    area="Children looked after",
    definition="The number of unaccompanied asylum-seeking children looked after at the "
    "reference date.",
    numerator="Children looked after with UASC status at the reference date",
    denominator="None (a count)",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.COUNT,
    polarity=Polarity.CONTEXT,
    source=S903_SOURCE,
    fields=("UASC: DUC",),
    follows="DfE Children looked after in England (UASC at 31 March)",
    tables=("s903_episodes", "s903_header", "s903_uasc"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", ""),
)
def _uasc_count(s: Sources, p: Params) -> ir.Table:
    t = _uasc(s, p)
    t = t.filter(t._uasc.notnull())
    return cla_units(t, 1.0, den=0.0)


def _placements(s: Sources, p: Params, years: int) -> ir.Table:
    cla = _cla(s, p)
    return join_on_child(cla, placements_in(s, p.window_start(years), p.ref))


@measure(
    id="placements_3plus_pct",
    code="L04",
    name="Three or more placements in the year",
    area="Placement stability",
    definition="Of the children looked after at the reference date, the share who had three "
    "or more separate placements during the year.",
    numerator="Children looked after at the reference date with 3 or more placements in the "
    "year (the placement held at the start of the year counts; legal-status-only changes "
    "do not)",
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
    "share who have been in the same placement for at least 2 years.",
    numerator="Those children whose current placement started 2 years or more before the "
    "reference date",
    denominator="Children looked after at the reference date, aged under 16, whose current "
    "period of care started 2½ years or more before",
    population="Children looked after long term",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=S903_SOURCE,
    fields=("DECOM", "RNE", "DOB"),
    follows="DfE Stability measures (former NI 63); adoption-placement adjustment not applied",
    tables=("s903_episodes", "s903_header"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", "Placement start"),
    england=(EnglandFigure(68.0, 2024, "DfE, Stability measures 2024", "19,750 of 29,000"),),
)
def _long_term(s: Sources, p: Params) -> ir.Table:
    t = join_on_child(_cla(s, p), care_start(s, p.ref))
    t = join_on_child(t, placement_start(s, p.ref))
    header = s["s903_header"].select(_c=ibis._.child, _dob=ibis._.dob)
    t = join_on_child(t, header)
    t = t.filter((age_at(t._dob, p.ref) < 16) & (t.poc_start <= d(p.before(months=30))))
    return cla_units(t, flag(t.placed <= d(p.before(years=2))), date_b=t.placed)


@measure(
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
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=AA_SOURCE,
    fields=("List 8: Placement Location (In/Out LA Boundary)",),
    follows="Ofsted Annex A list 8 (LAIT 'outside LA boundary' variant)",
    tables=("aa_cla",),
    monthly=False,
    breakdowns=(*PEOPLE, "team"),
    date_labels=("Looked after since", "Placement start"),
)
def _outside(s: Sources, p: Params) -> ir.Table:
    c = s["aa_cla"]
    c = c.filter((c._year == p.year) & open_at(c.start, c.ceased, p.ref))
    return units(
        c,
        subject=c.child,
        num=flag(c.location == "Out"),
        date_a=c.start,
        date_b=c.placement_start,
        age_band=age_band(c.dob, p.ref),
        gender=c.gender,
        ethnicity=c.ethnicity,
        team=c.team,
        worker=c.worker,
    )


def _missing(s: Sources, p: Params) -> ir.Table:
    e = s["s903_episodes"]
    during = e.filter(
        (e.decom <= d(p.ref)) & (e.dec.isnull() | (e.dec >= d(p.start))) & ~e.ls.isin(SHORT_BREAKS)
    )
    during = during.group_by(child=during.child).aggregate(
        la=during.la.max(), decom=during.decom.max()
    )
    m = s["s903_missing"]
    m = m.filter((m.kind == "M") & in_window(m.start, p))
    incidents = m.group_by(_c=m.child).aggregate(_incidents=ibis._.count(), _first=m.start.min())
    return cla_profile(s, join_on_child(during, incidents), p)


@measure(
    id="missing_pct",
    code="L08",
    name="Children looked after who went missing",
    area="Children looked after",
    definition="Of the children looked after at any time in the year, the share who went "
    "missing from their placement at least once ('absent' does not count).",
    numerator="Children with at least one missing (M) episode starting in the year",
    denominator="Children looked after at any time in the year",
    population="Children looked after during the year",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=S903_SOURCE,
    fields=("Missing: MISSING", "Missing: MIS_START", "DECOM", "DEC"),
    follows="DfE Children looked after: missing from placement (official statistics)",
    tables=("s903_episodes", "s903_header", "s903_missing"),
    breakdowns=PEOPLE,
    date_labels=("Latest episode start", "First missing"),
    england=(EnglandFigure(11.0, 2022, "DfE, Children looked after in England 2022", ""),),
)
def _missing_pct(s: Sources, p: Params) -> ir.Table:
    t = _missing(s, p)
    return units(
        t,
        subject=t.child,
        num=flag(t._incidents.notnull()),
        date_a=t.decom,
        date_b=t._first,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
    )


@measure(
    id="missing_incidents_per_child",
    code="L08b",
    name="Missing incidents per missing child",
    area="Children looked after",
    definition="The average number of missing incidents in the year for each looked-after "
    "child who went missing.",
    numerator="Missing (M) episodes starting in the year",
    denominator="Children looked after who went missing in the year",
    population="Children looked after who went missing",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.RATIO,
    polarity=Polarity.DOWN,
    source=S903_SOURCE,
    fields=("Missing: MISSING", "Missing: MIS_START"),
    follows="DfE Children looked after: missing incidents per child",
    tables=("s903_episodes", "s903_header", "s903_missing"),
    breakdowns=PEOPLE,
    date_labels=("Latest episode start", "First missing"),
)
def _missing_per_child(s: Sources, p: Params) -> ir.Table:
    t = _missing(s, p)
    t = t.filter(t._incidents.notnull())
    return units(
        t,
        subject=t.child,
        num=t._incidents,
        date_a=t.decom,
        date_b=t._first,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
    )


def _oc2(s: Sources, p: Params) -> ir.Table:
    o = s["s903_oc2"]
    o = o.filter(o._year == p.year)
    return cla_profile(s, o, p)


def _oc2_measure(
    *, id: str, code: str, name: str, column: str, definition: str, england: Any = ()
) -> None:
    def build(s: Sources, p: Params) -> ir.Table:
        o = _oc2(s, p)
        if column == "health_check":
            o = o.filter(age_at(o.dob, p.ref) < 5)
        return units(
            o,
            subject=o.child,
            num=flag(o[column] == "1"),
            age_band=o.age_band,
            gender=o.gender,
            ethnicity=o.ethnicity,
        )

    register(
        Measure(
            id=id,
            code=code,
            name=name,
            area="Health of children looked after",
            definition=definition,
            numerator=f"OC2 children with {column.upper()} = 1",
            denominator="Children looked after continuously for 12 months at 31 March (OC2)"
            + (", aged under 5" if column == "health_check" else ""),
            population="Children looked after for at least 12 months",
            period_type=PeriodType.COHORT,
            unit=Unit.PERCENT,
            polarity=Polarity.UP,
            source=S903_SOURCE,
            fields=(f"OC2: {column.upper()}",),
            follows="DfE Outcomes for children looked after (OC2 cohort)",
            tables=("s903_oc2", "s903_header"),
            build=build,
            monthly=False,
            breakdowns=PEOPLE,
            england=england,
        )
    )


_oc2_measure(
    id="health_assessment_pct",
    code="L09",
    name="Annual health assessments",
    column="health_assessment",
    definition="Of the children looked after continuously for 12 months, the share whose "
    "annual health assessment is up to date.",
)
_oc2_measure(
    id="dental_check_pct",
    code="L10",
    name="Dental checks",
    column="teeth_check",
    definition="Of the children looked after continuously for 12 months, the share whose "
    "teeth were checked by a dentist in the year.",
)
_oc2_measure(
    id="immunisations_pct",
    code="L11",
    name="Immunisations up to date",
    column="immunisations",
    definition="Of the children looked after continuously for 12 months, the share whose "
    "immunisations are up to date.",
)
_oc2_measure(
    id="development_checks_pct",
    code="L12",
    name="Development assessments (under 5s)",
    column="health_check",
    definition="Of the children under 5 looked after continuously for 12 months, the share "
    "whose development assessments are up to date.",
    england=(EnglandFigure(88.0, 2024, EES_CLA_2024, "5,980 of 6,820"),),
)


@measure(
    id="cla_reviews_timely_pct",
    code="L13",
    name="Looked-after reviews in timescale",
    area="Children looked after",
    definition="Of the children looked after at the reference date for more than 20 working "
    "days, the share whose reviews in this period of care have all been on time: the first "
    "within 20 working days, the second within 3 months of it, then no more than 6 months "
    "apart, and none overdue at the reference date.",
    numerator="Those children with no late or overdue review",
    denominator="Children looked after at the reference date whose period of care started "
    "more than 20 working days before",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=S903_SOURCE,
    fields=("Reviews: REVIEW", "DECOM", "RNE"),
    follows="Care Planning, Placement and Case Review (England) Regulations 2010, reg. 33",
    tables=("s903_episodes", "s903_header", "s903_reviews"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", "Latest review"),
)
def _cla_reviews(s: Sources, p: Params) -> ir.Table:
    t = join_on_child(_cla(s, p), care_start(s, p.ref))
    t = with_working_days(s, t.mutate(_ref=d(p.ref)), "poc_start", "_ref", "_in_care_wd")
    t = t.filter(t._in_care_wd > 20)
    r = s["s903_reviews"]
    rv = t.join(r, [t.child == r.child, r.review >= t.poc_start, r.review <= d(p.ref)]).select(
        child=t.child, poc_start=t.poc_start, review=r.review
    )
    window = ibis.window(group_by=rv.child, order_by=rv.review)
    rv = rv.mutate(_prev=rv.review.lag().over(window), _n=ibis.row_number().over(window))
    rv = with_working_days(s, rv, "poc_start", "review", "_wd")
    rv = with_calendar(s, rv, "_prev", {"_prev3": "p3m", "_prev6": "p6m"})
    late = ibis.cases(
        (rv._n == 0, rv._wd > 20), (rv._n == 1, rv.review > rv._prev3), else_=rv.review > rv._prev6
    )
    rv = rv.mutate(_late=late)
    per_child = rv.group_by(_c=rv.child).aggregate(
        _late_n=as_int(rv._late).sum(), _last=rv.review.max(), _count=ibis._.count()
    )
    j = join_on_child(t, per_child)
    j = with_calendar(s, j, "_last", {"_last3": "p3m", "_last6": "p6m"})
    overdue = ibis.cases(
        (j._last.isnull(), True),  # more than 20 working days in care and never reviewed
        (j._count == 1, j._last3 < d(p.ref)),
        else_=j._last6 < d(p.ref),
    )
    return cla_units(j, flag((j._late_n.fill_null(0) == 0) & ~overdue), date_b=j._last)


@measure(
    id="cla_visits_pct",
    code="L14",
    name="Looked-after visits in timescale",
    area="Children looked after",
    definition="Of the children looked after at the extract date, the share visited within the "
    "regulation 28 maximum: 6 weeks in the first year of a placement, 3 months after that.",
    numerator="Children whose last social work visit is within 42 days (placement under a "
    "year old) or 3 months (older placement) before the extract date",
    denominator="Children looked after at the extract date (Annex A list 8)",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.UP,
    source=AA_SOURCE,
    fields=(
        "List 8: Date of Last Social Work Visit",
        "List 8: Start Date of Most Recent Placement",
    ),
    follows="Care Planning Regulations 2010, reg. 28 (simplified: no first-week visit check)",
    tables=("aa_cla",),
    monthly=False,
    breakdowns=(*PEOPLE, "team"),
    date_labels=("Placement start", "Last visit"),
)
def _cla_visits(s: Sources, p: Params) -> ir.Table:
    c = s["aa_cla"]
    c = c.filter((c._year == p.year) & open_at(c.start, c.ceased, p.ref))
    new_placement = c.placement_start > d(p.before(years=1))
    due = ibis.ifelse(new_placement, d(p.before(days=42)), d(p.before(months=3)))
    return units(
        c,
        subject=c.child,
        num=flag(c.last_visit >= due),
        date_a=c.placement_start,
        date_b=c.last_visit,
        age_band=age_band(c.dob, p.ref),
        gender=c.gender,
        ethnicity=c.ethnicity,
        team=c.team,
        worker=c.worker,
    )


# === Care leavers (SSDA903 OC3) ============================================================


def _leavers(
    *, id: str, code: str, name: str, ages: tuple[int, int], what: str, england: Any = ()
) -> None:
    low, high = ages
    conditions = {
        "eet": ("in education, employment or training", "ACTIV in F1, P1, F2, P2, F3, P3"),
        "accommodation": ("in suitable accommodation", "ACCOM ending in 1 (suitable)"),
        "in_touch": ("in touch with the council", "IN_TOUCH = YES"),
    }
    label, rule = conditions[what]

    def build(s: Sources, p: Params) -> ir.Table:
        o = s["s903_oc3"]
        age = age_at(o.dob, p.ref)
        o = o.filter((o._year == p.year) & (age >= low) & (age <= high))
        o = cla_profile(s, o, p)
        if what == "eet":
            hit = o.activity.isin(EET_CODES)
        elif what == "accommodation":
            hit = o.accommodation.endswith("1")
        else:
            hit = o.in_touch == "YES"
        return units(
            o,
            subject=o.child,
            num=flag(hit),
            age_band=o.age_band,
            gender=o.gender,
            ethnicity=o.ethnicity,
        )

    register(
        Measure(
            id=id,
            code=code,
            name=name,
            area="Care leavers",
            definition=f"Of the care leavers aged {low} to {high} at the year end (their "
            f"birthday in the year), the share {label}.",
            numerator=f"OC3 care leavers aged {low}–{high} with {rule}",
            denominator=f"OC3 care leavers aged {low}–{high} (no information counts here)",
            population="Former relevant care leavers (OC3)",
            period_type=PeriodType.COHORT,
            unit=Unit.PERCENT,
            polarity=Polarity.UP,
            source=S903_SOURCE,
            fields=("OC3: ACTIV", "OC3: ACCOM", "OC3: IN_TOUCH", "OC3: DOB"),
            follows="DfE Care leavers (OC3) by age at birthday",
            tables=("s903_oc3", "s903_header"),
            build=build,
            monthly=False,
            breakdowns=PEOPLE,
            england=england,
        )
    )


_leavers(
    id="leavers_1718_eet_pct",
    code="L15",
    name="Care leavers 17–18 in EET",
    ages=(17, 18),
    what="eet",
)
_leavers(
    id="leavers_1921_eet_pct",
    code="L16",
    name="Care leavers 19–21 in EET",
    ages=(19, 21),
    what="eet",
)
_leavers(
    id="leavers_1718_accom_pct",
    code="L17",
    name="Care leavers 17–18 in suitable accommodation",
    ages=(17, 18),
    what="accommodation",
)
_leavers(
    id="leavers_1921_accom_pct",
    code="L18",
    name="Care leavers 19–21 in suitable accommodation",
    ages=(19, 21),
    what="accommodation",
)
_leavers(
    id="leavers_in_touch_pct",
    code="L19",
    name="Care leavers in touch",
    ages=(17, 21),
    what="in_touch",
)


# === Adoption (SSDA903; former adoption scorecard) ========================================


def _adopted(s: Sources, p: Params, years: int) -> ir.Table:
    """Children adopted (REC E11/E12) in the window, with their care start, placement order,
    adoption placement and last foster placement in that period of care."""
    e = s["s903_episodes"]
    window_start = p.window_start(years)
    adopted = e.filter(
        e.rec.isin(ADOPTION_REASONS) & (e.dec >= d(window_start)) & (e.dec <= d(p.ref))
    ).select(child=e.child, la=e.la, dec=e.dec)
    every = s["s903_episodes"].view()
    j = adopted.join(every, [adopted.child == every.child, every.decom <= adopted.dec])
    j = j.select(
        child=adopted.child,
        la=adopted.la,
        dec=adopted.dec,
        decom=every.decom,
        rne=every.rne,
        ls=every.ls,
        place=every.place,
    )
    poc = j.filter(j.rne == "S").group_by(_c=j.child).aggregate(poc_start=j.decom.max())
    j = join_on_child(j, poc)
    j = j.filter(j.decom >= j.poc_start)
    new_place = j.rne.isin(NEW_PLACEMENT)
    summary = j.group_by(_c=j.child).aggregate(
        la=j.la.max(),
        dec=j.dec.max(),
        poc_start=j.poc_start.max(),
        order=j.decom.min(where=j.ls == "E1"),
        adoptive=j.decom.min(where=new_place & j.place.isin(ADOPTION_PLACEMENTS)),
        foster=j.decom.max(where=new_place & j.place.startswith("U")),
    )
    ad1 = s["s903_ad1"]
    summary = summary.left_join(ad1, summary._c == ad1.child).select(
        child=summary._c,
        la=summary.la,
        dec=summary.dec,
        poc_start=summary.poc_start,
        order=summary.order,
        adoptive=summary.adoptive,
        foster=summary.foster,
        date_match=ad1.date_match,
        foster_care=ad1.foster_care,
    )
    return cla_profile(s, summary, p)


def _adoption_units(t: ir.Table, days: Any, include: Any, date_a: Any, date_b: Any) -> ir.Table:
    t = t.filter(include)
    return units(
        t,
        subject=t.child,
        num=days,
        date_a=date_a,
        date_b=date_b,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
    )


_ADOPTION = {
    "area": "Adoption",
    "period_type": PeriodType.ROLLING_3_YEARS,
    "unit": Unit.DAYS,
    "polarity": Polarity.DOWN,
    "source": S903_SOURCE,
    "tables": ("s903_episodes", "s903_header", "s903_ad1"),
    "monthly": False,
    "breakdowns": PEOPLE,
    "population": "Children adopted from care in the 3 years to the reference date",
}


@measure(
    id="adoption_a1_days",
    code="L20",
    name="A1: days from entering care to moving in with the adoptive family",
    definition="For children adopted in the last three years, the average number of days "
    "between starting to be looked after and moving in with the adoptive family.",
    numerator="Sum of days from the start of the final period of care to the first adoption "
    "placement (A3–A6)",
    denominator="Children adopted in the 3 years who had an adoption placement",
    fields=("DECOM", "RNE", "PLACE", "REC", "DEC"),
    follows="DfE adoption scorecard A1 (threshold 426 days)",
    date_labels=("Entered care", "Placed for adoption"),
    england=(EnglandFigure(486.0, 2018, "DfE adoption scorecards 2015–18", "3-year average"),),
    **_ADOPTION,
)
def _a1(s: Sources, p: Params) -> ir.Table:
    t = _adopted(s, p, 3)
    return _adoption_units(
        t, t.adoptive.delta(t.poc_start, unit="day"), t.adoptive.notnull(), t.poc_start, t.adoptive
    )


@measure(
    id="adoption_a2_days",
    code="L21",
    name="A2: days from placement order to match",
    definition="For children adopted in the last three years, the average number of days "
    "between the court's placement order and the match with adopters (0 when matched first).",
    numerator="Sum of days from the first E1 legal status to DATE_MATCH (never negative)",
    denominator="Children adopted in the 3 years with a placement order and a match date",
    fields=("LS", "DECOM", "AD1: DATE_MATCH"),
    follows="DfE adoption scorecard A2 (threshold 121 days)",
    date_labels=("Placement order", "Matched"),
    **_ADOPTION,
)
def _a2(s: Sources, p: Params) -> ir.Table:
    t = _adopted(s, p, 3)
    days = t.date_match.delta(t.order, unit="day")
    days = ibis.ifelse(days < 0, 0, days)
    include = t.order.notnull() & t.date_match.notnull()
    return _adoption_units(t, days, include, t.order, t.date_match)


@measure(
    id="adoption_a10_days",
    code="L22",
    name="A10: days from entering care to placement, adjusted for foster carer adoptions",
    definition="As A1, but when the child's foster carers adopted them the clock stops when "
    "the child moved in with those foster carers.",
    numerator="Sum of days from the start of care to the adoption placement, or to the start "
    "of the last foster placement when AD1 FOSTER_CARE = 1",
    denominator="Children adopted in the 3 years with an end date",
    fields=("DECOM", "PLACE", "AD1: FOSTER_CARE"),
    follows="ASGLB A10 (A1 adjusted for foster carer adoptions)",
    date_labels=("Entered care", "Clock stopped"),
    **_ADOPTION,
)
def _a10(s: Sources, p: Params) -> ir.Table:
    t = _adopted(s, p, 3)
    end = ibis.ifelse((t.foster_care == "1") & t.foster.notnull(), t.foster, t.adoptive)
    t = t.mutate(_end=end)
    return _adoption_units(
        t, t._end.delta(t.poc_start, unit="day"), t._end.notnull(), t.poc_start, t._end
    )


@measure(
    id="adoptions_count",
    code="L23",
    name="Children adopted from care",
    area="Adoption",
    definition="The number of children who stopped being looked after in the year because "
    "they were adopted.",
    numerator="Children with an episode ending in the year with REC E11 or E12",
    denominator="None (a count)",
    population="Children ceasing to be looked after",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.COUNT,
    polarity=Polarity.CONTEXT,
    source=S903_SOURCE,
    fields=("REC", "DEC"),
    follows="DfE Children looked after in England (adopted in year)",
    tables=("s903_episodes", "s903_header"),
    breakdowns=PEOPLE,
    date_labels=("Episode start", "Adopted"),
)
def _adoptions(s: Sources, p: Params) -> ir.Table:
    t = _ceasing(s, p)
    t = t.filter(t._adopted > 0)
    return units(
        t,
        subject=t.child,
        num=1.0,
        den=0.0,
        date_a=t.decom,
        date_b=t.dec,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
    )


def _ceasing(s: Sources, p: Params) -> ir.Table:
    e = s["s903_episodes"]
    e = e.filter(in_window(e.dec, p) & e.rec.notnull() & (e.rec != "X1"))
    e = e.group_by(child=e.child).aggregate(
        la=e.la.max(),
        decom=e.decom.max(),
        dec=e.dec.max(),
        _adopted=as_int(e.rec.isin(ADOPTION_REASONS)).sum(),
    )
    return cla_profile(s, e, p)


@measure(
    id="adopted_pct",
    code="L23b",
    name="Children ceasing care who were adopted",
    area="Adoption",
    definition="Of the children who stopped being looked after in the year, the share who were "
    "adopted.",
    numerator="Children ceasing care in the year through adoption (REC E11 or E12)",
    denominator="Children ceasing care in the year (REC other than X1)",
    population="Children ceasing to be looked after",
    period_type=PeriodType.IN_YEAR,
    unit=Unit.PERCENT,
    polarity=Polarity.CONTEXT,
    source=S903_SOURCE,
    fields=("REC", "DEC"),
    follows="DfE Children looked after in England (ceased by reason)",
    tables=("s903_episodes", "s903_header"),
    breakdowns=PEOPLE,
    date_labels=("Episode start", "Ceased"),
)
def _adopted_pct(s: Sources, p: Params) -> ir.Table:
    t = _ceasing(s, p)
    return units(
        t,
        subject=t.child,
        num=flag(t._adopted > 0),
        date_a=t.decom,
        date_b=t.dec,
        age_band=t.age_band,
        gender=t.gender,
        ethnicity=t.ethnicity,
    )


@measure(
    id="sw_changes_3plus_pct",
    code="L24",
    name="Three or more social workers in the year",
    area="Children looked after",
    definition="Of the children looked after at the reference date, the share who had three or "
    "more different social workers during the year.",
    numerator="Children looked after with 3 or more distinct SW_ID in social worker episodes "
    "overlapping the year",
    denominator="Children looked after at the reference date",
    population="Children looked after",
    period_type=PeriodType.SNAPSHOT,
    unit=Unit.PERCENT,
    polarity=Polarity.DOWN,
    source=S903_SOURCE,
    fields=("SW_ID", "SW_DECOM", "SW_DEC"),
    follows="DfE Stability measures: social worker changes (official statistics in development)",
    tables=("s903_episodes", "s903_header", "s903_sw"),
    breakdowns=CLA_BREAKDOWNS,
    date_labels=("Episode start", ""),
    england=(EnglandFigure(27.0, 2024, "DfE, Stability measures 2024", ""),),
)
def _sw_changes(s: Sources, p: Params) -> ir.Table:
    w = s["s903_sw"]
    w = w.filter((w.start <= d(p.ref)) & (w.end.isnull() | (w.end >= d(p.start))))
    workers = w.group_by(_c=w.child).aggregate(_workers=w.sw_id.nunique())
    t = join_on_child(_cla(s, p), workers)
    return cla_units(t, flag(t._workers >= 3))


# === Workforce (CSWW census, snapshot at 30 September) =====================================


def _staff(s: Sources, p: Params) -> ir.Table:
    w = s["wf_staff"]
    return w.filter(w._year == p.year)


def _in_post(w: ir.Table, p: Params) -> ir.BooleanValue:
    return (w.start <= d(p.ref)) & (w.leaving.isnull() | (w.leaving > d(p.ref)))


def _staff_units(w: ir.Table, num: Any, den: Any) -> ir.Table:
    return units(
        w, subject=w.staff_id, num=num, den=den, date_a=w.start, date_b=w.leaving, team=w.team
    )


_WORKFORCE = {
    "area": "Workforce",
    "unit": Unit.PERCENT,
    "polarity": Polarity.DOWN,
    "source": WF_SOURCE,
    "monthly": False,
    "breakdowns": ("team",),
    "date_labels": ("Started", "Left"),
    "subject_label": "Staff",
    "year_end_month": 9,
    "period_type": PeriodType.COHORT,
}


@measure(
    id="caseload_avg",
    code="W01",
    name="Average caseload",
    definition="Cases held by social workers who hold at least one case, divided by their "
    "full-time equivalent.",
    numerator="Cases held at 30 September",
    denominator="FTE of social workers (permanent and agency) in post holding 1 or more cases",
    population="Case-holding social workers",
    fields=("CasesHeld", "FTE"),
    follows="DfE Children's social work workforce: average caseload per FTE",
    tables=("wf_staff",),
    england=(EnglandFigure(15.2, 2025, EES_CSWW, ""),),
    **{**_WORKFORCE, "unit": Unit.RATIO},
)
def _caseload(s: Sources, p: Params) -> ir.Table:
    w = _staff(s, p)
    w = w.filter(_in_post(w, p) & (w.cases >= 1))
    return _staff_units(w, w.cases, w.fte)


@measure(
    id="vacancy_pct",
    code="W02",
    name="Social worker vacancy rate",
    definition="Vacant social worker posts as a share of all posts (vacant plus filled by "
    "permanent staff), by FTE.",
    numerator="Vacant FTE at 30 September",
    denominator="Vacant FTE plus FTE of permanent social workers in post",
    population="Social worker posts",
    fields=("VacantFTE", "FTE", "Agency"),
    follows="DfE Children's social work workforce: vacancy rate",
    tables=("wf_staff", "wf_vacancies"),
    england=(EnglandFigure(14.2, 2025, EES_CSWW, ""),),
    **_WORKFORCE,
)
def _vacancy(s: Sources, p: Params) -> ir.Table:
    w = _staff(s, p)
    w = w.filter(_in_post(w, p) & (w.agency == "0"))
    v = s["wf_vacancies"]
    v = v.filter(v._year == p.year)
    vacant = units(v, subject="Vacancy", num=v.vacant_fte, den=v.vacant_fte, team=v.team)
    return _staff_units(w, 0.0, w.fte).union(vacant)


@measure(
    id="agency_pct",
    code="W03",
    name="Agency social worker rate",
    definition="Agency social workers as a share of all social workers in post, by FTE.",
    numerator="FTE of agency social workers in post at 30 September",
    denominator="FTE of all social workers in post (agency and permanent)",
    population="Social workers in post",
    fields=("Agency", "FTE"),
    follows="DfE Children's social work workforce: agency worker rate",
    tables=("wf_staff",),
    england=(EnglandFigure(13.0, 2025, EES_CSWW, ""),),
    **_WORKFORCE,
)
def _agency(s: Sources, p: Params) -> ir.Table:
    w = _staff(s, p)
    w = w.filter(_in_post(w, p))
    return _staff_units(w, ibis.ifelse(w.agency == "1", w.fte, 0.0), w.fte)


@measure(
    id="turnover_pct",
    code="W04",
    name="Social worker turnover rate",
    definition="Permanent social workers who left in the year to 30 September, as a share of "
    "permanent social workers in post at 30 September, by FTE.",
    numerator="FTE of permanent leavers with a leaving date in the year",
    denominator="FTE of permanent social workers in post at 30 September",
    population="Permanent social workers",
    fields=("LeavingDate", "FTE", "Agency"),
    follows="DfE Children's social work workforce: turnover rate",
    tables=("wf_staff",),
    england=(EnglandFigure(11.8, 2025, EES_CSWW, ""),),
    **_WORKFORCE,
)
def _turnover(s: Sources, p: Params) -> ir.Table:
    w = _staff(s, p)
    w = w.filter(w.agency == "0")
    left = in_window(w.leaving, p)
    w = w.filter(left | _in_post(w, p))
    return _staff_units(w, ibis.ifelse(left, w.fte, 0.0), ibis.ifelse(left, 0.0, w.fte))


@measure(
    id="sickness_pct",
    code="W05",
    name="Social worker sickness absence rate",
    definition="Working days lost to sickness by permanent social workers in post, as a share "
    "of the working days available to them in the year (FTE × working days in the 12 months "
    "to 30 September, bank holidays excluded).",
    numerator="Sickness days of permanent social workers in post",
    denominator="Their FTE × working days in the year to 30 September",
    population="Permanent social workers in post",
    fields=("SicknessDays", "FTE"),
    follows="DfE Children's social work workforce: sickness absence rate (available days "
    "taken as the year's working days; DfE's fixed figure not confirmed)",
    tables=("wf_staff",),
    **_WORKFORCE,
)
def _sickness(s: Sources, p: Params) -> ir.Table:
    w = _staff(s, p)
    w = w.filter(_in_post(w, p) & (w.agency == "0"))
    available = p.working_days_in_window()
    return _staff_units(w, w.sickness, w.fte * available)


@measure(
    id="agency_cover_pct",
    code="W06",
    name="Vacancies covered by agency workers",
    definition="Of the vacant social worker FTE, the share covered by agency workers.",
    numerator="FTE of vacancies covered by agency workers at 30 September",
    denominator="Vacant FTE at 30 September",
    population="Social worker vacancies",
    fields=("CoveredByAgencyFTE", "VacantFTE"),
    follows="DfE Children's social work workforce: vacancies covered by agency workers",
    tables=("wf_vacancies",),
    **{**_WORKFORCE, "polarity": Polarity.CONTEXT},
)
def _agency_cover(s: Sources, p: Params) -> ir.Table:
    v = s["wf_vacancies"]
    v = v.filter(v._year == p.year)
    return units(v, subject="Vacancy", num=v.agency_fte, den=v.vacant_fte, team=v.team)
