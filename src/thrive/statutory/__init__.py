"""Statutory returns: readers, a versioned rule registry and validation (pure Python, no Django).

Entry points: `validate_paths` (CLI and ingest), `RuleRegistry` / `register_return` (return
packages), `Issue` / `Severity` (results). See `thrive.statutory.rules` for how to add a return.
"""

from __future__ import annotations

from thrive.statutory.issues import Issue, NotChecked, Severity
from thrive.statutory.rules import ReturnData, Rule, RuleRegistry, load_returns, register_return
from thrive.statutory.validate import Progress, ValidationReport, validate_paths

__all__ = [
    "Issue",
    "NotChecked",
    "Progress",
    "ReturnData",
    "Rule",
    "RuleRegistry",
    "Severity",
    "ValidationReport",
    "load_returns",
    "register_return",
    "validate_paths",
]
