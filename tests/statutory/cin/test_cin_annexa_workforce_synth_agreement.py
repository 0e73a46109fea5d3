"""CIN, Annex A and workforce validators against the generator's truth.json (recall, precision)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thrive.statutory.validate import validate_paths
from thrive.synth.generate import GenerateOptions, generate

RETURNS = ("cin", "annexa", "workforce")
# generator fix pending (H4): 1520 reports every record sharing a UPN (DfE: "more than one
# record with the same UPN"), but truth.json lists only the record the UPN was copied onto.
# Also pending there: an injected 8510 makes two records one child (same LA child ID), whose
# episodes and disabilities are then compared with each other.
PENDING = {"1520"}


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("council")
    options = GenerateOptions(
        out=out, seed=11, size="small", years=2, councils=1, inject_errors=0.02,
        end_year=2026, force=True,
    )  # fmt: skip
    generate(options)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("return_id", RETURNS)
def test_injected_errors_are_found(council: Path, return_id: str) -> None:
    truth = json.loads((council / "truth.json").read_text(encoding="utf-8"))
    expected = {
        (e["rule"], e["file"], e["table"], e["row"])
        for e in truth["errors"]
        if e["return"] == return_id
    }
    assert expected
    report = validate_paths([council], return_=return_id)
    found = {(i.rule, i.file, i.table, i.row) for i in report.issues}
    recall = len(expected & found) / len(expected)
    assert recall >= 0.99, sorted(expected - found)[:10]


@pytest.mark.slow
@pytest.mark.parametrize("return_id", RETURNS)
def test_no_errors_on_records_without_injected_errors(council: Path, return_id: str) -> None:
    truth = json.loads((council / "truth.json").read_text(encoding="utf-8"))
    touched = {(e["file"], e["child"]) for e in truth["errors"]}
    report = validate_paths([council], return_=return_id)
    clean = [
        (i.rule, i.file, i.table, i.row)
        for i in report.issues
        if i.severity.value == "error"
        and i.rule[:4] != "FILE"
        and i.rule not in PENDING
        and (i.file, i.child) not in touched
    ]
    assert clean == []
