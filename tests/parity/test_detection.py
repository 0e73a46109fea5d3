"""Injected-error detection: truth.json matched with each side's (rule, child) findings."""

from __future__ import annotations

import json
from pathlib import Path

from thrive.parity.compare import SideResult, compare, pool
from thrive.parity.detection import detections
from thrive.parity.inputs import ParityInput
from thrive.parity.report import render
from thrive.parity.run import InputResult, ParityResult


def _council(tmp_path: Path) -> Path:
    folder = tmp_path / "medium-s1-e0.02"
    (folder / "ssda903" / "2026").mkdir(parents=True)
    errors = [
        {"rule": "388", "return": "ssda903", "file": "ssda903/2026/episodes.csv", "child": "C1"},
        {"rule": "392a", "return": "ssda903", "file": "ssda903/2026/oc3.csv", "child": "C2"},
        {"rule": "101", "return": "ssda903", "file": "ssda903/2026/header.csv", "child": "C3"},
        {"rule": "231", "return": "ssda903", "file": "ssda903/2026/header.csv", "child": "C4"},
        # 372: a documented difference says the reference misses open episodes
        {"rule": "372", "return": "ssda903", "file": "ssda903/2026/episodes.csv", "child": "C5"},
        # other years and returns are other inputs' errors
        {"rule": "388", "return": "ssda903", "file": "ssda903/2025/episodes.csv", "child": "C9"},
        {"rule": "8500", "return": "cin", "file": "cin/2026/cin_census.xml", "child": "C9"},
    ]
    (folder / "truth.json").write_text(json.dumps({"errors": errors}), encoding="utf-8")
    return folder


def test_an_injected_error_is_detected_by_its_rule_for_its_child(tmp_path: Path) -> None:
    folder = _council(tmp_path)
    reference = SideResult.build(
        "reference",
        [("388", "C1"), ("392A", "C7"), ("101", "C3")],
        ran=["388", "392A", "101", "372"],
        not_run={"231": "crashed"},
    )
    thrive = SideResult.build(
        "thrive",
        [("388", "C1"), ("392A", "C2"), ("231", "C4"), ("372", "C5")],
        ran=["388", "392A", "101", "231", "372"],
    )
    comparison = compare("medium-s1-e0.02", "ssda903", reference, thrive)
    item = ParityInput("medium-s1-e0.02", "ssda903", folder / "ssda903" / "2026", 2026)
    clean = ParityInput("medium-s1-clean", "ssda903", tmp_path / "none" / "ssda903" / "2026", 2026)
    results = [InputResult(item, comparison), InputResult(clean, comparison)]
    per_input, pooled = detections(results)
    [found] = per_input  # the clean council has no truth.json errors
    assert (found.injected, found.reference, found.thrive) == (5, 2, 4)
    assert found.reference_not_run == 1  # 231 crashed on the reference
    assert found.explained == 1  # 372, as its documented difference says
    assert found.missed == [("medium-s1-e0.02", "392A", "C2")]  # reported for another child
    assert (pooled["ssda903"].reference_share, pooled["ssda903"].reference_share_after) == (
        0.4,
        0.6,
    )

    parity = ParityResult(results, seconds=1.0)
    parity.pooled["ssda903"] = pool("all inputs", "ssda903", [comparison])
    text = render(parity)
    assert "## Injected errors the reference detects" in text
    row = "| ssda903 | 5 | 2 | 40.0% | 1 | 60.0% | 1 | 4 | 80.0% |"
    assert f"| medium-s1-e0.02 {row}" in text
    assert f"| **medium councils, pooled** {row}" in text
    assert "392A C2 (medium-s1-e0.02)" in text
