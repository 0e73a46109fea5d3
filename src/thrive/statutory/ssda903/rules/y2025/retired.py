"""Rules DfE retired for 2024/25.

217t, 230 and 370 were for the October 2023 placement changes (P2 and H5 went); SW01STG1 and
SW03STG1 were replaced by SW01aSTG1/SW01bSTG1; the other codes left DfE's 2024/25 list.
(SW15STG2 and SW16a/b/cSTG2, proposed for 2024/25, were withdrawn in the same year: Thrive
never had them in any year's set.)
"""

from __future__ import annotations

from thrive.statutory.ssda903.registry import registry

RETIRED_2025 = (
    "217t", "230", "370", "445", "451", "555", "556", "SW01STG1", "SW03STG1", "SW11aSTG2",
    "SW14STG2",
)  # fmt: skip

for _code in RETIRED_2025:
    registry.delete(_code, since=2025)
