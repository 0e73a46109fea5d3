"""Run the registry's expressions on DuckDB (default), PostgreSQL or PySpark.

Input is a mapping council → return id → collection year → table name → Parquet path (what
ingest stores, `thrive.returns.selectors.current_return_tables`) or an in-memory Polars frame
(tests). `Engine.load` prepares the tables of `thrive.metrics.tables` on the backend;
`Engine.compute` runs one measure for one period and returns one result per council and
breakdown.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from thrive.metrics.expr import Params, Sources
from thrive.metrics.registry import Measure, Unit
from thrive.metrics.tables import SPECS, TableSpec, calendar_arrow

EngineName = Literal["duckdb", "postgres", "pyspark"]
ENGINES: tuple[EngineName, ...] = ("duckdb", "postgres", "pyspark")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/thrive_metrics"

TableSource = Path | str | pl.DataFrame
ReturnTables = Mapping[int, Mapping[str, TableSource]]
CouncilInputs = Mapping[str, ReturnTables]
Inputs = Mapping[str, CouncilInputs]


@dataclass(frozen=True)
class MeasureResult:
    """One figure: a measure for one council, period and breakdown value."""

    la: str
    measure_id: str
    period: str
    period_type: str
    breakdown: str
    breakdown_value: str
    numerator: float | None
    denominator: float | None
    value: float | None
    units: int


class EngineError(Exception):
    pass


@contextmanager
def quiet() -> Iterator[None]:
    """Silence the backends' own deprecation chatter (DuckDB 2 warns inside Ibis 12)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        yield


MESSAGE_NO_POPULATION = "No population estimate for council {la} in {year}."


