"""The rule catalogue: every registered rule per return and year, and docs/rules.md from it.

Regenerate the docs with `uv run python -m thrive.statutory.catalogue > docs/rules.md` (or
`thrive rules --format markdown`); a test fails when docs/rules.md is out of date.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from thrive.statutory.issues import FILE_PROBLEMS
from thrive.statutory.rules import KNOWN_RETURNS, Rule, code_sort_key, load_returns

RETURN_SOURCES = {
    "ssda903": "DfE SSDA903 children looked after return guidance and validation rules; codes "
    "and meanings as used by the open-source validator data-to-insight/csc-validator-be-903 "
    "(`output_data/903_2024_25_rule_info.csv`). Messages are Thrive's own wording.",
    "cin": "DfE children in need census guidance and validation rules; codes as used by "
    "data-to-insight/csc-validator-be-cin.",
    "annexa": "Ofsted ILACS Annex A; no official numbered rule set exists, so Thrive uses its "
    "own AA codes (domain reference section 4.3).",
    "workforce": "Thrive's workforce format, modelled on the DfE children's social work "
    "workforce census; WF codes are Thrive's own.",
}


def catalogue(return_: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """One row per (rule, year): rule, return, year, severity, tables, fields, message."""
    formats = load_returns()
    rows: list[dict[str, Any]] = []
    for return_id in KNOWN_RETURNS:
        fmt = formats.get(return_id)
        if fmt is None or (return_ is not None and return_id != return_):
            continue
        years = fmt.years if year is None else tuple(y for y in fmt.years if y == year)
        for each_year in years:
            rows.extend(rule.catalogue_row(each_year) for rule in fmt.registry.rules_for(each_year))
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _years_label(years: Sequence[int]) -> str:
    return ", ".join(f"{y - 1}/{str(y)[2:]}" for y in years)


def markdown() -> str:
    """docs/rules.md: per return, every rule with its years, severity, tables and message."""
    formats = load_returns()
    lines = [
        "# Validation rules",
        "",
        "Generated from the rule registry by `thrive rules --format markdown`; do not edit by "
        "hand. Collection years are shown as 2024/25 (= the year ending 31 March 2025).",
        "",
        "| return | years | rules |",
        "|---|---|---:|",
    ]
    for return_id in KNOWN_RETURNS:
        fmt = formats.get(return_id)
        if fmt is None:
            continue
        counts = ", ".join(
            f"{_years_label([y])}: {len(fmt.registry.codes_for(y))}" for y in fmt.years
        )
        total = len(fmt.registry.all_codes())
        lines.append(f"| {return_id} | {counts} | {total} codes |")
    for return_id in KNOWN_RETURNS:
        fmt = formats.get(return_id)
        if fmt is None:
            continue
        lines += ["", f"## {fmt.title} (`{return_id}`)", ""]
        source = RETURN_SOURCES.get(return_id)
        if source:
            lines += [f"Source: {source}", ""]
        lines += [
            "| rule | years | severity | tables | fields | message |",
            "|---|---|---|---|---|---|",
        ]
        seen: dict[tuple[str, int], Rule] = {}
        for each_year in fmt.years:
            for rule in fmt.registry.rules_for(each_year):
                seen.setdefault((rule.code, rule.since), rule)
        for rule in sorted(seen.values(), key=lambda r: (code_sort_key(r.code), r.since)):
            lines.append(
                f"| {rule.code} | {_years_label(rule.years)} | {rule.severity} | "
                f"{', '.join(rule.tables)} | {', '.join(rule.fields)} | {_cell(rule.message)} |"
            )
    lines += [
        "",
        "## File problems (all returns)",
        "",
        "Reported when a file cannot be read or has the wrong shape; the `unreadable` ones stop "
        "the file being checked (CLI exit code 2).",
        "",
        "| code | severity | unreadable | problem | what to do |",
        "|---|---|---|---|---|",
    ]
    for problem in FILE_PROBLEMS:
        lines.append(
            f"| {problem.code} | {problem.severity} | {'yes' if problem.unreadable else 'no'} | "
            f"{_cell(problem.title)} | {_cell(problem.how_to_fix)} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
