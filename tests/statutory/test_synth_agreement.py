"""The SSDA903 validator against the synthetic generator's truth.json (recall and precision)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thrive.statutory.validate import validate_paths
from thrive.synth.generate import GenerateOptions, generate

# Rules that fire on clean generated rows, each with its DfE reason (any other rule firing on
# clean rows is a validator false positive or a generator misreading to fix):
# - 624: a girl who was a mother (MOTHER 1, MC_DOB) while looked after and is a care leaver not
#   looked after this year has MOTHER blank as rule 628 requires, so MC_DOB is blank too (612).
#   A blank does not contradict the date recorded last year, which is what DfE's 624 checks;
#   both Thrive and the reference read the blank as a contradiction.
KNOWN_GENERATOR_GAPS = {"624"}


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("council")
    options = GenerateOptions(
        out=out, seed=3, size="small", years=2, councils=1, inject_errors=0.02,
        end_year=2026, force=True,
    )  # fmt: skip
    generate(options)
    return out


@pytest.mark.slow
def test_injected_ssda903_errors_are_found(council: Path) -> None:
    truth = json.loads((council / "truth.json").read_text(encoding="utf-8"))
    expected = {
        (e["rule"], e["file"], e["row"]) for e in truth["errors"] if e["return"] == "ssda903"
    }
    assert expected
    report = validate_paths([council], return_="ssda903")
    found = {(i.rule, i.file, i.row) for i in report.issues}
    recall = len(expected & found) / len(expected)
    assert recall >= 0.99, sorted(expected - found)[:10]


@pytest.mark.slow
def test_no_unexplained_errors_on_children_without_injected_errors(council: Path) -> None:
    truth = json.loads((council / "truth.json").read_text(encoding="utf-8"))
    touched = {e["child"] for e in truth["errors"]}
    report = validate_paths([council], return_="ssda903")
    clean = {i.rule for i in report.issues if i.child not in touched and i.rule[:4] != "FILE"}
    assert clean - KNOWN_GENERATOR_GAPS == set()
