"""Where a fictional council's children live and are placed: real postcodes of a real council.

The national SSDA903 validator derives the council of placement (PL_LA), inside/outside
(PL_LOCATION) and distance (PL_DISTANCE) from HOME_POST and PL_POST with the ONS Postcode
Directory, so an invented postcode fails rules 169, 179 and 392. Each generated council
therefore borrows the geography of a real one (its "host", a DfE LA number): homes are real
postcodes of the host, placements real postcodes of the host or of its nearest councils, and
now and then of a council further away. The single demo council borrows Richmond upon Thames
(318, ONS E09000027), the national validator's default council, so its IN/OUT placements agree
with a run of the reference that does not name a council.

Postcodes come from `thrive.reference.postcodes` (ONS Postcode Directory, August 2021).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import polars as pl

from thrive.reference import local_authorities
from thrive.reference import postcodes as directory

DEMO_HOST: str = "318"  # Richmond upon Thames, E09000027: the SSDA903 reference's default LA
NEIGHBOURS = 8  # nearest councils that take most out-of-area placements


@dataclass(frozen=True, slots=True)
class Geography:
    """The host council, its postcodes and the councils around it (nearest first)."""

    host: str
    ons_code: str
    home: tuple[str, ...]
    near: tuple[str, ...]
    far: tuple[str, ...]

    def pick(self, rng: np.random.Generator, la: str) -> str:
        codes = directory.postcodes_in(la)
        return codes[int(rng.random() * len(codes))]

    def home_postcode(self, rng: np.random.Generator) -> str:
        return self.home[int(rng.random() * len(self.home))]

    def placement(self, rng: np.random.Generator, inside: bool) -> tuple[str, str]:
        """A placement postcode and its council: the host's, or one nearby (now and then far)."""
        if inside:
            return self.home_postcode(rng), self.host
        pool: Sequence[str] = self.near if rng.random() < 0.85 else self.far
        la = pool[int(rng.random() * len(pool))]
        return self.pick(rng, la), la


def _unchanged_since_2021() -> set[str]:
    """Councils whose ONS code is the same as in 2021 (the national validator's lookup year)."""
    text = resources.files("thrive.reference").joinpath("data", "la_districts.csv")
    rows = list(csv.DictReader(text.read_text("utf-8").splitlines()))
    councils = local_authorities()
    changed = {
        row["dfe_la_number"]
        for row in rows
        if row["dfe_la_number"] in councils
        and councils[row["dfe_la_number"]].ons_code != row["upper_tier_2021"]
    }
    return set(councils) - changed


@cache
def _centres() -> dict[str, tuple[float, float]]:
    """Mean grid reference of each English council's postcodes."""
    frame = (
        directory.table()
        .filter(pl.col("easting").is_not_null() & pl.col("la").str.contains(r"^\d{3}$"))
        .group_by("la")
        .agg(pl.col("easting").mean(), pl.col("northing").mean())
        .sort("la")
    )
    return {
        la: (float(east), float(north))
        for la, east, north in frame.select("la", "easting", "northing").iter_rows()
    }


def hosts_in(region: str) -> list[str]:
    """Councils of `region` a fictional council can borrow (unchanged since 2021), sorted."""
    usable = _unchanged_since_2021()
    councils = local_authorities()
    return sorted(la for la, c in councils.items() if c.region == region and la in usable)


@cache
def geography(host: str) -> Geography:
    """The geography of council `host` (DfE LA number)."""
    centres = _centres()
    usable = _unchanged_since_2021()
    east, north = centres[host]
    others = sorted(
        (la for la in centres if la != host and la in usable),
        key=lambda la: ((centres[la][0] - east) ** 2 + (centres[la][1] - north) ** 2, la),
    )
    return Geography(
        host=host,
        ons_code=local_authorities()[host].ons_code,
        home=directory.postcodes_in(host),
        near=tuple(others[:NEIGHBOURS]),
        far=tuple(others[NEIGHBOURS:]),
    )
