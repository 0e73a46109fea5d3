"""Children's social work workforce census (Thrive CSV format): spec, reader and rules."""

from __future__ import annotations

from thrive.statutory.rules import import_rule_modules, register_return
from thrive.statutory.workforce.format import WORKFORCE_FORMAT
from thrive.statutory.workforce.registry import registry

import_rule_modules("thrive.statutory.workforce.rules")
register_return(WORKFORCE_FORMAT)

__all__ = ["WORKFORCE_FORMAT", "registry"]
