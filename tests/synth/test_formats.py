"""Generated files have exactly the contracted layout, headers and per-year codes."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import defusedxml.ElementTree as SafeTree
import openpyxl

from thrive.synth import annexa, ssda903, workforce
from thrive.synth.simulate import upn_check_letter

ETHNIC = {
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
    "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
}  # fmt: skip
LEGAL_STATUS = {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"}
PLACE_2026 = {
    "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0",
    "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11", "Z12", "Z13", "Z14",
}  # fmt: skip
REC = {
    "X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48",
    "E5", "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8",
}  # fmt: skip


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_layout_is_the_contract(clean_council: Path) -> None:
    files = sorted(
        str(p.relative_to(clean_council)) for p in clean_council.rglob("*") if p.is_file()
    )
    expected = sorted(
        [f"ssda903/{y}/{t}.csv" for y in (2025, 2026) for t in ssda903.TABLE_NAMES]
        + [f"cin/{y}/cin_census.xml" for y in (2025, 2026)]
        + ["annexa/annex_a.xlsx", "truth.json", "councils.csv"]
        + [f"workforce/{y}/workforce_{n}.csv" for y in (2024, 2025) for n in ("staff", "vacancies")]
    )
    assert files == expected
    assert _csv(clean_council / "councils.csv") == [
        ["code", "name", "region", "population_0_17", "postcode_la", "ons_code"],
        ["990", "Northbridge", "North East", "4000", "318", "E09000027"],
    ]


def test_ssda903_headers_are_dfe_column_names(clean_council: Path) -> None:
    header = _csv(clean_council / "ssda903/2026/header.csv")[0]
    assert header == ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
    episodes = _csv(clean_council / "ssda903/2026/episodes.csv")[0]
    assert episodes == [
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    ]  # fmt: skip
    for name, columns in ssda903.COLUMNS.items():
        assert _csv(clean_council / f"ssda903/2025/{name}.csv")[0] == list(columns)


def test_ssda903_sex_codes_change_in_2024_25(tmp_path: Path) -> None:
    from thrive.synth.generate import GenerateOptions, generate

    generate(GenerateOptions(out=tmp_path / "o", seed=2, years=2, end_year=2025, population=2500))
    sexes_2024 = {row[1] for row in _csv(tmp_path / "o/ssda903/2024/header.csv")[1:]}
    sexes_2025 = {row[1] for row in _csv(tmp_path / "o/ssda903/2025/header.csv")[1:]}
    assert sexes_2024 == {"1", "2"}
    assert sexes_2025 == {"M", "F"}
    old = SafeTree.parse(tmp_path / "o/cin/2024/cin_census.xml").getroot()
    new = SafeTree.parse(tmp_path / "o/cin/2025/cin_census.xml").getroot()
    assert old.find("Children/Child/ChildIdentifiers/GenderCurrent") is not None
    assert old.find("Children/Child/ChildIdentifiers/Sex") is None
    assert {e.text for e in new.iter("Sex")} == {"M", "F"}


def test_ssda903_values_are_valid_codes_and_dates(clean_council: Path) -> None:
    rows = _csv(clean_council / "ssda903/2026/episodes.csv")[1:]
    assert rows
    for row in rows:
        dt.datetime.strptime(row[1], "%d/%m/%Y")
        assert row[3] in LEGAL_STATUS
        assert row[5] in PLACE_2026
        assert row[8] in REC or (row[7] == "" and row[8] == "")
    for row in _csv(clean_council / "ssda903/2026/header.csv")[1:]:
        assert row[3] in ETHNIC
        upn = row[4]
        assert upn in {"UN1", "UN2"} or upn[0] == upn_check_letter(upn[1:])


def test_cin_xml_has_the_dfe_structure(clean_council: Path) -> None:
    root = SafeTree.parse(clean_council / "cin/2026/cin_census.xml").getroot()
    assert root.tag == "Message"
    assert root.findtext("Header/CollectionDetails/Collection") == "CIN"
    assert root.findtext("Header/CollectionDetails/Year") == "2026"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    assert root.findtext("Header/Source/LEA") == "990"
    children = root.findall("Children/Child")
    assert len(children) > 50
    first = children[0]
    assert [e.tag for e in first][:2] == ["ChildIdentifiers", "ChildCharacteristics"]
    for child in children:
        assert child.find("CINdetails/CINreferralDate") is not None
        for date in child.iter("CINreferralDate"):
            dt.date.fromisoformat(date.text or "")
        assert child.findtext("CINdetails/ReferralNFA") in ("true", "false")


def test_annex_a_has_eleven_lists_with_headings_in_row_one(clean_council: Path) -> None:
    workbook = openpyxl.load_workbook(clean_council / "annexa/annex_a.xlsx", read_only=True)
    assert workbook.sheetnames == list(annexa.SHEETS.values())
    assert workbook.sheetnames[0] == "List 1 - Contacts"
    assert workbook.sheetnames[-1] == "List 11 - Adopters"
    for key, title in annexa.SHEETS.items():
        first = next(workbook[title].iter_rows(max_row=1, values_only=True))
        assert list(first) == list(annexa.COLUMNS[key])
    contacts = list(workbook["List 1 - Contacts"].iter_rows(min_row=2, values_only=True))
    assert contacts
    window = (dt.datetime(2025, 4, 1), dt.datetime(2026, 3, 31))
    assert all(window[0] <= row[5] <= window[1] for row in contacts)
    workbook.close()


def test_workforce_files_follow_the_contract(clean_council: Path) -> None:
    staff = _csv(clean_council / "workforce/2025/workforce_staff.csv")
    assert staff[0] == list(workforce.STAFF_COLUMNS)
    assert staff[0][:4] == ["LA", "CensusDate", "StaffID", "SWENumber"]
    assert {row[1] for row in staff[1:]} == {"30/09/2025"}
    assert {row[0] for row in staff[1:]} == {"990"}
    for row in staff[1:]:
        assert row[3].startswith("SW") and row[3][2:].isdigit()
        assert 0 < float(row[7]) <= 1
        assert (row[9] == "") == (row[10] == "")
        assert row[12] == "" if row[6] == "1" else float(row[12]) >= 0
    vacancies = _csv(clean_council / "workforce/2025/workforce_vacancies.csv")
    assert vacancies[0] == ["LA", "CensusDate", "Team", "Role", "VacantFTE", "CoveredByAgencyFTE"]
    assert all(float(r[5]) <= float(r[4]) for r in vacancies[1:])


def test_annex_a_rows_agree_with_themselves(clean_council: Path) -> None:
    workbook = openpyxl.load_workbook(clean_council / "annexa/annex_a.xlsx", read_only=True)
    extract = dt.date(2026, 3, 31)

    def rows(title: str) -> list[tuple[object, ...]]:
        return list(workbook[title].iter_rows(min_row=2, values_only=True))

    referrals = rows("List 3 - Referrals")
    assert referrals
    dates: dict[object, list[dt.datetime]] = {}
    for row in referrals:
        dates.setdefault(row[0], []).append(row[5])  # type: ignore[arg-type]
    for row in referrals:
        born = row[3]
        assert isinstance(born, dt.datetime)
        age = extract.year - born.year - ((extract.month, extract.day) < (born.month, born.day))
        assert row[4] == age
        assert row[7] in ("Yes", "No")
        listed = [d for d in dates[row[0]] if 0 <= (row[5] - d).days < 365]  # type: ignore[operator]
        assert isinstance(row[8], int) and row[8] >= len(listed) >= 1
    for row in rows("List 8 - Children in Care"):
        assert isinstance(row[18], int) and row[18] >= 1  # placements in the last 12 months
        assert row[6] in ("Y", "N")  # UASC in the last 12 months
    for row in rows("List 7 - Child Protection"):
        assert row[12] is None or row[12] >= row[6]  # type: ignore[operator]
    workbook.close()
