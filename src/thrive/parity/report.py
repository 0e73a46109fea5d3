"""Write the parity report (docs/parity.md) and its machine-readable twin."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from typing import Any

from thrive.parity.compare import Comparison, RuleAgreement
from thrive.parity.detection import Detection, detections
from thrive.parity.differences import DIFFERENCES
from thrive.parity.inputs import generator_fingerprint
from thrive.parity.oracle import CONTAMINATED_903, repo_root
from thrive.parity.run import RETURNS, InputResult, ParityResult

TITLES = {"ssda903": "SSDA903 (children looked after)", "cin": "CIN census"}
WORST = 15


def _commit() -> str:
    try:
        # git from PATH with fixed arguments: no input reaches the command.
        done = subprocess.run(  # nosec B603 B607
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 (git from PATH, no input)
            capture_output=True,
            text=True,
            cwd=repo_root(),
            check=False,
        )
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown"


def _pct(value: float) -> str:
    return f"{value:.4f}"


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _ratio(slow: float | None, fast: float | None) -> str:
    if not slow or not fast:
        return ""
    return f"{slow / fast:.1f}×"


def render(parity: ParityResult) -> str:
    """The whole markdown report."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cores = os.cpu_count() or 0
    load = os.getloadavg()[0]
    lines = [
        "# Parity with the national reference validators",
        "",
        f"Written by `make parity` on {now} at commit `{_commit()}` "
        f"({platform.system()} {platform.machine()}, {cores} cores, load average {load:.1f}; "
        f"the run took {parity.seconds:.0f} s). Do not edit by hand.",
        "",
        "The reference is data-to-insight's SSDA903 and CIN census validators (the ones the DfE "
        "portal agrees with), run unchanged in their own virtualenvs from `../shared/oracles`; "
        "Thrive is `thrive.statutory.validate.validate_paths`, what `thrive validate` runs. "
        "Both check the same files.",
        "",
        "**How agreement is measured.** For each rule, each side gives the set of children it "
        "reports the rule for; agreement of the rule is the Jaccard index |both| / |either| "
        "(1 when neither reports anything). **Overall agreement** is pooled (micro-averaged): "
        "the (rule, child) pairs both sides report divided by the pairs either reports, over "
        "every rule both sides ran; this is the figure the acceptance (≥ 0.99) uses. The mean "
        "of per-rule agreement (over rules where either side reports something) is shown "
        "beside it. *After documented differences* leaves out the pairs one side reports "
        "that a documented difference (below) explains. Rules only one side has are listed as "
        "missing, never counted as agreement; a rule that crashed or was skipped on a side is "
        "listed and left out.",
        "",
        "SSDA903 reference: one process runs every rule, then rules "
        f"{', '.join(CONTAMINATED_903)} are re-run in a second process without rule 365 "
        "(`--rules`; checked to match running each alone), because the "
        "reference's rule 365 writes 31 March into open episodes on data that later rules "
        "share (see `../shared/oracles/README.md`).",
        "",
        "## Summary",
        "",
        "| return | inputs | rules compared | pairs (reference / Thrive / both) "
        "| overall agreement | after documented differences | mean per rule | "
        "rules only the reference has | rules only Thrive has |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for return_ in RETURNS:
        for pooled in (parity.pooled_generated.get(return_), parity.pooled.get(return_)):
            if pooled is None:
                continue
            total = pooled.totals()
            gaps = pooled.undocumented_missing()
            count = sum(
                1
                for r in parity.results
                if r.input.return_ == return_
                and r.comparison is not None
                and (pooled.label == "all inputs" or r.input.generated)
            )
            lines.append(
                f"| {TITLES[return_]}, {pooled.label} | {count} | {len(pooled.rules)} "
                f"| {total.reference} / {total.thrive} / {total.both} | **{_pct(pooled.pooled)}** "
                f"| {_pct(pooled.pooled_after)} | {_pct(pooled.mean)} "
                f"| {_missing(pooled.only_reference, gaps[0])} "
                f"| {_missing(pooled.only_thrive, gaps[1])} |"
            )
    lines += ["", *_inputs_table(parity.results), *_clean(parity.results)]
    lines += _injected(parity.results)
    lines += _speed(parity.results)
    for return_ in RETURNS:
        pooled = parity.pooled.get(return_)
        if pooled is not None:
            lines += _return_section(return_, pooled)
    lines += _differences_section()
    failed = [r for r in parity.results if r.error]
    if failed:
        lines += ["", "## Inputs that could not be compared", ""]
        lines += [f"- {r.input.label} ({r.input.return_}): {r.error}" for r in failed]
    return "\n".join(lines) + "\n"


def _missing(codes: list[str], undocumented: list[str]) -> str:
    documented = len(codes) - len(undocumented)
    return f"{len(codes)} ({documented} documented)" if documented else str(len(codes))


def _generators(results: list[InputResult]) -> str:
    """Which generator code made the generated inputs (a hash of thrive/synth), and today's."""
    stamps: set[str] = set()
    for result in results:
        if not result.input.generated:
            continue
        for folder in result.input.path.parents:
            stamp = folder / ".generator"
            if stamp.is_file():
                stamps.add(stamp.read_text(encoding="utf-8").strip())
                break
    current = generator_fingerprint()
    made = ", ".join(f"`{s}`" for s in sorted(stamps)) or "none"
    note = "" if stamps <= {current} else " (older than the current code: drop --keep-inputs)"
    return f"Generator code of these councils: {made}; current: `{current}`{note}."


def _inputs_table(results: list[InputResult]) -> list[str]:
    lines = [
        "## Agreement per input",
        "",
        "Generated councils: `thrive generate --seed S --size SIZE --years 2 "
        "--inject-errors RATE` (clean or 2 % errors), latest year 2025/26 with 2024/25 as the "
        "previous year; `edge:` inputs are the hand-written files in `tests/fixtures/parity/`. "
        + _generators(results),
        "",
        "| input | return | rules compared | reference pairs | Thrive pairs | both "
        "| agreement | after differences | mean per rule |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        comparison = result.comparison
        if comparison is None:
            continue
        total = comparison.totals()
        lines.append(
            f"| {result.input.label} | {result.input.return_} | {len(comparison.rules)} "
            f"| {total.reference} | {total.thrive} | {total.both} | {_pct(comparison.pooled)} "
            f"| {_pct(comparison.pooled_after)} | {_pct(comparison.mean)} |"
        )
    return [*lines, ""]


def _clean(results: list[InputResult]) -> list[str]:
    """What the reference finds on clean generated councils (the acceptance wants nothing)."""
    counts: dict[str, dict[str, int]] = {}
    for result in results:
        comparison = result.comparison
        if comparison is None or comparison.reference is None:
            continue
        if not (result.input.generated and result.input.label.endswith("clean")):
            continue
        per_rule = counts.setdefault(result.input.return_, {})
        for code, _child in comparison.reference.pairs:
            shown = comparison.reference.display.get(code, code)
            if comparison.is_documented(code):
                shown += " (documented)"
            per_rule[shown] = per_rule.get(shown, 0) + 1
    if not counts:
        return []
    lines = [
        "## What the reference finds on clean generated councils",
        "",
        "A clean council (`--inject-errors 0`) should pass the reference, apart from documented "
        "differences. Children reported, per rule, summed over the clean councils:",
        "",
    ]
    for return_, per_rule in counts.items():
        found = sorted(per_rule.items(), key=lambda item: (-item[1], item[0]))
        text = ", ".join(f"{code} ({count})" for code, count in found) or "nothing"
        lines.append(f"- {TITLES[return_]}: {text}.")
    return [*lines, ""]


def _injected(results: list[InputResult]) -> list[str]:
    """Share of the generator's injected errors each side reports (the issue wants ≥ 95 %)."""
    per_input, pooled = detections(results)
    if not per_input:
        return []
    lines = [
        "## Injected errors the reference detects",
        "",
        "Councils generated with errors list each one in `truth.json`. An injected error "
        "counts as detected when a side reports its rule for its child on the input it was "
        "injected into (the latest year's return); errors whose rule the reference did not run "
        "on that input are counted apart (never as detected), and misses a documented "
        "difference explains (the reference's rule cannot find what Thrive finds) are shown "
        "beside the raw share. The acceptance wants the reference to detect ≥ 95 %.",
        "",
        "| input | return | injected | reference detects | share | missed as a documented "
        "difference says | share after documented differences | rule not run by the "
        "reference | Thrive detects | share |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    medium: dict[str, Detection] = {}
    for found in per_input:
        if found.label.startswith("medium-"):
            medium.setdefault(found.return_, Detection("medium", found.return_)).add(found)
    names = {"pooled": "**all generated, pooled**", "medium": "**medium councils, pooled**"}
    for found in [*per_input, *medium.values(), *pooled.values()]:
        label = names.get(found.label, found.label)
        lines.append(
            f"| {label} | {found.return_} | {found.injected} | {found.reference} "
            f"| {found.reference_share:.1%} | {found.explained} "
            f"| {found.reference_share_after:.1%} | {found.reference_not_run} | {found.thrive} "
            f"| {found.thrive_share:.1%} |"
        )
    missed = [m for found in pooled.values() for m in found.missed]
    if missed:
        shown = ", ".join(f"{rule} {child} ({label})" for label, rule, child in missed[:12])
        more = f" and {len(missed) - 12} more" if len(missed) > 12 else ""
        lines += [
            "",
            f"Run by the reference but not reported (no documented difference): {shown}{more}.",
        ]
    return [*lines, ""]


def _speed(results: list[InputResult]) -> list[str]:
    lines = [
        "## Time",
        "",
        "Whole process: wall time of the subprocess (`run_reference.py` in the reference's "
        "virtualenv; `thrive validate --format json`), start-up and imports included. "
        "Excluding start-up: the reference's own `elapsed_s` (after its imports: reading, "
        "rules, collecting errors) and Thrive's `validate_paths` in-process (reading, rules, "
        "issues). A reference time marked * comes from the cache of an earlier identical run "
        "(the reference never changes; `--fresh` re-runs it). The speed targets are measured "
        "by `thrive bench parity` (docs/benchmarks.md) on a large SSDA903 and a medium CIN "
        "council; these are the parity inputs' times.",
        "",
        "| input | return | reference whole (s) | Thrive whole (s) | ratio "
        "| reference excl. start-up (s) | Thrive excl. start-up (s) | ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        comparison = result.comparison
        if comparison is None or comparison.reference is None or comparison.thrive is None:
            continue
        ref, ours = comparison.reference, comparison.thrive
        mark = "*" if ref.cached else ""
        lines.append(
            f"| {result.input.label} | {result.input.return_} "
            f"| {_seconds(ref.wall_seconds)}{mark} | {_seconds(ours.wall_seconds)} "
            f"| {_ratio(ref.wall_seconds, ours.wall_seconds)} "
            f"| {_seconds(ref.seconds)}{mark} | {_seconds(ours.seconds)} "
            f"| {_ratio(ref.seconds, ours.seconds)} |"
        )
    return [*lines, ""]


def _rule_row(agreement: RuleAgreement) -> str:
    mark = " (documented)" if agreement.documented else ""
    return (
        f"| {agreement.code}{mark} | {agreement.reference} | {agreement.thrive} "
        f"| {agreement.both} | {_pct(agreement.jaccard)} | {_pct(agreement.jaccard_after)} |"
    )


def _return_section(return_: str, pooled: Comparison) -> list[str]:
    lines = [f"## {TITLES[return_]}", "", f"### Worst {WORST} rules (all inputs pooled)", ""]
    worst = pooled.worst(WORST)
    if worst:
        lines += [
            "Children each side alone reports (a few, with the input) show where to look.",
            "",
            "| rule | reference | Thrive | both | agreement | after differences "
            "| only the reference (e.g.) | only Thrive (e.g.) |",
            "|---|---:|---:|---:|---:|---:|---|---|",
        ]
        for agreement in worst:
            key = agreement.code.upper()
            ref_only, thrive_only = pooled.samples.get(key, ([], []))
            lines.append(
                f"{_rule_row(agreement)} {', '.join(ref_only[:3])} | {', '.join(thrive_only[:3])} |"
            )
    else:
        lines.append("No rule disagrees.")

    def listed(codes: list[str]) -> str:
        marked = [f"{c} (documented)" if pooled.is_documented(c) else c for c in codes]
        return ", ".join(marked) or "none"

    lines += [
        "",
        "### Rules missing on one side",
        "",
        "A rule only one side has counts as missing, not as agreement, unless a documented "
        "difference explains it (marked).",
        "",
        f"Only the reference has (Thrive lacks): {listed(pooled.only_reference)}.",
        "",
        f"Only Thrive has (not in the reference's set for the year): {listed(pooled.only_thrive)}.",
        "",
    ]
    if pooled.not_compared:
        lines += ["### Rules not compared (crashed, skipped or not checked on a side)", ""]
        lines += [f"- {code}: {why}" for code, why in pooled.not_compared.items()]
        lines.append("")
    active = [a for a in pooled.rules.values() if a.either]
    silent = len(pooled.rules) - len(active)
    lines += [
        "### Every rule with findings (all inputs pooled)",
        "",
        f"Counts are (rule, child) pairs summed over inputs. {silent} more rules were compared "
        "and neither side reported anything.",
        "",
        "| rule | reference | Thrive | both | agreement | after differences |",
        "|---|---:|---:|---:|---:|---:|",
        *(_rule_row(a) for a in active),
        "",
    ]
    return lines


def _differences_section() -> list[str]:
    lines = [
        "## Documented differences",
        "",
        "Where the reference contradicts the DfE rule wording, Thrive follows the DfE; these are "
        "the only accepted disagreements (`src/thrive/parity/differences.py`).",
        "",
        "| return | rule | explains | what the reference does | the DfE rule | why |",
        "|---|---|---|---|---|---|",
    ]
    for d in sorted(DIFFERENCES, key=lambda d: (d.return_, d.rule)):
        years = f" ({', '.join(map(str, d.years))})" if d.years else ""
        lines.append(
            f"| {d.return_} | {d.rule}{years} | {d.explains} | {d.reference} | {d.dfe} "
            f"| {d.reason} |"
        )
    return [*lines, ""]


def to_json(parity: ParityResult) -> dict[str, Any]:
    """Everything in the report, with per-rule sample children, for tools and helpers."""

    def comparison_json(c: Comparison) -> dict[str, Any]:
        return {
            "label": c.label,
            "return": c.return_,
            "overall_agreement": c.pooled,
            "after_differences": c.pooled_after,
            "mean_per_rule": c.mean,
            "rules": {
                a.code: {
                    "reference": a.reference,
                    "thrive": a.thrive,
                    "both": a.both,
                    "agreement": a.jaccard,
                    "after_differences": a.jaccard_after,
                    "only_reference_e_g": c.samples.get(key, ([], []))[0],
                    "only_thrive_e_g": c.samples.get(key, ([], []))[1],
                }
                for key, a in c.rules.items()
                if a.either
            },
            "only_reference": c.only_reference,
            "only_thrive": c.only_thrive,
            "not_compared": c.not_compared,
            "seconds": {
                "reference_whole": c.reference.wall_seconds if c.reference else None,
                "reference_excluding_startup": c.reference.seconds if c.reference else None,
                "thrive_whole": c.thrive.wall_seconds if c.thrive else None,
                "thrive_excluding_startup": c.thrive.seconds if c.thrive else None,
            },
        }

    return {
        "seconds": parity.seconds,
        "inputs": [
            {"input": r.input.label, "return": r.input.return_, "error": r.error}
            | (comparison_json(r.comparison) if r.comparison else {})
            for r in parity.results
        ],
        "pooled": {k: comparison_json(v) for k, v in parity.pooled.items()},
        "pooled_generated": {k: comparison_json(v) for k, v in parity.pooled_generated.items()},
    }
