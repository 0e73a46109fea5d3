"""CIN census specification: tables, columns, types and code lists per collection year.

Element names follow DfE's CIN census XML (2024 XSD as mirrored by liia-tools and the
data-to-insight CIN validator); code lists follow the DfE "Children in need census" guides for
2023 to 2024 up to 2026 to 2027. A collection year is named by the year it ends (2025 = 1 April
2024 to 31 March 2025).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from thrive.statutory.codes import ETHNICITY as _DFE_ETHNICITY

RETURN_ID: Final = "cin"
SUPPORTED_YEARS: Final[tuple[int, ...]] = (2024, 2025, 2026, 2027)

ColumnType = Literal["str", "date", "bool", "int", "list"]

# --- table and column names (the names used in issues) -------------------------------------

HEADER: Final = "header"
CHILDREN: Final = "children"
CIN_DETAILS: Final = "cin_details"
ASSESSMENTS: Final = "assessments"
SECTION47: Final = "section47"
CIN_PLANS: Final = "cin_plans"
CP_PLANS: Final = "cp_plans"
CP_REVIEWS: Final = "cp_reviews"
DISABILITIES: Final = "disabilities"

TABLES: Final[tuple[str, ...]] = (
    HEADER,
    CHILDREN,
    CIN_DETAILS,
    ASSESSMENTS,
    SECTION47,
    CIN_PLANS,
    CP_PLANS,
    CP_REVIEWS,
    DISABILITIES,
)

# Location columns every flattened table carries (besides its DfE elements).
ROW: Final = "__row"  # 1-based position of the <Child> element (framework's ROW column)
CHILD: Final = "LAchildID"  # the child id column of every table
ELEMENT_ID: Final = "element_id"  # stable id, e.g. "c3.d1.s47-2"
CIN_ID: Final = "cin_id"  # id of the enclosing <CINdetails>
CPP_ID: Final = "cpp_id"  # id of the enclosing <ChildProtectionPlans>


@dataclass(frozen=True, slots=True)
class Column:
    """One DfE element flattened into a table column."""

    name: str
    type: ColumnType


HEADER_COLUMNS: Final = (
    Column("Collection", "str"),
    Column("Year", "str"),
    Column("ReferenceDate", "date"),
    Column("SourceLevel", "str"),
    Column("LEA", "str"),
    Column("SoftwareCode", "str"),
    Column("Release", "str"),
    Column("SerialNo", "str"),
    Column("DateTime", "str"),
)
CHILD_COLUMNS: Final = (
    Column("LAchildID", "str"),
    Column("UPN", "str"),
    Column("FormerUPN", "str"),
    Column("UPNunknown", "str"),
    Column("PersonBirthDate", "date"),
    Column("ExpectedPersonBirthDate", "date"),
    Column("Sex", "str"),
    Column("GenderCurrent", "str"),
    Column("PersonDeathDate", "date"),
    Column("Ethnicity", "str"),
)
CIN_DETAIL_COLUMNS: Final = (
    Column("CINreferralDate", "date"),
    Column("ReferralSource", "str"),
    Column("PrimaryNeedCode", "str"),
    Column("CINclosureDate", "date"),
    Column("ReasonForClosure", "str"),
    Column("DateOfInitialCPC", "date"),
    Column("ReferralNFA", "bool"),
)
ASSESSMENT_COLUMNS: Final = (
    Column("AssessmentActualStartDate", "date"),
    Column("AssessmentInternalReviewDate", "date"),
    Column("AssessmentAuthorisationDate", "date"),
    Column("AssessmentFactors", "list"),
)
SECTION47_COLUMNS: Final = (
    Column("S47ActualStartDate", "date"),
    Column("InitialCPCtarget", "date"),
    Column("DateOfInitialCPC", "date"),
    Column("ICPCnotRequired", "bool"),
)
CIN_PLAN_COLUMNS: Final = (
    Column("CINPlanStartDate", "date"),
    Column("CINPlanEndDate", "date"),
)
CP_PLAN_COLUMNS: Final = (
    Column("CPPstartDate", "date"),
    Column("CPPendDate", "date"),
    Column("InitialCategoryOfAbuse", "str"),
    Column("LatestCategoryOfAbuse", "str"),
    Column("NumberOfPreviousCPP", "int"),
)
CP_REVIEW_COLUMNS: Final = (Column("CPPreviewDate", "date"),)
DISABILITY_COLUMNS: Final = (Column("Disability", "str"),)

COLUMNS: Final[dict[str, tuple[Column, ...]]] = {
    HEADER: HEADER_COLUMNS,
    CHILDREN: CHILD_COLUMNS,
    CIN_DETAILS: CIN_DETAIL_COLUMNS,
    ASSESSMENTS: ASSESSMENT_COLUMNS,
    SECTION47: SECTION47_COLUMNS,
    CIN_PLANS: CIN_PLAN_COLUMNS,
    CP_PLANS: CP_PLAN_COLUMNS,
    CP_REVIEWS: CP_REVIEW_COLUMNS,
    DISABILITIES: DISABILITY_COLUMNS,
}

# --- code lists ----------------------------------------------------------------------------

ETHNICITY: Final = _DFE_ETHNICITY
SEX: Final = frozenset({"M", "F", "U"})
# Until 2023/24 the child's gender was GenderCurrent: 0 not known / unborn, 1 male, 2 female,
# 9 not specified (indeterminate).
GENDER_CURRENT: Final = frozenset({"0", "1", "2", "9"})
DISABILITY: Final = frozenset(
    {"NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"}
)
REFERRAL_SOURCE: Final = frozenset(
    {
        "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4",
        "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10",
    }
)  # fmt: skip
PRIMARY_NEED: Final = frozenset({"N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"})
REASON_FOR_CLOSURE: Final = frozenset({f"RC{n}" for n in range(1, 10)})
CATEGORY_OF_ABUSE: Final = frozenset({"NEG", "PHY", "SAB", "EMO", "MUL"})
UPN_UNKNOWN: Final = frozenset({f"UN{n}" for n in range(1, 8)})
# Factors identified at the end of assessment; 18A and 19A were retired in 2024/25 (queried by
# 8945Q / 8950Q) in favour of the child-on-child / adult splits 18B/18C and 19B/19C.
ASSESSMENT_FACTORS: Final = frozenset(
    {
        "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C",
        "5A", "5B", "5C", "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F",
        "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "18C",
        "19B", "19C", "20", "21", "22A", "23A", "24A",
    }
)  # fmt: skip
TRUE_VALUES: Final = frozenset({"true", "1"})
FALSE_VALUES: Final = frozenset({"false", "0"})

# Check letters for UPNs (DfE "Unique pupil numbers" guidance): I, O and S are never used.
UPN_CHECK_LETTERS: Final = "ABCDEFGHJKLMNPQRTUVWXYZ"

# DfE LA numbers valid as UPN characters 2-4 (rule 1530). A UPN keeps the LA number of the
# school that issued it, so predecessor authorities stay valid: 820 Bedfordshire and 875
# Cheshire (split 2009), 835 Dorset, 836 Poole and 837 Bournemouth (reorganised 2019), 909
# Cumbria and 928 Northamptonshire; plus Thrive's fictional 990-999.
UPN_LA_CODES: Final = frozenset(
    [
        "201",
        "202",
        "203",
        "204",
        "205",
        "206",
        "207",
        "208",
        "209",
        "210",
        "211",
        "212",
        "213",
        "301",
        "302",
        "303",
        "304",
        "305",
        "306",
        "307",
        "308",
        "309",
        "310",
        "311",
        "312",
        "313",
        "314",
        "315",
        "316",
        "317",
        "318",
        "319",
        "320",
        "330",
        "331",
        "332",
        "333",
        "334",
        "335",
        "336",
        "340",
        "341",
        "342",
        "343",
        "344",
        "350",
        "351",
        "352",
        "353",
        "354",
        "355",
        "356",
        "357",
        "358",
        "359",
        "370",
        "371",
        "372",
        "373",
        "380",
        "381",
        "382",
        "383",
        "384",
        "390",
        "391",
        "392",
        "393",
        "394",
        "420",
        "800",
        "801",
        "802",
        "803",
        "805",
        "806",
        "807",
        "808",
        "810",
        "811",
        "812",
        "813",
        "815",
        "816",
        "821",
        "822",
        "823",
        "825",
        "826",
        "830",
        "831",
        "836",
        "838",
        "839",
        "840",
        "841",
        "845",
        "846",
        "850",
        "851",
        "852",
        "855",
        "856",
        "857",
        "860",
        "861",
        "865",
        "866",
        "867",
        "868",
        "869",
        "870",
        "871",
        "872",
        "873",
        "874",
        "876",
        "877",
        "878",
        "879",
        "880",
        "881",
        "882",
        "883",
        "884",
        "885",
        "886",
        "887",
        "888",
        "889",
        "890",
        "891",
        "892",
        "893",
        "894",
        "895",
        "896",
        "908",
        "909",
        "916",
        "919",
        "921",
        "925",
        "926",
        "928",
        "929",
        "931",
        "933",
        "935",
        "936",
        "937",
        "938",
        "940",
        "941",
        "942",
        "943",
    ]
    + [str(n) for n in range(990, 1000)]
)


@dataclass(frozen=True, slots=True)
class CodeLists:
    """The code lists in force for one collection year."""

    year: int
    sex: frozenset[str]
    gender_current: frozenset[str]
    ethnicity: frozenset[str]
    disability: frozenset[str]
    referral_source: frozenset[str]
    primary_need: frozenset[str]
    reason_for_closure: frozenset[str]
    category_of_abuse: frozenset[str]
    upn_unknown: frozenset[str]
    assessment_factors: frozenset[str]


def _codes(year: int) -> CodeLists:
    # 2024/25 replaced GenderCurrent with Sex M/F/U and retired factors 18A/19A; 2025/26 and
    # 2026/27 changed no CIN code list (the DfE guides for those years list the same codes).
    factors = ASSESSMENT_FACTORS if year >= 2025 else ASSESSMENT_FACTORS | {"18A", "19A"}
    return CodeLists(
        year=year,
        sex=SEX if year >= 2025 else frozenset(),
        gender_current=GENDER_CURRENT if year < 2025 else frozenset(),
        ethnicity=ETHNICITY,
        disability=DISABILITY,
        referral_source=REFERRAL_SOURCE,
        primary_need=PRIMARY_NEED,
        reason_for_closure=REASON_FOR_CLOSURE,
        category_of_abuse=CATEGORY_OF_ABUSE,
        upn_unknown=UPN_UNKNOWN,
        assessment_factors=factors,
    )


CODE_LISTS: Final[dict[int, CodeLists]] = {year: _codes(year) for year in SUPPORTED_YEARS}


def bool_col(name: str) -> str:
    """Name of the typed yes/no column parsed from raw element `name` (true/false/1/0)."""
    return f"{name}__bool"


def code_lists(year: int) -> CodeLists:
    """The code lists for a collection year (end year), e.g. 2025 for 2024/25.

    Raises:
        ValueError: the year is not supported.
    """
    try:
        return CODE_LISTS[year]
    except KeyError:
        supported = ", ".join(str(y) for y in SUPPORTED_YEARS)
        raise ValueError(f"CIN census year {year} is not supported (use {supported})") from None
