"""The SSDA903 rule registry (collection years 2023/24 to 2026/27)."""

from __future__ import annotations

from thrive.statutory.rules import RuleRegistry
from thrive.statutory.ssda903.spec import RETURN_ID, YEARS

registry = RuleRegistry(RETURN_ID, YEARS)
