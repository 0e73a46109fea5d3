"""`demo_build`: every step of the demo in order, each through the owning app's public services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from thrive.demo.people import DEMO_COUNCIL_CODE, DemoLogin, demo_setup
from thrive.demo.plans import plans_demo_setup
from thrive.demo.returns import demo_data_load
from thrive.demo.targets import targets_demo_setup


@dataclass(frozen=True)
class DemoBuild:
    """What a demo build did: the sign-ins, and how much it added this time."""

    logins: list[DemoLogin]
    versions_loaded: int
    plan_added: bool
    measure_values_stored: int


def demo_build(*, password: str, say: Callable[[str], None] = lambda _message: None) -> DemoBuild:
    """Create or refresh the demo. Steps already done are skipped, so a rerun is quick."""
    from thrive.councils.models import Council
    from thrive.measures.models import MeasureValue
    from thrive.measures.services import measures_recompute

    logins = demo_setup(password=password)
    say("Generating and loading Northbridge's synthetic returns …")
    loaded = demo_data_load()
    northbridge = Council.objects.get(la_number=DEMO_COUNCIL_CODE)
    plan_added = plans_demo_setup(northbridge)
    # Targets before the first recompute, so it rates every value and raises any alerts.
    targets_demo_setup(northbridge)
    stored = 0
    if not MeasureValue.objects.for_council(northbridge).exists():
        say("Computing Northbridge's measures (the first time takes a minute) …")
        stored = measures_recompute(council=northbridge).values_written
    return DemoBuild(
        logins=logins, versions_loaded=loaded, plan_added=plan_added, measure_values_stored=stored
    )
