"""Benchmarks for `thrive bench measures` and `thrive bench national`.

Both read what ingest stores, one Parquet file per return table and year (the generated files
are read and written that way first, untimed: reading returns is `thrive bench validate`).

measures: one medium generated council on DuckDB.
- every measure at the latest year end, *cold* (a new release: each measure compiled to SQL
  first) and *warm* (templates on disk from an earlier process, as every later run has them);
  the target, < 1 s, is for the warm run, which is what a council's recompute pays;
- the whole recompute the pages read (every year end with breakdowns, 24 monthly values).

national (only with THRIVE_BENCH_FULL=1; it generates 153 councils x 5 years first, about 8
minutes, unless THRIVE_BENCH_NATION names a folder `thrive generate --councils 153 --years 5`
wrote): the first 10, 50 and all 153 councils in one engine, every measure at each of the 5
year ends, with templates compiled beforehand (they do not depend on the data). DuckDB
(target < 60 s at 153, loading included) and PySpark in local mode beside it
(THRIVE_BENCH_ENGINES=duckdb leaves Spark out: it takes about half an hour on two cores; give
its driver THRIVE_SPARK_DRIVER_MEMORY=8g for 153 councils). With THRIVE_BENCH_NATION the
Parquet copy is kept beside the nation (`<folder>.stored`) and reused; THRIVE_BENCH_SIZES picks
some of 10,50,153.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import cast

from thrive.bench import BenchResult, peak_memory_mb, register
from thrive.metrics.engine import Engine, EngineName, Inputs
from thrive.metrics.inputs import (
    generated_councils,
    inputs_from_files,
    inputs_from_parquet,
    write_parquet_inputs,
)
from thrive.metrics.periods import year_params
from thrive.metrics.recompute import compute_all
from thrive.metrics.registry import measures
from thrive.metrics.templates import TemplateCache

NATIONAL_SIZES = (10, 50, 153)
NATIONAL_YEARS = 5
LATEST_YEAR = 2026


def _year_ends(engine: Engine, populations: dict[str, float], years: range) -> int:
    """Every measure at each year end in `years`; the number of results."""
    count = 0
    for end_year in years:
        for measure in measures():
            year = end_year if measure.year_end_month == 3 else end_year - 1
            count += len(
                engine.compute(
                    measure,
                    year_params(measure, year),
                    period=str(year),
                    period_type="year",
                    populations=populations,
                )
            )
    return count


def _timed(run: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    count = run()
    return time.perf_counter() - started, count


def _to_parquet(job: tuple[Path, Path]) -> None:
    source, target = job
    write_parquet_inputs(inputs_from_files([source], check=False), target)


def stored_like_ingest(councils: dict[str, Path], root: Path, *, workers: int = 2) -> Inputs:
    """Read generated councils once and store them as ingest does; their Parquet inputs."""
    jobs = [(source, root / code) for code, source in councils.items()]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_to_parquet, jobs))
    return {code: inputs_from_parquet(root / code) for code in councils}


@register("measures")
def measures_suite() -> list[BenchResult]:
    from thrive.synth.generate import GenerateOptions, generate

    results: list[BenchResult] = []
    with tempfile.TemporaryDirectory(prefix="thrive-bench-measures-") as folder:
        out = Path(folder) / "medium"
        generate(GenerateOptions(out=out, size="medium", years=2))
        inputs = stored_like_ingest({"990": out}, Path(folder) / "stored", workers=1)
        cache = Path(folder) / "templates"
        populations = {"990": 65_000.0}
        latest = range(LATEST_YEAR, LATEST_YEAR + 1)
        for label, target in (("cold: compiles every measure", None), ("warm", 1.0)):
            TemplateCache.forget()  # as a new process: only the disk cache survives
            started = time.perf_counter()
            engine = Engine("duckdb", template_cache=cache)
            engine.load(inputs)
            load = time.perf_counter() - started
            seconds, count = _timed(partial(_year_ends, engine, populations, latest))
            results.append(
                BenchResult(
                    suite="measures",
                    scenario=f"all measures, medium council, latest year end, DuckDB, {label}",
                    seconds=seconds,
                    target_seconds=target,
                    details={
                        "measures": str(len(measures())),
                        "results": str(count),
                        "templates_compiled": str(engine.templates.compiled),
                        "load_s": f"{load:.2f}",
                    },
                )
            )
            engine.close()
        engine = Engine("duckdb", template_cache=cache)
        engine.load(inputs)
        yearly = {"990": dict.fromkeys(range(2020, 2030), 65_000.0)}
        seconds, count = _timed(lambda: len(compute_all(engine, inputs, yearly)))
        engine.close()
        results.append(
            BenchResult(
                suite="measures",
                scenario="full recompute, medium council: year ends with breakdowns + 24 months",
                seconds=seconds,
                details={"results": str(count), "peak_memory_mb": f"{peak_memory_mb():.0f}"},
            )
        )
    return results


@register("national")
def national_suite() -> list[BenchResult]:
    if os.environ.get("THRIVE_BENCH_FULL") != "1":
        return [
            BenchResult(
                suite="national",
                scenario="skipped (set THRIVE_BENCH_FULL=1: generates a nation of 153)",
                seconds=0.0,
            )
        ]
    from thrive.synth.generate import GenerateOptions, generate

    sizes = [int(n) for n in os.environ.get("THRIVE_BENCH_SIZES", "10,50,153").split(",")]
    if not set(sizes) <= set(NATIONAL_SIZES):
        raise SystemExit(f"THRIVE_BENCH_SIZES: choose among {NATIONAL_SIZES}.")
    chosen = os.environ.get("THRIVE_BENCH_ENGINES", "duckdb,pyspark").split(",")
    engines = [cast(EngineName, name.strip()) for name in chosen if name.strip()]
    results: list[BenchResult] = []
    with tempfile.TemporaryDirectory(prefix="thrive-bench-national-") as folder:
        given = os.environ.get("THRIVE_BENCH_NATION")
        out = Path(given) if given else Path(folder) / "nation"
        if not given:
            generate(GenerateOptions(out=out, councils=max(NATIONAL_SIZES), years=NATIONAL_YEARS))
        councils = generated_councils(out)
        if len(councils) < max(NATIONAL_SIZES):
            raise SystemExit(
                f"{out} holds {len(councils)} councils; the national benchmark needs "
                f"{max(NATIONAL_SIZES)} (thrive generate --councils 153 --years 5)."
            )
        # A given nation keeps its Parquet copy beside it, for the next run.
        store = out.with_name(out.name + ".stored") if given else Path(folder) / "stored"
        stored: Inputs
        if (store / "complete").exists():
            stored = {code: inputs_from_parquet(store / code) for code in councils}
        else:
            shutil.rmtree(store, ignore_errors=True)
            stored = stored_like_ingest(
                {code: path for code, (_, _, path) in councils.items()}, store
            )
            (store / "complete").touch()
        populations = {code: float(pop) for code, (_, pop, _) in councils.items()}
        years = range(LATEST_YEAR - NATIONAL_YEARS + 1, LATEST_YEAR + 1)
        cache = Path(folder) / "templates"
        for engine_name in engines:
            warm = Engine(engine_name, template_cache=cache)
            first = dict(list(stored.items())[:1])
            warm.load(first)
            _year_ends(warm, populations, years[-1:])  # compile every template once
            warm.close()
            for size in sizes:
                inputs = dict(list(stored.items())[:size])
                started = time.perf_counter()
                engine = Engine(engine_name, template_cache=cache)
                try:
                    engine.load(inputs)
                    load = time.perf_counter() - started
                    compute, count = _timed(partial(_year_ends, engine, populations, years))
                except Exception as error:  # a failed engine is a result too
                    results.append(
                        BenchResult(
                            suite="national",
                            scenario=f"{size} councils, {engine_name}: failed",
                            seconds=time.perf_counter() - started,
                            details={"error": str(error).splitlines()[0][:200]},
                        )
                    )
                    break
                finally:
                    engine.close()
                results.append(
                    BenchResult(
                        suite="national",
                        scenario=f"{size} councils x {NATIONAL_YEARS} year ends, {engine_name}",
                        seconds=load + compute,
                        target_seconds=60.0 if engine_name == "duckdb" and size == 153 else None,
                        details={
                            "load_s": f"{load:.1f}",
                            "compute_s": f"{compute:.1f}",
                            "results": str(count),
                            "peak_memory_mb": f"{peak_memory_mb():.0f}",
                        },
                    )
                )
    return results