def _spark_session() -> Any:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    master = os.environ.get("THRIVE_SPARK_MASTER", "local[2]")
    return (
        SparkSession.builder.master(master)
        .appName("thrive-metrics")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def connect(engine: EngineName = "duckdb", *, postgres_url: str | None = None) -> Any:
    """An Ibis connection for `engine` (PostgreSQL: its own database, created if missing)."""
    if engine == "duckdb":
        return ibis.duckdb.connect()
    if engine == "postgres":
        url = postgres_url or os.environ.get("THRIVE_METRICS_DATABASE_URL", DEFAULT_POSTGRES_URL)
        _ensure_postgres_database(url)
        return ibis.connect(url.replace("postgres://", "postgresql://", 1))
    if engine == "pyspark":
        session = _spark_session()
        session.sparkContext.setLogLevel("ERROR")
        return ibis.pyspark.connect(session)
    raise EngineError(f"Unknown engine {engine!r}: use duckdb, postgres or pyspark.")


def _ensure_postgres_database(url: str) -> None:
    import psycopg

    base, _, name = url.replace("postgres://", "postgresql://", 1).rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _arrow_for(spec: TableSpec, source: TableSource) -> pa.Table:
    """The spec's columns from one file or frame, renamed and typed (missing columns null)."""
    if isinstance(source, pl.DataFrame):
        frame = source
    else:
        wanted = [src for src, _ in spec.columns.values()]
        available = set(pq.read_schema(source).names)
        frame = pl.read_parquet(source, columns=[c for c in wanted if c in available])
    types = {
        "string": pl.String,
        "date": pl.Date,
        "int64": pl.Int64,
        "float64": pl.Float64,
        "boolean": pl.Boolean,
    }
    columns = []
    for short, (src, dtype) in spec.columns.items():
        if src in frame.columns:
            columns.append(frame[src].cast(types[dtype], strict=False).alias(short))
        else:
            columns.append(pl.Series(short, [None] * frame.height, dtype=types[dtype]))
    return pl.DataFrame(
        columns, schema={s: types[t] for s, (_, t) in spec.columns.items()}
    ).to_arrow()


class Engine:
    """Prepared tables on one backend, and measures computed over them."""

    def __init__(self, engine: EngineName = "duckdb", *, postgres_url: str | None = None) -> None:
        self.name: EngineName = engine
        self.con = connect(engine, postgres_url=postgres_url)
        self.available: dict[str, set[str]] = {}
        """Council → prepared tables with at least one row source."""
        self._counter = 0
        self._loaded = False
        self.sources = Sources()

    # --- loading ---------------------------------------------------------------------------

    def _put(self, name: str, table: pa.Table) -> ir.Table:
        with quiet():
            return self._put_table(name, table)

    def _put_table(self, name: str, table: pa.Table) -> ir.Table:
        if self.name == "duckdb":
            return self.con.create_table(name, ibis.memtable(table), overwrite=False)
        if self.name == "postgres":
            self.con.raw_sql(f'DROP TABLE IF EXISTS "{name}"')
            return self.con.create_table(name, table, temp=True)
        session = self.con._session
        schema = ibis.schema({f.name: ibis.dtype(f.type) for f in table.schema})
        frame = session.createDataFrame(table, schema=_spark_schema(schema))
        frame.createOrReplaceTempView(name)
        frame.cache()
        return self.con.table(name)

    def _empty(self, name: str, schema: Mapping[str, str]) -> ir.Table:
        arrow_types = {
            "string": pa.string(),
            "date": pa.date32(),
            "int64": pa.int64(),
            "float64": pa.float64(),
            "boolean": pa.bool_(),
        }
        empty = pa.table({c: pa.array([], type=arrow_types[t]) for c, t in schema.items()})
        return self._put(f"{name}__empty", empty)

    def load(self, inputs: Inputs, *, only: Iterable[str] | None = None) -> None:
        """Prepare every table (or just the `only` ones) for every council in `inputs`."""
        if self._loaded:
            raise EngineError("This engine has already been loaded; make a new one.")
        self._loaded = True
        frames: dict[str, list[pa.Table]] = {name: [] for name in SPECS}
        wanted = set(SPECS) if only is None else set(only)
        for la, returns in inputs.items():
            self.available[la] = set()
            for spec in SPECS.values():
                if spec.name not in wanted:
                    continue
                for year, year_tables in returns.get(spec.return_id, {}).items():
                    source = year_tables.get(spec.source_table)
                    if source is None:
                        continue
                    arrow = _arrow_for(spec, source)
                    arrow = _with_council(spec, arrow, la, year)
                    frames[spec.name].append(arrow)
                    self.available[la].add(spec.name)
        prepared: dict[str, ir.Table] = {}
        for name, parts in frames.items():
            spec = SPECS[name]
            if not parts:
                prepared[name] = self._empty(name, spec.schema)
                continue
            raw = self._put(f"{name}__raw", pa.concat_tables(parts))
            prepared[name] = self._materialise(name, _latest(spec, raw))
        prepared["calendar"] = self._put("calendar", calendar_arrow())
        self.sources = Sources(prepared)

    def _materialise(self, name: str, expr: ir.Table) -> ir.Table:
        with quiet():
            return self._materialise_table(name, expr)

    def _materialise_table(self, name: str, expr: ir.Table) -> ir.Table:
        if self.name == "duckdb":
            return self.con.create_table(name, expr)
        if self.name == "postgres":
            self.con.raw_sql(f'DROP TABLE IF EXISTS "{name}"')
            return self.con.create_table(name, expr, temp=True)
        self.con.create_view(name, expr, overwrite=True)
        self.con._session.table(name).cache()
        return self.con.table(name)

    # --- computing ---------------------------------------------------------------------------

    def has_data(self, measure: Measure, la: str) -> bool:
        return set(measure.tables) <= self.available.get(la, set())

    def units(self, measure: Measure, params: Params, *, la: str | None = None) -> pl.DataFrame:
        """The units (children, staff, vacancies) behind a figure: for the drill-down."""
        expr = measure.build(self.sources, params)
        if la is not None:
            expr = expr.filter(expr.la == la)
        with quiet():
            arrow = self.con.to_pyarrow(expr.order_by("subject", "date_a"))
        frame = pl.from_arrow(arrow)
        assert isinstance(frame, pl.DataFrame)
        return frame

    def compute(
        self,
        measure: Measure,
        params: Params,
        *,
        period: str,
        period_type: str,
        populations: Mapping[str, float | None] | None = None,
        breakdowns: Iterable[str] = (),
    ) -> list[MeasureResult]:
        """One result per loaded council (and per breakdown value when asked).

        Councils without the measure's source tables get a result with every number None
        ("no data"). Rates use `populations` (council → children aged 0–17).
        """
        councils = sorted(self.available)
        with_data = [la for la in councils if self.has_data(measure, la)]
        rows: list[dict[str, Any]] = []
        if with_data:
            names = list(breakdowns)
            u = measure.build(self.sources, params).select("la", "num", "den", *names)
            with quiet():
                arrow = self.con.to_pyarrow(u)
            frame = pl.from_arrow(arrow)
            assert isinstance(frame, pl.DataFrame)
            sums = [
                pl.col("num").sum().alias("num"),
                pl.col("den").sum().alias("den"),
                pl.len().alias("n"),
            ]
            rows = (
                frame.group_by("la")
                .agg(sums)
                .with_columns(breakdown=pl.lit(""), breakdown_value=pl.lit(""))
                .to_dicts()
            )
            for name in names:
                rows += (
                    frame.with_columns(pl.col(name).fill_null("Not recorded"))
                    .group_by("la", name)
                    .agg(sums)
                    .rename({name: "breakdown_value"})
                    .with_columns(breakdown=pl.lit(name))
                    .to_dicts()
                )
        found = {(r["la"], r["breakdown"], r["breakdown_value"]): r for r in rows}
        results = []
        for la in councils:
            keys = [k for k in found if k[0] == la] or [(la, "", "")]
            if (la, "", "") not in keys:
                keys.insert(0, (la, "", ""))
            for key in keys:
                row = found.get(key)
                results.append(
                    self._result(measure, la, key, row, period, period_type, populations, with_data)
                )
        return results

    @staticmethod
    def _result(
        measure: Measure,
        la: str,
        key: tuple[str, str, str],
        row: Mapping[str, Any] | None,
        period: str,
        period_type: str,
        populations: Mapping[str, float | None] | None,
        with_data: list[str],
    ) -> MeasureResult:
        numerator: float | None
        denominator: float | None
        if la not in with_data:
            numerator = denominator = None
            n = 0
        else:
            numerator = float(row["num"] or 0) if row else 0.0
            denominator = float(row["den"] or 0) if row else 0.0
            n = int(row["n"]) if row else 0
            if measure.unit == Unit.RATE:
                population = (populations or {}).get(la)
                denominator = float(population) if population else None
        value = measure.value(numerator, denominator)
        return MeasureResult(
            la=la,
            measure_id=measure.id,
            period=period,
            period_type=period_type,
            breakdown=key[1],
            breakdown_value=key[2],
            numerator=numerator,
            denominator=denominator,
            value=None if value is None else round(value, 6),
            units=n,
        )

    def close(self) -> None:
        if self.name == "postgres":
            self.con.disconnect()


def _with_council(spec: TableSpec, arrow: pa.Table, la: str, year: int) -> pa.Table:
    frame = pl.from_arrow(arrow)
    assert isinstance(frame, pl.DataFrame)
    prefix = f"{la}:"
    frame = frame.with_columns(
        [(pl.lit(prefix) + pl.col(c)).alias(c) for c in spec.child_columns if c in frame.columns]
    ).with_columns(la=pl.lit(la), _year=pl.lit(year, dtype=pl.Int64))
    return frame.select(["la", "_year", *spec.columns]).to_arrow()


def _latest(spec: TableSpec, raw: ir.Table) -> ir.Table:
    """History tables: the row from the latest collection year for each natural key."""
    if spec.per_year:
        return raw
    keyed = raw.filter(*[raw[c].notnull() for c in spec.key])
    ranked = keyed.mutate(
        _rank=ibis.row_number().over(group_by=["la", *spec.key], order_by=keyed._year.desc())
    )
    return ranked.filter(ranked._rank == 0).drop("_rank")


def _spark_schema(schema: Any) -> Any:
    from pyspark.sql import types as st

    mapping = {
        "string": st.StringType(),
        "date": st.DateType(),
        "int64": st.LongType(),
        "float64": st.DoubleType(),
        "boolean": st.BooleanType(),
    }
    return st.StructType(
        [st.StructField(name, mapping[str(dtype).rstrip("!")]) for name, dtype in schema.items()]
    )
