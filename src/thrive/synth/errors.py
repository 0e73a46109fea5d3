"""Deliberate errors: a catalogue of validation rules and a mutation that breaks each one.

Every mutation changes one row (or one <Child>) so that exactly its rule fires there, chosen
among rows where the change cannot set off other rules (e.g. a one-episode period for a bad
legal status). Rule codes are DfE's / the community validators' codes for SSDA903 and the CIN
census (domain notes section 4), AA01-AA08 for Annex A and WF01-WF20 for the workforce files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from lxml import etree

from thrive.synth.cin import CinDocument
from thrive.synth.simulate import upn_check_letter
from thrive.synth.tables import RowFacts, Table

Rng = np.random.Generator


@dataclass(frozen=True, slots=True)
class InjectedError:
    """One line of truth.json."""

    rule: str
    return_id: str
    file: str
    table: str
    row: int
    child: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "return": self.return_id,
            "file": self.file,
            "table": self.table,
            "row": self.row,
            "child": self.child,
        }


# --- table (CSV / XLSX) rules ----------------------------------------------------------------

Eligible = Callable[[list[Any], RowFacts, int], bool]
Mutate = Callable[[Table, int, int], None]


@dataclass(frozen=True, slots=True)
class TableRule:
    code: str
    table: str
    eligible: Eligible
    mutate: Mutate
    min_year: int = 0


def _parse_uk(text: str) -> dt.date:
    day, month, year = (int(part) for part in text.split("/"))
    return dt.date(year, month, day)


def _uk(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _set(column: str, value: str) -> Mutate:
    def mutate(table: Table, index: int, year: int) -> None:
        table.rows[index][table.index(column)] = value

    return mutate


def _shift_from(column: str, source: str, days: int) -> Mutate:
    def mutate(table: Table, index: int, year: int) -> None:
        row = table.rows[index]
        row[table.index(column)] = _uk(_parse_uk(row[table.index(source)]) + dt.timedelta(days))

    return mutate


def _blank_columns(*columns: str) -> Mutate:
    def mutate(table: Table, index: int, year: int) -> None:
        for column in columns:
            table.rows[index][table.index(column)] = ""

    return mutate


def _tag(name: str) -> Eligible:
    return lambda row, facts, year: bool(facts.tags.get(name))


def _single_closed(row: list[Any], facts: RowFacts, year: int) -> bool:
    return bool(facts.tags.get("single")) and facts.tags.get("length") is not None


def _single_long(days: int) -> Eligible:
    def eligible(row: list[Any], facts: RowFacts, year: int) -> bool:
        length = facts.tags.get("length")
        return (
            _single_closed(row, facts, year)
            and length is not None
            and length > days
            and row[3] in ("V2", "C1", "C2")
        )

    return eligible


def _single_young(age: int, reasons: tuple[str, ...]) -> Eligible:
    def eligible(row: list[Any], facts: RowFacts, year: int) -> bool:
        return (
            _single_closed(row, facts, year)
            and int(facts.tags.get("age_start", 99)) < age
            and row[8] in reasons
        )

    return eligible


RETURNED_HOME: Final = ("E4A", "E4B", "E13", "E3", "E8")


def _in_year_closed(row: list[Any], facts: RowFacts, year: int) -> bool:
    return bool(facts.tags.get("starts_in_year")) and bool(facts.tags.get("closed"))


def _continuation_code(table: Table, index: int, year: int) -> None:
    """A new period's RNE S replaced by the continuation code for what did change (433 only)."""
    row, previous = table.rows[index], table.rows[index - 1]
    status = row[3] != previous[3]
    placement = [row[i] for i in (5, 6, 11, 12)] != [previous[i] for i in (5, 6, 11, 12)]
    row[2] = "B" if status and placement else "L" if status else "P"


def _sex_invalid(table: Table, index: int, year: int) -> None:
    table.rows[index][1] = "3" if year <= 2024 else "X"


