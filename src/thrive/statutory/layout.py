"""How stored versions of a council's returns are laid out on disk, in one place (pure).

    <returns root>/<return id>/<collection year>/vNNNN/<table>.parquet

`thrive.returns.storage` puts the root under each council's private folder and is the only
Django code that reads these paths; the measure benchmark uses the same layout for a generated
nation stored "as ingest does" (`thrive.metrics.inputs`).
"""

from __future__ import annotations

from pathlib import Path


def year_folder(returns_root: Path, return_id: str, year: int) -> Path:
    return returns_root / return_id / str(year)


def version_folder(returns_root: Path, return_id: str, year: int, version: int) -> Path:
    return year_folder(returns_root, return_id, year) / f"v{version:04d}"


def table_file(version: Path, table: str) -> Path:
    return version / f"{table}.parquet"


def newest_versions(returns_root: Path) -> dict[str, dict[int, dict[str, Path]]]:
    """The newest stored version of every return and year: return → year → table → file."""
    result: dict[str, dict[int, dict[str, Path]]] = {}
    for return_dir in sorted(p for p in returns_root.iterdir() if p.is_dir()):
        for year_dir in sorted(p for p in return_dir.iterdir() if p.is_dir()):
            versions = sorted(p for p in year_dir.iterdir() if p.is_dir() and p.name[:1] == "v")
            if versions:
                tables = {f.stem: f for f in sorted(versions[-1].glob("*.parquet"))}
                result.setdefault(return_dir.name, {})[int(year_dir.name)] = tables
    return result
