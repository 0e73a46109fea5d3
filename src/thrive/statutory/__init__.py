"""Statutory returns: readers, a versioned rule registry and validation (pure Python, no Django).

Entry points: `validate_paths` (CLI and ingest), `RuleRegistry` / `register_return` (return
packages), `Issue` / `Severity` (results). See `thrive.statutory.rules` for how to add a return.

The names are loaded on first use (PEP 562), so importing a light sub-module such as
`thrive.statutory.issues` or `thrive.statutory.command` does not import Polars and every rule.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thrive.statutory.issues import Issue, NotChecked, Severity
    from thrive.statutory.rules import (
        ReturnData,
        Rule,
        RuleRegistry,
        load_returns,
        register_return,
    )
    from thrive.statutory.validate import Progress, ValidationReport, validate_paths

_WHERE = {
    "Issue": "issues",
    "NotChecked": "issues",
    "Severity": "issues",
    "ReturnData": "rules",
    "Rule": "rules",
    "RuleRegistry": "rules",
    "load_returns": "rules",
    "register_return": "rules",
    "Progress": "validate",
    "ValidationReport": "validate",
    "validate_paths": "validate",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


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
