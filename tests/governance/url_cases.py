"""governance URLs for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

from typing import Any

URL_KWARGS: dict[str, Any] = {}
PERMISSION_MATRIX: list[tuple[str, str, dict[str, int]]] = []
