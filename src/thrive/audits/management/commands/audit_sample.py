"""Draw (or re-draw, to check a recorded sample) an audit sample from a CSV case list, offline.

    python manage.py audit_sample cases.csv --size 10 --seed 2026 --method stratified

Prints one line per drawn case (child id, team, worker) in draw order, then the strata. The same
file, method, size, seed, rule and as-at date always print the same cases as the web page drew.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thrive.audits.sampling import RULES, SamplingError, draw_sample, read_case_list


class Command(BaseCommand):
    help = "Draw an audit sample from a CSV case list (reproducible by seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case_list", type=Path)
        parser.add_argument("--size", type=int, required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--method", choices=["random", "stratified", "rule"], default="random")
        parser.add_argument("--rule", choices=sorted(RULES), default="")
        parser.add_argument("--rule-parameter", type=int, default=None)
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["case_list"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            cases, errors = read_case_list(path.read_bytes())
            if errors:
                for error in errors:
                    self.stderr.write(str(error))
                raise CommandError(f"{len(errors)} problem(s) in {path}: nothing drawn")
            sample = draw_sample(
                cases,
                size=options["size"],
                seed=options["seed"],
                method=options["method"],
                rule=options["rule"],
                rule_parameter=options["rule_parameter"],
                as_of=options["as_of"],
            )
        except SamplingError as exc:
            raise CommandError(str(exc)) from exc
        for row in sample.cases.iter_rows(named=True):
            self.stdout.write(f"{row['child_id']}\t{row['team']}\t{row['worker']}")
        strata = ", ".join(f"{team}: {count}" for team, count in sample.strata.items())
        self.stdout.write(
            f"{sample.size} of {sample.eligible_count} eligible ({sample.candidate_count} listed), "
            f"seed {sample.seed}; per team: {strata}"
        )
