"""`thrive bench parity`: Thrive's validator against the reference validators, timed the same way.

Both sides, in one run, on the same generated inputs (a large council's SSDA903, a medium
council's CIN census):

- whole process: wall time of a fresh subprocess, start-up and imports included
  (`run_reference.py` in the reference's virtualenv; `thrive validate --format json`);
- excluding start-up: the reference's own `elapsed_s` (timed after its imports: reading the
  files, rules, collecting findings) and Thrive's `validate_paths` in-process after a warm-up
  run (reading, rules, issues).

Targets (issue 12): Thrive ≥ 6× faster than the SSDA903 reference whole process and ≥ 30×
excluding start-up; ≥ 25× and ≥ 80× against the CIN reference. The target seconds in
docs/benchmarks.md are the reference's time divided by the factor.
"""

from __future__ import annotations

import time
from pathlib import Path

from thrive.bench import BenchResult, register
from thrive.parity.inputs import END_YEAR, ensure_council
from thrive.parity.oracle import OracleError, missing_setup, run_reference
from thrive.parity.thrive_side import time_thrive_process
from thrive.statutory.validate import validate_paths

SCENARIOS = (
    # return, council size, target factor whole process, target factor excluding start-up
    ("ssda903", "large", 6.0, 30.0),
    ("cin", "medium", 25.0, 80.0),
)


def _paths(return_: str, folder: Path) -> tuple[Path, Path | None]:
    if return_ == "ssda903":
        return folder / "ssda903" / str(END_YEAR), folder / "ssda903" / str(END_YEAR - 1)
    return folder / "cin" / str(END_YEAR) / "cin_census.xml", None


def thrive_in_process(
    return_: str, path: Path, previous: Path | None, repeat: int = 3
) -> tuple[float, float]:
    """Best wall and CPU seconds of `repeat` `validate_paths` runs after one warm-up run."""
    prior = [previous] if previous else None
    validate_paths([path], return_=return_, year=END_YEAR, previous=prior)
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        validate_paths([path], return_=return_, year=END_YEAR, previous=prior)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best, best_cpu


def measure(return_: str, size: str, whole: float, inner: float) -> list[BenchResult]:
    """Time both sides on one council; two results (whole process, excluding start-up)."""
    folder = ensure_council(1, size, 0.0)
    path, previous = _paths(return_, folder)
    reference = run_reference(return_, path, END_YEAR, previous, fresh=True, alone=False)
    ref_whole, ref_inner = reference.wall_seconds, float(reference.data["elapsed_s"])
    ref_cpu = float(reference.data["cpu_s"])
    ours_whole, ours_cpu = min(
        time_thrive_process(return_, path, END_YEAR, previous) for _ in range(2)
    )
    ours_inner, ours_inner_cpu = thrive_in_process(return_, path, previous)
    rows = sum(int(n) for t, n in reference.data["rows"].items() if not t.endswith("_last"))
    label = f"{return_} {size} council (seed 1, {rows} rows)"
    return [
        BenchResult(
            "parity",
            f"{label}: thrive validate, whole process, vs reference",
            ours_whole,
            ref_whole / whole,
            {
                "reference_s": f"{ref_whole:.2f}",
                "ratio": f"{ref_whole / ours_whole:.1f}x",
                "target_ratio": f"{whole:g}x",
                "cpu_s_reference_thrive": f"{ref_cpu:.2f} / {ours_cpu:.2f}",
                "cpu_ratio": f"{ref_cpu / ours_cpu:.1f}x",
            },
        ),
        BenchResult(
            "parity",
            f"{label}: validate_paths excluding start-up, vs reference elapsed_s",
            ours_inner,
            ref_inner / inner,
            {
                "reference_s": f"{ref_inner:.2f}",
                "ratio": f"{ref_inner / ours_inner:.1f}x",
                "target_ratio": f"{inner:g}x",
                "thrive_cpu_s": f"{ours_inner_cpu:.2f} (all threads)",
            },
        ),
    ]


@register("parity")
def parity_suite() -> list[BenchResult]:
    problems = missing_setup()
    if problems:
        raise OracleError("reference validators not set up (make oracles): " + "; ".join(problems))
    results: list[BenchResult] = []
    for return_, size, whole, inner in SCENARIOS:
        results += measure(return_, size, whole, inner)
    return results
