"""`python -m thrive.parity`: compare Thrive with the reference validators (see `make parity`).

Examples::

    python -m thrive.parity --out docs/parity.md          # everything (what make parity runs)
    python -m thrive.parity --quick --return ssda903      # seed 1, small, clean and 2 %
    python -m thrive.parity --quick --rules 388,165       # only these rules (fast reference)

Without --out the markdown goes to var/parity/report.md; the JSON (with sample children each
side alone reports, per rule) always goes to var/parity/report.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from thrive.parity.inputs import (
    RATES,
    SEEDS,
    SIZES,
    ParityInput,
    council_inputs,
    council_label,
    edge_cases,
    ensure_council,
)
from thrive.parity.oracle import missing_setup, repo_root
from thrive.parity.report import WORST, render, to_json
from thrive.parity.run import RETURNS, InputResult, run_parity


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m thrive.parity", description=__doc__)
    parser.add_argument("--return", dest="returns", default="ssda903,cin", help="ssda903,cin")
    parser.add_argument("--seeds", default=",".join(map(str, SEEDS)))
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--rates", default=",".join(f"{r:g}" for r in RATES))
    parser.add_argument("--quick", action="store_true", help="seed 1, small only")
    parser.add_argument("--no-generated", action="store_true", help="edge cases only")
    parser.add_argument("--no-edge", action="store_true", help="generated councils only")
    parser.add_argument("--rules", help="compare only these rule codes (comma-separated)")
    parser.add_argument("--fresh", action="store_true", help="re-run the reference (no cache)")
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="never run the reference: inputs without a cached result are listed, not compared",
    )
    parser.add_argument(
        "--keep-inputs",
        action="store_true",
        help="reuse generated councils even if the generator changed since",
    )
    parser.add_argument("--no-timing", action="store_true", help="skip timing thrive validate")
    parser.add_argument("--out", type=Path, help="markdown report (default var/parity/report.md)")
    return parser.parse_args(argv)


def collect_inputs(args: argparse.Namespace) -> list[ParityInput]:
    returns = [r for r in _list(args.returns) if r in RETURNS]
    seeds = [1] if args.quick else [int(s) for s in _list(args.seeds)]
    sizes = ["small"] if args.quick else _list(args.sizes)
    rates = [float(r) for r in _list(args.rates)]
    found: list[ParityInput] = []
    if not args.no_generated:
        for size in sizes:
            for seed in seeds:
                for rate in rates:
                    print(f"input {council_label(seed, size, rate)} …", file=sys.stderr)
                    folder = ensure_council(seed, size, rate, keep=args.keep_inputs)
                    found += council_inputs(folder, council_label(seed, size, rate), returns)
    if not args.no_edge:
        found += edge_cases(returns)
    return found


def _progress(result: InputResult) -> None:
    label = f"{result.input.label} {result.input.return_}"
    if result.comparison is None:
        print(f"{label}: NOT COMPARED: {result.error}", file=sys.stderr)
        return
    c = result.comparison
    total = c.totals()
    print(
        f"{label}: agreement {c.pooled:.4f} (after differences {c.pooled_after:.4f}); pairs "
        f"reference {total.reference}, Thrive {total.thrive}, both {total.both}",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    problems = missing_setup()
    if problems:
        print("The reference validators are not set up:", *problems, sep="\n  ", file=sys.stderr)
        print("Run `make oracles` first.", file=sys.stderr)
        return 2
    inputs = collect_inputs(args)
    rules = _list(args.rules) if args.rules else None
    parity = run_parity(
        inputs,
        rules=rules,
        fresh=args.fresh,
        time_process=not args.no_timing,
        cached_only=args.cached_only,
        on_input=_progress,
    )
    out = args.out or repo_root() / "var" / "parity" / "report.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(parity), encoding="utf-8")
    data = repo_root() / "var" / "parity" / "report.json"
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text(json.dumps(to_json(parity), indent=1), encoding="utf-8")
    for return_, pooled in parity.pooled.items():
        print(
            f"\n{return_}: overall agreement {pooled.pooled:.4f} "
            f"(after documented differences {pooled.pooled_after:.4f}; mean per rule "
            f"{pooled.mean:.4f}); {len(pooled.rules)} rules compared"
        )
        for a in pooled.worst(WORST):
            ref_only, thrive_only = pooled.samples.get(a.code.upper(), ([], []))
            print(
                f"  {a.code:>10}  reference {a.reference:5}  Thrive {a.thrive:5}  both "
                f"{a.both:5}  J {a.jaccard_after:.3f}  ref-only e.g. {ref_only[:2]}  "
                f"Thrive-only e.g. {thrive_only[:2]}"
            )
        print(f"  only the reference has: {', '.join(pooled.only_reference) or 'none'}")
        print(f"  only Thrive has: {', '.join(pooled.only_thrive) or 'none'}")
    print(f"\nWrote {out} and {data}")
    return 1 if any(r.error for r in parity.results) else 0


if __name__ == "__main__":
    sys.exit(main())
