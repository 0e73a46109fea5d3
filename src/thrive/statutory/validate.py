"""Validate files end to end: find, detect, read and check them, and report every issue.

`validate_paths` is what the CLI and ingest call. One unreadable file is reported (with the
file name and what to do) and every other file is still checked.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thrive.statutory.detect import detect_return
from thrive.statutory.issues import (
    FILE12_YEAR,
    FILE14_NOT_FOUND,
    FILE15_UNSUPPORTED_TYPE,
    FILE18_SKIPPED,
    Issue,
    NotChecked,
    Severity,
    is_unreadable,
)
from thrive.statutory.reading import (
    DEFAULT_SIZE_LIMIT,
    FileKind,
    ReadError,
    SourceFile,
    file_kind,
    sniff,
)
from thrive.statutory.rules import (
    DetectedFile,
    ReturnData,
    ReturnFormat,
    load_returns,
    run_rules,
)


@dataclass(frozen=True, slots=True)
class Progress:
    """A progress report: `stage` ("read" or "check"), done of total, and what is happening."""

    stage: str
    done: int
    total: int
    detail: str = ""


ProgressCallback = Callable[[Progress], None]


@dataclass(slots=True)
class ReturnRun:
    """One return submission checked for one collection year."""

    return_id: str
    year: int
    files: list[str]
    rows_checked: int
    checked: list[str] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)
    previous_files: list[str] = field(default_factory=list)
    data: ReturnData | None = None
    period: tuple[dt.date, dt.date] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "return": self.return_id,
            "collection_year": self.year,
            "period": [day.isoformat() for day in self.period] if self.period else None,
            "files": self.files,
            "rows_checked": self.rows_checked,
            "rules_checked": len(self.checked),
            "previous_files": self.previous_files,
            "not_checked": [{"rule": n.rule, "reason": n.reason} for n in self.not_checked],
        }


@dataclass(slots=True)
class ValidationReport:
    """Everything found in one validation: per-return runs and all issues, in file order."""

    files: list[str]
    runs: list[ReturnRun]
    issues: list[Issue]
    seconds: float

    @property
    def rows_checked(self) -> int:
        return sum(run.rows_checked for run in self.runs)

    @property
    def unreadable(self) -> list[Issue]:
        return [issue for issue in self.issues if is_unreadable(issue)]

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity is Severity.ERROR]

    @property
    def exit_code(self) -> int:
        """0 no errors; 1 validation errors; 2 unreadable input (or nothing to check)."""
        if self.unreadable or not self.runs:
            return 2
        return 1 if self.errors else 0

    @property
    def return_id(self) -> str | None:
        ids = sorted({run.return_id for run in self.runs})
        return ids[0] if len(ids) == 1 else None

    @property
    def collection_year(self) -> int | None:
        years = sorted({run.year for run in self.runs})
        return years[0] if len(years) == 1 else None

    def summary(self) -> dict[str, Any]:
        """Counts by severity and by rule (e.g. for a submission's error summary)."""
        by_severity = {str(severity): 0 for severity in Severity}
        by_rule: dict[str, int] = {}
        for issue in self.issues:
            by_severity[str(issue.severity)] += 1
            by_rule[issue.rule] = by_rule.get(issue.rule, 0) + 1
        return {
            "by_severity": by_severity,
            "by_rule": dict(sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))),
            "unreadable_files": sorted({i.file for i in self.unreadable if i.file}),
            "rows_checked": self.rows_checked,
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the CLI contract, plus `runs` with per-return details."""
        return {
            "return": self.return_id,
            "collection_year": self.collection_year,
            "files": self.files,
            "errors": [issue.to_dict() for issue in self.issues],
            "rows_checked": self.rows_checked,
            "seconds": round(self.seconds, 3),
            "runs": [run.to_dict() for run in self.runs],
        }


def expand_paths(paths: Sequence[Path | str]) -> tuple[list[tuple[SourceFile, bool]], list[Issue]]:
    """Files named directly (explicit=True) and files found by walking folders, with problems."""
    found: list[tuple[SourceFile, bool]] = []
    issues: list[Issue] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts) or not child.is_file():
                    continue
                if file_kind(child) is FileKind.UNKNOWN:
                    continue
                resolved = child.resolve()
                if resolved not in seen:
                    seen.add(resolved)
                    found.append((SourceFile.of(child, relative.as_posix()), False))
        elif path.is_file():
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            source = SourceFile.of(path, str(given))
            if source.kind is FileKind.UNKNOWN:
                issues.append(FILE15_UNSUPPORTED_TYPE.issue(file=source.display))
            else:
                found.append((source, True))
        else:
            issues.append(FILE14_NOT_FOUND.issue(file=str(given)))
    return found, issues


def _detect_all(
    files: Sequence[tuple[SourceFile, bool]],
    formats: dict[str, ReturnFormat],
    wanted: str | None,
    size_limit: int,
    on_progress: ProgressCallback | None,
) -> tuple[list[DetectedFile], list[Issue]]:
    detected: list[DetectedFile] = []
    issues: list[Issue] = []
    for index, (source, explicit) in enumerate(files, start=1):
        try:
            sniffed = sniff(source, size_limit)
        except ReadError as error:
            issues.append(error.issue)
        else:
            outcome = detect_return(sniffed, formats, wanted)
            if isinstance(outcome, Issue):
                if not explicit and outcome.rule == "FILE10":
                    issues.append(FILE18_SKIPPED.issue(file=source.display))
                elif not explicit and outcome.rule == "FILE09":
                    pass  # another return's file found while walking a folder for one return
                else:
                    issues.append(outcome)
            else:
                detected.append(DetectedFile(source, sniffed, outcome))
        if on_progress is not None:
            on_progress(Progress("read", index, len(files), source.display))
    return detected, issues


def _read_groups(
    detected: Sequence[DetectedFile],
    formats: dict[str, ReturnFormat],
    year: int | None,
    size_limit: int,
) -> tuple[list[Group], list[Issue]]:
    groups: dict[tuple[str, str], list[DetectedFile]] = {}
    for item in detected:
        key = (item.detection.return_id, item.detection.group)
        groups.setdefault(key, []).append(item)
    results: list[Group] = []
    issues: list[Issue] = []
    for (return_id, group_key), items in groups.items():
        fmt = formats[return_id]
        outcome = fmt.read(items, year, size_limit)
        issues.extend(outcome.issues)
        if outcome.data is not None:
            if outcome.data.year not in fmt.years:
                detail = (
                    f"{outcome.data.year} is not one of the supported years "
                    f"{', '.join(str(y) for y in fmt.years)}"
                )
                issues.append(
                    FILE12_YEAR.issue(
                        file=outcome.files[0] if outcome.files else None,
                        detail=detail,
                        return_=return_id,
                    )
                )
                continue
            results.append(Group(fmt, outcome.data, outcome.files, group_key))
    return results, issues


@dataclass(slots=True)
class Group:
    """One return submission read from a group of files (e.g. one folder of CSVs)."""

    fmt: ReturnFormat
    data: ReturnData
    files: list[str]
    key: str


def _common_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def _previous_group(group: Group, candidates: Sequence[Group]) -> Group | None:
    """Last year's submission of the same return; the nearest folder wins (nation runs)."""
    prior = [
        c for c in candidates
        if c.fmt.return_id == group.fmt.return_id and c.data.year == group.data.year - 1
    ]  # fmt: skip
    if not prior:
        return None
    return max(prior, key=lambda c: _common_prefix(c.key, group.key))


