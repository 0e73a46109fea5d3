"""The walking tests' knowledge of every URL: how to build its arguments, what each role gets.

Each app keeps its own `tests/<app>/url_cases.py` (found automatically) defining:
- `URL_KWARGS`: {url name: function(world) -> kwargs pointing at council A's objects}
- `PERMISSION_MATRIX`: [(url name, method, {role: expected status})] naming every role
- optionally `PUBLIC_URLS`: names that are not council data (reachable signed out)
- optionally `populate(world)`: create the app's objects in council A and B, store them in
  `world.objects` for the kwargs functions.
The tenant-isolation test fails for any URL name missing from every module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ALL_ROLES = (
    "admin",
    "director",
    "manager",
    "analyst",
    "qa_lead",
    "practitioner",
    "board_member",
    "adviser",
    "councillor",
    "regional_analyst",
)


@dataclass
class World:
    """Two councils: A (the one the URLs point at) and B (the intruder's)."""

    council_a: Any
    council_b: Any
    objects: dict[str, Any] = field(default_factory=dict)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ALL_ROLES, status)


def only(allowed: set[str], yes: int = 200, no: int = 403) -> dict[str, int]:
    unknown = allowed - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    return {role: (yes if role in allowed else no) for role in ALL_ROLES}


def council_kwargs(world: World) -> dict[str, str]:
    return {"council_code": world.council_a.la_number}


def _case_modules() -> list[ModuleType]:
    root = Path(__file__).resolve().parent
    names = sorted(
        ".".join(path.relative_to(root.parent).with_suffix("").parts)
        for path in root.rglob("url_cases.py")
    )
    return [importlib.import_module(name) for name in names]


CASE_MODULES = _case_modules()

URL_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {}
URL_MODULE: dict[str, ModuleType] = {}
PUBLIC_URLS: set[str] = set()
PERMISSION_MATRIX: list[tuple[str, str, dict[str, int]]] = []
for _module in CASE_MODULES:
    URL_KWARGS.update(_module.URL_KWARGS)
    URL_MODULE.update(dict.fromkeys(_module.URL_KWARGS, _module))
    PUBLIC_URLS.update(getattr(_module, "PUBLIC_URLS", set()))
    PERMISSION_MATRIX.extend(getattr(_module, "PERMISSION_MATRIX", []))


def populate(world: World, for_urls: set[str] | None = None) -> World:
    """Run the apps' populate hooks: all of them, or only those owning `for_urls`.

    A URL's kwargs function may only use objects its own module's hook creates.
    """
    wanted = None if for_urls is None else {URL_MODULE[name] for name in for_urls}
    for module in CASE_MODULES:
        hook = getattr(module, "populate", None)
        if hook is not None and (wanted is None or module in wanted):
            hook(world)
    return world
