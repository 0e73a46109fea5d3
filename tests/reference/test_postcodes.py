"""The postcode lookup: councils, countries, distances and real postcodes per council."""

from __future__ import annotations

import polars as pl
import pytest

from thrive.reference import local_authorities
from thrive.reference import postcodes as pc


def test_councils_and_countries_by_postcode() -> None:
    assert pc.la_of("TW9 1DN") == "318"  # Richmond upon Thames
    assert pc.la_of("tw91dn") == "318"  # any case and spacing
    assert pc.la_of("CA1 1AA") == "942"  # Carlisle: Cumberland since 2023, not Cumbria (909)
    assert pc.la_of("CF10 1AA") == "WAL"
    assert pc.la_of("EH1 1AA") == "SCO"
    assert pc.la_of("BT1 1AA") == "NIR"
    assert pc.la_of("JE2 3AA") == "NUK"  # Jersey is not in the UK
    assert pc.la_of("ZZ1 1ZZ") is None
    assert pc.la_of("") is None


def test_distance_by_the_dfe_formula() -> None:
    # The national validator gives 7.4 miles from 1-metre grid references.
    assert pc.distance_miles("TW9 1DN", "SW1A 1AA") == 7.4
    assert pc.distance_miles("TW9 1DN", "TW9 1DN") == 0.0
    assert pc.distance_miles("TW9 1DN", "ZZ1 1ZZ") is None


def test_locate_keeps_rows_and_order() -> None:
    frame = pl.DataFrame({"PL_POST": ["SW1A 1AA", None, "not one", "tw9 1dn"]})
    located = pc.locate(frame, "PL_POST", "pl_")
    assert located["PL_POST"].to_list() == frame["PL_POST"].to_list()
    assert located["pl_known"].to_list() == [True, False, False, True]
    assert located["pl_la"].to_list() == ["213", None, None, "318"]


def test_every_council_has_postcodes_and_samples_are_real_and_repeatable() -> None:
    for la in local_authorities():
        assert pc.postcodes_in(la), la
    first = pc.sample_postcodes("318", 5, seed=7)
    assert first == pc.sample_postcodes("318", 5, seed=7)
    assert len(set(first)) == 5
    assert all(pc.la_of(code) == "318" for code in first)
    assert all(code == pc.format_postcode(code) for code in first)
    with pytest.raises(KeyError):
        pc.sample_postcodes("999", 1)
