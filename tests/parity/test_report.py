"""The parity report renders every section from hand-made comparisons."""

from __future__ import annotations

from pathlib import Path

from thrive.parity.compare import SideResult, compare, pool
from thrive.parity.inputs import ParityInput
from thrive.parity.report import render, to_json
from thrive.parity.run import InputResult, ParityResult


def test_report_has_summary_per_input_speed_missing_rules_and_differences() -> None:
    reference = SideResult.build(
        "reference", [("388", "C1"), ("164", "C2")], ran=["388", "164"], not_run={"231": "crashed"}
    )
    reference.seconds, reference.wall_seconds = 4.0, 5.0
    thrive = SideResult.build("thrive", [("388", "C1"), ("388", "C3")], ran=["388", "231"])
    thrive.seconds, thrive.wall_seconds = 0.1, 0.5
    comparison = compare("small-s1-clean", "ssda903", reference, thrive)
    item = ParityInput("small-s1-clean", "ssda903", Path("x"), 2026)
    parity = ParityResult([InputResult(item, comparison)], seconds=12.0)
    parity.pooled["ssda903"] = pool("all inputs", "ssda903", [comparison])
    parity.pooled_generated["ssda903"] = pool("generated councils", "ssda903", [comparison])
    text = render(parity)
    assert "| SSDA903 (children looked after), generated councils | 1 | 1 | 1 / 2 / 1 " in text
    assert "**0.5000**" in text  # 1 pair of 2 for rule 388
    assert "| small-s1-clean | ssda903 | 5.00 | 0.50 | 10.0× | 4.00 | 0.10 | 40.0× |" in text
    assert "Only the reference has (Thrive lacks): 164." in text
    assert "- 231: reference: crashed" in text
    assert "## Documented differences" in text
    assert "- SSDA903 (children looked after): 164 (1), 388 (1)." in text
    data = to_json(parity)
    assert data["pooled"]["ssda903"]["rules"]["388"]["only_thrive_e_g"] == ["C3 (small-s1-clean)"]
