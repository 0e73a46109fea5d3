"""The CIN XML reader: flattening, namespaces, hostile input, fuzzing and end-to-end detection."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.statutory.cin.cin_xml import census_xml
from thrive.statutory.cin import registry, spec
from thrive.statutory.cin.reader import CinReadError, read_cin, read_cin_bytes
from thrive.statutory.reading import date_col
from thrive.statutory.validate import validate_paths

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&lol3;</LAchildID></ChildIdentifiers>
</Child></Children></Message>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Message>&xxe;</Message>"""
DTD_ONLY = b"""<?xml version="1.0"?><!DOCTYPE Message SYSTEM "cin.dtd"><Message/>"""


def test_flattens_every_module_with_positions_and_element_ids() -> None:
    census = read_cin_bytes(census_xml())
    assert census.year == 2025
    assert census.reference_date == dt.date(2025, 3, 31)
    assert census.local_authority == "990"
    children = census.tables[spec.CHILDREN]
    assert children.select(spec.ROW, spec.CHILD, spec.ELEMENT_ID).rows() == [
        (1, "CH1", "c1"),
        (2, "CH2", "c2"),
        (3, "CH3", "c3"),
    ]
    heights = {name: frame.height for name, frame in census.tables.items()}
    assert heights == {
        "header": 1,
        "children": 3,
        "cin_details": 3,
        "assessments": 2,
        "section47": 1,
        "cin_plans": 1,
        "cp_plans": 1,
        "cp_reviews": 1,
        "disabilities": 10,
    }
    reviews = census.tables[spec.CP_REVIEWS]
    assert reviews.select(spec.ROW, spec.ELEMENT_ID, spec.CPP_ID, spec.CIN_ID).row(0) == (
        1,
        "c1.d1.cp1.r1",
        "c1.d1.cp1",
        "c1.d1",
    )
    assert reviews.get_column(date_col("CPPreviewDate")).to_list() == [dt.date(2024, 8, 15)]
    factors = census.tables[spec.ASSESSMENTS].get_column("AssessmentFactors").to_list()
    assert factors == [["3A", "4B"], []]
    nfa = census.tables[spec.CIN_DETAILS].get_column(spec.bool_col("ReferralNFA")).to_list()
    assert nfa == [False, False, True]


def test_namespace_added_by_la_software_is_tolerated() -> None:
    plain = read_cin_bytes(census_xml())
    spaced = read_cin_bytes(census_xml(namespace="urn:example:la-software"))
    assert spaced.namespaces == ("urn:example:la-software",)
    for name in spec.TABLES:
        assert spaced.tables[name].equals(plain.tables[name]), name


def test_bad_values_stay_as_text_and_parse_to_null() -> None:
    census = read_cin_bytes(census_xml().replace(b"2015-06-15", b"15/06/2015"))
    children = census.tables[spec.CHILDREN]
    assert children.get_column("PersonBirthDate").to_list()[0] == "15/06/2015"
    assert children.get_column(date_col("PersonBirthDate")).to_list()[0] is None


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (BILLION_LAUGHS, "FILE04", "DTD"),
        (EXTERNAL_ENTITY, "FILE04", "DTD"),
        (DTD_ONLY, "FILE04", "DTD"),
        (b"", "FILE03", "empty"),
        (b"   \n", "FILE03", "empty"),
        (b"LAchildID,UPN\nA1,B\n", "FILE01", "not well-formed"),
        (b"<Message><Children></Message>", "FILE01", "not well-formed"),
        (b"<EXPSSDA903><Header/></EXPSSDA903>", "FILE10", "not a CIN census"),
    ],
)
def test_hostile_and_broken_input_is_refused_clearly(content: bytes, code: str, words: str) -> None:
    with pytest.raises(CinReadError) as caught:
        read_cin_bytes(content)
    assert caught.value.code == code
    assert words in caught.value.detail


def test_read_from_path(tmp_path: Path) -> None:
    path = tmp_path / "census.xml"
    path.write_bytes(census_xml())
    assert read_cin(path).child_count == 3


def _outcome(content: bytes) -> str:
    """ "read" when the bytes gave all nine tables, else the file-problem code."""
    try:
        census = read_cin_bytes(content)
    except CinReadError as error:
        return error.code
    return "read" if set(census.tables) == set(spec.TABLES) else "partial"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(content: bytes) -> None:
    assert _outcome(content) in {"read", "FILE01", "FILE03", "FILE04", "FILE10"}


VALID = census_xml()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=6
    ),
    st.integers(1, len(VALID)),
)
def test_mutated_valid_files_never_crash(flips: list[tuple[int, int]], keep: int) -> None:
    content = bytearray(VALID)
    for index, value in flips:
        content[index] = value
    assert _outcome(bytes(content[:keep])) in {"read", "FILE01", "FILE03", "FILE04", "FILE10"}


def test_validate_detects_cin_and_year_from_contents(tmp_path: Path) -> None:
    path = tmp_path / "anything.dat.xml"
    path.write_bytes(census_xml(namespace="urn:la"))
    report = validate_paths([path])
    assert [(run.return_id, run.year, run.rows_checked > 0) for run in report.runs] == [
        ("cin", 2025, True)
    ]
    assert report.issues == []
    assert report.exit_code == 0


def test_validate_reports_cin_errors_with_child_and_position(tmp_path: Path) -> None:
    path = tmp_path / "census.xml"
    path.write_bytes(census_xml().replace(b"<Sex>M</Sex>", b"<Sex>1</Sex>", 1))
    report = validate_paths([path], return_="cin")
    found = [(i.rule, i.file, i.table, i.row, i.child, i.fields) for i in report.issues]
    assert found == [("4180", str(path), "children", 2, "CH2", ("Sex",))]
    assert report.exit_code == 1


