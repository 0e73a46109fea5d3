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
    audits_added: bool = False
    voice_added: bool = False
    packs_issued: int = 0


def demo_build(
    *,
    password: str,
    say: Callable[[str], None] = lambda _message: None,
    load_returns: bool = True,
) -> DemoBuild:
    """Create or refresh the demo. Steps already done are skipped, so a rerun is quick.

    `load_returns=False` skips generating and loading the returns: the tests use it to build
    everything else in seconds (the measures are computed from whatever returns there are).
    """
    from thrive.councils.models import Council
    from thrive.demo.audits import audits_demo_setup
    from thrive.demo.board import board_demo_setup
    from thrive.demo.voice import voice_demo_setup
    from thrive.measures.models import MeasureValue
    from thrive.measures.services import council_inputs, measures_recompute

    logins = demo_setup(password=password)
    loaded = 0
    if load_returns:
        say("Generating and loading Northbridge's synthetic returns …")
        loaded = demo_data_load()
    northbridge = Council.objects.get(la_number=DEMO_COUNCIL_CODE)
    plan_added = plans_demo_setup(northbridge)
    # Targets before the first recompute, so it rates every value and raises any alerts.
    targets_demo_setup(northbridge)
    stored = 0
    if not MeasureValue.objects.for_council(northbridge).exists():
        inputs = council_inputs(council=northbridge)
        if inputs:
            say("Computing Northbridge's measures (the first time takes a minute) …")
            stored = measures_recompute(council=northbridge, inputs=inputs).values_written
    audits_added = audits_demo_setup(northbridge)
    voice_added = voice_demo_setup(northbridge)
    # Packs last: an issued pack freezes the measures, plan, audits and voice as they are now.
    say("Preparing Northbridge's board packs …")
    board = board_demo_setup(northbridge)
    return DemoBuild(
        logins=logins,
        versions_loaded=loaded,
        plan_added=plan_added,
        measure_values_stored=stored,
        audits_added=audits_added,
        voice_added=voice_added,
        packs_issued=board.packs_issued,
    )
