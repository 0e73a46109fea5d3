"""CIN census (DfE children in need census): spec, safe XML reader and validation rules."""

from __future__ import annotations

from thrive.statutory.cin.format import CIN_FORMAT
from thrive.statutory.cin.registry import registry
from thrive.statutory.rules import import_rule_modules, register_return

import_rule_modules("thrive.statutory.cin.rules")
register_return(CIN_FORMAT)

__all__ = ["CIN_FORMAT", "registry"]
