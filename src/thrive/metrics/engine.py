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
from datetime import date
from pathlib import Path
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from thrive.metrics.cohorts import DERIVED_TABLES
from thrive.metrics.expr import Params, Sources
from thrive.metrics.registry import Measure, Unit
from thrive.metrics.tables import SPECS, TableSpec, calendar_arrow
from thrive.metrics.templates import TemplateCache, TemplateError, literal_text, make_template

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
        .config("spark.driver.memory", os.environ.get("THRIVE_SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.python.authenticate.socketTimeout", "300s")  # a busy machine is slow
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
    """Prepared tables on one backend, and measures computed over them.

    Each measure is compiled to SQL once and run for every period from that template
    (`thrive.metrics.templates`); `template_cache` keeps templates on disk between processes.
    """

    def __init__(
        self,
        engine: EngineName = "duckdb",
        *,
        postgres_url: str | None = None,
        template_cache: Path | None = None,
    ) -> None:
        self.name: EngineName = engine
        self.con = connect(engine, postgres_url=postgres_url)
        self.available: dict[str, set[str]] = {}
        """Council → prepared tables with at least one row source."""
        self._loaded = False
        self.sources = Sources()
        self.templates = TemplateCache(template_cache)
        self.untemplated: set[str] = set()
        """Measures compiled for each period because their template failed its check."""
        self._literals: dict[date | int, str] = {}

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
        return self._put(name, empty)

    def load(self, inputs: Inputs, *, only: Iterable[str] | None = None) -> None:
        """Prepare every table (or just the `only` ones) for every council in `inputs`.

        On DuckDB, tables whose sources are all Parquet files (what ingest stores) are read by
        DuckDB itself in one scan per table; frames, and the other backends, go through Arrow.
        """
        if self._loaded:
            raise EngineError("This engine has already been loaded; make a new one.")
        self._loaded = True
        sources: dict[str, list[tuple[str, int, TableSource]]] = {name: [] for name in SPECS}
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
                    sources[spec.name].append((la, year, source))
                    self.available[la].add(spec.name)
        prepared: dict[str, ir.Table] = {}
        for name, parts in sources.items():
            spec = SPECS[name]
            if not parts:
                prepared[name] = self._empty(name, spec.schema)
                continue
            files = [(la, y, Path(s)) for la, y, s in parts if not isinstance(s, pl.DataFrame)]
            if self.name == "duckdb" and len(files) == len(parts):
                raw = self._scan_parquet(spec, files)
            else:
                arrows = [_with_council(spec, _arrow_for(spec, s), la, y) for la, y, s in parts]
                raw = self._put(f"{name}__raw", pa.concat_tables(arrows))
            prepared[name] = self._materialise(name, _latest(spec, raw))
        prepared["calendar"] = self._put("calendar", calendar_arrow())
        # Derived tables (periods of care, placements) run their window functions once here.
        for name, build in DERIVED_TABLES.items():
            prepared[name] = self._materialise(name, build(Sources(prepared)))
        self.sources = Sources(prepared)

    def _scan_parquet(self, spec: TableSpec, files: list[tuple[str, int, Path]]) -> ir.Table:
        """DuckDB: one table from many councils' Parquet files, shaped as `_with_council` does."""
        duck = self.con.con
        name = f"{spec.name}__raw"
        listing = pa.table(
            {
                "_file": [str(path) for *_, path in files],
                "la": [la for la, *_ in files],
                "_year": pa.array([year for _, year, _ in files], type=pa.int64()),
            }
        )
        duck.register(f"{name}_files", listing)
        files_param = {"files": listing["_file"].to_pylist()}
        scan = "read_parquet($files, filename = true, union_by_name = true)"
        described = duck.execute(
            "DESCRIBE SELECT * FROM read_parquet($files, union_by_name = true)", files_param
        ).fetchall()
        present = {row[0] for row in described}
        duck_types = {
            "string": "VARCHAR",
            "date": "DATE",
            "int64": "BIGINT",
            "float64": "DOUBLE",
            "boolean": "BOOLEAN",
        }
        columns = ["f.la AS la", "f._year AS _year"]
        for short, (src, dtype) in spec.columns.items():
            kind = duck_types[dtype]
            value = f"TRY_CAST(s.{_sql_name(src)} AS {kind})" if src in present else f"NULL::{kind}"
            if short in spec.child_columns:
                value = f"f.la || ':' || {value}"
            columns.append(f"{value} AS {_sql_name(short)}")
        # Every name here is one of ours (SPECS), quoted; the file paths are a parameter.
        create = (
            f"CREATE TABLE {_sql_name(name)} AS SELECT {', '.join(columns)} "  # noqa: S608  # nosec B608
            f"FROM {scan} AS s JOIN {name}_files AS f ON s.filename = f._file"
        )
        duck.execute(create, files_param)
        duck.unregister(f"{name}_files")
        with quiet():
            return self.con.table(name)

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
            rows = self._totals(measure, params, list(breakdowns))
        found: dict[str, dict[tuple[str, str, str], dict[str, Any]]] = {}
        for r in rows:
            found.setdefault(r["la"], {})[(r["la"], r["breakdown"], r["breakdown_value"])] = r
        results = []
        for la in councils:
            mine = found.get(la, {})
            for key in sorted({(la, "", ""), *mine}):
                row = mine.get(key)
                results.append(
                    self._result(measure, la, key, row, period, period_type, populations, with_data)
                )
        return results

    def _totals(
        self, measure: Measure, params: Params, breakdowns: list[str]
    ) -> list[dict[str, Any]]:
        """Numerator and denominator sums and unit counts per council (and per breakdown
        value), aggregated by the backend, for one period, from the measure's template."""

        def compile_for(p: Params) -> str:
            expr = totals_expr(measure.build(self.sources, p), breakdowns)
            with quiet():
                return str(self.con.compile(expr))

        sql: str | None = None
        if measure.id not in self.untemplated:
            try:
                template = self.templates.get(
                    (self.name, measure.id, *breakdowns),
                    lambda: make_template(compile_for, self._literal),
                )
                sql = template.render(params, self._literal)
            except TemplateError:
                self.untemplated.add(measure.id)
        if sql is None:
            sql = compile_for(params)
        return self._run(sql)

    def _literal(self, value: date | int) -> str:
        """How this backend writes `value` (a date or an integer) in SQL."""
        text = self._literals.get(value)
        if text is None:

            def compile_sql(expr: Any) -> str:
                with quiet():
                    return str(self.con.compile(expr))

            text = self._literals[value] = literal_text(compile_sql, value)
        return text

    def _run(self, sql: str) -> list[dict[str, Any]]:
        """Run compiled totals SQL: one dict per row, with `TOTALS_COLUMNS`."""
        with quiet():
            if self.name == "duckdb":
                rows = self.con.con.execute(sql).fetchall()
            elif self.name == "postgres":
                with self.con.raw_sql(sql) as cursor:
                    rows = cursor.fetchall()
            else:
                rows = [tuple(row) for row in self.con._session.sql(sql).collect()]
        return [
            {
                "la": str(la),
                "breakdown": str(breakdown),
                "breakdown_value": str(value),
                "num": None if num is None else float(num),
                "den": None if den is None else float(den),
                "n": int(n),
            }
            for la, breakdown, value, num, den, n in rows
        ]

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


TOTALS_COLUMNS = ("la", "breakdown", "breakdown_value", "num", "den", "n")
NOT_RECORDED = "Not recorded"


def totals_expr(units: ir.Table, breakdowns: Iterable[str]) -> ir.Table:
    """Sum the units per council, and per council and value of each breakdown (a missing
    value counts as "Not recorded"), in one query with `TOTALS_COLUMNS`."""

    def summed(grouped: ir.Table, value: Any, name: str) -> ir.Table:
        totals = grouped.group_by(la=grouped.la, breakdown_value=value).aggregate(
            num=grouped.num.sum(), den=grouped.den.sum(), n=grouped.count()
        )
        return totals.select(
            "la",
            breakdown=ibis.literal(name, type="string"),
            breakdown_value=totals.breakdown_value.cast("string"),
            num=totals.num.cast("float64"),
            den=totals.den.cast("float64"),
            n=totals.n.cast("int64"),
        )

    parts = [summed(units, ibis.literal("", type="string"), "")]
    parts += [summed(units, units[name].fill_null(NOT_RECORDED), name) for name in breakdowns]
    return ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0]


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


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