def _second_missing(table: Table, index: int, year: int) -> None:
    row = table.rows[index]
    row[3] = table.rows[index - 1][3]


def _overlap_eligible(row: list[Any], facts: RowFacts, year: int) -> bool:
    # Starting on the first day of a one-day period is not an overlap by DfE's rule 574
    # ("starts before the previous one ended"), so the previous period must span days.
    return (
        bool(facts.tags.get("previous_same_child"))
        and bool(facts.tags.get("previous_spans_days"))
        and row[4] != ""
    )


SSDA903_RULES: Final[tuple[TableRule, ...]] = (
    TableRule("101", "header", _tag("only_this_year"), _sex_invalid),
    TableRule("103", "header", _tag("only_this_year"), _set("ETHNIC", "XXXX")),
    TableRule("168", "header", _tag("only_this_year"), _set("UPN", "A12")),
    TableRule(
        "143",
        "episodes",
        lambda row, facts, year: (
            not facts.tags.get("first_of_period")
            and _in_year_closed(row, facts, year)
            and row[5] not in ("A3", "A5")  # those need RNE S/T/U (217)
        ),
        _set("RNE", "Q"),
    ),
    TableRule("144", "episodes", _single_closed, _set("LS", "Z9")),
    TableRule("145", "episodes", _single_closed, _set("CIN", "NX")),
    TableRule("146", "episodes", _single_closed, _set("PLACE", "Z9")),
    TableRule(
        "149",
        "episodes",
        lambda row, facts, year: _single_closed(row, facts, year) and row[8] in RETURNED_HOME,
        _set("REC", "E99"),
    ),
    TableRule(
        "1009",
        "episodes",
        lambda row, facts, year: row[9] not in ("", "PLACE") and _in_year_closed(row, facts, year),
        _set("REASON_PLACE_CHANGE", "XXXXX"),
    ),
    TableRule("141", "episodes", _single_closed, _set("DECOM", "2024-13-01")),
    TableRule("147", "episodes", _single_closed, _set("DEC", "32/01/2025")),
    TableRule("148", "episodes", _single_closed, _set("REC", "")),
    TableRule(
        "356",
        "episodes",
        lambda row, facts, year: (
            _single_closed(row, facts, year) and _parse_uk(row[1]) >= dt.date(year - 1, 4, 20)
        ),
        _shift_from("DEC", "DECOM", -7),
    ),
    TableRule("355", "episodes", _single_long(1), lambda t, i, y: _copy(t, i, "DEC", "DECOM")),
    TableRule(
        "357",
        "episodes",
        lambda row, facts, year: (
            bool(facts.tags.get("first_ever"))
            and bool(facts.tags.get("starts_in_year"))
            and bool(facts.tags.get("single"))
        ),
        _set("RNE", "P"),
    ),
    TableRule(
        "388",
        "episodes",
        lambda row, facts, year: (
            _single_closed(row, facts, year)
            and row[8] in ("E4A", "E4B", "E13")
            and not facts.tags.get("next_in_file")
        ),
        _set("REC", "X1"),
    ),
    TableRule(
        "433",
        "episodes",
        lambda row, facts, year: (
            bool(facts.tags.get("new_period_after_earlier")) and _in_year_closed(row, facts, year)
        ),
        _continuation_code,
    ),
    TableRule("358", "episodes", _single_young(10, ("E4A", "E4B")), _set("LS", "J1")),
    TableRule("361", "episodes", _single_long(4), _set("LS", "L1")),
    TableRule("362", "episodes", _single_long(22), _set("LS", "L2")),
    TableRule("363", "episodes", _single_long(8), _set("LS", "L3")),
    TableRule("387", "episodes", _single_young(13, ("E4A", "E4B")), _set("REC", "E5")),
    TableRule("389", "episodes", _single_young(15, ("E4A", "E4B")), _set("REC", "E7")),
    TableRule(
        "142",
        "episodes",
        lambda row, facts, year: (
            bool(facts.tags.get("continues"))
            and bool(facts.tags.get("next_in_file"))
            and bool(facts.tags.get("starts_in_year"))
        ),
        _blank_columns("DEC", "REC", "REASON_PLACE_CHANGE"),
    ),
    TableRule(
        "567",
        "missing",
        lambda row, facts, year: row[4] != "",
        _shift_from("MIS_END", "MIS_START", -2),
    ),
    TableRule("574", "missing", _overlap_eligible, _second_missing),
    TableRule(
        "SW02STG1",
        "social_worker_episodes",
        _in_year_closed,
        lambda t, i, y: _set("SW_ID", "AB" + t.rows[i][2][2:])(t, i, y),
    ),
    TableRule(
        "186",
        "oc2",
        # 186 covers children 4+ at the start and under 17 at the end of the year; a blank SDQ
        # on a 4th or 17th birthday in the year is 197B's, not 186's.
        lambda row, facts, year: (
            (row[2] != "" or row[3] != "")
            and int(facts.tags.get("age_start", 0)) >= 4
            and int(facts.tags.get("age_end", 99)) < 17
        ),
        _blank_columns("SDQ_SCORE", "SDQ_REASON"),
    ),
    TableRule(
        "188",
        "oc2",
        lambda row, facts, year: int(facts.tags.get("age_end", 99)) < 4,
        _set("SDQ_SCORE", "12"),
    ),
)


