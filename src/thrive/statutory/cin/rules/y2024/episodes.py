"""CIN episodes (<CINdetails>): referral, need, closure, NFA logic and the order of activity
within an episode (DfE CIN census validation rules 2024/25)."""

from __future__ import annotations

import polars as pl

from thrive.statutory.cin import spec
from thrive.statutory.cin.checks import (
    child_day,
    day,
    episode_day,
    flag,
    has_module,
    invalid_if_present,
    not_in,
    outside,
    pairs,
    present,
    starts_inside_other,
    with_child,
    with_episode,
)
from thrive.statutory.cin.registry import registry
from thrive.statutory.issues import Severity
from thrive.statutory.reading import date_col
from thrive.statutory.rules import ReturnData

E, Q = Severity.ERROR, Severity.QUERY
CIN, ASSESS, S47 = spec.CIN_DETAILS, spec.ASSESSMENTS, spec.SECTION47
PLANS, CPP = spec.CIN_PLANS, spec.CP_PLANS


def _nfa() -> pl.Expr:
    return flag("ReferralNFA").fill_null(False)


def _open() -> pl.Expr:
    return day("CINclosureDate").is_null() & ~_nfa()


@registry.rule(
    "8600",
    severity=E,
    tables=(CIN,),
    fields=("CINreferralDate",),
    message="Child referral date missing or after data collection period.",
)
def rule_8600(data: ReturnData) -> pl.DataFrame:
    referral = day("CINreferralDate")
    return data[CIN].filter(referral.is_null() | (referral > data.period_end))


@registry.rule(
    "8866",
    severity=E,
    tables=(CIN,),
    fields=("ReferralSource",),
    message="Source of referral is missing or an invalid code: use a DfE referral source code "
    "(1A-1D, 2A-2B, 3A-3F, 4, 5A-5D, 6, 7, 8, 9, 10).",
)
def rule_8866(data: ReturnData) -> pl.DataFrame:
    codes = spec.code_lists(data.year).referral_source
    return data[CIN].filter(not_in("ReferralSource", codes))


@registry.rule(
    "8650",
    severity=E,
    tables=(CIN,),
    fields=("PrimaryNeedCode",),
    message="Primary Need Code invalid: use N0-N9 from the CIN census code set.",
)
def rule_8650(data: ReturnData) -> pl.DataFrame:
    codes = spec.code_lists(data.year).primary_need
    return data[CIN].filter(invalid_if_present("PrimaryNeedCode", codes))


@registry.rule(
    "8610",
    severity=E,
    tables=(CIN,),
    fields=("PrimaryNeedCode", "ReferralNFA"),
    message="Primary Need code is missing for a referral which led to further action.",
)
def rule_8610(data: ReturnData) -> pl.DataFrame:
    further = flag("ReferralNFA") == False  # noqa: E712
    return data[CIN].filter(further & ~present("PrimaryNeedCode"))


@registry.rule(
    "8640",
    severity=E,
    tables=(CIN,),
    fields=("ReasonForClosure",),
    message="Reason for closure code invalid: use RC1-RC9.",
)
def rule_8640(data: ReturnData) -> pl.DataFrame:
    codes = spec.code_lists(data.year).reason_for_closure
    return data[CIN].filter(invalid_if_present("ReasonForClosure", codes))


@registry.rule(
    "8805",
    severity=E,
    tables=(CIN,),
    fields=("CINclosureDate", "ReasonForClosure"),
    message="A CIN case cannot have a CIN Closure Date without a Reason for Closure.",
)
def rule_8805(data: ReturnData) -> pl.DataFrame:
    return data[CIN].filter(present("CINclosureDate") & ~present("ReasonForClosure"))


@registry.rule(
    "8810",
    severity=E,
    tables=(CIN,),
    fields=("ReasonForClosure", "CINclosureDate"),
    message="A CIN case cannot have a Reason for Closure without a CIN Closure Date.",
)
def rule_8810(data: ReturnData) -> pl.DataFrame:
    return data[CIN].filter(present("ReasonForClosure") & ~present("CINclosureDate"))


@registry.rule(
    "8630",
    severity=E,
    tables=(CIN,),
    fields=("CINclosureDate", "CINreferralDate"),
    message="CIN Closure Date must be on or after the CIN Referral Date.",
)
def rule_8630(data: ReturnData) -> pl.DataFrame:
    return data[CIN].filter(day("CINclosureDate") < day("CINreferralDate"))


