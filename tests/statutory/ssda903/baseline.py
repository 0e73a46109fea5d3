# ruff: noqa: E501  (CSV fixture lines keep the real DfE header rows on one line)
"""A small clean SSDA903 submission for 2024/25 that passes every rule, and helpers to break it.

Children: C1 long-term care (OC2 cohort), C2 adopted in the year, C3 care leaver (OC3) and a
mother, C4 started care with missing periods and UASC (no home postcode), C5 short breaks (V3,
no postcodes or URN). Home postcodes are real ones in Richmond upon Thames (LA 318), the council
the return belongs to (see `thrive.statutory.ssda903.geography`).
"""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path

import polars as pl

from thrive.statutory.reading import ROW, Table, add_typed_columns
from thrive.statutory.rules import ReturnData, april_to_march
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.reader import with_uasc_status

Rows = dict[str, list[dict[str, str | None]]]

_CSV = {
    "header": """CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
C1,M,01/06/2012,WBRI,A123456789012,,
C2,F,01/03/2020,WBRI,UN1,0,
C3,F,15/05/2006,BAFR,B123456789012,1,01/02/2024
C4,U,10/10/2010,MWBC,UN2,0,
C5,M,01/01/2015,WBRI,C123456789012,,
""",
    "episodes": """CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
C1,01/01/2020,S,C2,N1,U4,PR1,15/06/2024,X1,CARPL,TW9 1DN,TW1 3QS,SC000001
C1,15/06/2024,P,C2,N1,U4,PR4,,,,TW9 1DN,KT1 1EU,SC000002
C2,01/05/2024,S,C1,N1,U6,PR1,01/08/2024,X1,CARPL,SW14 8DE,TW10 6UD,SC000003
C2,01/08/2024,B,E1,N1,A6,PR1,01/12/2024,E11,,SW14 8DE,TW2 5SN,SC000005
C4,01/09/2024,S,V2,N4,K2,PR4,,,,,KT2 5PL,SC000004
C5,01/06/2024,S,V3,N2,K2,PR1,05/06/2024,E4A,,,,
C5,01/09/2024,S,V3,N2,K2,PR1,10/09/2024,E4A,,,,
""",
    "uasc": """CHILD,SEX,DOB,DUC
C4,U,10/10/2010,
""",
    "reviews": """CHILD,DOB,REVIEW,REVIEW_CODE
C1,01/06/2012,01/07/2024,PN1
C2,01/03/2020,01/06/2024,PN1
C4,10/10/2010,20/09/2024,PN2
""",
    "ad1": """CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
C2,01/03/2020,01/07/2024,15/07/2024,0,2,MF,L11
""",
    "placed_for_adoption": """CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
C2,01/03/2020,01/07/2024,,
""",
    "previous_permanence": """CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM
C2,01/03/2020,Z1,,
C4,10/10/2010,P2,316,zz/05/2015
C5,01/01/2015,Z1,,
""",
    "missing": """CHILD,DOB,MISSING,MIS_START,MIS_END
C4,10/10/2010,M,01/10/2024,03/10/2024
C4,10/10/2010,A,05/11/2024,
""",
    "oc2": """CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
C1,01/06/2012,12,,0,,1,1,1,0,,
""",
    "oc3": """CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
C3,15/05/2006,YES,F2,D1
""",
    "social_worker_episodes": """CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON
C1,01/06/2012,SW123,01/01/2024,01/09/2024,MANAGE
C1,01/06/2012,SW456,01/09/2024,,LEFTRL
C4,10/10/2010,XX999,01/09/2024,,OTHERS
""",
    "dolo": """CHILD,DOB,DOLO_START,DOLO_END
""",
}

# Last year's (2023/24) return: C1's episode open at 31 March 2024 carries into this year.
_CSV_LAST = {
    "header": """CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
C1,1,01/06/2012,WBRI,A123456789012,,
C3,2,15/05/2006,BAFR,B123456789012,1,01/02/2024
""",
    "episodes": """CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
C1,01/01/2020,S,C2,N1,U4,PR1,,,,TW9 1DN,TW1 3QS,SC000001
""",
    "missing": """CHILD,DOB,MISSING,MIS_START,MIS_END
C1,01/06/2012,M,01/03/2024,02/03/2024
""",
    "social_worker_episodes": """CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON
C1,01/06/2012,SW123,01/01/2024,,
""",
    "placed_for_adoption": """CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
C1,01/06/2012,01/01/2021,01/06/2022,RD1
""",
}


def _parse(text: str) -> list[dict[str, str | None]]:
    reader = csv.DictReader(io.StringIO(text))
    return [{k: (v if v != "" else None) for k, v in row.items()} for row in reader]


def baseline() -> Rows:
    """The clean 2024/25 rows, one list of dicts per table (a fresh copy each call)."""
    return {name: _parse(text) for name, text in _CSV.items()}


def write_baseline(folder: Path) -> Path:
    """The clean 2024/25 submission as CSV files (with their real DfE headers) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in _CSV.items():
        if name != "dolo":
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def baseline_last() -> Rows:
    return {name: _parse(text) for name, text in _CSV_LAST.items()}


def build(rows: Rows, year: int = 2025, previous: Rows | None = None) -> ReturnData:
    """ReturnData from rows: analyst row = list position + 2, as if read from CSV files."""
    tables: dict[str, Table] = {}
    for name in spec.tables_for(year):
        table_spec = spec.TABLES[name]
        records = rows.get(name, [])
        data = {c: [r.get(c) for r in records] for c in table_spec.columns}
        frame = pl.DataFrame(
            {ROW: list(range(2, len(records) + 2)), **data},
            schema={ROW: pl.Int64, **dict.fromkeys(table_spec.columns, pl.String)},
        )
        frame = add_typed_columns(frame, table_spec, workbook=False)
        tables[name] = Table(name, f"{name}.csv", frame, spec.CHILD)
    # As the reader does for CSVs: UASC status 1 for a child with a UASC row, else 0.
    tables[spec.HEADER] = with_uasc_status(tables[spec.HEADER], tables[spec.UASC])
    start, end = april_to_march(year)
    last = build(previous, year - 1) if previous is not None else None
    return ReturnData(spec.RETURN_ID, year, start, end, tables, previous=last)


def mutate(rows: Rows, changes: list[tuple[str, int | None, dict[str, str | None]]]) -> Rows:
    """Apply changes: (table, analyst row, values) sets fields; row None appends a new row."""
    result = copy.deepcopy(rows)
    for table, row, values in changes:
        records = result.setdefault(table, [])
        if row is None:
            columns = spec.TABLES[table].columns
            records.append({c: values.get(c) for c in columns})
        else:
            records[row - 2].update(values)
    return result
