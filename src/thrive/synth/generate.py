"""Generate one council or a nation of fictional councils into an output folder.

Councils are simulated and written one at a time (one year at a time inside a council), so a
nation never sits in memory. Output goes to a temporary sibling folder that is renamed into
place at the end, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from thrive.reference import local_authorities
from thrive.synth import annexa, cin, errors, ssda903, workforce
from thrive.synth.geography import hosts_in
from thrive.synth.params import (
    CLA_RATE_QUANTILES,
    COUNCIL_NAME_ENDINGS,
    COUNCIL_NAME_STEMS,
    CP_RATE_QUANTILES,
    ENGLAND_CLA_RATE,
    ENGLAND_CP_RATE,
    NATION_QUANTILES,
    POPULATION_QUANTILES,
    REGION_WEIGHTS,
    REGIONS,
    SIZES,
)
from thrive.synth.simulate import CouncilSpec, simulate_council

DEMO_CODE: Final = "990"
DEMO_NAME: Final = "Northbridge"
FIRST_NATION_CODE: Final = 9001
MAX_COUNCILS: Final = 999

# User-facing error messages (tests import these).
MESSAGE_COUNT: Final = "--councils must be a whole number from 1 to {maximum}, not {value}."
MESSAGE_YEARS: Final = "--years must be a whole number from 1 to 20, not {value}."
MESSAGE_RATE: Final = "--inject-errors must be a number from 0 to 1, not {value}."
MESSAGE_SIZE: Final = "--size must be one of small, medium, large, not {value!r}."
MESSAGE_END_YEAR: Final = "--end-year must be between 2015 and 2040, not {value}."
MESSAGE_SEED: Final = "--seed must be a whole number of 0 or more, not {value}."
MESSAGE_POPULATION: Final = "the population must be a whole number of 1 or more, not {value}."
MESSAGE_NOT_EMPTY: Final = "{path} is not empty; use --force to replace its contents."
MESSAGE_NOT_FOLDER: Final = "{path} exists and is not a folder."
MESSAGE_UNWRITABLE: Final = "cannot write to {path}: the folder (or its parent) is not writable."


class GenerateError(ValueError):
    """Bad generator options; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class GenerateOptions:
    out: Path
    seed: int = 1
    size: str = "medium"
    years: int = 3
    councils: int = 1
    inject_errors: float = 0.0
    end_year: int = 2026
    force: bool = False
    population: int | None = None  # overrides --size (small test councils)
    workers: int | None = None  # processes for a nation; None = one per CPU (at most 4)


def check_options(options: GenerateOptions) -> None:
    """Raise GenerateError with a one-line message if any option is unusable."""
    if options.size not in SIZES:
        raise GenerateError(MESSAGE_SIZE.format(value=options.size))
    if options.councils < 1 or options.councils > MAX_COUNCILS:
        raise GenerateError(MESSAGE_COUNT.format(maximum=MAX_COUNCILS, value=options.councils))
    if options.years < 1 or options.years > 20:
        raise GenerateError(MESSAGE_YEARS.format(value=options.years))
    rate = options.inject_errors
    if not (rate == rate and 0.0 <= rate <= 1.0):  # rejects NaN too
        raise GenerateError(MESSAGE_RATE.format(value=rate))
    if not 2015 <= options.end_year <= 2040:
        raise GenerateError(MESSAGE_END_YEAR.format(value=options.end_year))
    if options.seed < 0:
        raise GenerateError(MESSAGE_SEED.format(value=options.seed))
    if options.population is not None and options.population < 1:
        raise GenerateError(MESSAGE_POPULATION.format(value=options.population))
    out = options.out
    if out.exists():
        if not out.is_dir():
            raise GenerateError(MESSAGE_NOT_FOLDER.format(path=out))
        if any(out.iterdir()) and not options.force:
            raise GenerateError(MESSAGE_NOT_EMPTY.format(path=out))
    parent = _existing_parent(out.absolute().parent)
    if not os.access(parent, os.W_OK | os.X_OK) or (
        out.exists() and not os.access(out, os.W_OK | os.X_OK)
    ):
        raise GenerateError(MESSAGE_UNWRITABLE.format(path=out))
    try:  # access() says yes to root even on read-only file systems: probe for real
        probe = tempfile.mkdtemp(prefix=".thrive-probe-", dir=parent)
    except OSError as error:
        raise GenerateError(MESSAGE_UNWRITABLE.format(path=out)) from error
    os.rmdir(probe)


