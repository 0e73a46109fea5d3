"""Validate files end to end: find, detect, read and check them, and report every issue.

`validate_paths` is what the CLI and ingest call. One unreadable file is reported (with the
file name and what to do) and every other file is still checked.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from thrive.statutory.detect import detect_return, why_not_a_return
from thrive.statutory.issues import (
    FILE10_UNRECOGNISED,
    FILE12_YEAR,
    FILE14_NOT_FOUND,
    FILE15_UNSUPPORTED_TYPE,
    FILE18_SKIPPED,
    FILE19_LINK,
    FILE20_NOT_A_FILE,
    FILE21_TABLE_MISSING,
    FILE22_TABLE_NOT_GIVEN,
    FILE23_NOTHING_TO_CHECK,
    FILE_PROBLEM_BY_CODE,
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
    nearest_rules_issue,
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
    tables_not_given: list[str] = field(default_factory=list)
    data: ReturnData | None = None
    period: tuple[dt.date, dt.date] | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "return": self.return_id,
            "collection_year": self.year,
            "period": [day.isoformat() for day in self.period] if self.period else None,
            "files": self.files,
            "rows_checked": self.rows_checked,
            "tables_not_given": self.tables_not_given,
            "rules_checked": len(self.checked),
            "previous_files": self.previous_files,
            "not_checked": [{"rule": n.rule, "reason": n.reason} for n in self.not_checked],
            "notes": self.notes,
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
    """Files named directly (explicit=True) and files found by walking folders, with problems.

    Links are never followed (FILE19), a folder or device with a return file's name is FILE20,
    and a folder with no return files at all is FILE23 naming what it holds.
    """
    found: list[tuple[SourceFile, bool]] = []
    issues: list[Issue] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_symlink():
            issues.append(FILE19_LINK.issue(file=str(given)))
        elif path.is_dir():
            before = len(found)
            others = _walk(path, found, issues, seen)
            if len(found) == before and not any(i.file == str(given) for i in issues):
                held = f"it holds only: {', '.join(others[:10])}" if others else "it is empty"
                detail = f"no .csv, .xml, .xlsx, .xlsm or .xls files in the folder; {held}"
                issues.append(FILE23_NOTHING_TO_CHECK.issue(file=str(given), detail=detail))
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
        elif path.exists():
            issues.append(FILE20_NOT_A_FILE.issue(file=str(given), detail="not a file or folder"))
        else:
            issues.append(FILE14_NOT_FOUND.issue(file=str(given)))
    return found, issues


def _walk(
    root: Path, found: list[tuple[SourceFile, bool]], issues: list[Issue], seen: set[Path]
) -> list[str]:
    """Add the return files under `root` to `found` (links never followed); returns the names
    of other files it holds, for the message when none is a return file."""
    others: list[str] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [*dirs]:
            child = here / name
            display = child.relative_to(root).as_posix()
            if child.is_symlink():
                dirs.remove(name)  # os.walk lists links to folders as folders
                issues.append(FILE19_LINK.issue(file=display, detail="a link to a folder"))
            elif file_kind(child) is not FileKind.UNKNOWN:
                dirs.remove(name)
                detail = "it is a folder with a return file's name"
                issues.append(FILE20_NOT_A_FILE.issue(file=display, detail=detail))
        for name in sorted(names):
            if name.startswith("."):
                continue
            child = here / name
            display = child.relative_to(root).as_posix()
            known = file_kind(child) is not FileKind.UNKNOWN
            if child.is_symlink():
                if known:
                    issues.append(FILE19_LINK.issue(file=display))
                else:
                    others.append(display)
            elif not child.is_file():
                if known:
                    detail = "it is a device, pipe or socket, not a file"
                    issues.append(FILE20_NOT_A_FILE.issue(file=display, detail=detail))
            elif not known:
                others.append(display)
            else:
                resolved = child.resolve()
                if resolved not in seen:
                    seen.add(resolved)
                    found.append((SourceFile.of(child, display), False))
    return others


def _detect_all(
    files: Sequence[tuple[SourceFile, bool]],
    formats: dict[str, ReturnFormat],
    wanted: str | None,
    size_limit: int,
    on_progress: ProgressCallback | None,
) -> tuple[list[DetectedFile], list[Issue]]:
    detected: list[DetectedFile] = []
    issues: list[Issue] = []
    elsewhere: list[tuple[SourceFile, Issue]] = []
    for index, (source, explicit) in enumerate(files, start=1):
        try:
            sniffed = sniff(source, size_limit)
        except ReadError as error:
            issues.append(error.issue)
        else:
            outcome = detect_return(sniffed, formats, wanted)
            if isinstance(outcome, Issue):
                if outcome.rule == "FILE10":
                    problem = FILE10_UNRECOGNISED if explicit else FILE18_SKIPPED
                    why = why_not_a_return(sniffed)
                    issues.append(
                        problem.issue(file=source.display, detail=why, return_=outcome.return_)
                    )
                elif not explicit and outcome.rule == "FILE09":
                    elsewhere.append((source, outcome))
                else:
                    issues.append(outcome)
            else:
                detected.append(DetectedFile(source, sniffed, outcome))
        if on_progress is not None:
            on_progress(Progress("read", index, len(files), source.display))
    # Another return's file found while walking for one return is skipped, unless it sits in
    # a folder of that return's files (then it is most likely a wrong file, not a neighbour)
    # or nothing of that return was found at all (then it is what the analyst gave).
    folders = {item.source.path.parent for item in detected}
    issues.extend(
        issue for source, issue in elsewhere if not detected or source.path.parent in folders
    )
    return detected, issues


def _read_groups(
    detected: Sequence[DetectedFile],
    formats: dict[str, ReturnFormat],
    year: int | None,
    size_limit: int,
    extract_date: dt.date | None = None,
) -> tuple[list[Group], list[Issue]]:
    groups: dict[tuple[str, str], list[DetectedFile]] = {}
    for item in detected:
        key = (item.detection.return_id, item.detection.group)
        groups.setdefault(key, []).append(item)
    results: list[Group] = []
    issues: list[Issue] = []
    for (return_id, group_key), items in groups.items():
        fmt = formats[return_id]
        outcome = fmt.read_files(items, year, size_limit, extract_date=extract_date)
        issues.extend(outcome.issues)
        if outcome.data is not None:
            if outcome.data.year not in fmt.accepted_years:
                detail = (
                    f"{outcome.data.year} is not one of the supported years "
                    f"{', '.join(str(y) for y in fmt.accepted_years)}"
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
    absent: list[str] = field(default_factory=list)
    """Tables of the return no file gave (read as empty)."""
    whole_file: bool = False
    """The return came as one XML export (its absent tables are not a partial upload)."""


REQUIRED_TABLES: dict[str, tuple[str, ...]] = {
    "ssda903": ("header", "episodes"),
    "workforce": ("staff",),
}
"""Tables without which a return is not checked at all (FILE21; docs/adr/0005-ingest.md).