@registry.rule(
    "8620",
    severity=E,
    tables=(CIN,),
    fields=("CINclosureDate",),
    message="CIN Closure Date present and does not fall within the census year.",
)
def rule_8620(data: ReturnData) -> pl.DataFrame:
    return data[CIN].filter(outside(day("CINclosureDate"), data))


@registry.rule(
    "8815",
    severity=E,
    tables=(CIN,),
    fields=("CINclosureDate",),
    message="More than one open CIN episode (no closure date) for this child: close all but "
    "the current episode.",
)
def rule_8815(data: ReturnData) -> pl.DataFrame:
    open_episodes = data[CIN].filter(_open())
    return open_episodes.filter(pl.col(spec.ROW).is_duplicated())


@registry.rule(
    "8816",
    severity=E,
    tables=(CIN,),
    fields=("CINreferralDate", "CINclosureDate"),
    message="An open CIN episode must be the latest episode for the child: it has a referral "
    "date before another episode's.",
)
def rule_8816(data: ReturnData) -> pl.DataFrame:
    joined = pairs(data[CIN].filter(day("CINreferralDate").is_not_null()), spec.ROW)
    this_open = day("CINclosureDate").is_null() & ~_nfa()
    later = pl.col(f"{date_col('CINreferralDate')}_other") > day("CINreferralDate")
    return joined.filter(this_open & later).unique(subset=[spec.ELEMENT_ID], maintain_order=True)


@registry.rule(
    "8820",
    severity=E,
    tables=(CIN,),
    fields=("CINreferralDate", "CINclosureDate"),
    message="The dates on the CIN episodes overlap: a referral date falls within another "
    "episode of the same child.",
)
def rule_8820(data: ReturnData) -> pl.DataFrame:
    return starts_inside_other(
        data[CIN],
        spec.ROW,
        date_col("CINreferralDate"),
        date_col("CINclosureDate"),
        data.period_end,
        end_inclusive=True,
    )


@registry.rule(
    "8831",
    severity=E,
    tables=(CIN,),
    fields=("ReferralNFA",),
    message="Activity is recorded against a case marked as a referral with no further action "
    "(assessment, section 47 enquiry or initial child protection conference).",
)
def rule_8831(data: ReturnData) -> pl.DataFrame:
    activity = has_module(data, ASSESS) | has_module(data, S47) | present("DateOfInitialCPC")
    return data[CIN].filter((flag("ReferralNFA") == True) & activity)  # noqa: E712


@registry.rule(
    "8832",
    severity=E,
    tables=(CIN,),
    fields=("ReferralNFA",),
    message="Child protection details provided for a referral with no further action.",
)
def rule_8832(data: ReturnData) -> pl.DataFrame:
    return data[CIN].filter((flag("ReferralNFA") == True) & has_module(data, CPP))  # noqa: E712


@registry.rule(
    "4000",
    severity=E,
    tables=(CIN,),
    fields=("ReferralNFA",),
    message="CIN Plan details provided for a referral with no further action.",
)
def rule_4000(data: ReturnData) -> pl.DataFrame:
    return data[CIN].filter((flag("ReferralNFA") == True) & has_module(data, PLANS))  # noqa: E712


@registry.rule(
    "2990",
    severity=E,
    tables=(CIN,),
    fields=("ReasonForClosure",),
    message="Activity is recorded against a case marked as 'Case closed after assessment, no "
    "further action' (RC8): no section 47, child protection plan, ICPC or CIN plan is allowed.",
)
def rule_2990(data: ReturnData) -> pl.DataFrame:
    activity = (
        has_module(data, S47)
        | has_module(data, CPP)
        | has_module(data, PLANS)
        | present("DateOfInitialCPC")
    )
    return data[CIN].filter((pl.col("ReasonForClosure") == "RC8") & activity)


@registry.rule(
    "8585Q",
    severity=Q,
    tables=(CIN,),
    fields=("ReasonForClosure", "PersonDeathDate"),
    message="Please check and either amend or provide a reason: CIN episode shows Died as the "
    "Closure Reason, however child has no recorded Date of Death.",
)
def rule_8585q(data: ReturnData) -> pl.DataFrame:
    episodes = with_child(data, CIN, date_col("PersonDeathDate"))
    return episodes.filter(
        (pl.col("ReasonForClosure") == "RC2") & child_day("PersonDeathDate").is_null()
    )


