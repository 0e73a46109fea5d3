"""CIN plans and child protection plans: dates, overlaps, categories of abuse, reviews and the
link between conferences and plans (DfE CIN census validation rules 2024/25)."""

from __future__ import annotations

import polars as pl

from thrive.statutory.cin import spec
from thrive.statutory.cin.checks import (
    CHILD_KEY,
    by_child,
    child_day,
    child_key,
    day,
    flag,
    la_level,
    not_in,
    number,
    outside,
    starts_inside_other,
    with_child,
)
from thrive.statutory.cin.registry import registry
from thrive.statutory.issues import Severity
from thrive.statutory.reading import date_col
from thrive.statutory.rules import ReturnData

E, Q = Severity.ERROR, Severity.QUERY
CIN, S47, PLANS = spec.CIN_DETAILS, spec.SECTION47, spec.CIN_PLANS
CPP, REVIEWS = spec.CP_PLANS, spec.CP_REVIEWS


@registry.rule(
    "4010",
    severity=E,
    tables=(PLANS,),
    fields=("CINPlanStartDate",),
    message="CIN Plan start date is missing or out of data collection period.",
)
def rule_4010(data: ReturnData) -> pl.DataFrame:
    start = day("CINPlanStartDate")
    return data[PLANS].filter(start.is_null() | (start > data.period_end))


@registry.rule(
    "4011",
    severity=E,
    tables=(PLANS,),
    fields=("CINPlanStartDate", "CINPlanEndDate"),
    message="CIN Plan End Date must be on or after the CIN Plan Start Date.",
)
def rule_4011(data: ReturnData) -> pl.DataFrame:
    return data[PLANS].filter(day("CINPlanEndDate") < day("CINPlanStartDate"))


@registry.rule(
    "4012Q",
    severity=Q,
    tables=(PLANS,),
    fields=("CINPlanStartDate", "CINPlanEndDate"),
    message="CIN Plan shown as starting and ending on the same day - please check.",
)
def rule_4012q(data: ReturnData) -> pl.DataFrame:
    return data[PLANS].filter(day("CINPlanEndDate") == day("CINPlanStartDate"))


@registry.rule(
    "4013",
    severity=E,
    tables=(PLANS,),
    fields=("CINPlanEndDate",),
    message="CIN Plan end date must fall within the census year.",
)
def rule_4013(data: ReturnData) -> pl.DataFrame:
    return data[PLANS].filter(outside(day("CINPlanEndDate"), data))


@registry.rule(
    "4014",
    severity=E,
    tables=(PLANS,),
    fields=("CINPlanStartDate", "CINPlanEndDate"),
    message="CIN Plan data contains overlapping dates: a CIN plan starts while another CIN "
    "plan for the same child is open.",
)
def rule_4014(data: ReturnData) -> pl.DataFrame:
    return starts_inside_other(
        by_child(data[PLANS]),
        CHILD_KEY,
        date_col("CINPlanStartDate"),
        date_col("CINPlanEndDate"),
        data.period_end,
        end_inclusive=False,
    )


@registry.rule(
    "4004",
    severity=E,
    tables=(PLANS,),
    fields=("CINPlanEndDate",),
    message="This child is showing more than one open CIN Plan, i.e. with no End Date.",
)
def rule_4004(data: ReturnData) -> pl.DataFrame:
    open_plans = data[PLANS].filter(day("CINPlanEndDate").is_null())
    return open_plans.filter(pl.col(spec.CIN_ID).is_duplicated())


@registry.rule(
    "4008",
    severity=E,
    tables=(PLANS,),
    fields=("CINPlanStartDate", "PersonDeathDate"),
    message="CIN Plan shown as starting after the child's Date of Death.",
)
def rule_4008(data: ReturnData) -> pl.DataFrame:
    plans = with_child(data, PLANS, date_col("PersonDeathDate"))
    return plans.filter(day("CINPlanStartDate") > child_day("PersonDeathDate"))


@registry.rule(
    "4009Q",
    severity=Q,
    tables=(PLANS,),
    fields=("CINPlanEndDate", "PersonDeathDate"),
    message="Please check: CIN Plan cannot end after the child's Date of Death.",
)
def rule_4009q(data: ReturnData) -> pl.DataFrame:
    plans = with_child(data, PLANS, date_col("PersonDeathDate"))
    return plans.filter(day("CINPlanEndDate") > child_day("PersonDeathDate"))


