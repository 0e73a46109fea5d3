"""Ofsted Annex A workbook: one sheet per list, Ofsted's column headings in row 1.

The reporting window is the 12 months to the end date (1 April to 31 March of the last
collection year) and the extract date is that 31 March. Headings follow the ILACS Annex A
lists as mirrored by liia-tools (`annex-a-merge.yml`) and the domain notes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Final

import xlsxwriter

from thrive.synth.model import CarePeriod, Child, Referral
from thrive.synth.params import UPN_LA_CODES
from thrive.synth.simulate import CouncilData, birthday
from thrive.synth.ssda903 import _oc3_row, care_leaver_eligible
from thrive.synth.tables import Table, collection_window
from thrive.synth.workforce import TEAM_ASSESSMENT, TEAM_CARE, TEAM_SAFEGUARDING, team_on

RETURN_ID: Final = "annexa"
IDENTITY: Final = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
)
DISABILITY: Final = ("Does the Child have a Disability",)
ALLOCATION: Final = ("Allocated Team", "Allocated Worker")

SHEETS: Final[dict[str, str]] = {
    "list_1": "List 1 - Contacts",
    "list_2": "List 2 - Early Help",
    "list_3": "List 3 - Referrals",
    "list_4": "List 4 - Assessments",
    "list_5": "List 5 - Section 47",
    "list_6": "List 6 - Children in Need",
    "list_7": "List 7 - Child Protection",
    "list_8": "List 8 - Children in Care",
    "list_9": "List 9 - Care Leavers",
    "list_10": "List 10 - Adoption",
    "list_11": "List 11 - Adopters",
}
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "list_1": (*IDENTITY, "Date of Contact", "Contact Source"),
    "list_2": (
        *IDENTITY, "Assessment Start Date", "Assessment Completion Date",
        "Organisation Completing Assessment",
    ),
    "list_3": (
        *IDENTITY, "Date of Referral", "Referral Source", "Referral NFA?",
        "Number of Referrals in Last 12 Months", *ALLOCATION,
    ),
    "list_4": (
        *IDENTITY, *DISABILITY, "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?", *ALLOCATION,
    ),
    "list_5": (
        *IDENTITY, *DISABILITY, "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months", *ALLOCATION,
    ),
    "list_6": (
        *IDENTITY, *DISABILITY, "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen",
        "CIN Closure Date", "Reason for Closure", "Case Status", *ALLOCATION,
    ),
    "list_7": (
        *IDENTITY, *DISABILITY, "Child Protection Plan Start Date", "Initial Category of Abuse",
        "Latest Category of Abuse", "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
        "Date of latest review conference", "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",  # noqa: E501
        "Number of Previous Child Protection Plans", *ALLOCATION,
    ),
    "list_8": (
        *IDENTITY, *DISABILITY, "UASC in the last 12 months (Y/N)",
        "Date Started to be Looked After", "Child's Category of Need",
        "Subject to Second or Subsequent Period of Being Looked After Within the Last 12 Months (Y/N)",  # noqa: E501
        "Start Date of Current Legal Status", "Child's Legal Status",
        "Date of Latest Statutory Review", "Date of Last Social Work Visit",
        "Date of Last IRO Contact", "Date of Last Health Assessment", "Date of Last Dental Check",
        "Permanence Plan", "Number of Placements in the Last 12 Months",
        "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement", "Placement Type", "Placement Provider",
        "Placement Postcode", "Placement URN", "Placement Location (In/Out LA Boundary)",
        "LA of Placement", "Number of Missing Episodes in the Last 12 Months",
        "Number of Absence Episodes in the Last 12 Months",
        "Was the Child Offered a Return Interview After Every Missing Episode (Y/N)",
        "Did the Child Accept a Return Interview After Every Missing Episode (Y/N)", *ALLOCATION,
    ),
    "list_9": (
        *IDENTITY, *DISABILITY, "Eligibility Category", "LA in Touch", "Type of Accommodation",
        "Suitability of Accommodation", "Activity Status", *ALLOCATION,
    ),
    "list_10": (
        *IDENTITY, *DISABILITY, "Family Identifier", "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption",
        "Date of Adoption Order", "Date of Decision that Child Should No Longer be Placed for Adoption",  # noqa: E501
        "Reason Why Child No Longer Placed for Adoption",
        "Date Child Placed in Fostering for Adoption or Concurrent Planning Placement",
    ),
    "list_11": (
        "Individual Adopter Identifier", "Family Identifier", "Gender", "Ethnicity",
        "Does the Adopter have a Disability", "Adopter Approved for Fostering for Adoption?",
        "Date Enquiry Received", "Date Stage 1 Started", "Date Stage 1 Ended",
        "Date Stage 2 Started", "Date Stage 2 Ended", "Date Application Submitted",
        "Date Application Approved", "Date Adopter Matched with Child(ren)",
        "Date Child(ren) Placed with Adopter(s)", "Number of Children Placed",
        "Date of Adoption Order", "Date Adopter Left Process", "Reason Adopter Left Process",
    ),
}  # fmt: skip
GENDER: Final = {"M": "Male", "F": "Female"}


def _d(ordinal: int | None) -> dt.date | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal)


class _Builder:
    def __init__(self, data: CouncilData, extract_date: dt.date | None = None) -> None:
        self.data = data
        self.start, self.end = collection_window(data.end_year)
        if extract_date is not None:  # an extract on any day: the 12 months to that day
            self.end = extract_date.toordinal()
            self.start = _year_before(extract_date).toordinal() + 1
        self.tables = {key: Table(key, columns) for key, columns in COLUMNS.items()}

    def identity(self, child: Child, disability: bool) -> list[Any]:
        values: list[Any] = [
            child.child_id,
            GENDER[child.sex],
            child.ethnicity,
            _d(child.dob),
            child.age_on(self.end),
        ]
        if disability:
            values.append("No" if child.disabilities == ["NONE"] else "Yes")
        return values

    def worker(self, child: Child, team: str) -> str:
        pool = self.data.social_worker_pool
        if team == TEAM_CARE and pool:
            return pool[child.number % len(pool)]
        return f"SW{int(self.data.spec.code) % 1000:03d}{5000 + child.number % 37 + 1:04d}"

    def allocation(self, child: Child, day: int) -> list[Any]:
        team = team_on(child, min(day, self.end)) or TEAM_ASSESSMENT
        return [team, self.worker(child, team)]

    def build(self) -> dict[str, Table]:
        start, end = self.start, self.end
        for contact in self.data.contacts:
            if not start <= contact.date <= end:
                continue
            self.tables["list_1"].add(
                [
                    contact.child_id,
                    GENDER[contact.sex],
                    contact.ethnicity,
                    _d(contact.dob),
                    _age(contact.dob, end),
                    _d(contact.date),
                    contact.source,
                ],
                contact.child_id,
                date_column="Date of Contact",
            )
            if contact.early_help is not None and contact.early_help[0] <= end:
                eh_start, eh_end = contact.early_help
                self.tables["list_2"].add(
                    [
                        contact.child_id,
                        GENDER[contact.sex],
                        contact.ethnicity,
                        _d(contact.dob),
                        _age(contact.dob, end),
                        _d(eh_start),
                        _d(eh_end) if eh_end is not None and eh_end <= end else None,
                        "Early Help Team",
                    ],
                    contact.child_id,
                    date_column="Assessment Start Date",
                )
        for child in self.data.children:
            for referral in child.referrals:
                if start <= referral.contact <= end:
                    self.tables["list_1"].add(
                        [*self.identity(child, False), _d(referral.contact), referral.source],
                        child.child_id,
                        date_column="Date of Contact",
                    )
                if start <= referral.date <= end:
                    self.referral_rows(child, referral)
                if referral.date <= end and (referral.closure is None or referral.closure >= start):
                    self.cin_row(child, referral)
            for period in child.care_periods:
                if period.start <= end and (period.end is None or period.end >= start):
                    self.care_row(child, period)
                    self.adoption_rows(child, period)
            if care_leaver_eligible(child) and 18 <= child.age_on(end) <= 21:
                self.care_leaver_row(child)
        for table in self.tables.values():
            if table.name in ("list_1", "list_2"):
                order = sorted(
                    range(len(table.rows)), key=lambda i: (table.rows[i][5], table.rows[i][0])
                )
                table.rows = [table.rows[i] for i in order]
                table.facts = [table.facts[i] for i in order]
        return self.tables

    def referral_rows(self, child: Child, referral: Referral) -> None:
        recent = sum(1 for r in child.referrals if referral.date - 365 < r.date <= referral.date)
        self.tables["list_3"].add(
            [
                *self.identity(child, False),
                _d(referral.date),
                referral.source,
                "Yes" if referral.nfa else "No",
                recent,
                *self.allocation(child, referral.date),
            ],
            child.child_id,
            date_column="Date of Referral",
            has_contact=self.start <= referral.contact <= self.end,
        )
        for assessment in referral.assessments:
            if not self.start <= assessment.start <= self.end:
                continue
            done = assessment.authorised <= self.end
            self.tables["list_4"].add(
                [
                    *self.identity(child, True),
                    _d(assessment.start),
                    "Yes" if assessment.child_seen else "No",
                    _d(assessment.authorised) if done else None,
                    ("Yes" if assessment.needs_support else "No") if done else None,
                    *self.allocation(child, assessment.start),
                ],
                child.child_id,
                date_column="Continuous Assessment Start Date",
                order=(
                    "Continuous Assessment Start Date",
                    "Continuous Assessment Date of Authorisation",
                )
                if done
                else None,
            )
        for s47 in referral.section47s:
            if not self.start <= s47.start <= self.end:
                continue
            held = s47.icpc is not None and s47.icpc <= self.end
            s47_count = sum(
                1
                for r in child.referrals
                for s in r.section47s
                if s47.start - 365 < s.start <= s47.start
            )
            icpc_count = sum(
                1
                for r in child.referrals
                for s in r.section47s
                if s.icpc is not None
                and s47.start - 365 < s.icpc <= min(self.end, s47.icpc or self.end)
            )
            self.tables["list_5"].add(
                [
                    *self.identity(child, True),
                    _d(s47.start),
                    "Yes" if s47.icpc_not_required else "No",
                    _d(s47.icpc) if held else None,
                    ("Yes" if s47.plan_started else "No") if held else None,
                    s47_count,
                    icpc_count,
                    *self.allocation(child, s47.start),
                ],
                child.child_id,
                date_column="Strategy discussion initiating Section 47 Enquiry Start Date",
                order=(
                    "Strategy discussion initiating Section 47 Enquiry Start Date",
                    "Date of Initial Child Protection Conference",
                )
                if held
                else None,
            )

    def cin_row(self, child: Child, referral: Referral) -> None:
        end = self.end
        closed = referral.closure is not None and referral.closure <= end
        day = referral.closure if closed and referral.closure is not None else end
        team = team_on(child, day - (1 if closed else 0)) or TEAM_ASSESSMENT
        status = {
            TEAM_CARE: "Looked after",
            TEAM_SAFEGUARDING: "CP plan"
            if any(p.start <= day and (p.end is None or p.end > day) for p in referral.cp_plans)
            else "CIN plan",
            TEAM_ASSESSMENT: "Open assessment",
        }[team]
        if closed:
            status = "Closed episode"
        seen = max(referral.date, day - (child.number % 20))
        self.tables["list_6"].add(
            [
                *self.identity(child, True),
                _d(referral.date),
                referral.primary_need,
                _d(seen),
                _d(referral.closure) if closed else None,
                (referral.closure_reason or "RC7") if closed else None,
                status,
                *self.allocation(child, day),
            ],
            child.child_id,
            order=("CIN Start Date", "CIN Closure Date") if closed else None,
        )
        for plan in referral.cp_plans:
            if not (plan.start <= end and (plan.end is None or plan.end >= self.start)):
                continue
            plan_closed = plan.end is not None and plan.end <= end
            last_day = plan.end if plan_closed and plan.end is not None else end
            visit = max(plan.start, last_day - (child.number % 12))
            reviews = [r for r in plan.reviews if r <= end]
            self.tables["list_7"].add(
                [
                    *self.identity(child, True),
                    _d(plan.start),
                    plan.initial_category,
                    plan.latest_category,
                    _d(visit),
                    "Yes" if child.number % 3 else "No",
                    _d(reviews[-1]) if reviews else None,
                    _d(plan.end) if plan_closed else None,
                    "N",
                    plan.previous_plans,
                    *self.allocation(child, last_day),
                ],
                child.child_id,
                order=("Child Protection Plan Start Date", "Child Protection Plan End Date")
                if plan_closed
                else None,
            )

    def care_row(self, child: Child, period: CarePeriod) -> None:
        start, end = self.start, self.end
        closed = period.end is not None and period.end <= end
        last_day = period.end if closed and period.end is not None else end
        current = [e for e in period.episodes if e.start <= last_day][-1]
        status_start = period.start
        placement_start = period.start
        for earlier, later in zip(period.episodes, period.episodes[1:], strict=False):
            if later.start > last_day:
                break
            if later.legal_status != earlier.legal_status:
                status_start = later.start
            if later.rne in ("P", "T", "B", "U"):
                placement_start = later.start
        # The placement held when the window (or the period) opened, plus every change since.
        first_day = max(start, period.start)
        placements = 1 + sum(
            1
            for e in period.episodes
            if first_day < e.start <= end and e.rne in ("P", "T", "B", "U")
        )
        missing = [m for m in period.missing if start <= m.start <= end]
        previous_period = any(
            p is not period and p.end is not None and start - 365 <= p.end <= period.start
            for p in child.care_periods
        )
        reviews = [r for r in period.reviews if r <= last_day]
        in_area = current.placement_la == self.data.spec.postcode_la
        reason = period.episodes[-1].reason_ceased or ""
        plan = {
            "E11": "Adoption",
            "E12": "Adoption",
            "E4A": "Return to family",
            "E4B": "Return to family",
            "E41": "SGO/CAO",
            "E45": "SGO/CAO",
            "E46": "SGO/CAO",
            "E47": "SGO/CAO",
            "E48": "SGO/CAO",
        }.get(reason, "Long-term fostering")
        if current.place == "K2":
            plan = "Long-term residential"
        health = max(period.start, last_day - 30 - child.number % 200)
        self.tables["list_8"].add(
            [
                *self.identity(child, True),
                "Y" if child.uasc else "N",
                _d(period.start),
                current.need,
                "Y" if previous_period else "N",
                _d(status_start),
                current.legal_status,
                _d(reviews[-1]) if reviews else None,
                _d(max(placement_start, last_day - child.number % 40)),
                _d(reviews[-1]) if reviews else None,
                _d(health),
                _d(health) if period.health_propensity > 0.25 else None,
                plan,
                placements,
                _d(period.end) if closed else None,
                reason if closed else None,
                _d(placement_start),
                current.place,
                current.provider,
                current.placement_postcode,
                current.urn,
                "In" if in_area else "Out",
                self.data.spec.code if in_area else UPN_LA_CODES[child.number % len(UPN_LA_CODES)],
                sum(1 for m in missing if m.kind == "M"),
                sum(1 for m in missing if m.kind == "A"),
                ("Y" if missing else None),
                ("Y" if missing and child.number % 2 else "N" if missing else None),
                *self.allocation(child, last_day),
            ],
            child.child_id,
            order=("Date Started to be Looked After", "Date Ceased to be Looked After")
            if closed
            else None,
        )

    def adoption_rows(self, child: Child, period: CarePeriod) -> None:
        adoption = period.adoption
        start, end = self.start, self.end
        if adoption is None or adoption.decision > end:
            return
        if adoption.adopted is not None and adoption.adopted < start:
            return
        if adoption.decision_ceased is not None and adoption.decision_ceased < start:
            return

        def shown(day: int | None) -> dt.date | None:
            return _d(day) if day is not None and day <= end else None

        matched = shown(adoption.matched)
        family = adoption.family_id if matched is not None else None
        ffa = next((e.start for e in period.episodes if e.place in ("U2", "U5")), None)
        self.tables["list_10"].add(
            [
                *self.identity(child, True),
                family,
                _d(period.start),
                _d(adoption.decision),
                shown(adoption.placement_order),
                matched,
                shown(adoption.placed),
                shown(adoption.adopted),
                shown(adoption.decision_ceased),
                adoption.ceased_reason if shown(adoption.decision_ceased) else None,
                shown(ffa),
            ],
            child.child_id,
            order=(
                "Date of Decision that Child Should be Placed for Adoption",
                "Date of Matching Child and Prospective Adopters",
            )
            if matched
            else None,
        )
        if matched is None or adoption.matched is None:
            return
        for index in range(adoption.adopters):
            sex = (
                adoption.adopter_sex[index]
                if adoption.adopter_sex not in ("M1", "F1")
                else adoption.adopter_sex[0]
            )
            enquiry = adoption.matched - 400 - child.number % 120
            self.tables["list_11"].add(
                [
                    f"{adoption.family_id}-{index + 1}",
                    adoption.family_id,
                    {"M": "Male", "F": "Female"}[sex],
                    "WBRI" if child.number % 4 else "OOTH",
                    "No",
                    "Yes" if adoption.foster_carers else "No",
                    _d(enquiry),
                    _d(enquiry + 20),
                    _d(enquiry + 80),
                    _d(enquiry + 81),
                    _d(enquiry + 200),
                    _d(enquiry + 70),
                    _d(enquiry + 230),
                    matched,
                    shown(adoption.placed),
                    1,
                    shown(adoption.adopted),
                    None,
                    None,
                ],
                None,
            )

    def care_leaver_row(self, child: Child) -> None:
        age = child.age_on(self.end)
        in_touch, activity, accommodation = _oc3_row(child, age, birthday(child.dob, age), 0)
        self.tables["list_9"].add(
            [
                *self.identity(child, True),
                "Former relevant",
                in_touch,
                accommodation[0] if accommodation != "0" else None,
                ("Suitable" if accommodation.endswith("1") else "Unsuitable")
                if accommodation != "0"
                else None,
                activity if activity != "0" else None,
                "Leaving Care",
                self.worker(child, TEAM_CARE),
            ],
            child.child_id,
        )


def _age(dob: int, on: int) -> int:
    born = dt.date.fromordinal(dob)
    day = dt.date.fromordinal(on)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def build_tables(data: CouncilData, extract_date: dt.date | None = None) -> dict[str, Table]:
    """All 11 Annex A lists for the 12 months to the extract date (default: 31 March of the
    last collection year). An extract date must fall within the simulated years."""
    return _Builder(data, extract_date).build()


EXTRACT_SHEET: Final = "Extract details"


def write_workbook(
    tables: dict[str, Table], path: Path, end_year: int, extract_date: dt.date | None = None
) -> None:
    """One sheet per list; dates as Excel dates (dd/mm/yyyy); fixed document dates. With an
    extract date, a last sheet states it ("Extract date" in A1, the date in B1)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    workbook.set_properties(
        {
            "title": "Annex A",
            "author": "Thrive synthetic generator",
            "created": dt.datetime(end_year, 4, 1, 9, 0, 0),
        }
    )
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for key, title in SHEETS.items():
        table = tables[key]
        sheet = workbook.add_worksheet(title)
        for column, heading in enumerate(table.columns):
            sheet.write_string(0, column, heading, bold)
        for row_number, row in enumerate(table.rows, start=1):
            for column, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(row_number, column, value, date_format)
                elif isinstance(value, bool):
                    sheet.write_string(row_number, column, "Yes" if value else "No")
                elif isinstance(value, int | float):
                    sheet.write_number(row_number, column, value)
                else:
                    sheet.write_string(row_number, column, str(value))
    if extract_date is not None:
        sheet = workbook.add_worksheet(EXTRACT_SHEET)
        sheet.write_string(0, 0, "Extract date", bold)
        sheet.write_datetime(0, 1, dt.datetime.combine(extract_date, dt.time()), date_format)
    workbook.close()
