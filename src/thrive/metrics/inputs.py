"""Turning files into engine inputs: statutory-return files read by `thrive.statutory`, or the
Parquet tables ingest stores (`<la>/returns/<return>/<year>/vNNNN/<table>.parquet`)."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from thrive.metrics.engine import CouncilInputs, TableSource
from thrive.statutory import layout, validate_paths


def inputs_from_files(
    paths: Sequence[Path | str], *, check: bool = True
) -> dict[str, dict[int, dict[str, TableSource]]]:
    """Read return files (any mix of returns and years) into return → year → table → frame
    (validating them too unless `check` is False)."""
    report = validate_paths(list(paths), keep_data=True, check=check)
    result: dict[str, dict[int, dict[str, TableSource]]] = {}
    for run in report.runs:
        if run.data is None:
            continue
        years = result.setdefault(run.return_id, {})
        tables = years.setdefault(run.year, {})
        for name in run.data.tables:
            tables[name] = run.data[name]
    return result


def generated_councils(folder: Path) -> dict[str, tuple[str, int, Path]]:
    """Councils written by `thrive generate`: code → (name, population 0–17, folder)."""
    listing = folder / "councils.csv"
    if not listing.exists():
        return {}
    with listing.open(encoding="utf-8") as handle:
        return {
            row["code"]: (row["name"], int(row["population_0_17"]), folder / row["code"])
            for row in csv.DictReader(handle)
        }


def inputs_from_parquet(root: Path) -> CouncilInputs:
    """The newest stored version of every table under one council's `returns/` folder."""
    return {
        return_id: {year: dict(tables) for year, tables in years.items()}
        for return_id, years in layout.newest_versions(root).items()
    }


def write_parquet_inputs(inputs: CouncilInputs, root: Path) -> None:
    """Store in-memory inputs as ingest does (version 1 of each year), for `inputs_from_parquet`."""
    for return_id, years in inputs.items():
        for year, tables in years.items():
            folder = layout.version_folder(root, return_id, year, 1)
            folder.mkdir(parents=True, exist_ok=True)
            for name, source in tables.items():
                if isinstance(source, pl.DataFrame):
                    source.write_parquet(layout.table_file(folder, name))
                else:
                    shutil.copyfile(source, layout.table_file(folder, name))
