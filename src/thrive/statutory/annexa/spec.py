"""Ofsted Annex A (ILACS) specification: the 11 lists, their columns, types and code sets.

Column headings follow Ofsted's Annex A lists as mirrored by liia-tools (`Annex_A_schema.yml`,
Social Finance) and the data-to-insight SSD Annex A scripts; councils' headings vary, so each
column also has wording variants matched case-insensitively. Coded answers are normalised
before checking ("a) Male" -> Male, "RC1 - Adopted" -> RC1, "E11: Adopted..." -> E11).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from thrive.statutory.codes import ETHNICITY as _DFE_ETHNICITY
from thrive.statutory.ssda903 import spec as ssda903_spec

RETURN_ID: Final = "annexa"
SUPPORTED_YEARS: Final[tuple[int, ...]] = (2024, 2025, 2026, 2027)
ColumnKind = Literal["id", "text", "date", "int", "code"]

CHILD_ID: Final = "Child Unique ID"
ADOPTER_ID: Final = "Individual Adopter Identifier"
GENDER: Final = "Gender"
ETHNICITY: Final = "Ethnicity"
DOB: Final = "Date of Birth"
AGE: Final = "Age of Child (Years)"
DISABILITY: Final = "Does the Child have a Disability"
TEAM: Final = "Allocated Team"
WORKER: Final = "Allocated Worker"
FAMILY: Final = "Family Identifier"


@dataclass(frozen=True, slots=True)
class Column:
    """One Annex A column: canonical heading, kind, whether it may be blank, its code set."""

    name: str
    kind: ColumnKind
    required: bool = False
    codes: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(alias) for alias in self.aliases)


@dataclass(frozen=True, slots=True)
class AnnexList:
    """One list (sheet) of the workbook."""

    number: int
    title: str
    columns: tuple[Column, ...]
    child_column: str | None = CHILD_ID
    title_words: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        return f"list_{self.number}"

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def dates(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.kind == "date")


def _c(
    name: str,
    kind: ColumnKind = "text",
    *,
    required: bool = False,
    codes: str | None = None,
    aliases: tuple[str, ...] = (),
) -> Column:
    return Column(name, kind, required, codes, aliases)


IDENTITY: Final = (
    _c(CHILD_ID, "id", required=True, aliases=(r"child.*(unique|id)", r"^(la )?child id$")),
    _c(GENDER, "code", required=True, codes="gender", aliases=(r"^(gender|sex)$",)),
    _c(ETHNICITY, "code", required=True, codes="ethnicity", aliases=(r"ethnic",)),
    _c(DOB, "date", aliases=(r"date.*birth", r"^dob$")),
    _c(AGE, "int", aliases=(r"^age",)),
)
CHILD_DISABILITY: Final = _c(
    DISABILITY, "code", required=True, codes="yes_no_unknown", aliases=(r"disab",)
)
ALLOCATION: Final = (
    _c(TEAM, "text", required=True, aliases=(r"allocated team",)),
    _c(WORKER, "text", required=True, aliases=(r"allocated (social )?worker",)),
)

LISTS: Final[tuple[AnnexList, ...]] = (
    AnnexList(
        1,
        "Contacts",
        (
            *IDENTITY,
            _c("Date of Contact", "date", required=True, aliases=(r"date.*contact",)),
            _c("Contact Source", "code", required=True, codes="source", aliases=(r"source",)),
        ),
        title_words=("contact",),
    ),
    AnnexList(
        2,
        "Early Help",
        (
            *IDENTITY,
            _c("Assessment Start Date", "date", required=True, aliases=(r"start",)),
            _c("Assessment Completion Date", "date", aliases=(r"complet",)),
            _c("Organisation Completing Assessment", required=True, aliases=(r"organisation",)),
        ),
        title_words=("early help",),
    ),
    AnnexList(
        3,
        "Referrals",
        (
            *IDENTITY,
            _c("Date of Referral", "date", required=True, aliases=(r"date.*referral",)),
            _c("Referral Source", "code", required=True, codes="source", aliases=(r"source",)),
            _c("Referral NFA?", "code", required=True, codes="yes_no", aliases=(r"nfa",)),
            _c(
                "Number of Referrals in Last 12 Months",
                "int",
                required=True,
                aliases=(r"number.*referrals",),
            ),
            *ALLOCATION,
        ),
        title_words=("referral",),
    ),
    AnnexList(
        4,
        "Assessments",
        (
            *IDENTITY,
            CHILD_DISABILITY,
            _c(
                "Continuous Assessment Start Date",
                "date",
                required=True,
                aliases=(r"assessment start",),
            ),
            _c(
                "Child Seen During Continuous Assessment",
                "code",
                required=True,
                codes="yes_no_unknown",
                aliases=(r"child seen",),
            ),
            _c(
                "Continuous Assessment Date of Authorisation",
                "date",
                aliases=(r"authoris",),
            ),
            _c(
                "Was the child assessed as requiring LA children's social care support?",
                "code",
                codes="yes_no_unknown",
                aliases=(r"requiring",),
            ),
            *ALLOCATION,
        ),
        title_words=("assessment",),
    ),
    AnnexList(
        5,
        "Section 47",
        (
            *IDENTITY,
            CHILD_DISABILITY,
            _c(
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "date",
                required=True,
                aliases=(r"strategy", r"section 47.*start", r"s47.*start"),
            ),
            _c(
                "Was an Initial Child Protection Conference deemed unnecessary?",
                "code",
                codes="yes_no",
                aliases=(r"unnecessary",),
            ),
            _c(
                "Date of Initial Child Protection Conference",
                "date",
                aliases=(r"date.*initial child protection conference", r"date.*icpc"),
            ),
            _c(
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "code",
                codes="yes_no",
                aliases=(r"result in",),
            ),
            _c(
                "Number of Section 47 Enquiries in the last 12 months",
                "int",
                required=True,
                aliases=(r"number.*(section 47|s47)",),
            ),
            _c(
                "Number of ICPCs in the last 12 months",
                "int",
                required=True,
                aliases=(r"number.*icpc",),
            ),
            *ALLOCATION,
        ),
        title_words=("section 47", "s47"),
    ),
    AnnexList(
        6,
        "Children in Need",
        (
            *IDENTITY,
            CHILD_DISABILITY,
            _c("CIN Start Date", "date", aliases=(r"cin start",)),
            _c("Primary Need Code", "code", required=True, codes="need", aliases=(r"need",)),
            _c("Date Child Was Last Seen", "date", aliases=(r"last seen",)),
            _c("CIN Closure Date", "date", aliases=(r"closure date",)),
            _c("Reason for Closure", "code", codes="closure", aliases=(r"reason.*closure",)),
            _c("Case Status", "code", required=True, codes="case_status", aliases=(r"status",)),
            *ALLOCATION,
        ),
        title_words=("in need", "cin"),
    ),
    AnnexList(
        7,
        "Child Protection",
        (
            *IDENTITY,
            CHILD_DISABILITY,
            _c(
                "Child Protection Plan Start Date",
                "date",
                required=True,
                aliases=(r"(plan|cpp) start",),
            ),
            _c(
                "Initial Category of Abuse",
                "code",
                required=True,
                codes="abuse",
                aliases=(r"initial category",),
            ),
            _c(
                "Latest Category of Abuse",
                "code",
                required=True,
                codes="abuse",
                aliases=(r"latest category",),
            ),
            _c("Date of the Last Statutory Visit", "date", aliases=(r"statutory visit",)),
            _c(
                "Was the Child Seen Alone?",
                "code",
                codes="yes_no_unknown",
                aliases=(r"seen alone",),
            ),
            _c("Date of latest review conference", "date", aliases=(r"review conference",)),
            _c("Child Protection Plan End Date", "date", aliases=(r"(plan|cpp) end",)),
            _c(
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last "
                "Six Months (Y/N)",
                "code",
                required=True,
                codes="yes_no",
                aliases=(r"emergency protection",),
            ),
            _c(
                "Number of Previous Child Protection Plans",
                "int",
                required=True,
                aliases=(r"previous",),
            ),
            *ALLOCATION,
        ),
        title_words=("protection",),
    ),
    AnnexList(
        8,
        "Children in Care",
        (
            *IDENTITY,
            CHILD_DISABILITY,
            _c(
                "UASC in the last 12 months (Y/N)",
                "code",
                required=True,
                codes="yes_no",
                aliases=(r"uasc", r"unaccompanied"),
            ),
            _c(
                "Date Started to be Looked After",
                "date",
                required=True,
                aliases=(r"started to be looked after",),
            ),
            _c(
                "Child's Category of Need",
                "code",
                required=True,
                codes="need",
                aliases=(r"category of need",),
            ),
            _c(
                "Subject to Second or Subsequent Period of Being Looked After Within the Last 12 "
                "Months (Y/N)",
                "code",
                required=True,
                codes="yes_no",
                aliases=(r"second or subsequent",),
            ),
            _c(
                "Start Date of Current Legal Status",
                "date",
                required=True,
                aliases=(r"start date of current legal",),
            ),
            _c(
                "Child's Legal Status",
                "code",
                required=True,
                codes="legal_status",
                aliases=(r"legal status$",),
            ),
            _c("Date of Latest Statutory Review", "date", aliases=(r"statutory review",)),
            _c("Date of Last Social Work Visit", "date", aliases=(r"social work visit",)),
            _c("Date of Last IRO Contact", "date", aliases=(r"iro",)),
            _c("Date of Last Health Assessment", "date", aliases=(r"health assessment",)),
            _c("Date of Last Dental Check", "date", aliases=(r"dental",)),
            _c("Permanence Plan", "code", codes="permanence", aliases=(r"permanence",)),
            _c(
                "Number of Placements in the Last 12 Months",
                "int",
                required=True,
                aliases=(r"number of placements",),
            ),
            _c("Date Ceased to be Looked After", "date", aliases=(r"ceased.*date|date ceased",)),
            _c(
                "Reason Ceased to be Looked After",
                "code",
                codes="reason_ceased",
                aliases=(r"reason ceased",),
            ),
            _c(
                "Start Date of Most Recent Placement",
                "date",
                required=True,
                aliases=(r"most recent placement",),
            ),
            _c(
                "Placement Type",
                "code",
                required=True,
                codes="placement",
                aliases=(r"placement type",),
            ),
            _c(
                "Placement Provider",
                "code",
                required=True,
                codes="provider",
                aliases=(r"provider",),
            ),
            _c("Placement Postcode", "text", required=True, aliases=(r"postcode",)),
            _c("Placement URN", "text", aliases=(r"urn",)),
            _c(
                "Placement Location (In/Out LA Boundary)",
                "code",
                required=True,
                codes="location",
                aliases=(r"location",),
            ),
            _c(
                "LA of Placement",
                "code",
                required=True,
                codes="la_of_placement",
                aliases=(r"la of placement",),
            ),
            _c(
                "Number of Missing Episodes in the Last 12 Months",
                "int",
                required=True,
                aliases=(r"missing.*(episodes|last 12)", r"episodes.*missing"),
            ),
            _c(
                "Number of Absence Episodes in the Last 12 Months",
                "int",
                required=True,
                aliases=(r"absen",),
            ),
            _c(
                "Was the Child Offered a Return Interview After Every Missing Episode (Y/N)",
                "code",
                codes="yes_no_unknown",
                aliases=(r"offered.*return interview",),
            ),
            _c(
                "Did the Child Accept a Return Interview After Every Missing Episode (Y/N)",
                "code",
                codes="yes_no_unknown",
                aliases=(r"accept.*return interview",),
            ),
            *ALLOCATION,
        ),
        title_words=("in care", "looked after"),
    ),
    AnnexList(
        9,
        "Care Leavers",
        (
            *IDENTITY,
            CHILD_DISABILITY,
            _c(
                "Eligibility Category",
                "code",
                required=True,
                codes="eligibility",
                aliases=(r"eligib",),
            ),
            _c("LA in Touch", "code", required=True, codes="in_touch", aliases=(r"in touch",)),
            _c(
                "Type of Accommodation",
                "code",
                codes="accommodation",
                aliases=(r"type of accommodation",),
            ),
            _c(
                "Suitability of Accommodation",
                "code",
                codes="suitability",
                aliases=(r"suitab",),
            ),
            _c("Activity Status", "code", codes="activity", aliases=(r"activity",)),
            *ALLOCATION,
        ),
        title_words=("leaver",),
    ),
    AnnexList(
        10,
        "Adoption",
        (
            *IDENTITY,
            CHILD_DISABILITY,
            _c(FAMILY, "text", aliases=(r"family",)),
            _c(
                "Date the Child Entered Care",
                "date",
                required=True,
                aliases=(r"entered care",),
            ),
            _c(
                "Date of Decision that Child Should be Placed for Adoption",
                "date",
                required=True,
                aliases=(r"should be placed",),
            ),
            _c("Date of Placement Order", "date", aliases=(r"placement order",)),
            _c(
                "Date of Matching Child and Prospective Adopters",
                "date",
                aliases=(r"matching",),
            ),
            _c("Date Placed for Adoption", "date", aliases=(r"^date placed for adoption",)),
            _c("Date of Adoption Order", "date", aliases=(r"adoption order",)),
            _c(
                "Date of Decision that Child Should No Longer be Placed for Adoption",
                "date",
                aliases=(r"no longer be placed",),
            ),
            _c(
                "Reason Why Child No Longer Placed for Adoption",
                "code",
                codes="no_longer",
                aliases=(r"reason.*no longer",),
            ),
            _c(
                "Date Child Placed in Fostering for Adoption or Concurrent Planning Placement",
                "date",
                aliases=(r"fostering.*adoption|ffa|concurrent",),
            ),
        ),
        title_words=("adoption",),
    ),
    AnnexList(
        11,
        "Adopters",
        (
            _c(ADOPTER_ID, "id", required=True, aliases=(r"adopter.*identifier",)),
            _c(FAMILY, "text", aliases=(r"family",)),
            _c(GENDER, "code", required=True, codes="gender", aliases=(r"^(gender|sex)$",)),
            _c(ETHNICITY, "code", required=True, codes="ethnicity", aliases=(r"ethnic",)),
            _c(
                "Does the Adopter have a Disability",
                "code",
                required=True,
                codes="yes_no",
                aliases=(r"disab",),
            ),
            _c(
                "Adopter Approved for Fostering for Adoption?",
                "code",
                required=True,
                codes="yes_no",
                aliases=(r"fostering for adoption",),
            ),
            _c("Date Enquiry Received", "date", required=True, aliases=(r"enquiry",)),
            _c("Date Stage 1 Started", "date", aliases=(r"stage 1 start",)),
            _c("Date Stage 1 Ended", "date", aliases=(r"stage 1 end",)),
            _c("Date Stage 2 Started", "date", aliases=(r"stage 2 start",)),
            _c("Date Stage 2 Ended", "date", aliases=(r"stage 2 end",)),
            _c("Date Application Submitted", "date", aliases=(r"submitted",)),
            _c("Date Application Approved", "date", aliases=(r"approved$|application approved",)),
            _c("Date Adopter Matched with Child(ren)", "date", aliases=(r"matched",)),
            _c("Date Child(ren) Placed with Adopter(s)", "date", aliases=(r"placed with",)),
            _c("Number of Children Placed", "int", aliases=(r"(number|no) of children",)),
            _c("Date of Adoption Order", "date", aliases=(r"adoption order",)),
            _c("Date Adopter Left Process", "date", aliases=(r"(date|leaving).*(left|leaving)",)),
            _c(
                "Reason Adopter Left Process",
                "code",
                codes="adopter_left",
                aliases=(r"reason.*(left|leaving)",),
            ),
        ),
        child_column=None,
        title_words=("adopters",),
    ),
)

LIST_BY_TABLE: Final[dict[str, AnnexList]] = {item.table: item for item in LISTS}
TABLES: Final[tuple[str, ...]] = tuple(item.table for item in LISTS)

# Dates that define whether a row belongs in the reporting window (lists 1-5 are events in it).
WINDOW_COLUMNS: Final[dict[str, str]] = {
    "list_1": "Date of Contact",
    "list_2": "Assessment Start Date",
    "list_3": "Date of Referral",
    "list_4": "Continuous Assessment Start Date",
    "list_5": "Strategy discussion initiating Section 47 Enquiry Start Date",
}

# --- code sets (normalised values) ---------------------------------------------------------

ETHNIC_CODES: Final = _DFE_ETHNICITY
SOURCE_CODES: Final = frozenset(
    [
        "1A",
        "1B",
        "1C",
        "1D",
        "2A",
        "2B",
        "3A",
        "3B",
        "3C",
        "3D",
        "3E",
        "3F",
        "4",
        "5A",
        "5B",
        "5C",
        "5D",
        "6",
        "7",
        "8",
        "9",
        "10",
    ]
)
LEGAL_STATUS: Final = ssda903_spec.LS
# Annex A list 8 uses the SSDA903 reasons an episode ceased.
REASON_CEASED: Final = ssda903_spec.REC
PLACEMENT: Final = frozenset(
    [
        "A3",
        "A4",
        "A5",
        "A6",
        "H5",
        "K1",
        "K2",
        "K3",
        "P1",
        "P2",
        "P3",
        "R1",
        "R2",
        "R3",
        "R5",
        "S1",
        "T0",
        "T1",
        "T2",
        "T3",
        "T4",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "U6",
        "Z1",
        "Z11",
        "Z12",
        "Z13",
        "Z14",
    ]
)
ACTIVITY: Final = frozenset(
    ["F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6"]
)
ACCOMMODATION: Final = frozenset(
    ["B", "C", "D", "E", "G", "H", "K", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"]
)

CODE_SETS: Final[dict[str, frozenset[str]]] = {
    "gender": frozenset({"Male", "Female", "Not stated/recorded", "Neither"}),
    "ethnicity": ETHNIC_CODES,
    "source": SOURCE_CODES,
    "yes_no": frozenset({"Yes", "No"}),
    "yes_no_unknown": frozenset({"Yes", "No", "Unknown"}),
    "need": frozenset({f"N{n}" for n in range(10)}),
    "closure": frozenset({f"RC{n}" for n in range(1, 10)}),
    "case_status": frozenset(
        {"Looked after", "CP plan", "CIN plan", "Open assessment", "Closed episode"}
    ),
    "abuse": frozenset({"NEG", "PHY", "SAB", "EMO", "MUL"}),
    "legal_status": LEGAL_STATUS,
    "permanence": frozenset(
        {
            "Return to family",
            "Adoption",
            "SGO/CAO",
            "Supported living",
            "Long-term residential",
            "Long-term fostering",
            "Other",
        }
    ),
    "reason_ceased": REASON_CEASED,
    "placement": PLACEMENT,
    "provider": frozenset({f"PR{n}" for n in range(6)}),
    "location": frozenset({"In", "Out"}),
    "la_of_placement": frozenset({"NIR", "WAL", "SCO", "NUK", "CON"}),
    "eligibility": frozenset({"Relevant", "Former relevant", "Qualifying", "Eligible"}),
    "in_touch": frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"}),
    "accommodation": ACCOMMODATION,
    "suitability": frozenset({"Suitable", "Unsuitable"}),
    "activity": ACTIVITY,
    "no_longer": frozenset({"RD1", "RD2", "RD3", "RD4"}),
    "adopter_left": frozenset({"1", "2", "3"}),
}


def code_col(name: str) -> str:
    """Name of the normalised code column next to raw column `name`."""
    return f"{name}__code"


# Internal table listing the columns each sheet lacked (one row per missing column).
STRUCTURE: Final = "structure"

EXTRACT_DATE_COLUMN: Final = "__extract_date"
"""Added to every list when read: the extract date, so stored versions and measures carry the
day the lists describe (ages, "open at", "in the last 12 months" are all at that date)."""
