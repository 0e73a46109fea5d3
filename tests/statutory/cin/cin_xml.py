"""Build small synthetic CIN census XML files for tests: a clean census and easy mutations."""

from __future__ import annotations

import copy
from typing import Any
from xml.sax.saxutils import escape

from thrive.statutory.cin.format import to_return_data
from thrive.statutory.cin.reader import read_cin_bytes
from thrive.statutory.rules import ReturnData

Node = dict[str, Any]

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn(la: str, serial: int, last: str = "1") -> str:
    """A UPN with a correct check letter (DfE weights 2..13, remainder mod 23)."""
    body = f"{la}{serial:08d}{last}"
    total = 0
    for weight, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else CHECK_LETTERS.index(char)
        total += value * weight
    return CHECK_LETTERS[total % 23] + body


def clean_children() -> list[Node]:
    """Three children whose data pass every CIN rule for 2024/25 (year 2025)."""
    closed_case: Node = {
        "ids": {
            "LAchildID": "CH1",
            "UPN": upn("990", 1),
            "PersonBirthDate": "2015-06-15",
            "Sex": "F",
        },
        "Ethnicity": "WBRI",
        "Disabilities": ["NONE"],
        "episodes": [
            {
                "CINreferralDate": "2024-05-01",
                "ReferralSource": "1A",
                "PrimaryNeedCode": "N1",
                "CINclosureDate": "2025-02-14",
                "ReasonForClosure": "RC7",
                "ReferralNFA": "false",
                "assessments": [
                    {
                        "AssessmentActualStartDate": "2024-05-02",
                        "AssessmentAuthorisationDate": "2024-05-20",
                        "factors": ["3A", "4B"],
                    }
                ],
                "plans": [{"CINPlanStartDate": "2024-11-29", "CINPlanEndDate": "2025-02-14"}],
                "s47": [
                    {
                        "S47ActualStartDate": "2024-05-10",
                        "InitialCPCtarget": "2024-05-24",
                        "DateOfInitialCPC": "2024-05-24",
                        "ICPCnotRequired": "false",
                    }
                ],
                "cpps": [
                    {
                        "CPPstartDate": "2024-05-24",
                        "CPPendDate": "2024-11-29",
                        "InitialCategoryOfAbuse": "NEG",
                        "LatestCategoryOfAbuse": "NEG",
                        "NumberOfPreviousCPP": "0",
                        "reviews": ["2024-08-15"],
                    }
                ],
            }
        ],
    }
    open_case: Node = {
        "ids": {
            "LAchildID": "CH2",
            "UPNunknown": "UN1",
            "PersonBirthDate": "2021-10-01",
            "Sex": "M",
        },
        "Ethnicity": "APKN",
        # Eight different codes in the return, so 2887Q (fewer than 8 codes used) stays quiet.
        "Disabilities": ["MOB", "LD", "HAND", "PC", "INC", "COMM", "HEAR", "VIS"],
        "episodes": [
            {
                "CINreferralDate": "2025-01-10",
                "ReferralSource": "2A",
                "PrimaryNeedCode": "N2",
                "ReferralNFA": "0",
                "assessments": [{"AssessmentActualStartDate": "2025-03-03", "factors": []}],
            }
        ],
    }
    no_further_action: Node = {
        "ids": {
            "LAchildID": "CH3",
            "UPNunknown": "UN7",
            "PersonBirthDate": "2012-03-03",
            "Sex": "M",
        },
        "Ethnicity": "NOBT",
        "Disabilities": ["NONE"],
        "episodes": [
            {
                "CINreferralDate": "2024-09-01",
                "ReferralSource": "6",
                "CINclosureDate": "2024-09-01",
                "ReasonForClosure": "RC7",
                "ReferralNFA": "true",
            }
        ],
    }
    return [closed_case, open_case, no_further_action]


def _leaf(tag: str, value: str | None) -> str:
    return "" if value is None else f"<{tag}>{escape(value)}</{tag}>"


def _leaves(node: Node, tags: tuple[str, ...]) -> str:
    return "".join(_leaf(tag, node.get(tag)) for tag in tags)


