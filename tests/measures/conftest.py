from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.metrics import handbuilt


@pytest.fixture
def parquet_inputs(tmp_path: Path) -> dict[str, dict[int, dict[str, Path]]]:
    """The hand-built council written as ingest stores it: one Parquet file per table."""
    result: dict[str, dict[int, dict[str, Path]]] = {}
    for return_id, years in handbuilt.inputs()[handbuilt.LA].items():
        for year, tables in years.items():
            folder = tmp_path / return_id / str(year) / "v0001"
            folder.mkdir(parents=True)
            for name, frame in tables.items():
                frame.write_parquet(folder / f"{name}.parquet")
                result.setdefault(return_id, {}).setdefault(year, {})[name] = (
                    folder / f"{name}.parquet"
                )
    return result


@pytest.fixture
def council_with_returns(
    council_factory: Any, parquet_inputs: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> Any:
    """Council 990-like (LA 9301) whose current returns are the hand-built Parquet tables."""
    from thrive.measures import services

    council = council_factory(la_number="9301", name="Handbuilt", is_fictional=True)
    monkeypatch.setattr(
        services,
        "council_inputs",
        lambda *, council: parquet_inputs if council.la_number == "9301" else {},
    )
    return council
