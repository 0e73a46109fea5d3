"""Drawing audit samples from a table of candidate cases, reproducibly: pure, no Django.

A candidate table has one row per child with at least `child_id`, `team` and `worker`, and any
cohort fields (for example `cp_plan_start_date`, `care_leaver_activity`). The same table, size,
method, rule and seed always draw the same children, in the same order.
"""

from __future__ import annotations

import calendar
import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import polars as pl

REQUIRED_COLUMNS = ("child_id", "team", "worker")
DATE_COLUMNS = ("cp_plan_start_date", "date_of_birth", "cin_start_date", "cla_start_date")
# Care leaver activity codes (SSDA903 OC3) meaning "not in education, employment or training".
NEET_ACTIVITY_CODES = frozenset({"G4", "G5", "G6", "NEET"})

ERROR_EMPTY = "The file has no cases in it"
ERROR_NOT_CSV = "The file must be a CSV file saved as UTF-8"
ERROR_MISSING_COLUMNS = "The file must have the columns {columns}"
ERROR_SIZE = "The sample size must be at least 1"
ERROR_NO_ELIGIBLE = "No cases match the rule"


class SamplingError(ValueError):
    """A sample cannot be drawn; the message is for the person drawing it."""


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.message}"


@dataclass(frozen=True)
class SampleRule:
    code: str
    label: str
    parameter_label: str
    default_parameter: int | None
    select: Callable[[pl.DataFrame, date, int | None], pl.DataFrame]


def _months_before(as_of: date, months: int) -> date:
    year, month = divmod(as_of.year * 12 + as_of.month - 1 - months, 12)
    month += 1
    return date(year, month, min(as_of.day, calendar.monthrange(year, month)[1]))


def _cp_plan_longer_than(cases: pl.DataFrame, as_of: date, months: int | None) -> pl.DataFrame:
    if "cp_plan_start_date" not in cases.columns:
        return cases.clear()
    cutoff = _months_before(as_of, months or 18)
    return cases.filter(
        pl.col("cp_plan_start_date").is_not_null() & (pl.col("cp_plan_start_date") < cutoff)
    )


def _care_leaver_neet(cases: pl.DataFrame, as_of: date, parameter: int | None) -> pl.DataFrame:
    if "care_leaver_activity" not in cases.columns:
        return cases.clear()
    activity = pl.col("care_leaver_activity").cast(pl.Utf8).str.strip_chars().str.to_uppercase()
    return cases.filter(activity.is_in(sorted(NEET_ACTIVITY_CODES)))


RULES: dict[str, SampleRule] = {
    rule.code: rule
    for rule in (
        SampleRule(
            "cp_plan_over_months",
            "Children on child protection plans for longer than a number of months",
            "Months on the plan (more than)",
            18,
            _cp_plan_longer_than,
        ),
        SampleRule(
            "care_leaver_neet",
            "Care leavers not in education, employment or training",
            "",
            None,
            _care_leaver_neet,
        ),
    )
}


@dataclass
class Sample:
    """The drawn cases (a DataFrame in draw order) and what is needed to draw them again."""

    cases: pl.DataFrame
    method: str
    size: int
    seed: int
    rule: str = ""
    rule_parameter: int | None = None
    candidate_count: int = 0
    eligible_count: int = 0
    strata: dict[str, int] = field(default_factory=dict)


def _canonical(cases: pl.DataFrame) -> pl.DataFrame:
    # Sort first so the draw depends on the cases, never on the order of rows in the file.
    return cases.unique(subset=["child_id"], keep="first", maintain_order=True).sort("child_id")


def _random_rows(cases: pl.DataFrame, size: int, rng: np.random.Generator) -> pl.DataFrame:
    if cases.height == 0:
        return cases
    order = rng.permutation(cases.height)[: min(size, cases.height)]
    return cases[order.tolist()]


def stratum_sizes(team_counts: dict[str, int], size: int) -> dict[str, int]:
    """Share `size` across teams in proportion to their cases (largest remainder, ties by name)."""
    total = sum(team_counts.values())
    size = min(size, total)
    if total == 0 or size == 0:
        return dict.fromkeys(team_counts, 0)
    exact = {team: size * count / total for team, count in team_counts.items()}
    allocated = {team: int(value) for team, value in exact.items()}
    remaining = size - sum(allocated.values())
    by_remainder = sorted(team_counts, key=lambda team: (-(exact[team] - allocated[team]), team))
    for team in by_remainder[:remaining]:
        allocated[team] += 1
    return allocated


