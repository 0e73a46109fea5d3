"""AA09 on: finer Annex A rules, one check on named columns of one list (or across lists).

Each names the exact columns to fix. Code meanings follow Ofsted's Annex A guidance and the
DfE code sets the lists reuse (CIN census, SSDA903).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from thrive.statutory.annexa import spec
from thrive.statutory.annexa.registry import registry
from thrive.statutory.issues import Severity
from thrive.statutory.reading import date_col, int_col
from thrive.statutory.rules import ReturnData, RuleFunction

E = Severity.ERROR


def day(name: str) -> pl.Expr:
    return pl.col(date_col(name))


def whole(name: str) -> pl.Expr:
    return pl.col(int_col(name))


def code(name: str) -> pl.Expr:
    return pl.col(spec.code_col(name))


def given(name: str) -> pl.Expr:
    return pl.col(name).is_not_null()


def _ids(data: ReturnData, table: str) -> pl.Series:
    return data[table].get_column(spec.CHILD_ID).drop_nulls().unique().implode()


def _list_rule(
    code_: str, table: str, fields: tuple[str, ...], message: str
) -> Callable[[RuleFunction], RuleFunction]:
    return registry.rule(code_, severity=E, tables=(table,), fields=fields, message=message)


@registry.rule(
    "AA09",
    severity=E,
    tables=spec.TABLES[:10],
    fields=(spec.AGE,),
    message="Age of Child (Years) is not plausible: it must be between 0 and 25.",
)
def rule_aa09(data: ReturnData) -> dict[str, pl.DataFrame]:
    age = whole(spec.AGE)
    return {t: data[t].filter((age < 0) | (age > 25)) for t in spec.TABLES[:10]}


@registry.rule(
    "AA10",
    severity=E,
    tables=("list_9", "list_11"),
    fields=(spec.CHILD_ID, spec.ADOPTER_ID),
    message="The same care leaver (List 9) or adopter (List 11) appears again after an earlier "
    "row: keep one row each.",
)
def rule_aa10(data: ReturnData) -> dict[str, pl.DataFrame]:
    leavers = data["list_9"].filter(
        given(spec.CHILD_ID) & ~pl.col(spec.CHILD_ID).is_first_distinct()
    )
    adopters = data["list_11"].filter(
        given(spec.ADOPTER_ID) & ~pl.col(spec.ADOPTER_ID).is_first_distinct()
    )
    return {"list_9": leavers, "list_11": adopters}


@_list_rule(
    "AA11",
    "list_7",
    (spec.CHILD_ID,),
    "A child on the child protection list (List 7) is not on the children in need list "
    "(List 6): every child with a CP plan in the window is a child in need.",
)
def rule_aa11(data: ReturnData) -> pl.DataFrame:
    return data["list_7"].filter(
        given(spec.CHILD_ID) & ~pl.col(spec.CHILD_ID).is_in(_ids(data, "list_6"))
    )


@_list_rule(
    "AA12",
    "list_6",
    ("Case Status", spec.CHILD_ID),
    "Case Status is 'Child Protection plan' but the child is not on List 7 (child protection).",
)
def rule_aa12(data: ReturnData) -> pl.DataFrame:
    return data["list_6"].filter(
        (code("Case Status") == "CP plan") & ~pl.col(spec.CHILD_ID).is_in(_ids(data, "list_7"))
    )


@_list_rule(
    "AA13",
    "list_6",
    ("Case Status", spec.CHILD_ID),
    "Case Status is 'Looked after child' but the child is not on List 8 (children in care).",
)
def rule_aa13(data: ReturnData) -> pl.DataFrame:
    return data["list_6"].filter(
        (code("Case Status") == "Looked after") & ~pl.col(spec.CHILD_ID).is_in(_ids(data, "list_8"))
    )


@_list_rule(
    "AA14",
    "list_6",
    ("CIN Closure Date", "Case Status"),
    "Case Status and CIN Closure Date disagree: a closed episode needs a closure date, and an "
    "episode with a closure date must have the status 'Closed episode'.",
)
def rule_aa14(data: ReturnData) -> pl.DataFrame:
    closed = code("Case Status") == "Closed episode"
    return data["list_6"].filter(given("Case Status") & (closed != given("CIN Closure Date")))


@_list_rule(
    "AA15",
    "list_6",
    ("CIN Closure Date", "Reason for Closure"),
    "CIN Closure Date and Reason for Closure must both be given or both be blank.",
)
def rule_aa15(data: ReturnData) -> pl.DataFrame:
    return data["list_6"].filter(given("CIN Closure Date") != given("Reason for Closure"))


ICPC_DATE = "Date of Initial Child Protection Conference"
UNNECESSARY = "Was an Initial Child Protection Conference deemed unnecessary?"
RESULT = "Did the Initial Child Protection Conference Result in a Child Protection Plan"


@_list_rule(
    "AA16",
    "list_5",
    (UNNECESSARY, ICPC_DATE),
    "An Initial Child Protection Conference date is given although the conference was "
    "deemed unnecessary.",
)
def rule_aa16(data: ReturnData) -> pl.DataFrame:
    return data["list_5"].filter((code(UNNECESSARY) == "Yes") & given(ICPC_DATE))


MISSING = "Number of Missing Episodes in the Last 12 Months"
ABSENT = "Number of Absence Episodes in the Last 12 Months"
OFFERED = "Was the Child Offered a Return Interview After Every Missing Episode (Y/N)"
ACCEPTED = "Did the Child Accept a Return Interview After Every Missing Episode (Y/N)"


@_list_rule(
    "AA17",
    "list_8",
    (MISSING, ABSENT, OFFERED, ACCEPTED),
    "Return interview answers are given for a child with no missing or absence episodes in "
    "the last 12 months.",
)
def rule_aa17(data: ReturnData) -> pl.DataFrame:
    none = (whole(MISSING) == 0) & (whole(ABSENT) == 0)
    return data["list_8"].filter(none & (given(OFFERED) | given(ACCEPTED)))


@_list_rule(
    "AA18",
    "list_3",
    ("Number of Referrals in Last 12 Months",),
    "Number of Referrals in Last 12 Months must be at least 1 (it counts this referral).",
)
def rule_aa18(data: ReturnData) -> pl.DataFrame:
    return data["list_3"].filter(whole("Number of Referrals in Last 12 Months") < 1)


@_list_rule(
    "AA19",
    "list_5",
    ("Number of Section 47 Enquiries in the last 12 months",),
    "Number of Section 47 Enquiries in the last 12 months must be at least 1 (it counts this "
    "enquiry).",
)
def rule_aa19(data: ReturnData) -> pl.DataFrame:
    return data["list_5"].filter(whole("Number of Section 47 Enquiries in the last 12 months") < 1)


CEASED = "Date Ceased to be Looked After"
REASON_CEASED = "Reason Ceased to be Looked After"
STARTED = "Date Started to be Looked After"


@_list_rule(
    "AA20",
    "list_8",
    (CEASED, REASON_CEASED),
    "Date Ceased to be Looked After and Reason Ceased must both be given or both be blank.",
)
def rule_aa20(data: ReturnData) -> pl.DataFrame:
    return data["list_8"].filter(given(CEASED) != given(REASON_CEASED))


@_list_rule(
    "AA21",
    "list_8",
    (OFFERED, ACCEPTED),
    "The child is shown as accepting a return interview that was not offered.",
)
def rule_aa21(data: ReturnData) -> pl.DataFrame:
    return data["list_8"].filter((code(ACCEPTED) == "Yes") & (code(OFFERED) == "No"))


@_list_rule(
    "AA22",
    "list_8",
    ("Start Date of Most Recent Placement", STARTED),
    "The most recent placement starts before the child started to be looked after.",
)
def rule_aa22(data: ReturnData) -> pl.DataFrame:
    return data["list_8"].filter(day("Start Date of Most Recent Placement") < day(STARTED))


@_list_rule(
    "AA23",
    "list_8",
    ("Start Date of Current Legal Status", STARTED),
    "The current legal status starts before the child started to be looked after.",
)
def rule_aa23(data: ReturnData) -> pl.DataFrame:
    return data["list_8"].filter(day("Start Date of Current Legal Status") < day(STARTED))


@_list_rule(
    "AA24",
    "list_9",
    (spec.AGE,),
    "A care leaver's age must be between 16 and 25.",
)
def rule_aa24(data: ReturnData) -> pl.DataFrame:
    age = whole(spec.AGE)
    return data["list_9"].filter((age < 16) | (age > 25))


@_list_rule(
    "AA25",
    "list_9",
    ("Eligibility Category", spec.AGE),
    "Eligibility Category does not fit the age: relevant and eligible children are 16 or 17; "
    "former relevant children are 18 or over.",
)
def rule_aa25(data: ReturnData) -> pl.DataFrame:
    age = whole(spec.AGE)
    category = code("Eligibility Category")
    young = category.is_in(["Relevant", "Eligible"]) & (age >= 18)
    old = (category == "Former relevant") & (age < 18)
    return data["list_9"].filter(young | old)


NO_LONGER = "Date of Decision that Child Should No Longer be Placed for Adoption"
NO_LONGER_REASON = "Reason Why Child No Longer Placed for Adoption"


@_list_rule(
    "AA26",
    "list_10",
    (NO_LONGER, NO_LONGER_REASON),
    "The decision that the child should no longer be placed for adoption and its reason must "
    "both be given or both be blank.",
)
def rule_aa26(data: ReturnData) -> pl.DataFrame:
    return data["list_10"].filter(given(NO_LONGER) != given(NO_LONGER_REASON))


@_list_rule(
    "AA27",
    "list_10",
    ("Date of Adoption Order", "Date Placed for Adoption"),
    "An adoption order date is given but no date placed for adoption.",
)
def rule_aa27(data: ReturnData) -> pl.DataFrame:
    return data["list_10"].filter(
        given("Date of Adoption Order") & ~given("Date Placed for Adoption")
    )


LEFT = "Date Adopter Left Process"
LEFT_REASON = "Reason Adopter Left Process"


@_list_rule(
    "AA28",
    "list_11",
    (LEFT, LEFT_REASON),
    "The date an adopter left the process and the reason must both be given or both be blank.",
)
def rule_aa28(data: ReturnData) -> pl.DataFrame:
    return data["list_11"].filter(given(LEFT) != given(LEFT_REASON))


ADOPTER_STAGES = (
    ("Date Enquiry Received", "Date Stage 1 Started"),
    ("Date Stage 1 Started", "Date Stage 1 Ended"),
    ("Date Stage 1 Ended", "Date Stage 2 Started"),
    ("Date Stage 2 Started", "Date Stage 2 Ended"),
    ("Date Application Submitted", "Date Application Approved"),
    ("Date Application Approved", "Date Adopter Matched with Child(ren)"),
    ("Date Adopter Matched with Child(ren)", "Date Child(ren) Placed with Adopter(s)"),
    ("Date Child(ren) Placed with Adopter(s)", "Date of Adoption Order"),
)


@_list_rule(
    "AA29",
    "list_11",
    tuple(dict.fromkeys(name for pair in ADOPTER_STAGES for name in pair)),
    "Adopter process dates are out of order (enquiry, stage 1, stage 2, application "
    "approved, matched, placed, adoption order).",
)
def rule_aa29(data: ReturnData) -> pl.DataFrame:
    return data["list_11"].filter(
        pl.any_horizontal(day(earlier) > day(later) for earlier, later in ADOPTER_STAGES)
    )


@_list_rule(
    "AA30",
    "list_11",
    ("Date Child(ren) Placed with Adopter(s)", "Number of Children Placed"),
    "Children are shown as placed with the adopter but the number of children placed is "
    "blank or 0.",
)
def rule_aa30(data: ReturnData) -> pl.DataFrame:
    placed = given("Date Child(ren) Placed with Adopter(s)")
    count = whole("Number of Children Placed")
    return data["list_11"].filter(placed & (count.is_null() | (count < 1)))


@_list_rule(
    "AA31",
    "list_2",
    ("Assessment Start Date", "Assessment Completion Date"),
    "The early help assessment is completed before it started.",
)
def rule_aa31(data: ReturnData) -> pl.DataFrame:
    return data["list_2"].filter(day("Assessment Completion Date") < day("Assessment Start Date"))


@_list_rule(
    "AA32",
    "list_7",
    ("Date of latest review conference", "Child Protection Plan Start Date"),
    "The latest review conference is before the child protection plan started.",
)
def rule_aa32(data: ReturnData) -> pl.DataFrame:
    return data["list_7"].filter(
        day("Date of latest review conference") < day("Child Protection Plan Start Date")
    )


AUTHORISED = "Continuous Assessment Date of Authorisation"
OUTCOME = "Was the child assessed as requiring LA children's social care support?"


@_list_rule(
    "AA33",
    "list_4",
    (AUTHORISED, OUTCOME),
    "The assessment is authorised but whether the child needs children's social care support "
    "is blank.",
)
def rule_aa33(data: ReturnData) -> pl.DataFrame:
    return data["list_4"].filter(given(AUTHORISED) & ~given(OUTCOME))


@_list_rule(
    "AA34",
    "list_8",
    ("Placement Provider", "Placement Type"),
    "Placement provider PR0 (parents / parental responsibility) can only go with placement "
    "type P1 (placed with parents).",
)
def rule_aa34(data: ReturnData) -> pl.DataFrame:
    return data["list_8"].filter(
        (code("Placement Provider") == "PR0") & (code("Placement Type") != "P1")
    )


@_list_rule(
    "AA35",
    "list_9",
    ("Suitability of Accommodation", "Type of Accommodation"),
    "Suitability of accommodation is given without the type of accommodation.",
)
def rule_aa35(data: ReturnData) -> pl.DataFrame:
    return data["list_9"].filter(
        given("Suitability of Accommodation") & ~given("Type of Accommodation")
    )


@_list_rule(
    "AA36",
    "list_5",
    (RESULT, ICPC_DATE),
    "Whether the conference led to a child protection plan is given but there is no "
    "conference date.",
)
def rule_aa36(data: ReturnData) -> pl.DataFrame:
    return data["list_5"].filter(given(RESULT) & ~given(ICPC_DATE))


@_list_rule(
    "AA37",
    "list_11",
    ("Date Application Approved", "Date Application Submitted"),
    "The application is shown as approved but no date submitted is given.",
)
def rule_aa37(data: ReturnData) -> pl.DataFrame:
    return data["list_11"].filter(
        given("Date Application Approved") & ~given("Date Application Submitted")
    )


ENTERED = "Date the Child Entered Care"
DECISION = "Date of Decision that Child Should be Placed for Adoption"
FFA = "Date Child Placed in Fostering for Adoption or Concurrent Planning Placement"


@_list_rule(
    "AA38",
    "list_10",
    (ENTERED, DECISION),
    "The decision to place for adoption is before the child entered care.",
)
def rule_aa38(data: ReturnData) -> pl.DataFrame:
    return data["list_10"].filter(day(DECISION) < day(ENTERED))


@_list_rule(
    "AA39",
    "list_10",
    (FFA, ENTERED),
    "The fostering for adoption / concurrent planning placement is before the child entered care.",
)
def rule_aa39(data: ReturnData) -> pl.DataFrame:
    return data["list_10"].filter(day(FFA) < day(ENTERED))


@_list_rule(
    "AA40",
    "list_6",
    ("Date Child Was Last Seen", "CIN Start Date"),
    "The date the child was last seen is before the CIN episode started.",
)
def rule_aa40(data: ReturnData) -> pl.DataFrame:
    return data["list_6"].filter(day("Date Child Was Last Seen") < day("CIN Start Date"))


@_list_rule(
    "AA41",
    "list_7",
    ("Date of the Last Statutory Visit", "Child Protection Plan Start Date"),
    "The last statutory visit is before the child protection plan started.",
)
def rule_aa41(data: ReturnData) -> pl.DataFrame:
    return data["list_7"].filter(
        day("Date of the Last Statutory Visit") < day("Child Protection Plan Start Date")
    )


@_list_rule(
    "AA42",
    "list_8",
    ("Date of Last Social Work Visit", STARTED),
    "The last social work visit is before the child started to be looked after.",
)
def rule_aa42(data: ReturnData) -> pl.DataFrame:
    return data["list_8"].filter(day("Date of Last Social Work Visit") < day(STARTED))
