"""The rule catalogue: docs/rules.md is current, every rule has a message, year sets pinned."""

from __future__ import annotations

from pathlib import Path

from thrive.statutory.catalogue import catalogue, markdown
from thrive.statutory.rules import load_returns
from thrive.statutory.ssda903 import registry

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

_CODES_2024 = (
    "101 102 103 104 105 112 113 114 115 116 117 118 119 120 131 132 133 134 141 142 143 144 145 "
    "146 147 148 149 151 153 157 158 159 164 165 166 167 168 169 171 174 175 176 177 178 179 "
    "180 181 182 184 185 186 187 188 189 190 191 192 193 196 197B 197a 198 199 202 203 204 205A "
    "205B 205C 205D 207 208 209 210 213 214 215 217 217t 218 219 221 222 224 225 226 227 228 "
    "229 230 301 302 303 304 331 333 334 335 336 344 345 347 351 352 353 354 355 356 357 358 "
    "359 361 362 363 364 365 366 367 370 371 372 373 374 375 376 377 378 379 380 381 382 383 "
    "384 385 386 387 388 389 390 391 392a 392b 392c 392d 393 398 399 406 407 408 411 420 426 "
    "431 432 433 434 435 436 437 440 441 442 445 446 451 452 453 460 501 502 503A 503B 503C "
    "503D 503E 503F 503G 503H 503J 504 511 514 516 517 518 519 520 521 522 523 524 525 526 527 "
    "528 529 530 531 542 543 544 545 546 547 550 551 552 553 554 555 556 557 558 559 560 561 "
    "562 563 564 565 566 567 570 571 574 575 576 577 578 579 580 581 582 583 584 586 601 602 "
    "607 611 612 620 621 624 625 626 628 630 631 632 633 634 635 1000 1001 1002 1003 1004 1005 "
    "1006 1007 1008 1009 1010 1011 1012 1014 1015 1016 3001 EPI INT01 INT02 INT03 INT04 INT05 "
    "INT06 INT07 INT08 INT09 INT11 INT12 INT13 INT14 INT15 INT16 INT17 INT18 INT21 INT31 INT32 "
    "INT33 INT34 INT35 INT36 NoE SW01STG1 SW02STG1 SW03STG1 SW04STG1 SW05STG1 SW06STG2 SW07STG2 "
    "SW08STG2 SW09STG2 SW10STG2 SW11aSTG2 SW11bSTG2 SW12STG2 SW13STG1 SW14STG2"
)
SSDA903_2024 = _CODES_2024.split()


def test_docs_rules_md_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == markdown(), (
        "docs/rules.md is out of date: run `uv run python -m thrive.statutory.catalogue "
        "> docs/rules.md`"
    )


def test_every_rule_has_a_message_tables_and_fields() -> None:
    rows = catalogue()
    assert rows
    for row in rows:
        assert row["message"].strip(), row
        assert row["tables"], row


def test_catalogue_docs_and_registry_agree_on_counts() -> None:
    for return_id, fmt in load_returns().items():
        for year in fmt.years:
            rows = catalogue(return_id, year)
            assert len(rows) == len(fmt.registry.codes_for(year))
    assert "| ssda903 | 2023/24: 312, 2024/25: 305, 2025/26: 311, 2026/27: 322 |" in markdown()


# Each later collection year: the codes DfE added (or amended) and retired that year.
SSDA903_ADDED: dict[int, list[str]] = {
    2025: ["101", "218", "221", "231", "232", "SW01aSTG1", "SW01bSTG1"],
    2026: ["146", "218", "233", "234", "348", "444", "454", "SW17STG2"],
    2027: [
        "700",
        "701",
        "702",
        "703",
        "704",
        "705",
        "706",
        "707",
        "708",
        "709",
        "710",
    ],
}
SSDA903_DELETED: dict[int, list[str]] = {
    # 217t, 230, 370: the October 2023 placement changes.
    2025: [
        "217t",
        "230",
        "370",
        "445",
        "451",
        "555",
        "556",
        "SW01STG1",
        "SW03STG1",
        "SW11aSTG2",
        "SW14STG2",
    ],
    2026: [],
    2027: [],
}


def test_ssda903_code_sets_are_pinned_per_year() -> None:
    assert registry.codes_for(2024) == SSDA903_2024
    expected = set(SSDA903_2024)
    for year in (2025, 2026, 2027):
        expected = (expected | set(SSDA903_ADDED[year])) - set(SSDA903_DELETED[year])
        assert set(registry.codes_for(year)) == expected, year
    amended = {
        year: [r.code for r in registry.rules_for(year) if r.since == year]
        for year in registry.years
    }
    assert amended == {2024: SSDA903_2024, **SSDA903_ADDED}


# Codes that were Thrive's own, never in a DfE list: SW108STG2 and SW11STG2 (for DfE's SW08STG2
# and SW11a/bSTG2), SW16a/bSTG2 (proposed for 2024/25 and withdrawn that year) and DOLO01-04
# (before DfE published 700-710).
NOT_DFE = (
    "SW108STG2",
    "SW11STG2",
    "SW16aSTG2",
    "SW16bSTG2",
    "DOLO01",
    "DOLO02",
    "DOLO03",
    "DOLO04",
)


def test_no_year_has_codes_that_are_not_dfe_rules() -> None:
    for year in registry.years:
        assert set(NOT_DFE) & set(registry.codes_for(year)) == set(), year
