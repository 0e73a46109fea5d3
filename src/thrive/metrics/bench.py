"""Benchmarks for `thrive bench measures` and `thrive bench national`.

measures: every measure at the latest year end for one medium generated council on DuckDB
(target < 1 s for the computing; reading the files and loading the engine are reported apart).

national (only with THRIVE_BENCH_FULL=1; it generates whole nations first): 10, 50 and 153
generated councils x 5 years, every measure at the latest year end in one DuckDB engine
(target < 60 s at 153), with PySpark (local mode) timed beside DuckDB.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from thrive.bench import BenchResult, peak_memory_mb, register
from thrive.metrics.engine import Engine, EngineName
from thrive.metrics.inputs import generated_councils, inputs_from_files
from thrive.metrics.periods import year_params
from thrive.metrics.registry import measures


def _compute_all(engine: Engine, populations: dict[str, float], end_year: int) -> int:
    count = 0
    for measure in measures():
        year = end_year if measure.year_end_month == 3 else end_year - 1
        results = engine.compute(
            measure,
            year_params(measure, year),
            period=str(year),
            period_type="year",
            populations=populations,
        )
        count += len(results)
    return count


def _timed_engine(
    name: EngineName, inputs: dict[str, Any], populations: dict[str, float], end_year: int
) -> tuple[float, float, int]:
    started = time.perf_counter()
    engine = Engine(name)
    engine.load(inputs)
    loaded = time.perf_counter()
    count = _compute_all(engine, populations, end_year)
    finished = time.perf_counter()
    engine.close()
    return loaded - started, finished - loaded, count


@register("measures")
def measures_suite() -> list[BenchResult]:
    from thrive.synth.generate import GenerateOptions, generate

    with tempfile.TemporaryDirectory(prefix="thrive-bench-measures-") as folder:
        out = Path(folder) / "medium"
        generate(GenerateOptions(out=out, size="medium", years=2))
        started = time.perf_counter()
        inputs = {"990": inputs_from_files([out])}
        read = time.perf_counter() - started
        load, compute, count = _timed_engine("duckdb", inputs, {"990": 65_000.0}, 2026)
    details = {
        "measures": str(len(measures())),
        "results": str(count),
        "read_files_s": f"{read:.1f}",
        "load_engine_s": f"{load:.1f}",
        "peak_memory_mb": f"{peak_memory_mb():.0f}",
    }
    return [
        BenchResult(
            suite="measures",
            scenario="all measures, medium council, latest year end, DuckDB",
            seconds=compute,
            target_seconds=1.0,
            details=details,
        )
    ]


@register("national")
def national_suite() -> list[BenchResult]:
    if os.environ.get("THRIVE_BENCH_FULL") != "1":
        return [
            BenchResult(
                suite="national",
                scenario="skipped (set THRIVE_BENCH_FULL=1: generates nations of 10/50/153)",
                seconds=0.0,
            )
        ]
    from thrive.synth.generate import GenerateOptions, generate

    results: list[BenchResult] = []
    with tempfile.TemporaryDirectory(prefix="thrive-bench-national-") as folder:
        for size in (10, 50, 153):
            out = Path(folder) / f"nation-{size}"
            generate(GenerateOptions(out=out, councils=size, years=5))
            councils = generated_councils(out)
            inputs = {code: inputs_from_files([path]) for code, (_, _, path) in councils.items()}
            populations = {code: float(pop) for code, (_, pop, _) in councils.items()}
            for engine_name in ("duckdb", "pyspark"):
                load, compute, count = _timed_engine(engine_name, inputs, populations, 2026)
                results.append(
                    BenchResult(
                        suite="national",
                        scenario=f"{size} councils x 5 years, {engine_name}",
                        seconds=load + compute,
                        target_seconds=60.0 if engine_name == "duckdb" and size == 153 else None,
                        details={
                            "load_s": f"{load:.1f}",
                            "compute_s": f"{compute:.1f}",
                            "results": str(count),
                        },
                    )
                )
    return results
