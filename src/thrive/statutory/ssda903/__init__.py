"""SSDA903 (children looked after) return: spec, reader and rules, registered on import."""

from __future__ import annotations

from thrive.statutory.rules import (
    ReturnFormat,
    april_to_march,
    import_rule_modules,
    register_return,
)
from thrive.statutory.ssda903 import reader, spec
from thrive.statutory.ssda903.registry import registry

import_rule_modules("thrive.statutory.ssda903.rules")

FORMAT = register_return(
    ReturnFormat(
        return_id=spec.RETURN_ID,
        title="SSDA903 children looked after",
        registry=registry,
        detect=reader.detect,
        read=reader.read,
        period=april_to_march,
    )
)

__all__ = ["FORMAT", "registry", "spec"]
