"""The CIN census rule registry (collection years 2025-2027, labelled by end year)."""

from __future__ import annotations

from thrive.statutory.cin import spec
from thrive.statutory.rules import HISTORY_FROM, RuleRegistry

# Returns from 2019/20 load for trends; years before 2023/24 use the nearest rule set.
registry = RuleRegistry(spec.RETURN_ID, years=spec.SUPPORTED_YEARS, history_from=HISTORY_FROM)
