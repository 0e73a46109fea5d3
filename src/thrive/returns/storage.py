"""Where a council's uploads, versions and pseudonymisation key live, and the one way to read a
stored table back.

Versions live under `<THRIVE_DATA_DIR>/councils/<la>/returns/`, laid out as
`thrive.statutory.layout` says (`<return>/<year>/vNNNN/<table>.parquet`). Code elsewhere asks
`thrive.returns.selectors` for a table (a Polars LazyFrame) or, for the measure engine, for the
current tables' paths; it never builds a path or opens Parquet itself
(`tests/test_architecture.py` checks).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from django.conf import settings

from thrive.councils.models import Council
from thrive.statutory import layout


def data_root() -> Path:
    return Path(settings.THRIVE_DATA_DIR)


def council_dir(council: Council) -> Path:
    return data_root() / "councils" / council.la_number


def key_path(council: Council) -> Path:
    return council_dir(council) / "pseudonym.key"


def upload_dir(council: Council, upload_id: int) -> Path:
    return council_dir(council) / "uploads" / str(upload_id)


def returns_root(council: Council) -> Path:
    return council_dir(council) / "returns"


def year_dir(council: Council, return_type: str, year: int) -> Path:
    return layout.year_folder(returns_root(council), return_type, year)


def version_dir(council: Council, return_type: str, year: int, version: int) -> Path:
    return layout.version_folder(returns_root(council), return_type, year, version)


def relative(path: Path) -> str:
    return str(path.relative_to(data_root()))


def absolute(relative_path: str) -> Path:
    return data_root() / relative_path


def table_path(storage_dir: str, table: str) -> Path:
    """Where one table of a stored version (its `storage_dir`) lives."""
    return layout.table_file(absolute(storage_dir), table)


def table_read(storage_dir: str, table: str) -> pl.LazyFrame | None:
    """One table of a stored version, or None when that version has no such table."""
    path = table_path(storage_dir, table)
    return pl.scan_parquet(path) if path.is_file() else None
