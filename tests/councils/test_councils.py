"""Councils: adding real and fictional ones, the reference data, and clear errors."""

from __future__ import annotations

from typing import Any

import pytest

from thrive import reference
from thrive.councils.models import Council
from thrive.councils.services import CouncilError, council_add


def test_reference_data_has_all_153_councils_with_ten_neighbours() -> None:
    authorities = reference.local_authorities()
    assert len(authorities) == 153
    assert authorities["887"].ons_code == "E06000035"
    assert authorities["887"].region == "South East"
    neighbours = reference.statistical_neighbours()
    assert len(neighbours) == 153
    assert all(len(items) == 10 for items in neighbours.values())
    assert [n.rank for n in neighbours["887"]] == list(range(1, 11))
    assert len(reference.regions()) == 9


def test_real_council_gets_ons_code_region_and_neighbours(db: Any) -> None:
    council = council_add(code="887", name="Medway")
    assert council.ons_code == "E06000035"
    assert council.region == "South East"
    assert council.statistical_neighbours == [
        n.neighbour_la_number for n in reference.statistical_neighbours()["887"]
    ]
    assert not council.is_fictional


def test_fictional_council(db: Any) -> None:
    council = council_add(code="990", name="Northbridge", region="North West")
    assert council.is_fictional
    assert council.statistical_neighbours == []
    assert council_add(code="9001", name="Nation One").is_fictional


@pytest.mark.parametrize("code", ["123", "989", "1000", "abc", "", "8870", "-887"])
def test_unknown_codes_are_refused_clearly(db: Any, code: str) -> None:
    with pytest.raises(CouncilError, match="is not a DfE LA number"):
        council_add(code=code, name="Somewhere")
    assert not Council.objects.exists()


def test_duplicate_and_blank_and_bad_region(db: Any) -> None:
    council_add(code="887", name="Medway")
    with pytest.raises(CouncilError, match="already exists"):
        council_add(code="887", name="Medway again")
    with pytest.raises(CouncilError, match="Give the council a name"):
        council_add(code="990", name="  ")
    with pytest.raises(CouncilError, match="is not an English region"):
        council_add(code="990", name="Northbridge", region="Narnia")
    assert Council.objects.count() == 1