def _existing_parent(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _interpolate(quantiles: tuple[float, ...], u: float) -> float:
    return float(np.interp(u, NATION_QUANTILES, quantiles))


def plan_councils(options: GenerateOptions) -> list[tuple[CouncilSpec, int]]:
    """The councils to generate, each with its simulation seed."""
    if options.councils == 1:
        population = options.population or SIZES[options.size]
        spec = CouncilSpec(
            DEMO_CODE, DEMO_NAME, "North East", population, ENGLAND_CLA_RATE, ENGLAND_CP_RATE, "NB"
        )
        return [(spec, options.seed)]
    rng = np.random.Generator(np.random.PCG64([options.seed, 1000]))
    weights = np.array(REGION_WEIGHTS, dtype=float) / sum(REGION_WEIGHTS)
    names: list[str] = []
    plans: list[tuple[CouncilSpec, int]] = []
    letters = "ABCDEFGHJKLMNPRSTUVWY"
    for index in range(options.councils):
        name = ""
        while not name or name in names:
            stem = COUNCIL_NAME_STEMS[int(rng.integers(0, len(COUNCIL_NAME_STEMS)))]
            ending = COUNCIL_NAME_ENDINGS[int(rng.integers(0, len(COUNCIL_NAME_ENDINGS)))]
            name = stem + ending
            if name in names:
                name = f"{name} {('North', 'South', 'East', 'West')[index % 4]}"
        names.append(name)
        region = REGIONS[int(rng.choice(len(REGIONS), p=weights))]
        population = options.population or int(
            round(_interpolate(POPULATION_QUANTILES, float(rng.random())), -2)
        )
        cla_rate = round(_interpolate(CLA_RATE_QUANTILES, float(rng.random())), 1)
        cp_rate = round(_interpolate(CP_RATE_QUANTILES, float(rng.random())), 1)
        area = letters[index % len(letters)] + letters[(index // len(letters)) % len(letters)]
        seed = int(np.random.SeedSequence([options.seed, index]).generate_state(1)[0])
        code = str(FIRST_NATION_CODE + index)
        hosts = hosts_in(region)
        host = hosts[int(rng.integers(0, len(hosts)))]
        spec = CouncilSpec(code, name, region, population, cla_rate, cp_rate, area, host)
        plans.append((spec, seed))
    return plans


def generate_council(
    spec: CouncilSpec,
    folder: Path,
    *,
    seed: int,
    end_year: int,
    years: int,
    inject_errors: float,
    step: Callable[[], None] | None = None,
) -> list[errors.InjectedError]:
    """Simulate one council and write its returns and truth.json into `folder`."""
    data = simulate_council(spec, seed=seed, end_year=end_year, years=years)
    rng = np.random.Generator(np.random.PCG64([seed, 99]))
    rate = inject_errors
    truth: list[errors.InjectedError] = []
    for year in data.collection_years:
        tables = ssda903.build_tables(data, year)
        if rate > 0:
            files = {name: f"ssda903/{year}/{name}.csv" for name in tables}
            truth += errors.inject_tables(
                tables,
                errors.SSDA903_RULES,
                rate=rate,
                rng=rng,
                year=year,
                return_id="ssda903",
                files=files,
            )
        ssda903.write_tables(tables, folder / "ssda903" / str(year))
        document = cin.build_document(data, year)
        if rate > 0:
            truth += errors.inject_cin(
                document, rate=rate, rng=rng, year=year, file=f"cin/{year}/cin_census.xml"
            )
        cin.write_document(document, folder / "cin" / str(year) / "cin_census.xml")
        if step is not None:
            step()
    lists = annexa.build_tables(data)
    if rate > 0:
        files = dict.fromkeys(lists, "annexa/annex_a.xlsx")
        truth += errors.inject_tables(
            lists,
            errors.ANNEXA_RULES,
            rate=rate,
            rng=rng,
            year=end_year,
            return_id="annexa",
            files=files,
        )
    annexa.write_workbook(lists, folder / "annexa" / "annex_a.xlsx", end_year)
    for census_year, census in workforce.build_tables(data).items():
        if rate > 0:
            files = {
                "staff": f"workforce/{census_year}/workforce_staff.csv",
                "vacancies": f"workforce/{census_year}/workforce_vacancies.csv",
            }
            truth += errors.inject_tables(
                census,
                errors.WORKFORCE_RULES,
                rate=rate,
                rng=rng,
                year=census_year,
                return_id="workforce",
                files=files,
            )
        workforce.write_tables(census, folder / "workforce" / str(census_year))
    document_truth = {
        "council": {"code": spec.code, "name": spec.name},
        "seed": seed,
        "errors": [error.as_json() for error in truth],
    }
    (folder / "truth.json").write_text(
        json.dumps(document_truth, indent=2) + "\n", encoding="utf-8"
    )
    return truth


def _council_task(
    spec: CouncilSpec, folder: Path, seed: int, end_year: int, years: int, rate: float
) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    return len(
        generate_council(
            spec, folder, seed=seed, end_year=end_year, years=years, inject_errors=rate
        )
    )


def _generate_parallel(
    plans: list[tuple[CouncilSpec, int]],
    temporary: Path,
    options: GenerateOptions,
    workers: int,
    on_council: Callable[[CouncilSpec], None] | None,
    on_step: Callable[[], None] | None,
) -> None:
    """Councils in worker processes, at most `workers` in flight (memory stays bounded)."""
    pending = list(plans)
    running: dict[Future[int], CouncilSpec] = {}
    # Spawned, not forked: a fork of a process whose Polars (or any) thread pool is running
    # can deadlock in the child (a test that used Polars first hung here).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        while pending or running:
            while pending and len(running) < workers:
                spec, seed = pending.pop(0)
                future = pool.submit(
                    _council_task,
                    spec,
                    temporary / spec.code,
                    seed,
                    options.end_year,
                    options.years,
                    options.inject_errors,
                )
                running[future] = spec
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: running[f].code):
                spec = running.pop(future)
                future.result()
                for _ in range(options.years):
                    if on_step is not None:
                        on_step()
                if on_council is not None:
                    on_council(spec)


def generate(
    options: GenerateOptions,
    *,
    on_council: Callable[[CouncilSpec], None] | None = None,
    on_step: Callable[[], None] | None = None,
) -> list[CouncilSpec]:
    """Write the councils asked for into `options.out`; returns their specs.

    Raises:
        GenerateError: the options are unusable (nothing is written).
    """
    check_options(options)
    out = options.out.absolute()
    plans = plan_councils(options)
    temporary = out.parent / f".{out.name}.partial-{os.getpid()}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if temporary.exists():
            shutil.rmtree(temporary)
        temporary.mkdir()
    except OSError as error:
        raise GenerateError(MESSAGE_UNWRITABLE.format(path=options.out)) from error
    workers = options.workers or min(4, os.cpu_count() or 1)
    try:
        if options.councils == 1 or workers == 1:
            for spec, seed in plans:
                folder = temporary if options.councils == 1 else temporary / spec.code
                folder.mkdir(parents=True, exist_ok=True)
                generate_council(
                    spec,
                    folder,
                    seed=seed,
                    end_year=options.end_year,
                    years=options.years,
                    inject_errors=options.inject_errors,
                    step=on_step,
                )
                if on_council is not None:
                    on_council(spec)
        else:
            _generate_parallel(plans, temporary, options, workers, on_council, on_step)
        with (temporary / "councils.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            # postcode_la / ons_code: the real council whose postcodes the fictional one uses
            # (run the SSDA903 reference with --la <ons_code> for its IN/OUT placements).
            writer.writerow(
                ("code", "name", "region", "population_0_17", "postcode_la", "ons_code")
            )
            for spec, _ in plans:
                writer.writerow(
                    (
                        spec.code,
                        spec.name,
                        spec.region,
                        spec.population,
                        spec.postcode_la,
                        local_authorities()[spec.postcode_la].ons_code,
                    )
                )
        if out.exists():
            shutil.rmtree(out)
        temporary.rename(out)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return [spec for spec, _ in plans]
