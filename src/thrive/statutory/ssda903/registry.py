"""The SSDA903 rule registry (collection years 2023/24 to 2026/27)."""

from __future__ import annotations

from thrive.statutory.rules import HISTORY_FROM, RuleRegistry
from thrive.statutory.ssda903.spec import RETURN_ID, YEARS

# Returns from 2019/20 load for trends; years before 2023/24 use the nearest rule set.
registry = RuleRegistry(RETURN_ID, YEARS, history_from=HISTORY_FROM)
