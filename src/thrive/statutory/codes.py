"""DfE code lists that several returns share, defined once.

Each return's own code lists stay in its `spec.py`; a list that the DfE uses unchanged across
returns lives here and the returns' specs name it.
"""

from __future__ import annotations

from typing import Final

# The DfE's 20 ethnicity codes (Common Basic Data Set), used by SSDA903, the CIN census,
# Ofsted's Annex A and the children's social work workforce census.
ETHNICITY: Final = frozenset(
    {
        "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
        "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
    }
)  # fmt: skip