def _episode(episode: Node) -> str:
    parts = [
        _leaves(
            episode,
            ("CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate"),
        ),
        _leaves(episode, ("ReasonForClosure", "DateOfInitialCPC")),
    ]
    for item in episode.get("assessments", []):
        factors = "".join(_leaf("AssessmentFactors", f) for f in item.get("factors", []))
        parts.append(
            "<Assessments>"
            + _leaves(
                item,
                (
                    "AssessmentActualStartDate",
                    "AssessmentInternalReviewDate",
                    "AssessmentAuthorisationDate",
                ),
            )
            + (f"<FactorsIdentifiedAtAssessment>{factors}</FactorsIdentifiedAtAssessment>")
            + "</Assessments>"
        )
    for item in episode.get("plans", []):
        leaves = _leaves(item, ("CINPlanStartDate", "CINPlanEndDate"))
        parts.append(f"<CINPlanDates>{leaves}</CINPlanDates>")
    for item in episode.get("s47", []):
        leaves = _leaves(
            item, ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired")
        )
        parts.append(f"<Section47>{leaves}</Section47>")
    parts.append(_leaf("ReferralNFA", episode.get("ReferralNFA")))
    for item in episode.get("cpps", []):
        leaves = _leaves(
            item,
            (
                "CPPstartDate",
                "CPPendDate",
                "InitialCategoryOfAbuse",
                "LatestCategoryOfAbuse",
                "NumberOfPreviousCPP",
            ),
        )
        reviews = "".join(_leaf("CPPreviewDate", r) for r in item.get("reviews", []))
        parts.append(
            f"<ChildProtectionPlans>{leaves}<Reviews>{reviews}</Reviews></ChildProtectionPlans>"
        )
    return "<CINdetails>" + "".join(parts) + "</CINdetails>"


def _child(child: Node) -> str:
    identifiers = _leaves(
        child["ids"],
        (
            "LAchildID",
            "UPN",
            "FormerUPN",
            "UPNunknown",
            "PersonBirthDate",
            "ExpectedPersonBirthDate",
            "Sex",
            "GenderCurrent",
            "PersonDeathDate",
        ),
    )
    disabilities = "".join(_leaf("Disability", d) for d in child.get("Disabilities", []))
    characteristics = _leaf("Ethnicity", child.get("Ethnicity"))
    if disabilities:
        characteristics += f"<Disabilities>{disabilities}</Disabilities>"
    episodes = "".join(_episode(e) for e in child.get("episodes", []))
    return (
        f"<Child><ChildIdentifiers>{identifiers}</ChildIdentifiers>"
        f"<ChildCharacteristics>{characteristics}</ChildCharacteristics>{episodes}</Child>"
    )


def census_xml(
    children: list[Node] | None = None,
    *,
    year: str = "2025",
    reference_date: str = "2025-03-31",
    namespace: str | None = None,
    lea: str = "990",
) -> bytes:
    """A CIN census message holding `children` (default: the clean three)."""
    kids = clean_children() if children is None else children
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    header = (
        "<Header><CollectionDetails><Collection>CIN</Collection>"
        f"{_leaf('Year', year)}{_leaf('ReferenceDate', reference_date)}</CollectionDetails>"
        f"<Source><SourceLevel>L</SourceLevel><LEA>{lea}</LEA><SoftwareCode>Thrive</SoftwareCode>"
        "<Release>1</Release><SerialNo>1</SerialNo><DateTime>2025-04-10T09:00:00</DateTime>"
        "</Source></Header>"
    )
    body = "".join(_child(c) for c in kids)
    text = (
        f'<?xml version="1.0" encoding="utf-8"?><Message{xmlns}>{header}'
        f"<Children>{body}</Children></Message>"
    )
    return text.encode("utf-8")


def census_data(
    children: list[Node] | None = None, *, year: int = 2025, **kwargs: Any
) -> ReturnData:
    """The rules' input for a synthetic census."""
    census = read_cin_bytes(census_xml(children, **kwargs))
    return to_return_data(census, year, "cin_census.xml")


def a_year_earlier(children: list[Node]) -> list[Node]:
    """The clean children moved back one collection year, with 2023/24's GenderCurrent."""
    genders = {"M": "1", "F": "2", "U": "0"}

    def shift(value: Any) -> Any:
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[:4].isdigit():
            return f"{int(value[:4]) - 1}{value[4:]}"
        if isinstance(value, list):
            return [shift(v) for v in value]
        if isinstance(value, dict):
            return {k: shift(v) for k, v in value.items()}
        return value

    moved: list[Node] = shift(copy.deepcopy(children))
    for child in moved:
        sex = child["ids"].pop("Sex", None)
        if sex is not None:
            child["ids"]["GenderCurrent"] = genders.get(sex, sex)
    return moved


def mutated(change: Any) -> list[Node]:
    """The clean children after `change(children)` edits a deep copy in place."""
    children = copy.deepcopy(clean_children())
    change(children)
    return children
