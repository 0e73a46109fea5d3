"""Compile each measure once and run it for any period.

Turning a measure's Ibis expression into SQL costs more than running that SQL on a medium
council (about 25 ms a measure against 10 ms), and a recompute runs every measure for up to 29
periods. A measure's SQL differs between periods only in a few literals: the period end, the
window start, the collection year and the values `Params` derives from them. So the engine
builds each measure once with `PlaceholderParams`, whose values are stand-ins no real period
has (dates in the years 2900-2999, integers from 900,000,001), records what each stand-in
means, and fills in a period by replacing the stand-ins' SQL text with the real values' text.

A template is checked when it is made: every stand-in must appear in the SQL, and a rendered
query must contain no other date from those years (a stand-in used in Python arithmetic
instead of through a `Params` method would leave one). A measure that fails the check is run
by compiling it for each period instead (`Engine.compute` falls back and counts it).

Templates are kept per process and, when a cache folder is given, on disk as JSON, keyed by
the backend and a digest of this package's source and the Ibis and sqlglot versions, so a
release's first recompute fills the cache and later processes start warm.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import ibis
import sqlglot

from thrive.metrics.expr import Params

SENTINEL_FIRST_YEAR = 2900
SENTINEL_FIRST_INT = 900_000_001
STRAY = re.compile(r"(?<![\w.])(?:28[5-9]\d|29\d\d|899\d{6}|900\d{6})(?![\w.])")
"""A year or number near the stand-ins: left in rendered SQL it means an untracked stand-in
(one changed by Python arithmetic instead of asked for through a `Params` method)."""

SlotKey = tuple[Any, ...]
"""What a stand-in means: ("ref",), ("start",), ("year",), ("before", y, m, d), ...."""


class TemplateError(Exception):
    """The measure cannot be compiled once for every period (see the module docstring)."""


def resolve(key: SlotKey, params: Params) -> date | int:
    """The real value a stand-in means, for one period."""
    name, *args = key
    if name == "ref":
        return params.ref
    if name == "start":
        return params.start
    if name == "year":
        return params.year
    if name == "before":
        years, months, days = args
        return params.before(years=years, months=months, days=days)
    if name == "window_start":
        return params.window_start(args[0])
    if name == "working_days_in_window":
        return params.working_days_in_window()
    raise TemplateError(f"Unknown period value {key!r}.")


@dataclass(frozen=True)
class PlaceholderParams(Params):
    """`Params` whose every value is a recorded stand-in."""

    slots: dict[SlotKey, date | int] = field(default_factory=dict, compare=False)

    @classmethod
    def make(cls) -> PlaceholderParams:
        slots: dict[SlotKey, date | int] = {}
        ref = _stand_in(slots, ("ref",), date)
        start = _stand_in(slots, ("start",), date)
        year = _stand_in(slots, ("year",), int)
        assert isinstance(ref, date) and isinstance(start, date) and isinstance(year, int)
        return cls(ref=ref, start=start, year=year, slots=slots)

    def before(self, *, years: int = 0, months: int = 0, days: int = 0) -> date:
        value = _stand_in(self.slots, ("before", years, months, days), date)
        assert isinstance(value, date)
        return value

    def window_start(self, years: int = 1) -> date:
        value = _stand_in(self.slots, ("window_start", years), date)
        assert isinstance(value, date)
        return value

    def working_days_in_window(self) -> int:
        value = _stand_in(self.slots, ("working_days_in_window",), int)
        assert isinstance(value, int)
        return value


def _stand_in(slots: dict[SlotKey, date | int], key: SlotKey, kind: type) -> date | int:
    if key not in slots:
        dates = sum(isinstance(v, date) for v in slots.values())
        ints = len(slots) - dates
        if kind is date:
            if dates >= 100:
                raise TemplateError("More than 100 period dates in one measure.")
            slots[key] = date(SENTINEL_FIRST_YEAR + dates, 1, 1)
        else:
            slots[key] = SENTINEL_FIRST_INT + ints
    return slots[key]


LiteralText = Callable[[date | int], str]

_SELECT_LITERAL = re.compile(r"\s*SELECT\s+(.+?)\s+AS\s+\W?v\W?\s*", re.DOTALL)


def literal_text(compile_sql: Callable[[Any], str], value: date | int) -> str:
    """How a backend writes `value` in SQL, read from its compilation of `SELECT value AS v`."""
    sql = compile_sql(ibis.literal(value).name("v"))
    found = _SELECT_LITERAL.fullmatch(sql)
    if found is None:
        raise TemplateError(f"Cannot read the SQL literal for {value!r} from {sql!r}.")
    return found.group(1)


@dataclass(frozen=True)
class Template:
    """A measure's SQL with stand-ins, and what each stand-in means."""

    sql: str
    slots: tuple[tuple[SlotKey, str], ...]
    """(meaning, the stand-in's SQL text) for each stand-in."""

    def render(self, params: Params, literal: LiteralText) -> str:
        sql = self.sql
        for key, text in self.slots:
            sql = _replace(sql, text, literal(resolve(key, params)))
        stray = STRAY.search(sql)
        if stray:
            raise TemplateError(f"Untracked period value {stray.group(0)} left in the SQL.")
        return sql

    def to_json(self) -> str:
        return json.dumps({"sql": self.sql, "slots": [[list(k), t] for k, t in self.slots]})

    @classmethod
    def from_json(cls, text: str) -> Template:
        data = json.loads(text)
        return cls(sql=data["sql"], slots=tuple((tuple(k), t) for k, t in data["slots"]))


