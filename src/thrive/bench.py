"""Benchmarks: each domain registers named suites; results are appended to docs/benchmarks.md.

Performance targets live here, never in timed unit tests.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class BenchResult:
    """One measured scenario: what ran, how long it took, against which target."""

    suite: str
    scenario: str
    seconds: float
    target_seconds: float | None = None
    details: dict[str, str] = field(default_factory=dict)

    @property
    def met(self) -> bool | None:
        return None if self.target_seconds is None else self.seconds <= self.target_seconds


BenchSuite = Callable[[], list[BenchResult]]

_SUITES: dict[str, BenchSuite] = {}


def register(name: str) -> Callable[[BenchSuite], BenchSuite]:
    """Register a benchmark suite under `name` (e.g. "validate", "generate")."""

    def decorator(suite: BenchSuite) -> BenchSuite:
        if name in _SUITES:
            raise ValueError(f"benchmark suite {name!r} is registered twice")
        _SUITES[name] = suite
        return suite

    return decorator


def suites() -> dict[str, BenchSuite]:
    return dict(_SUITES)


def peak_memory_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def machine_description() -> str:
    cores = os.cpu_count() or 0
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{platform.system()} {platform.machine()}, {cores} cores, {memory_gb:.0f} GiB, "
        f"Python {platform.python_version()}"
    )


def write_results(results: list[BenchResult], path: Path) -> None:
    """Append a dated section with the results table to the benchmarks document."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(
            "# Benchmarks\n\nWritten by `thrive bench`. Newest runs last. "
            "Each section names the machine and the date it ran on.\n",
            encoding="utf-8",
        )
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    lines = [
        "",
        f"## {now} — {machine_description()}, load average {load:.1f} when written",
        "",
        "| suite | scenario | seconds | target | met | details |",
        "|---|---|---:|---:|---|---|",
    ]
    for result in results:
        target = "" if result.target_seconds is None else f"{result.target_seconds:g}"
        met = {True: "yes", False: "**no**", None: ""}[result.met]
        details = "; ".join(f"{key}: {value}" for key, value in result.details.items())
        lines.append(
            f"| {result.suite} | {result.scenario} | {result.seconds:.3f} | {target} | {met} "
            f"| {details} |"
        )
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def run_in_throwaway_service(module: str) -> dict[str, Any]:
    """Run `python -m module` with production settings (DEBUG off) on a throwaway SQLite
    database and data folder, and return the JSON object its last line of output prints.

    Raises: RuntimeError with the end of the child's errors when it fails."""
    with tempfile.TemporaryDirectory(prefix="thrive-bench-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
            "THRIVE_DATA_DIR": folder,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "thrive.settings",
            "THRIVE_SSL_REDIRECT": "0",
            "DEBUG": "0",
        }
        env.pop("THRIVE_TESTING", None)
        # Our own module (a constant of a bench suite) under this interpreter, no shell.
        completed = subprocess.run(  # noqa: S603 - see the line above  # nosec B603
            [sys.executable, "-m", module],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{completed.stderr[-3000:]}")
    found = json.loads(completed.stdout.strip().splitlines()[-1])
    if not isinstance(found, dict):
        raise RuntimeError(f"{module} printed {found!r}, not a JSON object")
    return found
