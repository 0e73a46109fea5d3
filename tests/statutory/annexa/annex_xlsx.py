"""Build small synthetic Annex A workbooks for tests: a clean workbook and easy mutations."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter

from thrive.statutory.annexa import spec
from thrive.statutory.annexa.format import to_return_data
from thrive.statutory.annexa.reader import read_annexa
from thrive.statutory.reading import SourceFile
from thrive.statutory.rules import ReturnData

Row = dict[str, Any]
Lists = dict[str, list[Row]]
D = dt.date

TEAM = {spec.TEAM: "Assessment", spec.WORKER: "SW1"}


def _who(child: str, dob: D, age: int, gender: str, ethnicity: str) -> Row:
    return {
        spec.CHILD_ID: child,
        spec.GENDER: gender,
        spec.ETHNICITY: ethnicity,
        spec.DOB: dob,
        spec.AGE: age,
    }


A1 = _who("A1", D(2015, 6, 15), 9, "Female", "WBRI")
B2 = _who("B2", D(2012, 1, 20), 13, "Male", "APKN")
C3 = _who("C3", D(2018, 7, 1), 6, "b) Female", "BAFR")
D4 = _who("D4", D(2005, 5, 5), 19, "Male", "WBRI")
E5 = _who("E5", D(2021, 3, 3), 4, "Female", "WBRI")


def clean_lists() -> Lists:
    """All 11 lists with rows that pass every Annex A rule for the window ending 31/03/2025."""
    no = {spec.DISABILITY: "No"}
    return {
        "list_1": [
            {**A1, "Date of Contact": D(2024, 5, 1), "Contact Source": "1A"},
            {**E5, "Date of Contact": D(2024, 9, 9), "Contact Source": "q) 6: Police"},
        ],
        "list_2": [
            {
                **A1,
                "Assessment Start Date": D(2024, 4, 10),
                "Assessment Completion Date": D(2024, 4, 30),
                "Organisation Completing Assessment": "Early Help Team",
            }
        ],
        "list_3": [
            {
                **A1,
                "Date of Referral": D(2024, 5, 1),
                "Referral Source": "a) 1A: Individual",
                "Referral NFA?": "No",
                "Number of Referrals in Last 12 Months": 1,
                **TEAM,
            }
        ],
        "list_4": [
            {
                **A1,
                **no,
                "Continuous Assessment Start Date": D(2024, 5, 2),
                "Child Seen During Continuous Assessment": "Yes",
                "Continuous Assessment Date of Authorisation": D(2024, 5, 20),
                "Was the child assessed as requiring LA children's social care support?": "Yes",
                **TEAM,
            }
        ],
        "list_5": [
            {
                **A1,
                **no,
                "Strategy discussion initiating Section 47 Enquiry Start Date": D(2024, 5, 10),
                "Was an Initial Child Protection Conference deemed unnecessary?": "No",
                "Date of Initial Child Protection Conference": D(2024, 5, 24),
                "Did the Initial Child Protection Conference Result in a Child Protection Plan": (
                    "Yes"
                ),
                "Number of Section 47 Enquiries in the last 12 months": 1,
                "Number of ICPCs in the last 12 months": 1,
                **TEAM,
            }
        ],
        "list_6": [
            {
                **A1,
                **no,
                "CIN Start Date": D(2024, 5, 1),
                "Primary Need Code": "N1 - Abuse or neglect",
                "Date Child Was Last Seen": D(2025, 2, 10),
                "CIN Closure Date": D(2025, 2, 14),
                "Reason for Closure": "RC7 - Services ceased",
                "Case Status": "Closed episode",
                **TEAM,
            },
            {
                **B2,
                spec.DISABILITY: "Yes",
                "CIN Start Date": D(2023, 5, 20),
                "Primary Need Code": "N1",
                "Date Child Was Last Seen": D(2025, 3, 1),
                "Case Status": "a) Looked after child",
                **TEAM,
            },
            {
                **C3,
                **no,
                "CIN Start Date": D(2024, 12, 1),
                "Primary Need Code": "N4",
                "Date Child Was Last Seen": D(2025, 3, 20),
                "Case Status": "CP plan",
                **TEAM,
            },
        ],
        "list_7": [
            {
                **A1,
                **no,
                "Child Protection Plan Start Date": D(2024, 5, 24),
                "Initial Category of Abuse": "NEG",
                "Latest Category of Abuse": "b) Physical abuse",
                "Date of the Last Statutory Visit": D(2024, 11, 20),
                "Was the Child Seen Alone?": "Yes",
                "Date of latest review conference": D(2024, 8, 15),
                "Child Protection Plan End Date": D(2024, 11, 29),
                spec.LIST_BY_TABLE["list_7"].columns[13].name: "N",
                "Number of Previous Child Protection Plans": 0,
                **TEAM,
            },
            {
                **C3,
                **no,
                "Child Protection Plan Start Date": D(2025, 1, 10),
                "Initial Category of Abuse": "Emotional abuse",
                "Latest Category of Abuse": "EMO",
                "Date of the Last Statutory Visit": D(2025, 3, 20),
                spec.LIST_BY_TABLE["list_7"].columns[13].name: "N",
                "Number of Previous Child Protection Plans": 1,
                **TEAM,
            },
        ],
        "list_8": [
            {
                **B2,
                spec.DISABILITY: "Yes",
                "UASC in the last 12 months (Y/N)": "N",
                "Date Started to be Looked After": D(2023, 6, 1),
                "Child's Category of Need": "N1",
                spec.LIST_BY_TABLE["list_8"].columns[9].name: "N",
                "Start Date of Current Legal Status": D(2023, 9, 1),
                "Child's Legal Status": "C2: FCO",
                "Date of Latest Statutory Review": D(2025, 1, 15),
                "Date of Last Social Work Visit": D(2025, 3, 1),
                "Date of Last IRO Contact": D(2025, 1, 15),
                "Date of Last Health Assessment": D(2024, 10, 1),
                "Date of Last Dental Check": D(2024, 11, 1),
                "Permanence Plan": "Long-term fostering",
                "Number of Placements in the Last 12 Months": 1,
                "Start Date of Most Recent Placement": D(2024, 7, 1),
                "Placement Type": "U4",
                "Placement Provider": "PR1",
                "Placement Postcode": "NB1 2AB",
                "Placement URN": "SC123456",
                "Placement Location (In/Out LA Boundary)": "In",
                "LA of Placement": "990",
                "Number of Missing Episodes in the Last 12 Months": 0,
                "Number of Absence Episodes in the Last 12 Months": 0,
                spec.TEAM: "Children in Care",
                spec.WORKER: "SW2",
            }
        ],
        "list_9": [
            {
                **D4,
                **no,
                "Eligibility Category": "Former relevant",
                "LA in Touch": "YES",
                "Type of Accommodation": "D",
                "Suitability of Accommodation": "Suitable",
                "Activity Status": "F2",
                spec.TEAM: "Leaving Care",
                spec.WORKER: "PA1",
            }
        ],
        "list_10": [
            {
                **E5,
                **no,
                spec.FAMILY: "F1",
                "Date the Child Entered Care": D(2023, 5, 1),
                "Date of Decision that Child Should be Placed for Adoption": D(2024, 1, 10),
                "Date of Placement Order": D(2024, 3, 1),
                "Date of Matching Child and Prospective Adopters": D(2024, 6, 1),
                "Date Placed for Adoption": D(2024, 7, 1),
                "Date of Adoption Order": D(2025, 1, 20),
            }
        ],
        "list_11": [
            {
                spec.ADOPTER_ID: "F1-1",
                spec.FAMILY: "F1",
                spec.GENDER: "Female",
                spec.ETHNICITY: "WBRI",
                "Does the Adopter have a Disability": "No",
                "Adopter Approved for Fostering for Adoption?": "No",
                "Date Enquiry Received": D(2023, 1, 10),
                "Date Stage 1 Started": D(2023, 2, 1),
                "Date Stage 1 Ended": D(2023, 4, 1),
                "Date Stage 2 Started": D(2023, 4, 2),
                "Date Stage 2 Ended": D(2023, 8, 1),
                "Date Application Submitted": D(2023, 3, 20),
                "Date Application Approved": D(2023, 9, 1),
                "Date Adopter Matched with Child(ren)": D(2024, 6, 1),
                "Date Child(ren) Placed with Adopter(s)": D(2024, 7, 1),
                "Number of Children Placed": 1,
                "Date of Adoption Order": D(2025, 1, 20),
            }
        ],
    }


def write_workbook(
    path: Path,
    lists: Lists | None = None,
    *,
    headings: Callable[[str, str], str] | None = None,
    titles: dict[str, str] | None = None,
    drop: dict[str, tuple[str, ...]] | None = None,
) -> Path:
    """Write `lists` (default: clean) as an Annex A workbook with Ofsted's headings."""
    data = clean_lists() if lists is None else lists
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for annex_list in spec.LISTS:
        table = annex_list.table
        title = (titles or {}).get(table, f"List {annex_list.number} - {annex_list.title}")
        sheet = workbook.add_worksheet(title)
        columns = [c.name for c in annex_list.columns if c.name not in (drop or {}).get(table, ())]
        for index, name in enumerate(columns):
            sheet.write_string(0, index, headings(table, name) if headings else name)
        for number, row in enumerate(data.get(table, []), start=1):
            for index, name in enumerate(columns):
                value = row.get(name)
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(
                        number, index, dt.datetime.combine(value, dt.time()), date_format
                    )
                elif isinstance(value, int | float):
                    sheet.write_number(number, index, value)
                else:
                    sheet.write_string(number, index, str(value))
    workbook.close()
    return path


def annex_data(path: Path, lists: Lists | None = None, **kwargs: Any) -> ReturnData:
    """The rules' input for a synthetic workbook written to `path`."""
    write_workbook(path, lists, **kwargs)
    workbook = read_annexa(SourceFile.of(path, "annex_a.xlsx"))
    return to_return_data(workbook, 2025, "annex_a.xlsx")


def mutated(change: Callable[[Lists], Any]) -> Lists:
    lists = copy.deepcopy(clean_lists())
    change(lists)
    return lists
