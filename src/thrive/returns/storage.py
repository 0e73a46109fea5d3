"""Where a council's uploads, versions and pseudonymisation key live on disk."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from thrive.councils.models import Council


def data_root() -> Path:
    return Path(settings.THRIVE_DATA_DIR)


def council_dir(council: Council) -> Path:
    return data_root() / "councils" / council.la_number


def key_path(council: Council) -> Path:
    return council_dir(council) / "pseudonym.key"


def upload_dir(council: Council, upload_id: int) -> Path:
    return council_dir(council) / "uploads" / str(upload_id)


def year_dir(council: Council, return_type: str, year: int) -> Path:
    return council_dir(council) / "returns" / return_type / str(year)


def version_dir(council: Council, return_type: str, year: int, version: int) -> Path:
    return year_dir(council, return_type, year) / f"v{version:04d}"


def relative(path: Path) -> str:
    return str(path.relative_to(data_root()))


def absolute(relative_path: str) -> Path:
    return data_root() / relative_path
