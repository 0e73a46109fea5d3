"""Generated files against the statutory validators, through the `thrive validate` CLI.

Clean output must give no error-severity issue; every injected error must be reported with its
rule on the row truth.json names. The validators are called as a program (not imported) so the
generator stays independent of them.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

# Runs in a child process: one interpreter start for all the validate calls of a test.
DRIVER = """
import json, sys
from typer.testing import CliRunner
from thrive.cli import app
runner = CliRunner()
results = []
for arguments in json.loads(sys.stdin.read()):
    outcome = runner.invoke(app, ["validate", *arguments, "--format", "csv"])
    results.append([outcome.exit_code, outcome.stdout])
print(json.dumps(results))
"""


def _validate_all(calls: list[list[str]]) -> list[tuple[int, list[dict[str, str]]]]:
    result = subprocess.run(
        [sys.executable, "-c", DRIVER],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        (code, list(csv.DictReader(output.splitlines())))
        for code, output in json.loads(result.stdout.strip().splitlines()[-1])
    ]


def _issues(folder: Path) -> list[dict[str, str]]:
    """Every issue, with `path` relative to the council folder; years the validators support."""
    issues: list[dict[str, str]] = []
    years = sorted(p.name for p in (folder / "ssda903").iterdir())
    targets: list[tuple[list[str], str]] = []
    for index, year in enumerate(years):
        previous = ["--previous", str(folder / "ssda903" / years[index - 1])] if index else []
        targets.append(([str(folder / "ssda903" / year), *previous], f"ssda903/{year}/"))
        targets.append(([str(folder / "cin" / year)], f"cin/{year}/"))
    targets.append(([str(folder / "annexa")], "annexa/"))
    for census in sorted((folder / "workforce").iterdir()):
        targets.append(([str(census)], f"workforce/{census.name}/"))
    checked = 0
    outcomes = _validate_all([arguments for arguments, _ in targets])
    for (_, prefix), (code, rows) in zip(targets, outcomes, strict=True):
        if code == 2:  # a collection year the validators do not support
            continue
        checked += 1
        for row in rows:
            issues.append({**row, "path": prefix + row["file"]})
    assert checked >= len(targets) - 2
    return issues


@pytest.mark.slow
def test_clean_output_has_no_validation_errors(clean_council: Path) -> None:
    errors = [i for i in _issues(clean_council) if i["severity"] == "error"]
    assert errors == []


@pytest.mark.slow
def test_every_injected_error_is_found_by_its_rule(broken_council: Path) -> None:
    truth = json.loads((broken_council / "truth.json").read_text(encoding="utf-8"))["errors"]
    found: dict[tuple[str, str, str], set[str]] = {}
    for issue in _issues(broken_council):
        found.setdefault((issue["path"], issue["table"], issue["row"]), set()).add(issue["rule"])
    missed = [
        (e["rule"], e["file"], e["row"])
        for e in truth
        if e["rule"] not in found.get((e["file"], e["table"], str(e["row"])), set())
    ]
    assert missed == []
