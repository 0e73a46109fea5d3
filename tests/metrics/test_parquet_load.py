"""DuckDB reads stored Parquet itself; the tables it prepares match the Arrow path's."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from thrive.metrics.engine import Engine
from thrive.metrics.inputs import inputs_from_files, inputs_from_parquet, write_parquet_inputs
from thrive.metrics.tables import SPECS
from thrive.synth.generate import GenerateOptions, generate


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder: Path = tmp_path_factory.mktemp("metrics-parquet")
    roots = {}
    for code, seed in (("990", 3), ("991", 4)):
        out = folder / f"generated-{code}"
        generate(GenerateOptions(out=out, size="small", years=2, population=5000, seed=seed))
        roots[code] = folder / code
        write_parquet_inputs(inputs_from_files([out], check=False), roots[code])
    return roots


def _table(engine: Engine, name: str) -> pl.DataFrame:
    frame = engine.con.to_polars(engine.sources[name])
    return frame.sort(frame.columns, nulls_last=True)


def test_duckdb_parquet_scan_prepares_the_same_tables_as_arrow(stored: dict[str, Path]) -> None:
    files = {code: inputs_from_parquet(root) for code, root in stored.items()}
    frames = {
        code: {
            return_id: {
                year: {name: pl.read_parquet(path) for name, path in tables.items()}
                for year, tables in years.items()
            }
            for return_id, years in returns.items()
        }
        for code, returns in files.items()
    }
    scanned, via_arrow = Engine("duckdb"), Engine("duckdb")
    scanned.load(files)  # type: ignore[arg-type]
    via_arrow.load(frames)  # type: ignore[arg-type]

    assert scanned.available == via_arrow.available
    compared = 0
    for name in SPECS:
        mine, theirs = _table(scanned, name), _table(via_arrow, name)
        assert mine.schema == theirs.schema, name
        assert mine.equals(theirs), name
        compared += mine.height
    assert compared > 1000
    assert "990:" in str(_table(scanned, "s903_episodes")["child"][0])


def test_a_column_missing_from_one_file_reads_as_null_for_its_rows(
    stored: dict[str, Path], tmp_path: Path
) -> None:
    files = inputs_from_parquet(stored["990"])
    years = sorted(files["ssda903"])
    header = pl.read_parquet(files["ssda903"][years[-1]]["header"]).drop("ETHNIC")
    narrowed = tmp_path / "header.parquet"
    header.write_parquet(narrowed)
    files["ssda903"][years[-1]]["header"] = narrowed
    frames = {
        r: {y: {n: pl.read_parquet(p) for n, p in t.items()} for y, t in ys.items()}
        for r, ys in files.items()
    }
    scanned, via_arrow = Engine("duckdb"), Engine("duckdb")
    scanned.load({"990": files})
    via_arrow.load({"990": frames})  # type: ignore[dict-item]

    mine = _table(scanned, "s903_header")
    assert mine.equals(_table(via_arrow, "s903_header"))
    latest = mine.filter(pl.col("_year") == years[-1])
    assert latest.height > 0 and latest["ethnicity"].null_count() == latest.height
    assert mine.filter(pl.col("_year") < years[-1])["ethnicity"].null_count() == 0