def _replace(sql: str, text: str, value: str) -> str:
    pattern = re.compile(rf"(?<![\w.]){re.escape(text)}(?![\w.])")
    return pattern.sub(lambda _: value, sql)


def make_template(
    compile_sql: Callable[[PlaceholderParams], str], literal: LiteralText
) -> Template:
    """Compile once with stand-ins and check every stand-in can be found and replaced."""
    params = PlaceholderParams.make()
    sql = compile_sql(params)
    slots = []
    for key, value in params.slots.items():
        text = literal(value)
        if not re.search(rf"(?<![\w.]){re.escape(text)}(?![\w.])", sql):
            if key in (("ref",), ("start",), ("year",)):
                continue  # a measure need not use every basic value
            raise TemplateError(f"Period value {key!r} was asked for but is not in the SQL.")
        slots.append((key, text))
    template = Template(sql=sql, slots=tuple(slots))
    # Rendering the stand-ins' own period must leave nothing untracked behind.
    check = Params(ref=date(2001, 1, 31), start=date(2000, 2, 1), year=2001)
    template.render(check, literal)
    return template


def digest_sources() -> list[Path]:
    """The files whose text the digest covers: every module of the metrics package, the
    measure modules under `measures/` included."""
    return sorted(Path(__file__).parent.rglob("*.py"))


@cache
def source_digest() -> str:
    """Changes whenever the measure definitions, Ibis or sqlglot change."""
    digest = hashlib.sha256(f"{ibis.__version__}/{sqlglot.__version__}".encode())
    package = Path(__file__).parent
    for path in digest_sources():
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class TemplateCache:
    """Templates by (backend, measure, columns): in memory for the process, and on disk."""

    _memory: dict[tuple[str, ...], Template] = {}

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.compiled = 0
        """Templates compiled by this cache (misses in memory and on disk)."""

    def get(self, key: Iterable[str], make: Callable[[], Template]) -> Template:
        full = (source_digest(), *key)
        found = self._memory.get(full)
        if found is not None:
            return found
        path = self._path(full)
        if path is not None and path.exists():
            try:
                found = Template.from_json(path.read_text(encoding="utf-8"))
            except (ValueError, KeyError, TypeError):
                found = None
        if found is None:
            found = make()
            self.compiled += 1
            if path is not None:
                if not path.parent.exists():
                    self._forget_other_releases(path.parent)
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(f".{os.getpid()}.tmp")  # processes may race
                partial.write_text(found.to_json(), encoding="utf-8")
                partial.replace(path)
        self._memory[full] = found
        return found

    def _path(self, full: tuple[str, ...]) -> Path | None:
        if self.folder is None:
            return None
        name = hashlib.sha256("/".join(full[1:]).encode()).hexdigest()[:24]
        return self.folder / full[0] / f"{name}.json"

    @staticmethod
    def _forget_other_releases(current: Path) -> None:
        """Remove templates an earlier release wrote (their digest folders)."""
        if not current.parent.is_dir():
            return
        for other in current.parent.iterdir():
            if other.is_dir() and other != current:
                shutil.rmtree(other, ignore_errors=True)

    @classmethod
    def forget(cls) -> None:
        """Drop the process's templates (tests and benchmarks that time a cold start)."""
        cls._memory.clear()
