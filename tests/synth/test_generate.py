"""Options, the CLI command, determinism, nations and workforce caseloads."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from thrive.synth import generate as generate_module
from thrive.synth.command import generate_command
from thrive.synth.generate import GenerateError, GenerateOptions, generate
from thrive.synth.params import REGIONS, SIZES
from thrive.synth.simulate import CouncilSpec, simulate_council
from thrive.synth.workforce import CASE_TEAMS, census_date, open_cases

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("generate")(generate_command)

    @app.command("other")
    def other() -> None:  # a second command keeps Typer from collapsing to one
        """Unused."""

    return app


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        generate(GenerateOptions(out=tmp_path / name, seed=7, years=1, population=2500,
                                 inject_errors=0.02))  # fmt: skip
    generate(GenerateOptions(out=tmp_path / "c", seed=8, years=1, population=2500))
    first = _digest(tmp_path / "a")
    assert first == _digest(tmp_path / "b")
    assert len(first) == 17
    differs = [k for k, v in _digest(tmp_path / "c").items() if first.get(k) != v]
    assert "ssda903/2026/episodes.csv" in differs


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--councils", "0"], "--councils must be a whole number from 1 to 999, not 0."),
        (["--councils", "-3"], "--councils must be a whole number from 1 to 999, not -3."),
        (["--years", "0"], "--years must be a whole number from 1 to 20, not 0."),
        (["--inject-errors", "1.5"], "--inject-errors must be a number from 0 to 1, not 1.5."),
        (["--inject-errors", "-0.1"], "--inject-errors must be a number from 0 to 1, not -0.1."),
        (["--size", "huge"], "--size must be one of small, medium, large, not 'huge'."),
        (["--seed", "-1"], "--seed must be a whole number of 0 or more, not -1."),
    ],
)
def test_bad_arguments_exit_2_with_one_line_and_write_nothing(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(_app(), ["generate", "--out", str(out), *arguments])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"Error: {message}"]
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_non_empty_folder_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(_app(), ["generate", "--out", str(out), "--size", "small"])
    assert result.exit_code == 2
    assert (
        result.output.strip() == f"Error: {out} is not empty; use --force to replace its contents."
    )
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_unwritable_folder_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "out"
    with pytest.raises(GenerateError, match="cannot write to"):
        generate(GenerateOptions(out=out, population=100))
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]


def test_force_replaces_and_failure_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("old", encoding="utf-8")
    generate(GenerateOptions(out=out, years=1, population=800, force=True))
    assert not (out / "old.txt").exists()
    assert (out / "truth.json").exists()

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(generate_module.annexa, "write_workbook", boom)
    with pytest.raises(RuntimeError):
        generate(GenerateOptions(out=tmp_path / "new", years=1, population=800))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_cli_writes_a_council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SIZES, "small", 1500)  # keep the test quick
    out = tmp_path / "out"
    result = runner.invoke(_app(), ["generate", "--out", str(out), "--size", "small",
                                    "--years", "1", "--seed", "4"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Wrote 1 council(s) to {out}" in result.output
    assert (out / "ssda903/2026/episodes.csv").exists()
    with (out / "councils.csv").open(encoding="utf-8") as handle:
        assert handle.read().splitlines()[1] == "990,Northbridge,North East,1500,318,E09000027"


def test_nation_writes_one_folder_per_fictional_council(tmp_path: Path) -> None:
    generate(GenerateOptions(out=tmp_path / "n", seed=3, years=1, councils=3, population=600))
    with (tmp_path / "n/councils.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["code"] for r in rows] == ["9001", "9002", "9003"]
    assert len({r["name"] for r in rows}) == 3
    assert all(r["region"] in REGIONS for r in rows)
    assert all(r["population_0_17"] == "600" for r in rows)
    for row in rows:
        folder = tmp_path / "n" / row["code"]
        assert (folder / "truth.json").exists()
        assert (folder / "cin/2026/cin_census.xml").exists()
    assert sorted(p.name for p in (tmp_path / "n").iterdir()) == [
        "9001", "9002", "9003", "councils.csv",
    ]  # fmt: skip


def test_nation_sizes_and_rates_follow_england() -> None:
    plans = generate_module.plan_councils(GenerateOptions(out=Path("unused"), councils=153))
    populations = sorted(spec.population for spec, _ in plans)
    rates = sorted(spec.cla_rate for spec, _ in plans)
    assert 50_000 <= populations[76] <= 75_000  # England's median is about 62,500
    assert populations[0] >= 8_000 and populations[-1] <= 360_000
    assert 55 <= rates[76] <= 80 and rates[0] >= 27 and rates[-1] <= 184


def test_workforce_cases_equal_the_open_cases_per_team(tmp_path: Path) -> None:
    generate(GenerateOptions(out=tmp_path / "w", seed=9, years=1, population=3000))
    data = simulate_council(CouncilSpec("990", "Northbridge", "North East", 3000), seed=9,
                            end_year=2026, years=1)  # fmt: skip
    expected = open_cases(data, census_date(2025))
    with (tmp_path / "w/workforce/2025/workforce_staff.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    held = dict.fromkeys(CASE_TEAMS, 0)
    for row in rows:
        if row["Team"] in held:
            held[row["Team"]] += int(row["CasesHeld"])
    assert held == expected
    assert sum(expected.values()) > 50


def test_nation_is_the_same_with_one_or_two_worker_processes(tmp_path: Path) -> None:
    for name, workers in (("serial", 1), ("parallel", 2)):
        generate(GenerateOptions(out=tmp_path / name, seed=4, years=1, councils=2,
                                 population=500, workers=workers, inject_errors=0.05))  # fmt: skip
    serial = _digest(tmp_path / "serial")
    assert serial == _digest(tmp_path / "parallel")
    assert "9002/truth.json" in serial


def test_same_bytes_whatever_the_string_hash_seed(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; "
        "from thrive.synth.generate import GenerateOptions, generate; "
        "generate(GenerateOptions(out=Path(sys.argv[1]), seed=3, years=1, population=700, "
        "inject_errors=0.1))"
    )
    for name in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": name}
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / name)], check=True, env=environment
        )
    assert _digest(tmp_path / "1") == _digest(tmp_path / "2")


def test_a_nation_generates_in_a_process_that_already_used_polars(tmp_path: Path) -> None:
    # Forking a process whose Polars thread pool had run deadlocked the workers (the synth
    # tests hung after the calibration test); workers are spawned instead.
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "def main():\n"
        "    import polars as pl\n"
        "    pl.DataFrame({'a': list(range(100000))}).group_by(pl.col('a') % 7).agg(pl.len())\n"
        "    from thrive.synth.generate import GenerateOptions, generate\n"
        "    generate(GenerateOptions(out=Path(sys.argv[1]), seed=3, years=1, councils=2,\n"
        "                             population=500, workers=2))\n"
        "    print('done')\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
    )
    runner = tmp_path / "nation.py"
    runner.write_text(script, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(runner), str(tmp_path / "n")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("done")
