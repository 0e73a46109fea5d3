"""Hypothesis strategies shared by the fuzzers: byte mutations and hostile-looking cell values."""

from __future__ import annotations

from hypothesis import strategies as st


def mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """Apply byte edits: (0 = overwrite, 1 = insert, 2 = delete, position, byte value)."""
    result = bytearray(data)
    for kind, position, value in edits:
        if not result:
            break
        index = position % len(result)
        if kind == 0:
            result[index] = value
        elif kind == 1:
            result.insert(index, value)
        else:
            del result[index]
    return bytes(result)


EDITS = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 10**6), st.integers(0, 255)), max_size=12
)
"""A short list of byte edits for `mutate`."""

NASTY = st.sampled_from(
    [
        "",
        " ",
        "=1+1",
        "=cmd|' /C calc'!A0",
        "+1",
        "-1",
        "@SUM(A1)",
        "\t=1",
        "'",
        '"',
        "\x00",
        "\ufeff",
        "é",
        "&lt;",
        "<!DOCTYPE x>",
        "../../etc/passwd",
        "01/04/2024",
        "31/02/2024",
        "2024-04-01",
        "99999",
        "1e309",
        "NaN",
        "x" * 300,
    ]
)
"""Values that have broken spreadsheet and CSV readers elsewhere."""

CELL = st.one_of(NASTY, st.text(max_size=16))
"""Any cell value as text."""

CELL_VALUE = st.one_of(
    CELL,
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
)
"""Any cell value a workbook can hold."""