def validate_paths(
    paths: Sequence[Path | str],
    return_: str | None = None,
    year: int | None = None,
    previous: Sequence[Path | str] | None = None,
    *,
    on_progress: ProgressCallback | None = None,
    size_limit: int = DEFAULT_SIZE_LIMIT,
    keep_data: bool = False,
    check: bool = True,
) -> ValidationReport:
    """Detect, read and validate files and folders; never raises for bad input.

    `return_` forces one return (files of another return are FILE09 errors); `year` forces the
    collection year (end year: 2025 = 2024/25); `previous` gives last year's files for
    continuity rules (when absent, and last year's files are not among `paths`, those rules are
    reported as not checked). `keep_data` keeps the typed tables on each run (for ingest);
    `check=False` only reads them (file and structure problems are still reported).
    """
    started = time.perf_counter()
    formats = load_returns()
    files, issues = expand_paths(paths)
    detected, detect_issues = _detect_all(files, formats, return_, size_limit, on_progress)
    issues.extend(detect_issues)
    groups, read_issues = _read_groups(detected, formats, year, size_limit)
    issues.extend(read_issues)

    previous_groups: list[Group] = []
    if previous:
        prev_files, prev_issues = expand_paths(previous)
        prev_detected, prev_detect = _detect_all(prev_files, formats, return_, size_limit, None)
        prev_year = year - 1 if year is not None else None
        previous_groups, prev_read = _read_groups(prev_detected, formats, prev_year, size_limit)
        issues.extend(prev_issues + prev_detect + prev_read)

    runs: list[ReturnRun] = []
    total = len(groups)
    for index, group in enumerate(groups, start=1):
        fmt, data, group_files = group.fmt, group.data, group.files
        prior = _previous_group(group, previous_groups or [g for g in groups if g is not group])
        previous_files: list[str] = []
        if prior is not None:
            data.previous = prior.data
            previous_files = prior.files

        def on_rule(done: int, count: int, _index: int = index, _fmt: ReturnFormat = fmt) -> None:
            if on_progress is not None:
                on_progress(Progress("check", done, count, f"{_fmt.return_id} ({_index}/{total})"))

        result = run_rules(fmt.registry, data, codes=None if check else [], on_rule=on_rule)
        issues.extend(result.issues)
        runs.append(
            ReturnRun(
                return_id=fmt.return_id,
                year=data.year,
                files=group_files,
                rows_checked=data.rows,
                checked=result.checked,
                not_checked=result.not_checked,
                previous_files=previous_files,
                data=data if keep_data else None,
                period=(data.period_start, data.period_end),
            )
        )
    # Break reference chains so groups can be freed independently.
    if not keep_data:
        for group in groups:
            group.data.previous = None
    all_files = [source.display for source, _explicit in files]
    issues.sort(key=lambda i: (i.file or "", i.table or "", i.row or 0, i.rule))
    return ValidationReport(all_files, runs, issues, time.perf_counter() - started)
