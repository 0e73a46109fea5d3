"""Child process of `thrive bench report` (see thrive.packs.bench); prints timings as JSON."""

from __future__ import annotations

import csv
import json
import statistics
import time
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import django

SEED = 14


def _load(council: Any, folder: Path) -> None:
    """Ingest every generated return through the returns service, as an analyst would."""
    from thrive.returns.models import Upload
    from thrive.returns.services import upload_generated_folder

    for return_type, upload in upload_generated_folder(council=council, folder=folder).items():
        if upload.status != Upload.Status.INGESTED:
            raise RuntimeError(f"the generated {return_type} files did not load")


def _pages(pdf: bytes) -> int:
    """Pages of a WeasyPrint PDF (its page objects sit in compressed object streams)."""
    text = pdf
    for chunk in pdf.split(b"stream")[1:]:
        try:
            text += zlib.decompress(chunk.split(b"endstream")[0].strip(b"\r\n"))
        except zlib.error:
            continue
    return text.count(b"/Type /Page") - text.count(b"/Type /Pages")


# A plan and targets of the size a council in intervention has (the demo's are not used: no
# app depends on thrive.demo). Each action names the measures that show its impact.
PRIORITIES = ("Help and protection", "Children in care", "Care leavers", "Workforce", "Quality")
ACTIONS_PER_PRIORITY = 6
TARGETS = {"caseload_avg": 18.0, "vacancy_pct": 15.0, "agency_pct": 12.0,
           "assessments_45wd_pct": 85.0, "placements_3plus_pct": 10.0}  # fmt: skip


def _plan_and_targets(council: Any) -> None:
    from thrive.measures.services import target_set
    from thrive.plans.services import (
        owner_get_or_create,
        plan_action_create,
        plan_create,
        priority_create,
    )

    plan = plan_create(council=council, title="Improvement plan", start_date=date(2025, 4, 1))
    owner = owner_get_or_create(council=council, name="Head of Service", organisation="Council")
    measure_ids = sorted(TARGETS)
    for number, title in enumerate(PRIORITIES):
        priority = priority_create(plan=plan, title=title)
        for index in range(ACTIONS_PER_PRIORITY):
            plan_action_create(
                council=council,
                priority=priority,
                title=f"{title}: action {index + 1}",
                owner=owner,
                start_date=date(2025, 4, 1),
                due_date=date(2025, 10, 28) + timedelta(days=60 * index),
                measure_ids=[measure_ids[(number + index) % len(measure_ids)]],
            )
    for measure_id, target in TARGETS.items():
        target_set(
            council=council, measure_id=measure_id, target=target, tolerance=2.0, set_by="bench"
        )


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from thrive.councils.models import Council
    from thrive.measures.models import Population
    from thrive.measures.services import measures_recompute, population_set
    from thrive.packs.bench import WARM_RUNS
    from thrive.packs.content import board_pack_content
    from thrive.packs.models import Pack, PackKind
    from thrive.packs.render import pack_context, pack_pdf
    from thrive.synth.generate import GenerateOptions, generate

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    folder = Path(settings.THRIVE_DATA_DIR) / "generated"
    generate(GenerateOptions(out=folder, seed=SEED, size="medium", years=3, force=True))
    with (folder / "councils.csv").open(encoding="utf-8") as handle:
        spec = next(csv.DictReader(handle))
    council = Council.objects.create(la_number=spec["code"], name=f"{spec['name']} (fictional)")
    for year in range(2020, 2031):
        population_set(
            council=council,
            year=year,
            population=float(spec["population_0_17"]),
            source=Population.Source.GENERATOR,
            note="The generator's under-18 population",
        )
    _load(council, folder)
    _plan_and_targets(council)
    values = measures_recompute(council=council).values_written
    setup = time.perf_counter() - started
    as_at = date(2026, 3, 31)
    begin = time.perf_counter()
    import weasyprint  # noqa: F401 - timed: every process pays it once, at its first PDF

    imported = time.perf_counter() - begin

    def render() -> tuple[float, float, bytes]:
        begin = time.perf_counter()
        content = board_pack_content(council=council, as_at=as_at)
        middle = time.perf_counter()
        pack = Pack(council=council, kind=PackKind.BOARD, as_at=as_at, title="Board pack")
        pdf = pack_pdf(pack_context(pack=pack, content=content, commentary={}))
        return time.perf_counter() - begin, middle - begin, pdf

    cold, cold_content, pdf = render()
    warm = [render() for _ in range(WARM_RUNS)]
    print(
        json.dumps(
            {
                "import": imported,
                "cold": cold,
                "cold_content": cold_content,
                "warm": statistics.median(run[0] for run in warm),
                "content": statistics.median(run[1] for run in warm),
                "bytes": len(pdf),
                "pages": _pages(pdf),
                "values": values,
                "population": spec["population_0_17"],
                "setup": setup,
            }
        )
    )


if __name__ == "__main__":
    main()