def _plan_vs_protection(data: ReturnData) -> pl.DataFrame:
    plans = data[PLANS].select(
        spec.ROW,
        spec.CHILD,
        spec.CIN_ID,
        child_key(),
        pl.col(spec.ELEMENT_ID).alias("plan_id"),
        day("CINPlanStartDate").alias("plan_start"),
        day("CINPlanEndDate").alias("plan_end"),
    )
    protection = data[CPP].select(
        child_key(),
        pl.col(spec.CIN_ID).alias("cpp_cin_id"),
        pl.col(spec.ELEMENT_ID).alias("cpp_element"),
        day("CPPstartDate").alias("cpp_start"),
        day("CPPendDate").alias("cpp_end"),
    )
    return plans.join(protection, on=CHILD_KEY, how="inner")


@registry.rule(
    "4001",
    severity=E,
    tables=(PLANS, CPP),
    fields=("CINPlanEndDate", "CPPendDate"),
    message="A CIN Plan cannot run concurrently with a Child Protection Plan: this CIN episode "
    "has both an open CIN plan and an open child protection plan (no end dates); end the CIN "
    "plan when the child protection plan starts.",
)
def rule_4001(data: ReturnData) -> dict[str, pl.DataFrame]:
    # DfE: if a CINdetails module has a child protection plan with no CPPendDate, a CIN plan
    # with no CINPlanEndDate must not be present in it. Overlaps of dated plans are 4016/4017.
    joined = _plan_vs_protection(data).filter(pl.col(spec.CIN_ID) == pl.col("cpp_cin_id"))
    both_open = (
        pl.col("plan_start").is_not_null()
        & pl.col("plan_end").is_null()
        & pl.col("cpp_end").is_null()
    )
    failing = joined.filter(both_open)
    plan_ids = failing.get_column("plan_id").implode()
    cpp_ids = failing.get_column("cpp_element").implode()
    return {
        PLANS: data[PLANS].filter(pl.col(spec.ELEMENT_ID).is_in(plan_ids)),
        CPP: data[CPP].filter(pl.col(spec.ELEMENT_ID).is_in(cpp_ids)),
    }


@registry.rule(
    "4016",
    severity=E,
    tables=(PLANS,),
    fields=("CINPlanStartDate", "CPPstartDate", "CPPendDate"),
    message="A CIN Plan has been reported as open at the same time as a Child Protection Plan "
    "(the CIN plan starts while a child protection plan is open).",
)
def rule_4016(data: ReturnData) -> pl.DataFrame:
    joined = _plan_vs_protection(data)
    start = pl.col("plan_start")
    inside = (start >= pl.col("cpp_start")) & (
        (pl.col("cpp_end").is_not_null() & (start < pl.col("cpp_end")))
        | (pl.col("cpp_end").is_null() & (start <= data.period_end))
    )
    ids = joined.filter(inside).get_column("plan_id").implode()
    return data[PLANS].filter(pl.col(spec.ELEMENT_ID).is_in(ids))


@registry.rule(
    "4017",
    severity=E,
    tables=(CPP,),
    fields=("CPPstartDate", "CINPlanStartDate", "CINPlanEndDate"),
    message="A CIN Plan has been reported as open at the same time as a Child Protection Plan "
    "(the child protection plan starts while a CIN plan is open).",
)
def rule_4017(data: ReturnData) -> pl.DataFrame:
    joined = _plan_vs_protection(data)
    start = pl.col("cpp_start")
    inside = (start >= pl.col("plan_start")) & (
        (pl.col("plan_end").is_not_null() & (start < pl.col("plan_end")))
        | (pl.col("plan_end").is_null() & (start <= data.period_end))
    )
    ids = joined.filter(inside).get_column("cpp_element").implode()
    return data[CPP].filter(pl.col(spec.ELEMENT_ID).is_in(ids))


