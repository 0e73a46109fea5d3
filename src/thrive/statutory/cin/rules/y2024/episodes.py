"""CIN episodes (<CINdetails>): referral, need, closure, NFA logic and the order of activity
within an episode (DfE CIN census validation rules 2024/25)."""

from __future__ import annotations

import polars as pl

from thrive.statutory.cin import spec
from thrive.statutory.cin.checks import (
    CHILD_KEY,
    by_child,
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
    working_days_before,
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
    """An episode still open and not a referral with no further action.

    DfE's 8815/8816 count episodes with no closure date and ReferralNFA "false or 0"; a
    missing or invalid ReferralNFA is rule 8568's error, not an open episode.
    """
    return day("CINclosureDate").is_null() & (flag("ReferralNFA") == False)  # noqa: E712


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
    open_episodes = by_child(data[CIN].filter(_open()))
    return open_episodes.filter(pl.col(CHILD_KEY).is_duplicated())


@registry.rule(
    "8816",
    severity=E,
    tables=(CIN,),
    fields=("CINreferralDate", "CINclosureDate"),
    message="An open CIN episode must be the latest episode for the child: it has a referral "
    "date before another episode's.",
)
def rule_8816(data: ReturnData) -> pl.DataFrame:
    joined = pairs(by_child(data[CIN].filter(day("CINreferralDate").is_not_null())), CHILD_KEY)
    this_open = _open()
    later = pl.col(f"{date_col('CINreferralDate')}_other") > day("CINreferralDate")
    return joined.filter(this_open & later).unique(subset=[spec.ELEMENT_ID], maintain_order=True)


@registry.rule(
    "8820",
    severity=E,
    tables=(CIN,),
    fields=("CINreferralDate", "CINclosureDate"),
    message="The dates on the CIN episodes for this child overlap: a referral date falls "
    "within another episode of the same child (one episode may end on the day the next "
    "starts).",
)
def rule_8820(data: ReturnData) -> pl.DataFrame:
    # DfE: a referral date must not fall between another episode's referral and closure
    # dates, or its referral and the reference date when it has no closure date and is not
    # NFA; "the end date of one referral may be the same as the start date of the
    # following referral", so the other episode's closure day itself is allowed.
    episodes = by_child(data[CIN]).with_columns(
        (flag("ReferralNFA") == False).fill_null(False).alias("__running")  # noqa: E712
    )
    return starts_inside_other(
        episodes,
        CHILD_KEY,
        date_col("CINreferralDate"),
        date_col("CINclosureDate"),
        data.period_end,
        end_inclusive=False,
        open_end=pl.col("__running_other"),
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
    "8873Q",
    severity=Q,
    tables=(CIN,),
    fields=("ReasonForClosure", "AssessmentFactors"),
    message="Please check and either amend data or provide a reason: when there is only one "
    "assessment on the episode and the factors code '21 No factors identified' has been used "
    "for the completed assessment, the reason for closure should be RC8 or RC9.",
)
def rule_8873q(data: ReturnData) -> pl.DataFrame:
    # DfE: within a CINdetails group, if there is only one Assessments group and its factors
    # are "21", ReasonForClosure should be RC8 or RC9 (a blank reason is neither).
    assessments = data[ASSESS]
    single = assessments.filter(pl.col(spec.CIN_ID).is_unique())
    no_factors = single.filter(pl.col("AssessmentFactors").list.contains("21"))
    ids = no_factors.get_column(spec.CIN_ID).implode()
    after_assessment = pl.col("ReasonForClosure").is_in(["RC8", "RC9"]).fill_null(False)
    return data[CIN].filter(pl.col(spec.CIN_ID).is_in(ids) & ~after_assessment)


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
    # DfE: the referral date cannot be more than 280 days before the date of birth or the
    # expected date of birth; each one given is checked (a child with both has broken 8525Q,
    # and either date can be the wrong one).
    episodes = with_child(
        data, CIN, date_col("PersonBirthDate"), date_col("ExpectedPersonBirthDate")
    )
    referral = day("CINreferralDate")
    too_early = [
        (referral < child_day(name).dt.offset_by("-280d")).fill_null(False)
        for name in ("PersonBirthDate", "ExpectedPersonBirthDate")
    ]
    return episodes.filter(too_early[0] | too_early[1])


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
    tables=(S47,),
    fields=("DateOfInitialCPC", "CINreferralDate"),
    message="The date of the initial child protection conference cannot be before the "
    "referral date: check the S47 enquiry's conference date and the episode's referral date.",
)
def rule_1104(data: ReturnData) -> pl.DataFrame:
    # DfE's 1104 belongs to the Section 47 module (the conference that ends an S47 enquiry).
    return _before_referral(data, S47, "DateOfInitialCPC")


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
    "8569Q",
    severity=Q,
    tables=(CIN,),
    fields=("CINreferralDate", "ReferralNFA"),
    message="Please check: a case with a referral date more than one working day before the "
    "start of the census year must not be flagged as a referral with no further action "
    "(ReferralNFA should be false).",
)
def rule_8569q(data: ReturnData) -> pl.DataFrame:
    # DfE: if CINreferralDate is before [Start_of_Census_Year] minus 1 working day,
    # ReferralNFA must be false. A referral on the last working day of the previous year may
    # still be NFA (it was decided after that census was taken).
    cutoff = working_days_before(data.period_start, 1)
    not_false = (flag("ReferralNFA") == False).fill_null(False).not_()  # noqa: E712
    return data[CIN].filter((day("CINreferralDate") < cutoff) & not_false)


@registry.rule(
    "8568",
    severity=E,
    tables=(CIN,),
    fields=("ReferralNFA",),
    message="RNFA flag is missing or invalid: ReferralNFA must be true or false (1 or 0).",
)
def rule_8568(data: ReturnData) -> pl.DataFrame:
    return data[CIN].filter(flag("ReferralNFA").is_null())
