"""How to build the arguments of every URL pattern, for the walking tests.

Every named URL in the project must appear here (the tenant-isolation test fails otherwise).
Each entry maps a URL name to a function of the test world returning the URL's kwargs for
council A. Later capabilities add their URLs here and to PERMISSION_MATRIX below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class World:
    """Two councils with data in each: A (the one the URLs point at) and B (the intruder's)."""

    council_a: Any
    council_b: Any
    objects: dict[str, Any]


def _council(world: World) -> dict[str, str]:
    return {"council_code": world.council_a.la_number}


URL_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "healthz": lambda world: {},
    "accounts:login": lambda world: {},
    "accounts:logout": lambda world: {},
    "accounts:mfa-verify": lambda world: {},
    "accounts:mfa-setup": lambda world: {},
    "web:home": lambda world: {},
    "web:accessibility": lambda world: {},
    "web:privacy": lambda world: {},
    "web:council-home": _council,
    "web:access-log": _council,
}

# URLs that are not council data and need no walking beyond "no 500".
PUBLIC_URLS = {"healthz", "accounts:login", "web:accessibility", "web:privacy"}

# (url name, method, expected status by role). GET unless stated. A role missing from the map
# is a test failure: every URL must say what every role gets.
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


def _everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ALL_ROLES, status)


def _only(allowed: set[str], yes: int = 200, no: int = 403) -> dict[str, int]:
    return {role: (yes if role in allowed else no) for role in ALL_ROLES}


PERMISSION_MATRIX: list[tuple[str, str, dict[str, int]]] = [
    ("web:council-home", "GET", _everyone(200)),
    ("web:access-log", "GET", _only({"admin"})),
    ("web:accessibility", "GET", _everyone(200)),
    ("web:privacy", "GET", _everyone(200)),
    ("healthz", "GET", _everyone(200)),
    ("accounts:logout", "GET", _everyone(405)),
]
