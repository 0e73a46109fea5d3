"""Write `src/thrive/dates/bank_holidays.py`, England and Wales bank holidays 2000–2040, as data.

The days come from the `holidays` package (country GB, subdivision ENG): the statutory days,
the substitute days when one falls at a weekend, and the one-off days proclaimed by the Crown
(jubilees, the 2011 royal wedding, the 2022 state funeral, the 2023 coronation). The published
GOV.UK list covers only a few years; later years follow the statutory pattern, as the package
projects them. Shipping the table as data keeps the `holidays` package (about 0.7 s to import)
out of every command's start-up; `tests/dates/test_bank_holidays.py` checks the table against
the package, so a new one-off day is a failing test and a re-run of this script:

    .venv/bin/python tools/build_bank_holidays.py > src/thrive/dates/bank_holidays.py
"""

from __future__ import annotations

import holidays

FIRST_YEAR = 2000
LAST_YEAR = 2040


def main() -> None:
    england = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    print(
        '"""England and Wales bank holidays, 2000–2040 (written by tools/build_bank_holidays.py).'
    )
    print()
    print("Source: the `holidays` package (GB, subdivision ENG), which follows the GOV.UK list and")
    print(
        "the Banking and Financial Dealings Act 1971 with the one-off proclaimed days. Do not edit"
    )
    print('by hand: re-run the script.\n"""')
    print()
    print(f"FIRST_YEAR = {FIRST_YEAR}")
    print(f"LAST_YEAR = {LAST_YEAR}")
    print()
    print("ENGLAND: tuple[tuple[str, str], ...] = (")
    for day, name in sorted(england.items()):
        print(f'    ("{day.isoformat()}", "{name}"),')
    print(")")


if __name__ == "__main__":
    main()