@registry.rule(
    "8565",
    severity=E,
    tables=(CIN,),
    fields=("CINclosureDate",),
    message="Activity shown after a case has been closed: assessments, section 47 enquiries, "
    "conferences, plan dates must all be on or before the CIN closure date.",
)
def rule_8565(data: ReturnData) -> pl.DataFrame:
    def latest(table: str, *names: str) -> pl.DataFrame:
        frame = data[table].select(
            spec.CIN_ID, pl.max_horizontal(*[day(n) for n in names]).alias("latest")
        )
        return frame.group_by(spec.CIN_ID).agg(pl.col("latest").max())

    activity = pl.concat(
        [
            latest(ASSESS, "AssessmentActualStartDate", "AssessmentAuthorisationDate"),
            latest(S47, "S47ActualStartDate", "DateOfInitialCPC"),
            latest(CPP, "CPPendDate"),
            latest(PLANS, "CINPlanStartDate", "CINPlanEndDate"),
        ]
    )
    latest_activity = activity.group_by(spec.CIN_ID).agg(pl.col("latest").max())
    episodes = data[CIN].join(latest_activity, on=spec.CIN_ID, how="left")
    last = pl.max_horizontal(pl.col("latest"), day("DateOfInitialCPC"))
    return episodes.filter(day("CINclosureDate") < last)


@registry.rule(
    "8867",
    severity=E,
    tables=(CIN, ASSESS),
    fields=("CINclosureDate", "AssessmentAuthorisationDate"),
    message="CIN episode is shown as closed, however Assessment is not shown as completed: add "
    "the assessment authorisation date.",
)
def rule_8867(data: ReturnData) -> dict[str, pl.DataFrame]:
    assessments = with_episode(data, ASSESS, date_col("CINclosureDate"))
    failing = assessments.filter(
        episode_day("CINclosureDate").is_not_null() & day("AssessmentAuthorisationDate").is_null()
    )
    ids = failing.get_column(spec.CIN_ID).unique().implode()
    return {CIN: data[CIN].filter(pl.col(spec.CIN_ID).is_in(ids)), ASSESS: failing}


@registry.rule(
    "8868",
    severity=E,
    tables=(CIN, S47),
    fields=("CINclosureDate", "DateOfInitialCPC", "ICPCnotRequired"),
    message="CIN episode is shown as closed, however Section 47 enquiry is not shown as "
    "completed by ICPC date or ICPC not required flag.",
)
def rule_8868(data: ReturnData) -> dict[str, pl.DataFrame]:
    enquiries = with_episode(data, S47, date_col("CINclosureDate"))
    has_date = present("DateOfInitialCPC")
    not_required = flag("ICPCnotRequired").fill_null(False)
    failing = enquiries.filter(
        episode_day("CINclosureDate").is_not_null() & (has_date == not_required)
    )
    ids = failing.get_column(spec.CIN_ID).unique().implode()
    return {CIN: data[CIN].filter(pl.col(spec.CIN_ID).is_in(ids)), S47: failing}


@registry.rule(
    "8873",
    severity=E,
    tables=(CIN,),
    fields=("ReasonForClosure", "AssessmentFactors"),
    message="When there is only one assessment on the episode and the factors code '21 No "
    "factors identified' has been used for the completed assessment, the reason for closure "
    "RC8 must be used.",
)
def rule_8873(data: ReturnData) -> pl.DataFrame:
    assessments = data[ASSESS]
    single = assessments.filter(pl.col(spec.CIN_ID).is_unique())
    no_factors = single.filter(pl.col("AssessmentFactors").list.contains("21"))
    ids = no_factors.get_column(spec.CIN_ID).implode()
    reason = pl.col("ReasonForClosure")
    return data[CIN].filter(
        pl.col(spec.CIN_ID).is_in(ids) & reason.is_not_null() & (reason != "RC8")
    )


@registry.rule(
    "8825Q",
    severity=Q,
    tables=(CIN,),
    fields=("ReasonForClosure",),
    message="Please check and either amend data or provide a reason: Reason for Closure code "
    "RC8 or RC9 (case closed after assessment) has been returned but there is no assessment "
    "present for the episode.",
)
def rule_8825q(data: ReturnData) -> pl.DataFrame:
    after_assessment = pl.col("ReasonForClosure").is_in(["RC8", "RC9"])
    return data[CIN].filter(after_assessment & ~has_module(data, ASSESS))


