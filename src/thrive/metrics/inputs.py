"""Turning files into engine inputs: statutory-return files read by `thrive.statutory`, or the
Parquet tables ingest stores (`<la>/returns/<return>/<year>/vNNNN/<table>.parquet`)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from thrive.metrics.engine import CouncilInputs, TableSource
from thrive.statutory import validate_paths


def inputs_from_files(paths: Sequence[Path | str]) -> dict[str, dict[int, dict[str, TableSource]]]:
    """Read return files (any mix of returns and years) into return → year → table → frame."""
    report = validate_paths(list(paths), keep_data=True)
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
    result: dict[str, dict[int, dict[str, TableSource]]] = {}
    for return_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for year_dir in sorted(p for p in return_dir.iterdir() if p.is_dir()):
            versions = sorted(p for p in year_dir.iterdir() if p.is_dir())
            if not versions:
                continue
            tables = {f.stem: f for f in versions[-1].glob("*.parquet")}
            result.setdefault(return_dir.name, {})[int(year_dir.name)] = dict(tables)
    return result
