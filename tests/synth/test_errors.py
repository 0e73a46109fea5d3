"""Injected errors: the catalogue, truth.json, and what each mutation did to its row."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeTree
import openpyxl

from thrive.synth.errors import catalogue

# Codes the contract allows: domain notes section 4 (SSDA903, CIN), AA01-AA08, WF01-WF20.
SECTION_4_SSDA903 = {
    "101", "103", "143", "144", "145", "146", "149", "1009", "141", "147", "102", "168", "148",
    "302", "356", "355", "142", "501", "357", "388", "433", "502", "434", "435", "436", "202",
    "203", "601", "602", "551", "567", "574", "580", "352", "358", "386", "387", "389", "361",
    "362", "363", "186", "188", "189", "391", "1008", "218", "222", "SW02STG1", "SW10STG2",
}  # fmt: skip
SECTION_4_CIN = {
    "100", "8500", "8510", "1570", "1580", "1510", "1530", "1540", "1550", "1520", "4180",
    "8750", "8525Q", "8606", "4220", "8540", "8866", "8650", "8640", "8905", "8910", "8610",
    "8805", "8810", "8630", "1103", "1104", "1105", "2889", "4015", "8608", "4011", "8925",
    "8620", "8720", "8930", "8815", "8816", "8820", "4001", "4014", "8940", "8831", "8832",
    "4000", "8840", "8841", "8869", "8875", "8775Q", "8770Q",
}  # fmt: skip


def _truth(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return data


def test_catalogue_has_at_least_40_allowed_codes() -> None:
    codes = catalogue()
    assert set(codes["ssda903"]) <= SECTION_4_SSDA903
    assert set(codes["cin"]) <= SECTION_4_CIN
    assert set(codes["annexa"]) == {f"AA0{n}" for n in range(1, 9)}
    assert set(codes["workforce"]) == {f"WF{n:02d}" for n in range(1, 21)}
    every = [code for group in codes.values() for code in group]
    assert len(every) == len(set(every))
    assert len(every) >= 40
    assert len(codes["ssda903"]) >= 25 and len(codes["cin"]) >= 25


def test_clean_output_has_an_empty_truth_file(clean_council: Path) -> None:
    assert _truth(clean_council) == {
        "council": {"code": "990", "name": "Northbridge"},
        "seed": 11,
        "errors": [],
    }


def test_every_truth_row_points_at_that_child(broken_council: Path) -> None:
    truth = _truth(broken_council)
    errors = truth["errors"]
    assert len(errors) > 100
    assert len({e["rule"] for e in errors}) >= 40
    workbook = openpyxl.load_workbook(broken_council / "annexa/annex_a.xlsx", read_only=True)
    sheets = {
        f"list_{n}": list(workbook.worksheets[n - 1].iter_rows(values_only=True))
        for n in range(1, 12)
    }
    csv_files: dict[Path, list[list[str]]] = {}
    xml_files: dict[Path, list[Any]] = {}
    for error in errors:
        assert set(error) == {"rule", "return", "file", "table", "row", "child"}
        path = broken_council / error["file"]
        assert path.exists()
        if error["return"] in ("ssda903", "workforce"):
            if path not in csv_files:
                with path.open(encoding="utf-8", newline="") as handle:
                    csv_files[path] = list(csv.reader(handle))
            row = csv_files[path][error["row"] - 1]
            column = 2 if error["table"] == "staff" else 0
            if error["table"] != "vacancies":
                assert row[column] == (error["child"] or "")
        elif error["return"] == "cin":
            if path not in xml_files:
                xml_files[path] = SafeTree.parse(path).getroot().findall("Children/Child")
            child = xml_files[path][error["row"] - 1]
            assert (child.findtext("ChildIdentifiers/LAchildID") or None) == error["child"]
        else:
            cells = sheets[error["table"]][error["row"] - 1]
            if error["table"] != "list_11":
                assert cells[0] == error["child"]
    workbook.close()


def _row(folder: Path, error: dict[str, Any]) -> dict[str, str]:
    with (folder / error["file"]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows[error["row"] - 2]


CSV_CHECKS = {
    "103": lambda row: row["ETHNIC"] == "XXXX",
    "143": lambda row: row["RNE"] == "Q",
    "168": lambda row: row["UPN"] == "A12",
    "186": lambda row: row["SDQ_SCORE"] == "" and row["SDQ_REASON"] == "",
    "1009": lambda row: row["REASON_PLACE_CHANGE"] == "XXXXX",
    "WF03": lambda row: row["StartDate"] == "31/02/2020",
    "WF14": lambda row: row["Ethnicity"] == "XXXX",
    "144": lambda row: row["LS"] == "Z9",
    "145": lambda row: row["CIN"] == "NX",
    "141": lambda row: row["DECOM"] == "2024-13-01",
    "148": lambda row: row["DEC"] != "" and row["REC"] == "",
    "355": lambda row: row["DEC"] == row["DECOM"],
    "388": lambda row: row["REC"] == "X1",
    "SW02STG1": lambda row: row["SW_ID"].startswith("AB"),
    "WF02": lambda row: row["FTE"] == "1.50",
    "WF06": lambda row: row["Role"] == "9",
    "WF13": lambda row: row["LeavingDate"] != "" and row["CasesHeld"] == "5",
    "WF20": lambda row: row["Agency"] == "1" and row["SicknessDays"] == "3.0",
}
XML_CHECKS = {
    "4220": lambda child: child.findtext("ChildCharacteristics/Ethnicity") == "XXXX",
    "8525Q": lambda child: child.find("ChildIdentifiers/ExpectedPersonBirthDate") is not None,
    "8540": lambda child: "XXX" in [d.text for d in child.iter("Disability")],
    "8866": lambda child: "99" in [d.text for d in child.iter("ReferralSource")],
    "8905": lambda child: "XYZ" in [d.text for d in child.iter("InitialCategoryOfAbuse")],
}


def test_mutations_are_the_ones_truth_names(broken_council: Path) -> None:
    checked: set[str] = set()
    documents: dict[str, Any] = {}
    for error in _truth(broken_council)["errors"]:
        rule = error["rule"]
        if rule in CSV_CHECKS:
            assert CSV_CHECKS[rule](_row(broken_council, error)), error
            checked.add(rule)
        elif rule in XML_CHECKS:
            if error["file"] not in documents:
                documents[error["file"]] = SafeTree.parse(broken_council / error["file"])
            child = documents[error["file"]].getroot().findall("Children/Child")[error["row"] - 1]
            assert XML_CHECKS[rule](child), error
            checked.add(rule)
    assert len(checked) >= 10


def test_each_mutated_row_holds_a_single_error(broken_council: Path) -> None:
    errors = _truth(broken_council)["errors"]
    places = [(e["file"], e["table"], e["row"]) for e in errors]
    assert len(places) == len(set(places))


def test_every_injectable_rule_is_documented() -> None:
    text = (Path(__file__).parents[2] / "docs" / "synth.md").read_text(encoding="utf-8")
    missing = [
        code
        for codes in catalogue().values()
        for code in codes
        if f"| {code} " not in text and f" {code} /" not in text and f"/ {code} " not in text
    ]
    assert missing == []
