"""Site shell and sign-in URLs for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

from tests.url_registry import council_kwargs, everyone, only

URL_KWARGS = {
    "healthz": lambda world: {},
    "accounts:login": lambda world: {},
    "accounts:logout": lambda world: {},
    "accounts:mfa-verify": lambda world: {},
    "accounts:mfa-setup": lambda world: {},
    "web:home": lambda world: {},
    "web:accessibility": lambda world: {},
    "web:privacy": lambda world: {},
    "web:council-home": council_kwargs,
    "web:access-log": council_kwargs,
}

PUBLIC_URLS = {"healthz", "accounts:login", "web:accessibility", "web:privacy"}

PERMISSION_MATRIX = [
    ("web:council-home", "GET", everyone(200)),
    ("web:access-log", "GET", only({"admin"})),
    ("web:accessibility", "GET", everyone(200)),
    ("web:privacy", "GET", everyone(200)),
    ("healthz", "GET", everyone(200)),
    ("accounts:logout", "GET", everyone(405)),
]
