"""Where the harness looks for the references, and which inputs it finds (no runs here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from thrive.parity import oracle
from thrive.parity.inputs import council_inputs, edge_cases


def test_missing_references_are_named_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THRIVE_ORACLES_DIR", str(tmp_path / "oracles"))
    monkeypatch.setenv("THRIVE_ORACLE_VENVS", str(tmp_path / "venvs"))
    assert oracle.oracles_dir() == tmp_path / "oracles"
    assert oracle.oracle_python("cin") == tmp_path / "venvs" / "venv-cin" / "bin" / "python"
    problems = oracle.missing_setup()
    assert len(problems) == 3
    assert "THRIVE_ORACLES_DIR" in problems[0]
    assert all("make oracles" in p for p in problems[1:])
    with pytest.raises(oracle.OracleError):
        oracle.run_reference("cin", tmp_path / "x.xml", 2026)


def test_edge_cases_are_found_per_return_with_last_year_when_given(tmp_path: Path) -> None:
    (tmp_path / "ssda903" / "plain").mkdir(parents=True)
    (tmp_path / "ssda903" / "two-years" / "current").mkdir(parents=True)
    (tmp_path / "ssda903" / "two-years" / "previous").mkdir(parents=True)
    (tmp_path / "cin").mkdir()
    (tmp_path / "cin" / "one.xml").write_text("<Message/>", encoding="utf-8")
    found = edge_cases(("ssda903", "cin"), root=tmp_path)
    assert [(i.label, i.return_, i.generated) for i in found] == [
        ("edge:plain", "ssda903", False),
        ("edge:two-years", "ssda903", False),
        ("edge:one", "cin", False),
    ]
    assert found[0].previous is None
    assert found[1].path.name == "current" and found[1].previous is not None
    assert [i.return_ for i in edge_cases(("cin",), root=tmp_path)] == ["cin"]


def test_the_committed_edge_cases_are_all_found() -> None:
    labels = {i.label for i in edge_cases(("ssda903", "cin"))}
    assert {"edge:same-day-chains", "edge:referral-nfa"} <= labels


def test_a_generated_council_gives_this_year_with_last_year_as_previous() -> None:
    folder = Path("council")
    ssda903, cin = council_inputs(folder, "small-s1-clean", ("ssda903", "cin"))
    assert ssda903.path == folder / "ssda903" / "2026"
    assert ssda903.previous == folder / "ssda903" / "2025"
    assert cin.path == folder / "cin" / "2026" / "cin_census.xml" and cin.previous is None
