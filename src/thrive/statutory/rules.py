"""Rule registry, return formats and the rule runner shared by every statutory return.

How a return package plugs in (see `thrive.statutory.ssda903` for a complete example):

1. Make a `RuleRegistry` for the return, listing the collection years it supports::

       registry = RuleRegistry("cin", years=(2025, 2026, 2027))

2. Write rules as vectorised functions of the return's tables, registered with the decorator.
   A rule gets a `ReturnData` (`data["episodes"]` is a Polars DataFrame with the raw string
   columns, typed columns `date_col("DECOM")` / `int_col(...)` / `num_col(...)` alongside, and
   `ROW`, the analyst's row number). It returns the offending rows -- a DataFrame (or
   LazyFrame) that still has `ROW` and the table's child-id column -- for the first table in
   `tables`, or a dict {table name: offending rows} when it flags rows in several tables::

       @registry.rule("8510", severity=Severity.ERROR, tables=("children",),
                      fields=("LAchildID",), message="... plain English, and how to fix it")
       def _(data: ReturnData) -> pl.DataFrame:
           children = data["children"]
           return children.filter(pl.col("LAchildID").is_duplicated())

   Never loop over rows in Python; a frame several rules need (e.g. sorted episodes) is
   built once with `data.cached("<return>.<name>", build)`. Rules run for every year from
   `since` (default: the registry's first year) onwards. A later year that changes a rule
   registers the same code
   again with `since=<year>` (amended); `registry.delete(code, since=<year>)` retires a code
   from that year on (also one first registered that year: it is then absent altogether).
   Registering one code twice for the same year fails at import. A rule that needs last year's
   return sets `needs_previous=True` (it reads `data.previous`); when last year's files are not
   given it is reported as "not checked", never as passed.

3. Put rule modules in `<return>/rules/y<year>/...py` and call
   `import_rule_modules("thrive.statutory.<return>.rules")` once from the package so every
   module registers itself.

4. Describe how files are recognised and read with a `ReturnFormat` and register it from the
   return package's `__init__.py` with `register_return(...)`:
   - `detect(sniff) -> Detection | None`: from a `Sniff` (header cells per sheet, or XML root
     name) say whether the file belongs to this return, which table(s) it holds, a 0..1
     score, and a `group` key (files with the same group are one submission, e.g. the CSVs in
     one folder). Never decide from file names.
   - `read(files, year, size_limit) -> ReadResult`: turn the detected files of one group into
     `ReturnData` (all tables present; empty ones for files not given) with the collection
     year (the given one, or detected from the contents), and `Issue`s for unreadable input
     (use the helpers and FILEnn problems in `reading.py` / `issues.py`). Raise nothing: a bad
     file becomes an issue with the file name and what to do.
   - `period(year) -> (start, end)`: the dates the year covers (2025 = 1 Apr 2024-31 Mar 2025).

`validate_paths` in `thrive.statutory.validate` then detects, reads and runs the rules; the
`thrive validate` and `thrive rules` commands and docs/rules.md come from this registry.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

import polars as pl

from thrive.statutory.issues import Issue, NotChecked, Severity
from thrive.statutory.reading import DEFAULT_SIZE_LIMIT, ROW, Sniff, SourceFile, Table

RuleOutput = pl.DataFrame | pl.LazyFrame | Mapping[str, pl.DataFrame | pl.LazyFrame]
RuleFunction = Callable[["ReturnData"], RuleOutput]


@dataclass(frozen=True, slots=True)
class Rule:
    """A validation rule: what it checks, how serious it is, and the function that checks it.

    `years` lists the collection years (end year: 2025 = 2024/25) this version applies to.
    """

    code: str
    return_: str
    severity: Severity
    message: str
    tables: tuple[str, ...]
    fields: tuple[str, ...]
    function: RuleFunction
    since: int
    years: tuple[int, ...] = ()
    needs_previous: bool = False
    source: str = ""

    def catalogue_row(self, year: int) -> dict[str, object]:
        return {
            "rule": self.code,
            "return": self.return_,
            "year": year,
            "severity": str(self.severity),
            "tables": list(self.tables),
            "fields": list(self.fields),
            "message": self.message,
        }


class RegistryError(Exception):
    """A rule was registered wrongly (duplicate code, unknown year, no message)."""


HISTORY_FROM = 2020
"""The earliest collection year (2019/20) a return with history accepts, for five-year trends."""


class RuleRegistry:
    """The rules of one return, versioned by collection year.

    Each year inherits the previous year's rules; a year may add rules, amend a code (register
    it again with a later `since`) or delete codes.

    `years` are the years Thrive has a rule set for. `history_from` (e.g. `HISTORY_FROM`) lets
    the return accept older years too: they are checked with the nearest rule set
    (`rules_year`), and the report names that set rather than pretending it is the year's own.
    """

    def __init__(
        self, return_id: str, years: Sequence[int], *, history_from: int | None = None
    ) -> None:
        if not years:
            raise RegistryError("a registry needs at least one collection year")
        self.return_id = return_id
        self.years: tuple[int, ...] = tuple(sorted(years))
        first = self.years[0] if history_from is None else min(history_from, self.years[0])
        self.accepted_years: tuple[int, ...] = (
            *range(first, self.years[0]),
            *self.years,
        )
        self._versions: dict[str, dict[int, Rule]] = {}
        self._deleted: dict[str, int] = {}

    def rule(
        self,
        code: str,
        *,
        severity: Severity,
        message: str,
        tables: Sequence[str],
        fields: Sequence[str] = (),
        since: int | None = None,
        needs_previous: bool = False,
        source: str = "",
    ) -> Callable[[RuleFunction], RuleFunction]:
        """Decorator registering `function` as rule `code` from collection year `since`.

        Raises: RegistryError if the code is already registered for that year.
        """
        start = self.years[0] if since is None else since
        if start not in self.years:
            raise RegistryError(f"{self.return_id} rule {code}: year {start} is not supported")
        if not message.strip():
            raise RegistryError(f"{self.return_id} rule {code} has no message")
        if not tables:
            raise RegistryError(f"{self.return_id} rule {code} names no table")

        def decorator(function: RuleFunction) -> RuleFunction:
            versions = self._versions.setdefault(code, {})
            if start in versions:
                raise RegistryError(f"{self.return_id} rule {code} is registered twice for {start}")
            versions[start] = Rule(
                code=code,
                return_=self.return_id,
                severity=severity,
                message=message.strip(),
                tables=tuple(tables),
                fields=tuple(fields),
                function=function,
                since=start,
                needs_previous=needs_previous,
                source=source,
            )
            return function

        return decorator

    def delete(self, code: str, *, since: int) -> None:
        """Retire `code` from collection year `since` onwards.

        Every version registered up to and including `since` is retired; a version registered
        for a later year brings the code back from that year.

        Raises: RegistryError for an unknown year or a code deleted twice.
        """
        if since not in self.years:
            raise RegistryError(f"{self.return_id} delete {code}: year {since} not supported")
        if code in self._deleted:
            raise RegistryError(f"{self.return_id} rule {code} is deleted twice")
        self._deleted[code] = since

    def _resolve(self, code: str, year: int) -> Rule | None:
        versions = self._versions.get(code, {})
        applicable = [since for since in versions if since <= year]
        if not applicable:
            return None
        latest = max(applicable)
        deleted = self._deleted.get(code)
        # A version registered in the year of the deletion goes too, so a code can be absent
        # from its own first year (as the DfE's lists, which add and withdraw a code at once).
        if deleted is not None and latest <= deleted <= year:
            return None
        return versions[latest]

    def rules_for(self, year: int) -> list[Rule]:
        """The rules that apply to one collection year, sorted by code."""
        if year not in self.years:
            raise RegistryError(f"{self.return_id}: collection year {year} is not supported")
        result = []
        for code in self._versions:
            rule = self._resolve(code, year)
            if rule is not None:
                years = tuple(y for y in self.years if self._resolve(code, y) is rule)
                result.append(replace(rule, years=years))
        return sorted(result, key=lambda r: code_sort_key(r.code))

    def rules_year(self, year: int) -> int:
        """The rule set a collection year is checked with: its own, else the nearest one.

        Raises: RegistryError for a year the return does not accept at all.
        """
        if year in self.years:
            return year
        if year not in self.accepted_years:
            raise RegistryError(f"{self.return_id}: collection year {year} is not supported")
        return min(self.years, key=lambda own: (abs(own - year), own))

    def codes_for(self, year: int) -> list[str]:
        return [rule.code for rule in self.rules_for(year)]

    def all_codes(self) -> set[str]:
        return set(self._versions)


def code_sort_key(code: str) -> tuple[int, int, str]:
    """Sort numeric codes numerically, then the rest alphabetically (101 < 1000 < INT03)."""
    digits = ""
    for char in code:
        if not char.isdigit():
            break
        digits += char
    if digits:
        return (0, int(digits), code)
    return (1, 0, code)


def import_rule_modules(package: str) -> None:
    """Import every module under `package` so their decorators register the rules."""
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
        importlib.import_module(info.name)


# --- the data a rule sees -----------------------------------------------------------------


@dataclass(slots=True)
class ReturnData:
    """All tables of one return submission for one collection year, ready for the rules."""

    return_id: str
    year: int
    period_start: dt.date
    period_end: dt.date
    tables: dict[str, Table]
    previous: ReturnData | None = None
    cache: dict[str, pl.DataFrame] = field(default_factory=dict)
    """Frames derived once and shared by several rules (e.g. sorted episodes)."""
    notes: list[str] = field(default_factory=list)
    """How the reader settled something the files did not state (shown with the run)."""

    def cached(self, key: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        """A derived frame, built on first use and reused by later rules."""
        frame = self.cache.get(key)
        if frame is None:
            frame = build()
            self.cache[key] = frame
        return frame

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name].frame

    def table(self, name: str) -> Table:
        return self.tables[name]

    def __contains__(self, name: object) -> bool:
        return name in self.tables

    @property
    def rows(self) -> int:
        return sum(table.height for table in self.tables.values())


# --- how a return plugs in ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Detection:
    """A return's claim on a file: which return and table(s), how sure, and its group."""

    return_id: str
    tables: tuple[str, ...]
    score: float
    group: str
    year: int | None = None


