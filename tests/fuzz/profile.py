"""How hard the fuzzers try: a few examples in `make test`, many in `make fuzz`.

`THRIVE_FUZZ_EXAMPLES` sets the examples per fuzz test (default 25; `make fuzz` uses 2000).
Deadlines are off: file I/O timing varies on a shared machine, and a hang is caught by the
run's total time instead.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("THRIVE_FUZZ_EXAMPLES", "25"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
"""For pure readers."""

FUZZ_DB = settings(
    FUZZ,
    max_examples=max(EXAMPLES // 2, 5),
    # One database per test: every example checks its own before/after counts.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
"""For importers that write to the database (each example is slower)."""
