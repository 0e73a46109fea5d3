"""The Annex A rule registry (reporting windows ending 31 March 2024-2027)."""

from __future__ import annotations

from thrive.statutory.annexa import spec
from thrive.statutory.rules import RuleRegistry

registry = RuleRegistry(spec.RETURN_ID, years=spec.SUPPORTED_YEARS)