@dataclass(frozen=True, slots=True)
class DetectedFile:
    source: SourceFile
    sniff: Sniff
    detection: Detection


@dataclass(slots=True)
class ReadResult:
    """What a return's reader made of one group of files."""

    data: ReturnData | None
    issues: list[Issue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReturnFormat:
    """Everything the framework needs to know about one return (see the module docstring)."""

    return_id: str
    title: str
    registry: RuleRegistry
    detect: Callable[[Sniff], Detection | None]
    read: Callable[[Sequence[DetectedFile], int | None, int], ReadResult]
    period: Callable[[int], tuple[dt.date, dt.date]]
    read_extract: (
        Callable[[Sequence[DetectedFile], int | None, int, dt.date | None], ReadResult] | None
    ) = None
    """For an extract taken on a given day (Annex A): `read` with the extract date, if known."""

    def read_files(
        self,
        files: Sequence[DetectedFile],
        year: int | None,
        size_limit: int,
        *,
        extract_date: dt.date | None = None,
    ) -> ReadResult:
        """Read one group of files; the extract date matters only to returns that are extracts."""
        if self.read_extract is not None:
            return self.read_extract(files, year, size_limit, extract_date)
        return self.read(files, year, size_limit)

    @property
    def years(self) -> tuple[int, ...]:
        """The years Thrive has a rule set for."""
        return self.registry.years

    @property
    def accepted_years(self) -> tuple[int, ...]:
        """The years a return can be loaded for (older ones use the nearest rule set)."""
        return self.registry.accepted_years


_RETURNS: dict[str, ReturnFormat] = {}
KNOWN_RETURNS = ("ssda903", "cin", "annexa", "workforce")


def register_return(fmt: ReturnFormat) -> ReturnFormat:
    """Make a return known to the validator. Raises: RegistryError when registered twice."""
    existing = _RETURNS.get(fmt.return_id)
    if existing is not None and existing is not fmt:
        raise RegistryError(f"return {fmt.return_id} is registered twice")
    _RETURNS[fmt.return_id] = fmt
    return fmt


def load_returns() -> dict[str, ReturnFormat]:
    """Import every return package that exists and return the registered formats."""
    for name in KNOWN_RETURNS:
        module = f"thrive.statutory.{name}"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
    return dict(_RETURNS)


def april_to_march(year: int) -> tuple[dt.date, dt.date]:
    """The DfE collection period labelled by its end year: 2025 = 1 Apr 2024 to 31 Mar 2025."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def collection_year_of(day: dt.date) -> int:
    """The (end-year) collection year an April-March date falls in."""
    return day.year + 1 if day.month >= 4 else day.year


def year_label(year: int) -> str:
    """A collection year as analysts write it: 2020 -> "2019/20"."""
    return f"{year - 1}/{str(year)[-2:]}"


NEAREST_RULES = "RULES01"


def nearest_rules_issue(registry: RuleRegistry, year: int, file: str | None) -> Issue | None:
    """A warning naming the rule set used when Thrive has none of the year's own, else None."""
    used = registry.rules_year(year)
    if used == year:
        return None
    return Issue(
        rule=NEAREST_RULES,
        severity=Severity.WARNING,
        return_=registry.return_id,
        file=file,
        table=None,
        row=None,
        child=None,
        fields=(),
        message=(
            f"Checked with the {year_label(used)} rules: Thrive has no {year_label(year)} rule "
            f"set. Codes and rules that changed since {year_label(year)} may be reported "
            "wrongly; use these findings as a guide to the data, not as the DfE's verdict."
        ),
    )


# --- the runner ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleTiming:
    rule: str
    seconds: float


@dataclass(slots=True)
class RunResult:
    issues: list[Issue]
    checked: list[str]
    not_checked: list[NotChecked]
    timings: list[RuleTiming]


def _frames(rule: Rule, output: RuleOutput) -> Iterator[tuple[str, pl.DataFrame]]:
    if isinstance(output, pl.DataFrame | pl.LazyFrame):
        items: list[tuple[str, pl.DataFrame | pl.LazyFrame]] = [(rule.tables[0], output)]
    else:
        items = list(output.items())
    for table, frame in items:
        yield table, frame.collect() if isinstance(frame, pl.LazyFrame) else frame


def issues_from_rows(
    rule: Rule, data: ReturnData, table_name: str, rows: pl.DataFrame
) -> list[Issue]:
    """Turn a rule's offending rows into issues naming file, row, column and child."""
    if rows.height == 0:
        return []
    table = data.tables.get(table_name)
    child_column = table.child_column if table else None
    columns = ["__row_out"]
    selected = rows.select(pl.col(ROW).alias("__row_out"))
    if child_column and child_column in rows.columns:
        selected = selected.with_columns(rows[child_column].alias("__child_out"))
        columns.append("__child_out")
    selected = selected.unique(maintain_order=True).sort("__row_out", nulls_last=True)
    letters = table.letters if table else {}
    fields = rule.fields
    column_letters = tuple(letters[f] for f in fields if f in letters)
    file = table.file if table else None
    rows_out = selected["__row_out"].to_list()
    children = (
        selected["__child_out"].cast(pl.String).to_list()
        if "__child_out" in selected.columns
        else [None] * len(rows_out)
    )
    result = [
        Issue(
            rule=rule.code,
            severity=rule.severity,
            return_=rule.return_,
            file=file,
            table=table_name,
            row=row,
            child=child,
            fields=fields,
            message=rule.message,
            columns=column_letters,
        )
        for row, child in zip(rows_out, children, strict=True)
    ]
    return result


def run_rules(
    registry: RuleRegistry,
    data: ReturnData,
    *,
    codes: Sequence[str] | None = None,
    on_rule: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Run the year's rules over `data` (optionally only `codes`) and collect the issues.

    A year without its own rule set is checked with the nearest set (`rules_year`), the rules
    seeing that set's year (its code lists) but the return's own collection period.
    """
    rules_year = registry.rules_year(data.year)
    if rules_year != data.year:
        data = replace(data, year=rules_year)
    rules = registry.rules_for(rules_year)
    if codes is not None:
        wanted = set(codes)
        rules = [rule for rule in rules if rule.code in wanted]
    issues: list[Issue] = []
    checked: list[str] = []
    not_checked: list[NotChecked] = []
    timings: list[RuleTiming] = []
    for index, rule in enumerate(rules, start=1):
        if rule.needs_previous and data.previous is None:
            reason = "last year's return was not given (use --previous)"
            not_checked.append(NotChecked(rule.code, rule.return_, reason))
        elif any(table not in data.tables for table in rule.tables):
            missing = [t for t in rule.tables if t not in data.tables]
            reason = f"table not in this year's return: {', '.join(missing)}"
            not_checked.append(NotChecked(rule.code, rule.return_, reason))
        else:
            started = time.perf_counter()
            try:
                for table_name, rows in _frames(rule, rule.function(data)):
                    issues.extend(issues_from_rows(rule, data, table_name, rows))
                checked.append(rule.code)
            except (pl.exceptions.PolarsError, KeyError, ValueError, TypeError) as error:
                reason = f"the rule could not run: {type(error).__name__}: {error}"[:300]
                not_checked.append(NotChecked(rule.code, rule.return_, reason))
            timings.append(RuleTiming(rule.code, time.perf_counter() - started))
        if on_rule is not None:
            on_rule(index, len(rules))
    return RunResult(issues, checked, not_checked, timings)


__all__ = [
    "DEFAULT_SIZE_LIMIT",
    "ROW",
    "DetectedFile",
    "Detection",
    "ReadResult",
    "RegistryError",
    "ReturnData",
    "ReturnFormat",
    "Rule",
    "RuleFunction",
    "RuleOutput",
    "RuleRegistry",
    "RunResult",
    "april_to_march",
    "collection_year_of",
    "import_rule_modules",
    "issues_from_rows",
    "load_returns",
    "nearest_rules_issue",
    "register_return",
    "run_rules",
    "year_label",
]