def _copy(table: Table, index: int, target: str, source: str) -> None:
    row = table.rows[index]
    row[table.index(target)] = row[table.index(source)]


def _swap_gender(table: Table, index: int, year: int) -> None:
    row = table.rows[index]
    row[1] = "Female" if row[1] == "Male" else "Male"


def _annex_shift(column: str, source: str, days: int) -> Mutate:
    def mutate(table: Table, index: int, year: int) -> None:
        row = table.rows[index]
        row[table.index(column)] = row[table.index(source)] - dt.timedelta(days)

    return mutate


def _age_wrong(table: Table, index: int, year: int) -> None:
    row = table.rows[index]
    row[4] = int(row[4]) + 3


ANNEXA_RULES: Final[tuple[TableRule, ...]] = (
    TableRule("AA01", "list_3", lambda row, facts, year: True, lambda t, i, y: _blank(t, i, 0)),
    TableRule("AA02", "list_3", lambda row, facts, year: True, _set("Referral Source", "")),
    TableRule(
        "AA03", "list_1", lambda row, facts, year: True, _set("Date of Contact", "2024-13-01")
    ),
    TableRule("AA04", "list_3", lambda row, facts, year: True, _set("Referral Source", "99")),
    TableRule(
        "AA05",
        "list_1",
        lambda row, facts, year: str(row[0]).startswith("K") and int(row[4]) >= 2,
        _annex_shift("Date of Contact", "Date of Contact", 400),
    ),
    TableRule(
        "AA06",
        "list_4",
        lambda row, facts, year: facts.tags.get("order") is not None,
        _annex_shift(
            "Continuous Assessment Date of Authorisation", "Continuous Assessment Start Date", 5
        ),
    ),
    TableRule("AA07", "list_1", lambda row, facts, year: str(row[0]).startswith("K"), _age_wrong),
    TableRule("AA08", "list_3", _tag("has_contact"), _swap_gender),
)


def _blank(table: Table, index: int, column: int) -> None:
    table.rows[index][column] = None


def _leaver(row: list[Any], facts: RowFacts, year: int) -> bool:
    return bool(facts.tags.get("left"))


def _in_post(row: list[Any], facts: RowFacts, year: int) -> bool:
    return not facts.tags.get("left")


