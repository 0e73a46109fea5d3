"""`thrive validate` and `thrive rules`: exit codes, output formats and the JSON contract."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.statutory.ssda903.conftest import ofsted_providers_set
from tests.statutory.test_validate import _CSV, _CSV_LAST, write_return
from thrive.statutory.command import _progress, rules_command, validate_command
from thrive.statutory.validate import Progress


@pytest.fixture(autouse=True)
def _ofsted_providers(monkeypatch: pytest.MonkeyPatch) -> None:
    # The baseline's URNs are on its own copy of Ofsted's provider lists.
    ofsted_providers_set(monkeypatch)


app = typer.Typer()
app.command("validate")(validate_command)
app.command("rules")(rules_command)
runner = CliRunner()


def _folder(tmp_path: Path, **replace: tuple[str, str]) -> Path:
    tables = dict(_CSV)
    for table, (old, new) in replace.items():
        tables[table] = tables[table].replace(old, new)
    return write_return(tmp_path / "903", tables)


def test_clean_files_exit_0_with_a_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(_folder(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s), 0 query(ies) in 11 file(s)" in result.output
    assert "not checked" in result.output


def test_errors_exit_1_and_text_names_file_row_field_and_child(tmp_path: Path) -> None:
    folder = _folder(tmp_path, episodes=("C1,15/06/2024,P", "C1,15/06/2024,p"))
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    assert (
        "episodes.csv\n  row 3, RNE, child C1: [error 143] Reason for new episode" in result.output
    )


def test_json_matches_the_cli_contract(tmp_path: Path) -> None:
    folder = _folder(tmp_path, header=("C1,M,", "C1,X,"))
    result = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert result.exit_code == 1
    body = json.loads(result.output)
    assert {"return", "collection_year", "files", "errors", "rows_checked", "seconds"} <= set(body)
    assert (body["return"], body["collection_year"], body["rows_checked"]) == ("ssda903", 2025, 28)
    [error] = body["errors"]
    assert {
        k: error[k] for k in ("rule", "severity", "file", "table", "row", "child", "fields")
    } == {
        "rule": "101",
        "severity": "error",
        "file": "header.csv",
        "table": "header",
        "row": 2,
        "child": "C1",
        "fields": ["SEX"],
    }
    assert error["message"].startswith("Sex code is not valid")


def test_csv_output_neutralises_formulas(tmp_path: Path) -> None:
    folder = _folder(tmp_path, episodes=("C4,01/09/2024", "=C4,01/09/2024"))
    result = runner.invoke(app, ["validate", str(folder), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    children = {row["child"] for row in rows}
    assert "'=C4" in children
    assert "=C4" not in children


def test_bad_arguments_and_unreadable_input_exit_2(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert runner.invoke(app, ["validate", str(folder), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(folder), "--return", "nope"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(app, ["validate"]).exit_code == 2
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["validate", str(empty)])
    assert result.exit_code == 2
    assert "[error FILE03]" in result.output


def test_rules_catalogue_formats() -> None:
    result = runner.invoke(
        app, ["rules", "--return", "ssda903", "--year", "2027", "--format", "json"]
    )
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) == 322
    assert set(rows[0]) == {"rule", "return", "year", "severity", "tables", "fields", "message"}
    assert {row["year"] for row in rows} == {2027}
    text = runner.invoke(app, ["rules", "--return", "ssda903", "--year", "2025"])
    assert text.output.endswith("305 rule(s)\n")
    assert runner.invoke(app, ["rules", "--year", "1999"]).exit_code == 2
    assert runner.invoke(app, ["rules", "--format", "markdown"]).output.startswith(
        "# Validation rules"
    )


def test_previous_year_files_enable_continuity_rules(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    last = write_return(tmp_path / "last", _CSV_LAST)
    alone = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert "502" in {n["rule"] for n in json.loads(alone.output)["runs"][0]["not_checked"]}
    result = runner.invoke(
        app, ["validate", str(folder), "--previous", str(last), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["runs"][0]["not_checked"] == []


def test_text_summary_lists_the_most_frequent_rules(tmp_path: Path) -> None:
    folder = _folder(tmp_path, episodes=("C1,15/06/2024,P", "C1,15/06/2024,p"))
    result = runner.invoke(app, ["validate", str(folder)])
    assert "Most frequent: 143 (1)" in result.output


def test_progress_bar_is_only_used_on_a_terminal() -> None:
    with _progress(True) as update:
        assert update is not None
        update(Progress("read", 1, 2, "a.csv"))
        update(Progress("check", 5, 10, "ssda903 (1/1)"))
    with _progress(False) as nothing:
        assert nothing is None


def test_light_constants_match_the_readers_and_registry() -> None:
    from thrive.statutory import command
    from thrive.statutory.reading import DEFAULT_SIZE_LIMIT
    from thrive.statutory.rules import KNOWN_RETURNS

    assert command.DEFAULT_MAX_SIZE_MB * 1024 * 1024 == DEFAULT_SIZE_LIMIT
    assert command.KNOWN_RETURNS == KNOWN_RETURNS


def test_text_report_names_the_sheet_of_a_workbook_finding(tmp_path: Path) -> None:
    from tests.statutory.test_validate import _write_workbook

    tables = {name: text for name, text in _CSV.items() if name != "dolo"}
    tables["Episodes"] = tables.pop("episodes").replace("C1,15/06/2024,P", "C1,15/06/2024,p")
    path = tmp_path / "ssda903.xlsx"
    _write_workbook(path, tables)
    result = runner.invoke(app, ["validate", str(path)])
    assert "  sheet 'Episodes', row 3, RNE (C), child C1: [error 143]" in result.output
    rows = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, ["validate", str(path), "--format", "csv"]).output)
        )
    )
    assert {row["sheet"] for row in rows if row["rule"] == "143"} == {"Episodes"}


def test_silent_passes_now_exit_2_naming_the_file(tmp_path: Path) -> None:
    headerless = _folder(tmp_path)
    lines = _CSV["episodes"].splitlines()
    (headerless / "episodes.csv").write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(headerless)])
    assert result.exit_code == 2
    assert "[error FILE21]" in result.output and "has no episodes table" in result.output
    assert "episodes.csv (its first row (C1, " in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["validate", str(empty)])
    assert result.exit_code == 2
    assert f"[error FILE23] {empty}: Nothing was recognised as a statutory return" in result.output
    assert "it is empty" in result.output


def test_a_sheet_missing_columns_is_named_in_the_text_report(tmp_path: Path) -> None:
    from tests.statutory.test_validate import _write_workbook

    tables = {name: text for name, text in _CSV.items() if name != "dolo"}
    tables["Placements"] = tables.pop("episodes").replace(",URN", ",NOTE")
    path = tmp_path / "ssda903.xlsx"
    _write_workbook(path, tables)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "  sheet 'Placements', URN: [error FILE06]" in result.output
