"""Run Thrive's validator on the same input as the reference.

Agreement uses the in-process `validate_paths` (what `thrive validate` runs); the speed
comparison also times the whole `thrive validate` process, start-up included, the same way the
reference's process is timed.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from thrive.parity.compare import SideResult
from thrive.parity.oracle import timed_run
from thrive.statutory.rules import load_returns
from thrive.statutory.validate import validate_paths


def run_thrive(return_: str, path: Path, year: int, previous: Path | None = None) -> SideResult:
    """Validate in-process; findings of every rule of the year's registry for `return_`.

    File-level problems (FILEnn codes, not rules) are left out; a problem reading the input
    shows up as rules not checked. `seconds` is the time of `validate_paths` alone.
    """
    registry = load_returns()[return_].registry
    known = registry.codes_for(year)
    started = time.perf_counter()
    report = validate_paths(
        [path], return_=return_, year=year, previous=[previous] if previous else None
    )
    seconds = time.perf_counter() - started
    codes = {code.upper() for code in known}
    findings = [
        (issue.rule, issue.child)
        for issue in report.issues
        if issue.return_ == return_ and issue.rule.upper() in codes
    ]
    ran: list[str] = []
    not_run: dict[str, str] = {}
    runs = [run for run in report.runs if run.return_id == return_ and run.year == year]
    if not runs:
        problems = "; ".join(issue.message for issue in report.unreadable[:3]) or "no return read"
        not_run = dict.fromkeys(known, f"Thrive read no {return_} return: {problems}"[:300])
    for run in runs:
        ran.extend(run.checked)
        not_run.update({item.rule: item.reason for item in run.not_checked})
    result = SideResult.build("thrive", findings, ran=ran, known=known, not_run=not_run)
    result.seconds = seconds
    return result


def thrive_command() -> list[str]:
    """The `thrive` console script of this environment (or `python -m thrive.cli`)."""
    script = Path(sys.executable).with_name("thrive")
    if script.exists():
        return [str(script)]
    found = shutil.which("thrive")
    return [found] if found else [sys.executable, "-m", "thrive.cli"]


def time_thrive_process(
    return_: str, path: Path, year: int, previous: Path | None = None, timeout: float = 1800
) -> tuple[float, float]:
    """Wall and CPU seconds of a whole `thrive validate ... --format json` process."""
    command = [*thrive_command(), "validate", str(path), "--return", return_]
    command += ["--year", str(year), "--format", "json"]
    if previous is not None:
        command += ["--previous", str(previous)]
    done, wall, cpu = timed_run(command, timeout)
    if done.returncode not in (0, 1):
        tail = done.stderr.strip().splitlines()[-5:]
        raise RuntimeError(f"thrive validate failed (exit {done.returncode}): {tail}")
    return wall, cpu
