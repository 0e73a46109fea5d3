"""Ofsted's list of registered children's social care providers, for the URN rules.

DfE checks an episode's Ofsted URN against Ofsted's provider lists (children's homes and other
social care providers), which councils download from Ofsted; they are not published in full
(children's home addresses are withheld), so Thrive does not ship them. A council gives its copy
as one CSV file, named by the environment variable `THRIVE_OFSTED_PROVIDERS`, with columns:

- `URN`: the provider's Unique Reference Number;
- `PLACE_CODES`: the SSDA903 placement types it can provide, comma-separated (e.g. "K2" or
  "U1,U2,U3"; Ofsted's "K2/K1" form is accepted too);
- `PROVIDER_CODES`: the SSDA903 placement provider codes, the same way (e.g. "PR1,PR2");
- `REG_END`: the date its registration ended (dd/mm/yyyy or yyyy-mm-dd), blank when open;
- `POSTCODE`: the setting's postcode.

`provider_list()` reads it once and adds `LA`, the council (DfE LA number) of the postcode from
`thrive.reference.postcodes`; it returns None when no list is given, and the URN rules then
report themselves as not checked, naming the variable.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import polars as pl

from thrive.reference import postcodes

ENVIRONMENT_VARIABLE = "THRIVE_OFSTED_PROVIDERS"
COLUMNS = ("URN", "PLACE_CODES", "PROVIDER_CODES", "REG_END", "POSTCODE")


class ProviderListError(ValueError):
    """The provider list is missing or unreadable (the message says what to do)."""


def _codes(column: str) -> pl.Expr:
    return (
        pl.col(column)
        .fill_null("")
        .str.to_uppercase()
        .str.replace_all(r"[/;\s]", ",")
        .str.split(",")
        .list.eval(pl.element().filter(pl.element() != ""))
    )


def read_provider_list(path: Path) -> pl.DataFrame:
    """The provider list in `path`, with codes as lists, REG_END a date and LA added."""
    try:
        raw = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise ProviderListError(f"cannot read the Ofsted provider list {path}: {error}") from None
    missing = [column for column in COLUMNS if column not in raw.columns]
    if missing:
        raise ProviderListError(
            f"the Ofsted provider list {path} lacks column(s) {', '.join(missing)}"
        )
    reg_end = pl.coalesce(
        pl.col("REG_END").str.strptime(pl.Date, "%d/%m/%Y", strict=False),
        pl.col("REG_END").str.strptime(pl.Date, "%Y-%m-%d", strict=False),
    )
    frame = raw.select(
        pl.col("URN").str.strip_chars(),
        _codes("PLACE_CODES").alias("PLACE_CODES"),
        _codes("PROVIDER_CODES").alias("PROVIDER_CODES"),
        reg_end.alias("REG_END"),
        postcodes.normalise(pl.col("POSTCODE")).alias("POSTCODE"),
    ).unique("URN", keep="first", maintain_order=True)
    located = postcodes.locate(frame, "POSTCODE", "__provider_")
    return located.select(*frame.columns, pl.col("__provider_la").alias("LA"))


@cache
def _cached(path: str) -> pl.DataFrame:
    return read_provider_list(Path(path))


def provider_list() -> pl.DataFrame | None:
    """The list named by THRIVE_OFSTED_PROVIDERS (read once), or None when none is given."""
    path = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    return _cached(path) if path else None


def require_provider_list() -> pl.DataFrame:
    """The provider list; raises ProviderListError (a ValueError) saying how to give one."""
    found = provider_list()
    if found is None:
        raise ProviderListError(
            f"the Ofsted provider list was not given: set {ENVIRONMENT_VARIABLE} to the CSV "
            "file of your Ofsted children's homes and social care providers lists"
        )
    return found


__all__ = [
    "COLUMNS",
    "ENVIRONMENT_VARIABLE",
    "ProviderListError",
    "provider_list",
    "read_provider_list",
    "require_provider_list",
]