Other tables may be absent from a check (FILE22 warning: checked as empty), but ingest loads a
version only when every table of the return was given. CIN census and Annex A come in one
file, so they are whole or unreadable.
"""


def _folder(display: str) -> str:
    return PurePosixPath(display).parent.as_posix()


def _reason(issue: Issue) -> str:
    """What is wrong with a file, in brief: a file problem's detail, else its title."""
    text = issue.message.removeprefix(f"{issue.file}: ")
    problem = FILE_PROBLEM_BY_CODE.get(issue.rule)
    if problem is not None:
        rest = text.removeprefix(problem.title)
        if rest.startswith(" (") and ")." in rest:
            return rest[2 : rest.rindex(").")]
        return problem.title[0].lower() + problem.title[1:]
    return text.split(". ", 1)[0].rstrip(".")


def _complete_groups(
    groups: list[Group], detected: Sequence[DetectedFile], issues: list[Issue]
) -> list[Group]:
    """Drop groups missing a required table (FILE21) and warn of other absent tables (FILE22).

    The FILE21 message names the folder and why each other file there was not used, so a
    headerless, linked or wrong-format file is named, not silently ignored.
    """
    kept: list[Group] = []
    # A folder with an unreadable file already has an error naming it (often the very table).
    blocked = {_folder(issue.file) for issue in issues if issue.file and is_unreadable(issue)}
    for group in groups:
        fmt, data = group.fmt, group.data
        group.absent = [name for name, table in data.tables.items() if table.file is None]
        # An XML export is the whole return: what it cannot hold is warned of, not missing.
        group.whole_file = any(
            item.source.kind is FileKind.XML and item.source.display in group.files
            for item in detected
        )
        required = REQUIRED_TABLES.get(fmt.return_id, ())
        missing = [name for name in group.absent if name in required]
        first = group.files[0] if group.files else ""
        folder = _folder(first)
        where = f"in {folder}/" if folder != "." else "in the folder"
        named = folder  # the folder as the analyst gave it, when files are named inside it
        if folder == ".":
            paths = [item.source.path for item in detected if item.source.display == first]
            named = str(paths[0].parent) if paths else first
        if folder in blocked:
            if not missing:
                kept.append(group)
            continue
        for name in group.absent:
            if name in missing:
                continue
            issues.append(
                FILE22_TABLE_NOT_GIVEN.issue(
                    file=first if group.whole_file else named,
                    detail=f"the XML export has no {name} table"
                    if group.whole_file
                    else f"no {name} file {where}",
                    return_=fmt.return_id,
                    table=name,
                )
            )
        if not missing:
            kept.append(group)
            continue
        unused = [
            f"{issue.file} ({_reason(issue)})"
            for issue in issues
            if issue.file and issue.file not in group.files and _folder(issue.file) == folder
            and issue.rule != "FILE22"
        ]  # fmt: skip
        unused += [
            f"{item.source.display} (read as part of the {item.detection.return_id} return)"
            for item in detected
            if item.detection.return_id != fmt.return_id and _folder(item.source.display) == folder
        ]
        for name in missing:
            columns = ", ".join(data.tables[name].frame.columns[1:8])
            detail = (
                f"the {fmt.title} return {where} has no {name} table: no file there has its "
                f"columns ({columns}, ...)"
            )
            if unused:
                detail += "; files there that were not used: " + "; ".join(sorted(set(unused)))
            issues.append(
                FILE21_TABLE_MISSING.issue(
                    file=named,
                    detail=detail,
                    return_=fmt.return_id,
                    table=name,
                )
            )
    return kept


