"""The SSDA903 validator against the synthetic generator's truth.json (recall and precision)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thrive.statutory.validate import validate_paths
from thrive.synth.generate import GenerateOptions, generate

# Rules where the generator's clean data and DfE's rules currently disagree (reported to the
# generator's owner): OC2 health items (HEALTH_ASSESSMENT left blank; health promotion given
# for children 5+; conviction data for under-10s; intervention offered with one received),
# care leaver data for young people still looked after at 17/18 or also in the OC2 cohort,
# open missing periods not carried into the next year, and adoption decisions reversed in an
# earlier year repeated in later returns (118). Shrink this set as the generator is
# fixed; any other rule firing on clean rows is a validator false positive.
KNOWN_GENERATOR_GAPS = {
    "182", "191", "544", "546", "547", "542", "158",
    "187", "215", "1007", "576", "3001", "347", "118",
    # generator fix pending (H4)
    "104", "393", "630", "SW13STG1",
    "624",  # generator fix pending (H4): MC_DOB blanked the year after it was given
}  # fmt: skip

# Injected error kinds that are not errors by the DfE wording (the reference does not report
# them either): 574 injects a missing period starting the day the previous one ended.
NOT_DFE_ERRORS = {
    "574",  # generator fix pending (H4)
}


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
        (e["rule"], e["file"], e["row"])
        for e in truth["errors"]
        if e["return"] == "ssda903" and e["rule"] not in NOT_DFE_ERRORS
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
