"""Benchmarks for `thrive bench generate`.

Default: one medium council (about 65,000 under-18s) for 3 collection years (target < 20 s).
With THRIVE_BENCH_FULL=1 also a nation of 153 councils x 5 years (target < 600 s), reporting
peak memory.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from thrive.bench import BenchResult, peak_memory_mb, register
from thrive.synth.generate import GenerateOptions, generate


def _timed(options: GenerateOptions) -> float:
    started = time.perf_counter()
    generate(options)
    return time.perf_counter() - started


@register("generate")
def generate_suite() -> list[BenchResult]:
    """Time the generator on a medium council, and on a whole nation when asked."""
    results: list[BenchResult] = []
    with tempfile.TemporaryDirectory(prefix="thrive-bench-") as folder:
        seconds = _timed(GenerateOptions(out=Path(folder) / "medium", size="medium", years=3))
        results.append(
            BenchResult(
                suite="generate",
                scenario="medium council x 3 years",
                seconds=seconds,
                target_seconds=20.0,
                details={"peak_memory_mb": f"{peak_memory_mb():.0f}"},
            )
        )
        if os.environ.get("THRIVE_BENCH_FULL") == "1":
            options = GenerateOptions(out=Path(folder) / "nation", councils=153, years=5)
            seconds = _timed(options)
            results.append(
                BenchResult(
                    suite="generate",
                    scenario="153 councils x 5 years",
                    seconds=seconds,
                    target_seconds=600.0,
                    details={"peak_memory_mb": f"{peak_memory_mb():.0f}"},
                )
            )
    return results
