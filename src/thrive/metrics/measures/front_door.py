"""Front door: contacts, referrals, re-referrals and referrals closed with no further action
(CIN census; contacts from Annex A list 1)."""

from __future__ import annotations

import ibis.expr.types as ir

from thrive.metrics.expr import (
    Params,
    Sources,
    age_band,
    child_profile,
    extract_day,
    flag,
    in_window,
    units,
    with_calendar,
    year_to,
)
from thrive.metrics.measures.common import (
    AA_SOURCE,
    CIN_SOURCE,
    EES_CIN_2024,
    PEOPLE,
    rate_measure,
)
from thrive.metrics.registry import (
    EnglandFigure,
    PeriodType,
    Polarity,
    Unit,
    measure,
)


@rate_measure(
    id="contacts_rate",
    code="F01",
    name="Contacts per 10,000 children",
    area="Front door",
    definition="Contacts received by children's social care in the 12 months to the Annex A "
    "extract date, for every 10,000 children living in the area.",
    numerator="Contacts in Annex A list 1 dated in the 12 months to the extract date",
    period_type=PeriodType.IN_YEAR,
    source=AA_SOURCE,
    fields=("List 1: Date of Contact",),
    follows="Ofsted Annex A list 1; no national collection",
    tables=("aa_contacts",),
    monthly=False,
    breakdowns=PEOPLE,
    date_labels=("Contact date", ""),
    notes=(
        "Reviewed against the DfE definition (2026): no national collection; every contact in "
        "Annex A list 1 dated in the year counts, a child contacted twice counts twice.",
        "Annex A is an inspection-time extract: the year is the 12 months to the day the lists "
        "were extracted (31 March for an extract stored without its date). An extract covering "
        "only 6 months gives 6 months' contacts.",
    ),
)
def _contacts_rate(s: Sources, p: Params) -> ir.Table:
    c = s["aa_contacts"]
    c = c.mutate(_ref=extract_day(c, p))
    c = c.filter((c._year == p.year) & year_to(c.contact_date, c._ref))
    return units(
        c,
        subject=c.child,
        num=1.0,
        den=0.0,
        date_a=c.contact_date,
        age_band=age_band(c.dob, c._ref),
        gender=c.gender,
        ethnicity=c.ethnicity,
    )


def _referrals(s: Sources, p: Params) -> ir.Table:
    r = s["cin_details"]
    r = r.filter(in_window(r.referral_date, p))
    return child_profile(s, r, "cin_children", p)


@rate_measure(
    id="referrals_rate",
    code="F02",
    name="Referrals per 10,000 children",
    area="Front door",
    definition="Referrals to children's social care in the year (each referral "
    "counts, not each child), for every 10,000 children.",
    numerator="CIN episodes with a referral date in the year",
    period_type=PeriodType.IN_YEAR,
    source=CIN_SOURCE,
    fields=("CINreferralDate",),
    follows="DfE Children in need, table A1 (referrals)",
    tables=("cin_details", "cin_children"),
    breakdowns=PEOPLE,
    date_labels=("Referral date", ""),
    england=(EnglandFigure(518.0, 2024, EES_CIN_2024, "621,880 referrals; rate derived"),),
    notes=(
        "Reviewed against the DfE definition (2026): confirmed. DfE counts referrals, not "
        "children: each CIN episode with a referral date in the year.",
    ),
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
    notes=(
        "Reviewed against the DfE definition (2026): confirmed. A referral is a re-referral when "
        "the same child had a referral in the 12 months before it (at most 12 calendar months "
        "earlier). Earlier referrals are looked for in every CIN return loaded; load last year's "
        "return so that April's referrals can find theirs.",
    ),
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
    notes=(
        "Reviewed against the DfE definition (2026): confirmed: referrals in the year with "
        "ReferralNFA true, over referrals in the year.",
    ),
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
