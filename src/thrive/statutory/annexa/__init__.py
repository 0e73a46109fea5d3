"""Ofsted Annex A (ILACS child-level lists): spec, workbook reader and validation rules."""

from __future__ import annotations

from thrive.statutory.annexa.format import ANNEXA_FORMAT
from thrive.statutory.annexa.registry import registry
from thrive.statutory.rules import import_rule_modules, register_return

import_rule_modules("thrive.statutory.annexa.rules")
register_return(ANNEXA_FORMAT)

__all__ = ["ANNEXA_FORMAT", "registry"]