def test_validate_reports_hostile_cin_file(tmp_path: Path) -> None:
    path = tmp_path / "census.xml"
    path.write_bytes(BILLION_LAUGHS)
    report = validate_paths([path], return_="cin")
    assert [(i.rule, i.file) for i in report.issues] == [("FILE04", str(path))]
    assert "DTD" in report.issues[0].message
    assert report.exit_code == 2


def test_unsupported_year_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "census.xml"
    path.write_bytes(census_xml(year="2019", reference_date="2019-03-31"))
    report = validate_paths([path])
    assert [i.rule for i in report.issues] == ["FILE12"]


EXPECTED_CODES = sorted(
    [
        "100",
        "1103",
        "1104",
        "1105",
        "1510",
        "1520",
        "1530",
        "1540",
        "1550",
        "1560Q",
        "1570",
        "1580",
        "2883",
        "2884",
        "2885",
        "2886Q",
        "2887Q",
        "2888Q",
        "2889",
        "2990",
        "2991Q",
        "4000",
        "4001",
        "4003",
        "4004",
        "4008",
        "4009Q",
        "4010",
        "4011",
        "4012Q",
        "4013",
        "4014",
        "4015",
        "4016",
        "4017",
        "4180",
        "4220",
        "8500",
        "8510",
        "8520",
        "8525Q",
        "8530Q",
        "8535Q",
        "8540",
        "8545Q",
        "8555Q",
        "8565",
        "8568",
        "8569Q",
        "8585Q",
        "8590",
        "8600",
        "8606",
        "8608",
        "8610",
        "8614",
        "8615",
        "8617",
        "8620",
        "8630",
        "8640",
        "8650",
        "8670Q",
        "8675Q",
        "8696",
        "8715",
        "8720",
        "8730",
        "8736",
        "8740",
        "8750",
        "8770Q",
        "8772",
        "8775Q",
        "8790",
        "8794",
        "8805",
        "8810",
        "8815",
        "8816",
        "8820",
        "8825Q",
        "8831",
        "8832",
        "8839",
        "8840",
        "8841",
        "8842Q",
        "8863Q",
        "8866",
        "8867",
        "8868",
        "8869",
        "8870Q",
        "8873Q",
        "8875",
        "8890",
        "8896",
        "8897Q",
        "8898",
        "8899Q",
        "8905",
        "8910",
        "8915",
        "8920",
        "8925",
        "8930",
        "8935",
        "8940",
        "8945Q",
        "8950Q",
    ]
)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_each_years_rule_set_is_pinned(year: int) -> None:
    assert sorted(registry.codes_for(year)) == EXPECTED_CODES


def test_2023_24_rule_set_is_pinned() -> None:
    added_in_2025 = {"1570", "1580", "8945Q", "8950Q"}
    assert sorted(registry.codes_for(2024)) == sorted(set(EXPECTED_CODES) - added_in_2025)
    gender = {r.code: r.fields[0] for r in registry.rules_for(2024) if r.code in {"4180", "8750"}}
    assert gender == {"4180": "GenderCurrent", "8750": "GenderCurrent"}


def test_query_codes_are_queries_and_others_errors() -> None:
    for rule in registry.rules_for(2025):
        assert str(rule.severity) == ("query" if rule.code.endswith("Q") else "error"), rule.code


def test_2023_24_code_lists_are_pinned() -> None:
    codes = spec.code_lists(2024)
    assert codes.sex == frozenset()
    assert codes.gender_current == {"0", "1", "2", "9"}
    assert {"18A", "19A"} <= codes.assessment_factors


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_each_years_code_lists_are_pinned(year: int) -> None:
    codes = spec.code_lists(year)
    assert codes.sex == {"M", "F", "U"}
    assert codes.gender_current == frozenset()
    assert len(codes.ethnicity) == 20
    assert codes.reason_for_closure == {f"RC{n}" for n in range(1, 10)}
    assert codes.primary_need == {f"N{n}" for n in range(10)}
    assert {"18A", "19A", "8A"}.isdisjoint(codes.assessment_factors)
    assert {"18B", "18C", "19B", "19C", "21", "24A"} <= codes.assessment_factors
    assert codes.upn_unknown == {f"UN{n}" for n in range(1, 8)}


def test_unsupported_code_list_year_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="2019 is not supported"):
        spec.code_lists(2019)


def test_utf8_bom_and_windows_1252_declared_files_are_read(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf" + census_xml()
    assert read_cin_bytes(bom).child_count == 3
    latin = census_xml().replace(b'encoding="utf-8"', b'encoding="windows-1252"')
    latin = latin.replace(b"<SoftwareCode>Thrive", "<SoftwareCode>Thrivé".encode("cp1252"))
    census = read_cin_bytes(latin)
    assert census.tables[spec.HEADER].get_column("SoftwareCode").to_list() == ["Thrivé"]


def test_ssda903_file_given_as_cin_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,M,01/01/2015,WBRI,UN1,,\n")
    report = validate_paths([path], return_="cin")
    assert [i.rule for i in report.issues] == ["FILE09"]
    assert report.exit_code == 2


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "census.xml"
    path.write_bytes(census_xml())
    report = validate_paths([path], size_limit=1024)
    assert [i.rule for i in report.issues] == ["FILE02"]
