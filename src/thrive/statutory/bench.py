"""Validation benchmarks (`thrive bench validate`): SSDA903 at scale and a generated council."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from thrive.bench import BenchResult, peak_memory_mb, register
from thrive.statutory.reading import ROW, Table, add_typed_columns
from thrive.statutory.rules import ReturnData, april_to_march, run_rules
from thrive.statutory.ssda903 import registry, spec
from thrive.statutory.validate import validate_paths

EPISODES_PER_CHILD = 4


def synthetic_episodes(rows: int, year: int = 2025, seed: int = 7) -> dict[str, pl.DataFrame]:
    """Chained, clean SSDA903 header, episode and social worker rows (raw strings, as read)."""
    rng = np.random.default_rng(seed)
    children = rows // EPISODES_PER_CHILD
    start, _end = april_to_march(year)
    child_ids = np.array([f"C{i:07d}" for i in range(children)])
    dob_offsets = rng.integers(365, 17 * 365, children)
    dobs = [start - dt.timedelta(days=int(d)) for d in dob_offsets]
    gaps = rng.integers(20, 80, (children, EPISODES_PER_CHILD))
    first = rng.integers(-120, -1, children)  # care began before the year: no new entrants
    day_offsets = first[:, None] + np.cumsum(gaps, axis=1) - gaps[:, :1]
    decom = [[start + dt.timedelta(days=int(d)) for d in row] for row in day_offsets]
    fmt = "%d/%m/%Y"
    episode_rows: dict[str, list[str | None]] = {c: [] for c in spec.TABLES["episodes"].columns}
    places = ["U4", "U5", "U6", "K2", "U1"]
    for index, child in enumerate(child_ids):
        for number in range(EPISODES_PER_CHILD):
            last = number == EPISODES_PER_CHILD - 1
            episode_rows["CHILD"].append(str(child))
            episode_rows["DECOM"].append(decom[index][number].strftime(fmt))
            episode_rows["RNE"].append("S" if number == 0 else "P")
            episode_rows["LS"].append("C2")
            episode_rows["CIN"].append("N1")
            episode_rows["PLACE"].append(places[number % len(places)])
            episode_rows["PLACE_PROVIDER"].append("PR1" if number % 2 else "PR4")
            episode_rows["DEC"].append(None if last else decom[index][number + 1].strftime(fmt))
            episode_rows["REC"].append(None if last else "X1")
            episode_rows["REASON_PLACE_CHANGE"].append(None if last else "CARPL")
            episode_rows["HOME_POST"].append("AB1 2")
            episode_rows["PL_POST"].append(f"CD{number} 1")
            episode_rows["URN"].append(f"SC{number:06d}")
    header = {
        "CHILD": [str(c) for c in child_ids],
        "SEX": ["M" if i % 2 else "F" for i in range(children)],
        "DOB": [d.strftime(fmt) for d in dobs],
        "ETHNIC": ["WBRI"] * children,
        "UPN": ["UN2"] * children,
        "MOTHER": ["0" if i % 2 == 0 else None for i in range(children)],
        "MC_DOB": [None] * children,
    }
    workers = {
        "CHILD": header["CHILD"],
        "DOB": header["DOB"],
        "SW_ID": [f"SW{i % 500:05d}" for i in range(children)],
        "SW_DECOM": [decom[i][-1].strftime(fmt) for i in range(children)],
        "SW_DEC": [None] * children,
        "SW_REASON": [None] * children,
    }
    return {
        "header": pl.DataFrame(header, schema=dict.fromkeys(header, pl.String)),
        "social_worker_episodes": pl.DataFrame(workers, schema=dict.fromkeys(workers, pl.String)),
        "episodes": pl.DataFrame(episode_rows, schema=dict.fromkeys(episode_rows, pl.String)),
    }


def return_data(frames: dict[str, pl.DataFrame], year: int = 2025) -> ReturnData:
    """Typed tables as the reader would make them (absent tables empty)."""
    tables: dict[str, Table] = {}
    for name in spec.tables_for(year):
        table_spec = spec.TABLES[name]
        frame = frames.get(name)
        if frame is None:
            frame = pl.DataFrame(schema=dict.fromkeys(table_spec.columns, pl.String))
        frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
        typed = add_typed_columns(frame, table_spec, workbook=False)
        tables[name] = Table(name, f"{name}.csv", typed, spec.CHILD)
    start, end = april_to_march(year)
    return ReturnData(spec.RETURN_ID, year, start, end, tables)


@register("validate")
def validate_suite() -> list[BenchResult]:
    results: list[BenchResult] = []
    frames = synthetic_episodes(100_000)
    rows = frames["episodes"].height
    # Rules only (typed tables in memory): the 100,000-row target.
    data = return_data(frames)
    run_rules(registry, return_data(synthetic_episodes(4_000)))  # warm up Polars
    started = time.perf_counter()
    cpu_started = time.process_time()
    outcome = run_rules(registry, data)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    results.append(
        BenchResult(
            "validate",
            f"SSDA903 {rows:,} episodes: {len(outcome.checked)} rules",
            seconds,
            target_seconds=0.5,
            details={
                "rows/s": f"{rows / seconds:,.0f}",
                "issues": str(len(outcome.issues)),
                "CPU s (all threads)": f"{cpu_seconds:.3f}",
                "peak MB": f"{peak_memory_mb():.0f}",
            },
        )
    )
    # Read from CSV and validate, as the CLI does.
    with tempfile.TemporaryDirectory() as folder:
        for name, frame in frames.items():
            frame.write_csv(Path(folder) / f"{name}.csv")
        started = time.perf_counter()
        report = validate_paths([folder], year=2025)
        seconds = time.perf_counter() - started
    results.append(
        BenchResult(
            "validate",
            f"SSDA903 {rows:,} episodes: read CSV + validate",
            seconds,
            details={
                "rows/s": f"{report.rows_checked / seconds:,.0f}",
                "peak MB": f"{peak_memory_mb():.0f}",
            },
        )
    )
    results.extend(_generated_council())
    return results


def _generated_council() -> list[BenchResult]:
    """A generated medium council's returns, if the generator is installed and works."""
    try:
        from thrive.synth.generate import GenerateOptions, generate
    except ImportError:
        return []
    results: list[BenchResult] = []
    for size, target in (("medium", 2.0), ("large", None)):
        with tempfile.TemporaryDirectory() as folder:
            try:
                options = GenerateOptions(
                    out=Path(folder), seed=1, size=size, years=1, councils=1,
                    inject_errors=0.0, end_year=2026, force=True,
                )  # fmt: skip
                generate(options)
            except Exception:  # the generator is another package's code
                return results
            started = time.perf_counter()
            report = validate_paths([folder])
            seconds = time.perf_counter() - started
        returns = ", ".join(sorted({run.return_id for run in report.runs}))
        results.append(
            BenchResult(
                "validate",
                f"generated {size} council, one year of all returns ({returns})",
                seconds,
                target_seconds=target,
                details={
                    "rows": f"{report.rows_checked:,}",
                    "rows/s": f"{report.rows_checked / seconds:,.0f}",
                    "peak MB": f"{peak_memory_mb():.0f}",
                },
            )
        )
    return results