WORKFORCE_RULES: Final[tuple[TableRule, ...]] = (
    TableRule(
        "WF01",
        "staff",
        lambda row, facts, year: bool(facts.tags.get("previous_row")),
        lambda t, i, y: _set("StaffID", t.rows[i - 1][2])(t, i, y),
    ),
    TableRule("WF02", "staff", _in_post, _set("FTE", "1.50")),
    TableRule("WF03", "staff", _in_post, _set("StartDate", "31/02/2020")),
    TableRule("WF04", "staff", _leaver, _shift_from("LeavingDate", "StartDate", -30)),
    TableRule("WF05", "staff", _in_post, _set("Agency", "2")),
    TableRule("WF06", "staff", _in_post, _set("Role", "9")),
    TableRule(
        "WF07",
        "staff",
        lambda row, facts, year: _in_post(row, facts, year) and row[11] not in ("", "0"),
        _set("CasesHeld", "-1"),
    ),
    TableRule("WF08", "staff", _leaver, _set("ReasonLeaving", "")),
    TableRule("WF09", "staff", _leaver, _set("ReasonLeaving", "XXX")),
    TableRule("WF10", "staff", _in_post, _set("SWENumber", "12345")),
    TableRule(
        "WF11",
        "staff",
        _in_post,
        lambda t, i, y: _set("CensusDate", f"31/03/{y + 1}")(t, i, y),
    ),
    TableRule("WF12", "staff", _in_post, _shift_from("StartDate", "CensusDate", 10)),
    TableRule("WF13", "staff", _leaver, _set("CasesHeld", "5")),
    TableRule("WF14", "staff", _in_post, _set("Ethnicity", "XXXX")),
    TableRule("WF15", "staff", _in_post, _set("Gender", "X")),
    TableRule("WF16", "staff", _in_post, _shift_from("DateOfBirth", "CensusDate", -16 * 365)),
    TableRule("WF17", "vacancies", lambda row, facts, year: True, _set("VacantFTE", "n/a")),
    TableRule(
        "WF18",
        "vacancies",
        lambda row, facts, year: True,
        lambda t, i, y: _set("CoveredByAgencyFTE", f"{float(t.rows[i][4]) + 1.0:.1f}")(t, i, y),
    ),
    TableRule(
        "WF19",
        "staff",
        _in_post,
        lambda t, i, y: _set("LA", "998" if t.rows[i][0] == "999" else "999")(t, i, y),
    ),
    TableRule(
        "WF20",
        "staff",
        lambda row, facts, year: bool(facts.tags.get("agency")),
        _set("SicknessDays", "3.0"),
    ),
)


# --- CIN census rules (mutating the XML tree) ------------------------------------------------

CinEligible = Callable[[etree._Element, int, int], list[etree._Element]]
CinMutate = Callable[[etree._Element, etree._Element, int], None]


@dataclass(frozen=True, slots=True)
class CinRule:
    code: str
    table: str
    targets: Callable[[etree._Element, int, int], list[etree._Element]]
    mutate: CinMutate
    min_year: int = 0