def draw_sample(
    cases: pl.DataFrame,
    *,
    size: int,
    seed: int,
    method: str = "random",
    rule: str = "",
    rule_parameter: int | None = None,
    as_of: date | None = None,
) -> Sample:
    """Draw `size` cases by `method` ("random", "stratified" by team, or "rule" then random).

    Raises:
        SamplingError: the size is below 1, the rule is unknown, or no case is eligible.
    """
    if size < 1:
        raise SamplingError(ERROR_SIZE)
    missing = [column for column in REQUIRED_COLUMNS if column not in cases.columns]
    if missing:
        raise SamplingError(ERROR_MISSING_COLUMNS.format(columns=", ".join(REQUIRED_COLUMNS)))
    candidates = _canonical(cases)
    eligible = candidates
    if method == "rule":
        if rule not in RULES:
            raise SamplingError(f"Choose a rule: {', '.join(RULES)}")
        chosen = RULES[rule]
        parameter = rule_parameter if rule_parameter is not None else chosen.default_parameter
        eligible = chosen.select(candidates, as_of or date.today(), parameter)
        rule_parameter = parameter
    elif method not in {"random", "stratified"}:
        raise SamplingError(f"Unknown sampling method {method!r}")
    if eligible.height == 0:
        raise SamplingError(ERROR_NO_ELIGIBLE)
    rng = np.random.default_rng(seed)
    strata: dict[str, int] = {}
    if method == "stratified":
        counts = dict(eligible.group_by("team").len().sort("team").iter_rows())
        sizes = stratum_sizes({str(team): int(count) for team, count in counts.items()}, size)
        parts = []
        for team in sorted(sizes):
            team_cases = eligible.filter(pl.col("team") == team)
            parts.append(_random_rows(team_cases, sizes[team], rng))
        drawn = pl.concat(parts) if parts else eligible.clear()
    else:
        drawn = _random_rows(eligible, size, rng)
    strata = {
        str(team): int(count)
        for team, count in drawn.group_by("team").len().sort("team").iter_rows()
    }
    return Sample(
        cases=drawn,
        method=method,
        size=drawn.height,
        seed=seed,
        rule=rule if method == "rule" else "",
        rule_parameter=rule_parameter if method == "rule" else None,
        candidate_count=candidates.height,
        eligible_count=eligible.height,
        strata=strata,
    )


def assign_auditors(
    cases: Sequence[tuple[str, str]], auditors: Sequence[str]
) -> dict[str, str | None]:
    """Give each (child id, worker) case to the least-busy auditor who is not its worker.

    Ties go to the auditor earliest in `auditors`. A case whose only possible auditor is its own
    worker is left unassigned (None) rather than broken the rule.
    """
    load = dict.fromkeys(auditors, 0)
    assignment: dict[str, str | None] = {}
    for child_id, worker in cases:
        eligible = [auditor for auditor in auditors if auditor.casefold() != worker.casefold()]
        if not eligible:
            assignment[child_id] = None
            continue
        chosen = min(eligible, key=lambda auditor: (load[auditor], auditors.index(auditor)))
        load[chosen] += 1
        assignment[child_id] = chosen
    return assignment


def read_case_list(data: bytes) -> tuple[pl.DataFrame, list[RowError]]:
    """Read a CSV list of candidate cases, reporting every bad row (nothing is dropped silently)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SamplingError(ERROR_NOT_CSV) from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise SamplingError(ERROR_EMPTY)
    headers = [name.strip().lower().replace(" ", "_") for name in reader.fieldnames]
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    if missing:
        raise SamplingError(ERROR_MISSING_COLUMNS.format(columns=", ".join(REQUIRED_COLUMNS)))
    rows: list[dict[str, object]] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(csv.reader(io.StringIO(text)), start=1):
        if number == 1:
            continue
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(headers):
            errors.append(
                RowError(number, "row", f"has {len(raw)} values, expected {len(headers)}")
            )
            continue
        record: dict[str, object] = {}
        for column, value in zip(headers, raw, strict=True):
            value = value.strip()
            if column in DATE_COLUMNS:
                record[column] = _parse_date(value, number, column, errors)
            else:
                record[column] = value
        for column in REQUIRED_COLUMNS:
            if not record[column]:
                errors.append(RowError(number, column, "is blank"))
        child = str(record["child_id"])
        if child and child in seen:
            errors.append(RowError(number, "child_id", f"repeats row {seen[child]}"))
        elif child:
            seen[child] = number
        rows.append(record)
    if not rows and not errors:
        raise SamplingError(ERROR_EMPTY)
    schema = {column: (pl.Date if column in DATE_COLUMNS else pl.Utf8) for column in headers}
    return pl.DataFrame(rows, schema=schema, orient="row"), errors


def _parse_date(value: str, row: int, column: str, errors: list[RowError]) -> date | None:
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    errors.append(RowError(row, column, f"“{value}” is not a date (use 2025-03-31 or 31/03/2025)"))
    return None
