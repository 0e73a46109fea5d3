"""The SSDA903 XML export: same tables and rules as the CSVs, rows are child positions."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from tests.statutory.ssda903.baseline import Rows, baseline, write_baseline
from thrive.statutory.rules import ReturnData
from thrive.statutory.validate import validate_paths

BLOCKS = {
    "reviews": "AREVIEW",
    "missing": "AMISSING",
    "placed_for_adoption": "AD_PLACED",
    "previous_permanence": "PERMANENCE",
    "oc2": "OC2",
}
SKIP = {"CHILD", "DOB"}


def _element(name: str, value: str | None) -> str:
    return f"<{name}>{escape(value)}</{name}>" if value else f"<{name} />"


def to_xml(rows: Rows, namespace: str = "") -> str:
    """The baseline as the DfE XML export (child details and blocks inside HEADER)."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?><EXPSSDA903{namespace}>']
    for header in rows["header"]:
        child = header["CHILD"]
        inner = [_element("CHILDID", child)]
        inner += [_element(k, v) for k, v in header.items() if k != "CHILD"]
        uasc_rows = [r for r in rows["uasc"] if r["CHILD"] == child]
        if "UASC" not in header:
            inner.append(_element("UASC", "1" if uasc_rows else "0"))
        inner += [_element("DUC", uasc["DUC"]) for uasc in uasc_rows]
        for table in ("ad1", "oc3"):
            for record in (r for r in rows[table] if r["CHILD"] == child):
                inner += [_element(k, v) for k, v in record.items() if k not in SKIP]
        for table, tag in BLOCKS.items():
            for record in (r for r in rows[table] if r["CHILD"] == child):
                fields = "".join(_element(k, v) for k, v in record.items() if k not in SKIP)
                inner.append(f"<{tag}>{fields}</{tag}>")
        episodes = []
        for record in (r for r in rows["episodes"] if r["CHILD"] == child):
            fields = "".join(
                _element("PL" if k == "PLACE" else k, v) for k, v in record.items() if k != "CHILD"
            )
            episodes.append(f"<EPISODE>{fields}</EPISODE>")
        parts.append(f"<CHILD><HEADER>{''.join(inner)}</HEADER>{''.join(episodes)}</CHILD>")
    parts.append("</EXPSSDA903>")
    return "".join(parts)


def test_clean_xml_gives_only_the_missing_social_worker_table(tmp_path: Path) -> None:
    path = tmp_path / "903.xml"
    path.write_text(to_xml(baseline()), encoding="utf-8")
    report = validate_paths([path])
    assert report.return_id == "ssda903" and report.collection_year == 2025
    # The XML export has no social worker episodes, so children in care at 31 March lack them
    # (SW12STG2 from 2024/25, when SW01STG1 was retired). The baseline's care leaver C3 keeps her
    # MOTHER (628) and C4's sex is U (232, from 2024/25). File-level notes are not rules.
    rules = [(i.rule, i.table, i.row, i.child) for i in report.issues if i.rule[:4] != "FILE"]
    assert sorted(rules) == [
        ("232", "header", 4, "C4"),
        ("628", "header", 3, "C3"),
        ("SW12STG2", "episodes", 1, "C1"),
        ("SW12STG2", "episodes", 4, "C4"),
    ]


def test_errors_point_at_the_child_position_and_namespaces_are_ignored(tmp_path: Path) -> None:
    rows = baseline()
    rows["episodes"][4]["RNE"] = "s"  # C4's episode; C4 is the 4th child
    rows["missing"][1]["MISSING"] = "X"
    path = tmp_path / "903.xml"
    path.write_text(to_xml(rows, ' xmlns="urn:example"'), encoding="utf-8")
    report = validate_paths([path])
    found = {(i.rule, i.table, i.row, i.child) for i in report.issues}
    assert ("143", "episodes", 4, "C4") in found
    assert ("1006", "missing", 4, "C4") in found


def test_hostile_and_broken_xml(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        '<?xml version="1.0"?><!DOCTYPE EXPSSDA903 [<!ENTITY x "y">]><EXPSSDA903>&x;</EXPSSDA903>',
        encoding="utf-8",
    )
    broken = tmp_path / "broken.xml"
    broken.write_text("<EXPSSDA903><CHILD></EXPSSDA903>", encoding="utf-8")
    report = validate_paths([hostile, broken])
    assert {(i.file, i.rule) for i in report.issues} == {
        (str(hostile), "FILE04"),
        (str(broken), "FILE01"),
    }
    assert report.exit_code == 2


def test_105_the_xml_header_must_state_uasc_status(tmp_path: Path) -> None:
    # DfE 105: "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is
    # invalid or has not been completed." In the XML export each child's HEADER holds <UASC>.
    rows = baseline()
    rows["header"][0]["UASC"] = None  # C1: <UASC /> (not completed)
    rows["header"][1]["UASC"] = "2"  # C2: not a valid code
    rows["header"][2]["UASC"] = "0"  # C3: valid
    path = tmp_path / "903.xml"
    path.write_text(to_xml(rows), encoding="utf-8")
    report = validate_paths([path])
    assert sorted((i.rule, i.row, i.child) for i in report.issues if i.rule == "105") == [
        ("105", 1, "C1"),
        ("105", 2, "C2"),
    ]


def test_the_xml_uasc_status_gives_the_uasc_table_as_the_csvs_do(tmp_path: Path) -> None:
    rows = baseline()
    path = tmp_path / "903.xml"
    path.write_text(to_xml(rows), encoding="utf-8")
    data = _read(path)
    # C4 is UASC in the baseline (a UASC row with DUC); the XML says <UASC>1</UASC>.
    assert data["uasc"].select("CHILD", "DUC").rows() == [("C4", rows["uasc"][0]["DUC"])]
    assert data["header"].select("CHILD", "UASC").rows() == [
        ("C1", "0"),
        ("C2", "0"),
        ("C3", "0"),
        ("C4", "1"),
        ("C5", "0"),
    ]


def test_a_csv_header_gets_its_uasc_status_from_the_uasc_table(tmp_path: Path) -> None:
    folder = write_baseline(tmp_path / "903")
    data = _read(folder)
    assert dict(data["header"].select("CHILD", "UASC").rows()) == {
        "C1": "0",
        "C2": "0",
        "C3": "0",
        "C4": "1",
        "C5": "0",
    }
    report = validate_paths([folder])
    assert "105" in report.runs[0].checked
    assert [i for i in report.issues if i.rule == "105"] == []


def _read(path: Path) -> ReturnData:
    report = validate_paths([path], keep_data=True, check=False)
    [run] = report.runs
    assert run.data is not None
    return run.data