def _text(element: etree._Element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.text


def _iso(text: str | None) -> dt.date:
    return dt.date.fromisoformat(text or "")


def _set_text(path: str, value: str) -> CinMutate:
    def mutate(child: etree._Element, target: etree._Element, year: int) -> None:
        found = target.find(path)
        if found is not None:
            found.text = value

    return mutate


def _shift_element(path: str, source: str, days: int) -> CinMutate:
    def mutate(child: etree._Element, target: etree._Element, year: int) -> None:
        found = target.find(path)
        base = target.find(source)
        if found is not None and base is not None:
            found.text = (_iso(base.text) + dt.timedelta(days)).isoformat()

    return mutate


def _remove(path: str) -> CinMutate:
    def mutate(child: etree._Element, target: etree._Element, year: int) -> None:
        found = target.find(path)
        if found is not None:
            target.remove(found)

    return mutate


def _whole(child: etree._Element, start: int, end: int) -> list[etree._Element]:
    return [child]


def _born_with_open_referral(child: etree._Element, start: int, end: int) -> list[etree._Element]:
    """A born child with at least one referral that is not NFA: DfE 8540 asks for valid
    disability codes of those children only."""
    born = child.find("ChildIdentifiers/PersonBirthDate") is not None
    referred = any(d.findtext("ReferralNFA") in ("false", "0") for d in child.findall("CINdetails"))
    return [child] if born and referred else []


def _details(predicate: Callable[[etree._Element, int, int], bool]) -> CinEligible:
    def targets(child: etree._Element, start: int, end: int) -> list[etree._Element]:
        return [d for d in child.findall("CINdetails") if predicate(d, start, end)]

    return targets


def _modules(
    path: str, predicate: Callable[[etree._Element, etree._Element, int, int], bool]
) -> CinEligible:
    def targets(child: etree._Element, start: int, end: int) -> list[etree._Element]:
        return [
            m
            for d in child.findall("CINdetails")
            for m in d.findall(path)
            if predicate(d, m, start, end)
        ]

    return targets


def _referral_after(days: int) -> Callable[[etree._Element, int], bool]:
    def check(details: etree._Element, start: int) -> bool:
        return _iso(_text(details, "CINreferralDate")).toordinal() >= start + days

    return check


def _before_referral(path: str, days: int) -> CinMutate:
    def mutate(child: etree._Element, target: etree._Element, year: int) -> None:
        details = target.getparent()
        found = target.find(path)
        if details is not None and found is not None:
            referral = _iso(_text(details, "CINreferralDate"))
            found.text = (referral - dt.timedelta(days)).isoformat()

    return mutate


def _upn_la(child: etree._Element, target: etree._Element, year: int) -> None:
    found = target.find("ChildIdentifiers/UPN")
    if found is not None and found.text:
        body = "000" + found.text[4:]
        found.text = upn_check_letter(body) + body


def _upn_letter(child: etree._Element, target: etree._Element, year: int) -> None:
    found = target.find("ChildIdentifiers/UPN")
    if found is not None and found.text:
        letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
        wrong = letters[(letters.index(found.text[0]) + 7) % len(letters)]
        found.text = wrong + found.text[1:]


def _expected_birth(child: etree._Element, target: etree._Element, year: int) -> None:
    identifiers = target.find("ChildIdentifiers")
    born = target.find("ChildIdentifiers/PersonBirthDate")
    if identifiers is not None and born is not None:
        expected = etree.Element("ExpectedPersonBirthDate")
        expected.text = f"{year}-06-15"  # inside March-December of the census year (8530Q)
        born.addnext(expected)


def _to_saturday(child: etree._Element, target: etree._Element, year: int) -> None:
    found = target.find("DateOfInitialCPC")
    if found is not None:
        day = _iso(found.text)
        found.text = (day - dt.timedelta((day.weekday() - 5) % 7)).isoformat()


def _factor_none(child: etree._Element, target: etree._Element, year: int) -> None:
    factors = target.find("FactorsIdentifiedAtAssessment")
    if factors is not None:
        extra = etree.SubElement(factors, "AssessmentFactors")
        extra.text = "21"


def _first_review_on_start(child: etree._Element, target: etree._Element, year: int) -> None:
    review = target.find("Reviews/CPPreviewDate")
    if review is not None:
        review.text = _text(target, "CPPstartDate")


def _plain(details: etree._Element) -> bool:
    """An assessment only: no S47, plans or care activity to clash with."""
    return (
        details.find("Assessments") is not None
        and details.find("Section47") is None
        and details.find("CINPlanDates") is None
        and details.find("ChildProtectionPlans") is None
    )


CIN_RULES: Final[tuple[CinRule, ...]] = (
    CinRule("8500", "children", _whole, _set_text("ChildIdentifiers/LAchildID", "")),
    CinRule("8510", "children", _whole, lambda c, t, y: None),  # filled in by the injector
    CinRule(
        "1570",
        "children",
        _whole,
        lambda c, t, y: _set_text(
            "ChildIdentifiers/LAchildID", (_text(t, "ChildIdentifiers/LAchildID") or "") + "X" * 16
        )(c, t, y),
        min_year=2025,
    ),
    CinRule(
        "1580",
        "children",
        _whole,
        lambda c, t, y: _set_text(
            "ChildIdentifiers/LAchildID", (_text(t, "ChildIdentifiers/LAchildID") or "")[:-1] + "-"
        )(c, t, y),
        min_year=2025,
    ),
    CinRule(
        "1510",
        "children",
        lambda c, s, e: [c] if c.find("ChildIdentifiers/UPN") is not None else [],
        _upn_letter,
    ),
    CinRule(
        "1530",
        "children",
        lambda c, s, e: [c] if c.find("ChildIdentifiers/UPN") is not None else [],
        _upn_la,
    ),
    CinRule(
        "1520",
        "children",
        lambda c, s, e: [c] if c.find("ChildIdentifiers/UPN") is not None else [],
        lambda c, t, y: None,
    ),  # filled in by the injector
    CinRule("4180", "children", _whole, _set_text("ChildIdentifiers/Sex", "X"), min_year=2025),
    CinRule("8525Q", "children", _whole, _expected_birth),
    CinRule("4220", "children", _whole, _set_text("ChildCharacteristics/Ethnicity", "XXXX")),
    CinRule(
        "8540",
        "disabilities",
        _born_with_open_referral,
        _set_text("ChildCharacteristics/Disabilities/Disability", "XXX"),
    ),
    CinRule(
        "8866", "cin_details", _details(lambda d, s, e: True), _set_text("ReferralSource", "99")
    ),
    CinRule(
        "8650", "cin_details", _details(lambda d, s, e: True), _set_text("PrimaryNeedCode", "N10")
    ),
    CinRule(
        "8640",
        "cin_details",
        _details(lambda d, s, e: d.find("ReasonForClosure") is not None),
        _set_text("ReasonForClosure", "RC0"),
    ),
    CinRule(
        "8610",
        "cin_details",
        _details(lambda d, s, e: _text(d, "ReferralNFA") == "false"),
        _remove("PrimaryNeedCode"),
    ),
    CinRule(
        "8805",
        "cin_details",
        _details(lambda d, s, e: d.find("ReasonForClosure") is not None),
        _remove("ReasonForClosure"),
    ),
    CinRule(
        "8630",
        "cin_details",
        _details(
            lambda d, s, e: (
                _text(d, "ReferralNFA") == "true"
                and d.find("CINclosureDate") is not None
                and _referral_after(10)(d, s)
            )
        ),
        _shift_element("CINclosureDate", "CINreferralDate", -5),
    ),
    CinRule(
        "8831",
        "cin_details",
        _details(lambda d, s, e: _text(d, "ReferralNFA") == "false" and _plain(d)),
        _set_text("ReferralNFA", "true"),
    ),
    CinRule(
        "1103",
        "assessments",
        _modules(
            "Assessments",
            lambda d, m, s, e: (
                _referral_after(10)(d, s) and _text(m, "AssessmentActualStartDate") is not None
            ),
        ),
        _before_referral("AssessmentActualStartDate", 3),
    ),
    CinRule(
        "8608",
        "assessments",
        _modules(
            "Assessments",
            lambda d, m, s, e: (
                m.find("AssessmentAuthorisationDate") is not None
                and _iso(_text(m, "AssessmentActualStartDate")).toordinal() >= s + 5
            ),
        ),
        _shift_element("AssessmentAuthorisationDate", "AssessmentActualStartDate", -2),
    ),
    CinRule(
        "8869",
        "assessments",
        _modules(
            "Assessments",
            lambda d, m, s, e: (
                m.find("FactorsIdentifiedAtAssessment") is not None
                and _text(d, "ReasonForClosure") in (None, "RC8")
            ),
        ),
        _factor_none,
    ),
    CinRule(
        "4011",
        "cin_plans",
        _modules(
            "CINPlanDates",
            lambda d, m, s, e: (
                m.find("CINPlanEndDate") is not None
                and _iso(_text(m, "CINPlanStartDate")).toordinal() >= s + 5
            ),
        ),
        _shift_element("CINPlanEndDate", "CINPlanStartDate", -2),
    ),
    CinRule(
        "4015",
        "cin_plans",
        _modules("CINPlanDates", lambda d, m, s, e: _referral_after(10)(d, s)),
        _before_referral("CINPlanStartDate", 3),
    ),
    CinRule(
        "2889",
        "section47",
        _modules("Section47", lambda d, m, s, e: _referral_after(10)(d, s)),
        _before_referral("S47ActualStartDate", 3),
    ),
    CinRule(
        "8875",
        "section47",
        _modules(
            "Section47",
            lambda d, m, s, e: (
                m.find("DateOfInitialCPC") is not None
                and (_iso(_text(m, "DateOfInitialCPC")) - _iso(_text(m, "S47ActualStartDate"))).days
                >= 7
                and _iso(_text(m, "DateOfInitialCPC")).toordinal() >= s + 7
                and _text(m, "DateOfInitialCPC")
                not in [p.findtext("CPPstartDate") for p in d.findall("ChildProtectionPlans")]
            ),
        ),
        _to_saturday,
    ),
    CinRule(
        "8925",
        "cp_plans",
        _modules(
            "ChildProtectionPlans",
            lambda d, m, s, e: (
                m.find("CPPendDate") is not None
                and _iso(_text(m, "CPPstartDate")).toordinal() >= s + 10
            ),
        ),
        _shift_element("CPPendDate", "CPPstartDate", -2),
    ),
    CinRule(
        "8840",
        "cp_plans",
        _modules(
            "ChildProtectionPlans",
            lambda d, m, s, e: (
                m.find("CPPendDate") is not None
                and m.find("Reviews") is None
                and _iso(_text(m, "CPPstartDate")).toordinal() >= s
            ),
        ),
        _shift_element("CPPendDate", "CPPstartDate", 0),
    ),
    CinRule(
        "8841",
        "cp_reviews",
        _modules(
            "ChildProtectionPlans",
            lambda d, m, s, e: (
                m.find("Reviews") is not None and _iso(_text(m, "CPPstartDate")).toordinal() >= s
            ),
        ),
        _first_review_on_start,
    ),
    CinRule(
        "8905",
        "cp_plans",
        _modules("ChildProtectionPlans", lambda d, m, s, e: True),
        _set_text("InitialCategoryOfAbuse", "XYZ"),
    ),
    CinRule(
        "8910",
        "cp_plans",
        _modules("ChildProtectionPlans", lambda d, m, s, e: True),
        _set_text("LatestCategoryOfAbuse", "XYZ"),
    ),
)


def catalogue() -> dict[str, tuple[str, ...]]:
    """Rule codes the injector can produce, per return."""
    return {
        "ssda903": tuple(rule.code for rule in SSDA903_RULES),
        "cin": tuple(rule.code for rule in CIN_RULES),
        "annexa": tuple(rule.code for rule in ANNEXA_RULES),
        "workforce": tuple(rule.code for rule in WORKFORCE_RULES),
    }


# --- the injector ---------------------------------------------------------------------------


def inject_tables(
    tables: dict[str, Table],
    rules: tuple[TableRule, ...],
    *,
    rate: float,
    rng: Rng,
    year: int,
    return_id: str,
    files: dict[str, str],
) -> list[InjectedError]:
    """Mutate about `rate` x rows; return what was done (rows 1-based after the header)."""
    total = sum(len(table.rows) for table in tables.values())
    wanted = round(rate * total)
    if wanted == 0:
        return []
    usable = [rule for rule in rules if year >= rule.min_year and rule.table in tables]
    candidates: dict[str, list[int]] = {}
    for rule in usable:
        table = tables[rule.table]
        candidates[rule.code] = [
            i for i, row in enumerate(table.rows) if rule.eligible(row, table.facts[i], year)
        ]
    touched_rows: set[tuple[str, int]] = set()
    touched_children: set[str] = set()
    injected: list[InjectedError] = []
    order = [usable[i] for i in rng.permutation(len(usable))]
    exhausted: set[str] = set()
    position = 0
    while len(injected) < wanted and len(exhausted) < len(order):
        rule = order[position % len(order)]
        position += 1
        if rule.code in exhausted:
            continue
        pool = candidates[rule.code]
        table = tables[rule.table]
        chosen: int | None = None
        for _ in range(20):
            if not pool:
                break
            pick = pool.pop(int(rng.integers(0, len(pool))))
            child = table.facts[pick].child
            if (rule.table, pick) in touched_rows or (
                child is not None and child in touched_children
            ):
                continue
            chosen = pick
            break
        if chosen is None:
            exhausted.add(rule.code)
            continue
        rule.mutate(table, chosen, year)
        touched_rows.add((rule.table, chosen))
        child_id = table.facts[chosen].child
        if child_id is not None:
            touched_children.add(child_id)
        written = table.rows[chosen][0] if rule.table not in ("staff",) else table.rows[chosen][2]
        written_child = None if child_id is None or written in (None, "") else str(written)
        injected.append(
            InjectedError(
                rule.code, return_id, files[rule.table], rule.table, chosen + 2, written_child
            )
        )
    return injected


def inject_cin(
    document: CinDocument, *, rate: float, rng: Rng, year: int, file: str
) -> list[InjectedError]:
    """Mutate about `rate` x <Child> elements of the census."""
    wanted = round(rate * len(document.facts))
    if wanted == 0:
        return []
    document.parse()
    start = dt.date(year - 1, 4, 1).toordinal()
    end = dt.date(year, 3, 31).toordinal()
    usable = [rule for rule in CIN_RULES if year >= rule.min_year]
    order = [usable[i] for i in rng.permutation(len(usable))]
    touched: set[int] = set()
    injected: list[InjectedError] = []
    exhausted: set[str] = set()
    position = 0
    count = len(document.children)
    once = {"8500"}
    while len(injected) < wanted and len(exhausted) < len(order):
        rule = order[position % len(order)]
        position += 1
        if rule.code in exhausted:
            continue
        done = False
        for _ in range(40):
            index = int(rng.integers(0, count))
            if index in touched or (rule.code == "8510" and index == 0):
                continue
            child = document.children[index]
            targets = rule.targets(child, start, end)
            if not targets:
                continue
            target = targets[int(rng.integers(0, len(targets)))]
            if rule.code == "8510":
                other = document.children[index - 1]
                if index - 1 in touched:
                    continue
                _set_text(
                    "ChildIdentifiers/LAchildID", _text(other, "ChildIdentifiers/LAchildID") or ""
                )(child, child, year)
            elif rule.code == "1520":
                donor = next(
                    (
                        document.children[j]
                        for j in range(index - 1, -1, -1)
                        if j not in touched
                        and document.children[j].find("ChildIdentifiers/UPN") is not None
                    ),
                    None,
                )
                if donor is None:
                    continue
                _set_text("ChildIdentifiers/UPN", _text(donor, "ChildIdentifiers/UPN") or "")(
                    child, child, year
                )
            else:
                rule.mutate(child, target, year)
            touched.add(index)
            written = _text(child, "ChildIdentifiers/LAchildID")
            injected.append(
                InjectedError(rule.code, "cin", file, rule.table, index + 1, written or None)
            )
            done = True
            break
        if not done or rule.code in once:
            exhausted.add(rule.code)
    return injected
