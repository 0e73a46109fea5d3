"""The workforce rule registry (census years 2023-2027)."""

from __future__ import annotations

from thrive.statutory.rules import RuleRegistry
from thrive.statutory.workforce import spec

registry = RuleRegistry(spec.RETURN_ID, years=spec.SUPPORTED_YEARS)
