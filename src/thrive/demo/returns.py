"""Northbridge's synthetic returns: generated once, ingested through the returns service."""

from __future__ import annotations

from thrive.councils.models import Council
from thrive.demo.people import DEMO_COUNCIL_CODE

DEMO_SEED = 990
DEMO_YEARS = 3


def demo_data_load() -> int:
    """Generate Northbridge's synthetic returns once and ingest them; returns versions loaded.

    Nothing happens when Northbridge already has data, so running the demo again is quick.
    """
    from pathlib import Path

    from django.conf import settings

    from thrive.returns.models import Submission, Upload
    from thrive.returns.services import upload_generated_folder
    from thrive.synth.generate import GenerateOptions, generate

    council = Council.objects.get(la_number=DEMO_COUNCIL_CODE)
    if Submission.objects.filter(council=council).exists():
        return 0
    folder = Path(settings.THRIVE_DATA_DIR) / "demo" / "northbridge"
    if not folder.exists():
        generate(
            GenerateOptions(out=folder, seed=DEMO_SEED, size="small", years=DEMO_YEARS, force=True)
        )
    _demo_population(council, folder)
    loaded = 0
    for return_type, upload in upload_generated_folder(council=council, folder=folder).items():
        if upload.status != Upload.Status.INGESTED:
            raise RuntimeError(
                f"The demo's {return_type} files did not load ({upload.get_status_display()}): "
                "see the upload's findings in the service"
            )
        loaded += upload.submissions.count()
    return loaded


def _demo_population(council: Council, folder: object) -> None:
    """Rates per 10,000 need the under-18 population: take the generator's, for each year."""
    import csv
    from pathlib import Path

    from thrive.measures.models import Population
    from thrive.measures.services import population_set

    with (Path(str(folder)) / "councils.csv").open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    for year in range(2020, 2031):
        population_set(
            council=council,
            year=year,
            population=float(row["population_0_17"]),
            source=Population.Source.GENERATOR,
            note="The generator's under-18 population for this fictional council",
        )
