"""The CIN census rule registry (collection years 2025-2027, labelled by end year)."""

from __future__ import annotations

from thrive.statutory.cin import spec
from thrive.statutory.rules import RuleRegistry

registry = RuleRegistry(spec.RETURN_ID, years=spec.SUPPORTED_YEARS)