@registry.rule(
    "2991Q",
    severity=Q,
    tables=(S47,),
    fields=("S47ActualStartDate",),
    message="Please check: A Section 47 module is recorded and there is no assessment on the "
    "episode.",
)
def rule_2991q(data: ReturnData) -> pl.DataFrame:
    with_assessment = data[ASSESS].get_column(spec.CIN_ID).unique().implode()
    return data[S47].filter(~pl.col(spec.CIN_ID).is_in(with_assessment))


@registry.rule(
    "2884",
    severity=E,
    tables=(S47, CIN),
    fields=("DateOfInitialCPC",),
    message="An initial child protection conference is recorded at both the S47 and CIN "
    "Details level and it should only be recorded in one.",
)
def rule_2884(data: ReturnData) -> dict[str, pl.DataFrame]:
    enquiries = with_episode(data, S47, date_col("DateOfInitialCPC"))
    failing = enquiries.filter(
        day("DateOfInitialCPC").is_not_null() & episode_day("DateOfInitialCPC").is_not_null()
    )
    ids = failing.get_column(spec.CIN_ID).unique().implode()
    return {S47: failing, CIN: data[CIN].filter(pl.col(spec.CIN_ID).is_in(ids))}


@registry.rule(
    "8606",
    severity=E,
    tables=(CIN,),
    fields=("CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"),
    message="Child referral date is more than 40 weeks before DOB or expected DOB.",
)
def rule_8606(data: ReturnData) -> pl.DataFrame:
    episodes = with_child(
        data, CIN, date_col("PersonBirthDate"), date_col("ExpectedPersonBirthDate")
    )
    birth = pl.coalesce(child_day("PersonBirthDate"), child_day("ExpectedPersonBirthDate"))
    return episodes.filter(day("CINreferralDate") < birth.dt.offset_by("-280d"))


def _before_referral(data: ReturnData, table: str, date_name: str) -> pl.DataFrame:
    rows = with_episode(data, table, date_col("CINreferralDate"))
    return rows.filter(day(date_name) < episode_day("CINreferralDate"))


@registry.rule(
    "1103",
    severity=E,
    tables=(ASSESS,),
    fields=("AssessmentActualStartDate", "CINreferralDate"),
    message="The assessment start date cannot be before the referral date.",
)
def rule_1103(data: ReturnData) -> pl.DataFrame:
    return _before_referral(data, ASSESS, "AssessmentActualStartDate")


@registry.rule(
    "1104",
    severity=E,
    tables=(S47, CIN),
    fields=("DateOfInitialCPC", "CINreferralDate"),
    message="The date of the initial child protection conference cannot be before the "
    "referral date.",
)
def rule_1104(data: ReturnData) -> dict[str, pl.DataFrame]:
    return {
        S47: _before_referral(data, S47, "DateOfInitialCPC"),
        CIN: data[CIN].filter(day("DateOfInitialCPC") < day("CINreferralDate")),
    }


@registry.rule(
    "1105",
    severity=E,
    tables=(CPP,),
    fields=("CPPstartDate", "CINreferralDate"),
    message="The child protection plan start date cannot be before the referral date.",
)
def rule_1105(data: ReturnData) -> pl.DataFrame:
    return _before_referral(data, CPP, "CPPstartDate")


@registry.rule(
    "2889",
    severity=E,
    tables=(S47,),
    fields=("S47ActualStartDate", "CINreferralDate"),
    message="The S47 Enquiry Start Date must be on or after the CIN Referral Date.",
)
def rule_2889(data: ReturnData) -> pl.DataFrame:
    return _before_referral(data, S47, "S47ActualStartDate")


@registry.rule(
    "4015",
    severity=E,
    tables=(PLANS,),
    fields=("CINPlanStartDate", "CINreferralDate"),
    message="The CIN Plan start date cannot be before the referral date.",
)
def rule_4015(data: ReturnData) -> pl.DataFrame:
    return _before_referral(data, PLANS, "CINPlanStartDate")


@registry.rule(
    "8568",
    severity=E,
    tables=(CIN,),
    fields=("ReferralNFA",),
    message="RNFA flag is missing or invalid: ReferralNFA must be true or false (1 or 0).",
)
def rule_8568(data: ReturnData) -> pl.DataFrame:
    return data[CIN].filter(flag("ReferralNFA").is_null())