@registry.rule(
    "4003",
    severity=E,
    tables=(REVIEWS,),
    fields=("CPPreviewDate", "CINPlanStartDate", "CINPlanEndDate"),
    message="A CPP review date is shown as being held at the same time as an open CIN Plan.",
)
def rule_4003(data: ReturnData) -> pl.DataFrame:
    reviews = data[REVIEWS].join(
        data[CPP].select(
            pl.col(spec.ELEMENT_ID).alias(spec.CPP_ID), day("CPPendDate").alias("cpp_end")
        ),
        on=spec.CPP_ID,
        how="left",
    )
    plans = data[PLANS].select(
        spec.CIN_ID,
        day("CINPlanStartDate").alias("plan_start"),
        day("CINPlanEndDate").alias("plan_end"),
    )
    joined = reviews.join(plans, on=spec.CIN_ID, how="inner")
    # DfE: within a CINdetails module no CPPreviewDate can fall between any CINPlanStartDate
    # and CINPlanEndDate unless it equals the CPPendDate. Unlike 4016/4017 the wording has no
    # "or the ReferenceDate when the end date is missing", so only CIN plans with both dates.
    review = day("CPPreviewDate")
    during = (
        (review >= pl.col("plan_start"))
        & pl.col("plan_end").is_not_null()
        & (review < pl.col("plan_end"))
    )
    at_end = (review == pl.col("cpp_end")).fill_null(False)
    return joined.filter(during & ~at_end).unique(subset=[spec.ELEMENT_ID], maintain_order=True)


@registry.rule(
    "8905",
    severity=E,
    tables=(CPP,),
    fields=("InitialCategoryOfAbuse",),
    message="Initial category of abuse code missing or invalid: use NEG, PHY, SAB, EMO or MUL.",
)
def rule_8905(data: ReturnData) -> pl.DataFrame:
    codes = spec.code_lists(data.year).category_of_abuse
    return data[CPP].filter(not_in("InitialCategoryOfAbuse", codes))


@registry.rule(
    "8910",
    severity=E,
    tables=(CPP,),
    fields=("LatestCategoryOfAbuse",),
    message="Latest category of abuse code missing or invalid: use NEG, PHY, SAB, EMO or MUL.",
)
def rule_8910(data: ReturnData) -> pl.DataFrame:
    codes = spec.code_lists(data.year).category_of_abuse
    return data[CPP].filter(not_in("LatestCategoryOfAbuse", codes))


@registry.rule(
    "8925",
    severity=E,
    tables=(CPP,),
    fields=("CPPstartDate", "CPPendDate"),
    message="Child Protection Plan End Date must be on or after the Child Protection Plan "
    "Start Date.",
)
def rule_8925(data: ReturnData) -> pl.DataFrame:
    return data[CPP].filter(day("CPPendDate") < day("CPPstartDate"))


@registry.rule(
    "8720",
    severity=E,
    tables=(CPP,),
    fields=("CPPstartDate",),
    message="Child Protection Plan Start Date missing or out of data collection period.",
)
def rule_8720(data: ReturnData) -> pl.DataFrame:
    start = day("CPPstartDate")
    return data[CPP].filter(start.is_null() | (start > data.period_end))


@registry.rule(
    "8930",
    severity=E,
    tables=(CPP,),
    fields=("CPPendDate",),
    message="Child Protection Plan End Date must fall within the census year.",
)
def rule_8930(data: ReturnData) -> pl.DataFrame:
    return data[CPP].filter(outside(day("CPPendDate"), data))


@registry.rule(
    "8935",
    severity=E,
    tables=(CPP,),
    fields=("CPPendDate",),
    message="This child is showing more than one open Child Protection plan, i.e. with no End "
    "Date.",
)
def rule_8935(data: ReturnData) -> pl.DataFrame:
    open_plans = by_child(data[CPP].filter(day("CPPendDate").is_null()))
    return open_plans.filter(pl.col(CHILD_KEY).is_duplicated())


@registry.rule(
    "8940",
    severity=E,
    tables=(CPP,),
    fields=("CPPstartDate", "CPPendDate"),
    message="Child Protection Plan data contains overlapping dates: a plan starts while another "
    "plan for the same child is open.",
)
def rule_8940(data: ReturnData) -> pl.DataFrame:
    return starts_inside_other(
        by_child(data[CPP]),
        CHILD_KEY,
        date_col("CPPstartDate"),
        date_col("CPPendDate"),
        data.period_end,
        end_inclusive=False,
    )


@registry.rule(
    "8840",
    severity=E,
    tables=(CPP,),
    fields=("CPPstartDate", "CPPendDate"),
    message="Child Protection Plan cannot start and end on the same day.",
)
def rule_8840(data: ReturnData) -> pl.DataFrame:
    return data[CPP].filter(day("CPPendDate") == day("CPPstartDate"))