def _with_sheets(found: list[Issue], data: ReturnData) -> list[Issue]:
    """Name the workbook sheet of each finding on a sheet (text reports show it)."""
    sheets = {name: table.sheet for name, table in data.tables.items() if table.sheet}
    if not sheets:
        return found
    return [
        replace(issue, sheet=sheets[issue.table]) if issue.table in sheets else issue
        for issue in found
    ]


def _nothing_recognised(files: Sequence[tuple[SourceFile, bool]], issues: list[Issue]) -> Issue:
    """FILE23 listing every file looked at and why it is not part of a return."""
    why = {issue.file: _reason(issue) for issue in reversed(issues) if issue.file}
    looked = [
        f"{source.display} ({why.get(source.display, 'not part of any return')})"
        for source, _explicit in files
    ]
    detail = f"looked at {len(looked)} file(s): " + "; ".join(looked[:20])
    if len(looked) > 20:
        detail += f"; and {len(looked) - 20} more"
    return FILE23_NOTHING_TO_CHECK.issue(file=None, detail=detail)


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
    extract_date: dt.date | None = None,
) -> ValidationReport:
    """Detect, read and validate files and folders; never raises for bad input.

    `return_` forces one return (files of another return are FILE09 errors); `year` forces the
    collection year (end year: 2025 = 2024/25); `previous` gives last year's files for
    continuity rules (when absent, and last year's files are not among `paths`, those rules are
    reported as not checked). `keep_data` keeps the typed tables on each run (for ingest);
    `check=False` only reads them (file and structure problems are still reported).
    `extract_date` is the day an Annex A extract was taken (else the workbook's, or inferred).
    """
    started = time.perf_counter()
    formats = load_returns()
    files, issues = expand_paths(paths)
    detected, detect_issues = _detect_all(files, formats, return_, size_limit, on_progress)
    issues.extend(detect_issues)
    groups, read_issues = _read_groups(detected, formats, year, size_limit, extract_date)
    issues.extend(read_issues)
    groups = _complete_groups(groups, detected, issues)
    if not detected and any(not explicit for _source, explicit in files):
        issues.append(_nothing_recognised(files, issues))

    previous_groups: list[Group] = []
    if previous:
        prev_files, prev_issues = expand_paths(previous)
        prev_detected, prev_detect = _detect_all(prev_files, formats, return_, size_limit, None)
        prev_year = year - 1 if year is not None else None
        previous_groups, prev_read = _read_groups(prev_detected, formats, prev_year, size_limit)
        issues.extend(prev_issues + prev_detect + prev_read)
        # Last year's return without its episodes would make continuity rules judge nothing.
        previous_groups = _complete_groups(previous_groups, prev_detected, issues)

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
        issues.extend(_with_sheets(result.issues, data))
        nearest = nearest_rules_issue(fmt.registry, data.year, next(iter(group_files), None))
        if nearest is not None:
            issues.append(nearest)  # say which rule set judged a year Thrive has none for
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
                tables_not_given=[] if group.whole_file else group.absent,
                notes=list(data.notes),
            )
        )
    # Break reference chains so groups can be freed independently.
    if not keep_data:
        for group in groups:
            group.data.previous = None
    all_files = [source.display for source, _explicit in files]
    issues.sort(key=lambda i: (i.file or "", i.table or "", i.row or 0, i.rule))
    return ValidationReport(all_files, runs, issues, time.perf_counter() - started)