@registry.rule(
    "8841",
    severity=E,
    tables=(REVIEWS,),
    fields=("CPPreviewDate", "CPPstartDate"),
    message="The review date cannot be on the same day or before the Child Protection Plan "
    "start date.",
)
def rule_8841(data: ReturnData) -> pl.DataFrame:
    starts = data[CPP].select(
        pl.col(spec.ELEMENT_ID).alias(spec.CPP_ID), day("CPPstartDate").alias("cpp_start")
    )
    reviews = data[REVIEWS].join(starts, on=spec.CPP_ID, how="left")
    return reviews.filter(day("CPPreviewDate") <= pl.col("cpp_start"))


@registry.rule(
    "8842Q",
    severity=Q,
    tables=(REVIEWS,),
    fields=("CPPreviewDate",),
    message="Please check: Review Record has a missing date.",
)
def rule_8842q(data: ReturnData) -> pl.DataFrame:
    return data[REVIEWS].filter(day("CPPreviewDate").is_null())


@registry.rule(
    "8730",
    severity=E,
    tables=(CPP,),
    fields=("NumberOfPreviousCPP",),
    message="Total Number of previous Child Protection Plans missing (it must be a whole "
    "number, 0 or more).",
)
def rule_8730(data: ReturnData) -> pl.DataFrame:
    previous = number("NumberOfPreviousCPP")
    return data[CPP].filter(previous.is_null() | (previous < 0))


def _conference_dates(data: ReturnData) -> pl.DataFrame:
    return pl.concat(
        [
            data[S47].select(spec.CIN_ID, day("DateOfInitialCPC").alias("conference")),
            data[CIN].select(spec.CIN_ID, day("DateOfInitialCPC").alias("conference")),
        ]
    ).drop_nulls("conference")


@registry.rule(
    "2883",
    severity=E,
    tables=(CPP,),
    fields=("CPPstartDate", "DateOfInitialCPC"),
    message="There are more child protection plans starting than initial conferences taking place.",
)
def rule_2883(data: ReturnData) -> pl.DataFrame:
    start = day("CPPstartDate")
    in_year = (start >= data.period_start) & (start <= data.period_end)
    starts = data[CPP].filter(in_year).height
    conferences = _conference_dates(data).filter(
        (pl.col("conference") >= data.period_start) & (pl.col("conference") <= data.period_end)
    )
    return la_level(data[CPP], starts > conferences.height)


@registry.rule(
    "2885",
    severity=E,
    tables=(CPP,),
    fields=("CPPstartDate", "DateOfInitialCPC"),
    message="Child protection plan shown as starting a different day to the initial child "
    "protection conference.",
)
def rule_2885(data: ReturnData) -> pl.DataFrame:
    # DfE: a CPPstartDate in the census year should equal a Section 47 DateOfInitialCPC, or
    # the CINdetails DateOfInitialCPC "if there is no associated Section 47 record" (an S47
    # in the episode that needed a conference).
    start = day("CPPstartDate")
    in_year = data[CPP].filter((start >= data.period_start) & (start <= data.period_end))
    needing = data[S47].filter(~flag("ICPCnotRequired").fill_null(False))
    with_s47 = needing.get_column(spec.CIN_ID).unique().implode()
    conferences = pl.concat(
        [
            data[S47].select(spec.CIN_ID, day("DateOfInitialCPC").alias("conference")),
            data[CIN]
            .filter(~pl.col(spec.CIN_ID).is_in(with_s47))
            .select(spec.CIN_ID, day("DateOfInitialCPC").alias("conference")),
        ]
    ).drop_nulls("conference")
    matched = in_year.join(
        conferences,
        left_on=[spec.CIN_ID, date_col("CPPstartDate")],
        right_on=[spec.CIN_ID, "conference"],
        how="semi",
    )
    return in_year.join(matched.select(spec.ELEMENT_ID), on=spec.ELEMENT_ID, how="anti")


@registry.rule(
    "8915",
    severity=E,
    tables=(CPP,),
    fields=("CPPstartDate", "PersonDeathDate"),
    message="Child Protection Plan shown as starting after the child's Date of Death.",
)
def rule_8915(data: ReturnData) -> pl.DataFrame:
    plans = with_child(data, CPP, date_col("PersonDeathDate"))
    return plans.filter(day("CPPstartDate") > child_day("PersonDeathDate"))


@registry.rule(
    "8920",
    severity=E,
    tables=(CPP,),
    fields=("CPPendDate", "PersonDeathDate"),
    message="Child Protection Plan cannot end after the child's Date of Death.",
)
def rule_8920(data: ReturnData) -> pl.DataFrame:
    plans = with_child(data, CPP, date_col("PersonDeathDate"))
    return plans.filter(day("CPPendDate") > child_day("PersonDeathDate"))
