"""Workforce census files (staff and vacancies at 30 September), consistent with the cases.

Cases at the census date are the children with an open CIN episode, split by team: children
looked after -> "Children in Care", children on a CP or CIN plan -> "Safeguarding", everyone else
(referral or assessment open) -> "Assessment and Intake". Each team's case-holding staff
(roles 4 and 5) hold exactly that many cases between them, so caseloads follow the children.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from thrive.synth.model import Child
from thrive.synth.params import DEFAULT_CALIBRATION
from thrive.synth.simulate import ETHNICITY, CouncilData
from thrive.synth.tables import Table, uk_date, uk_or_blank

RETURN_ID: Final = "workforce"
STAFF_COLUMNS: Final = (
    "LA", "CensusDate", "StaffID", "SWENumber", "Team", "Role", "Agency", "FTE", "StartDate",
    "LeavingDate", "ReasonLeaving", "CasesHeld", "SicknessDays", "Gender", "DateOfBirth",
    "Ethnicity",
)  # fmt: skip
VACANCY_COLUMNS: Final = ("LA", "CensusDate", "Team", "Role", "VacantFTE", "CoveredByAgencyFTE")
TEAM_ASSESSMENT: Final = "Assessment and Intake"
TEAM_SAFEGUARDING: Final = "Safeguarding"
TEAM_CARE: Final = "Children in Care"
TEAM_MANAGEMENT: Final = "Management"
CASE_TEAMS: Final = (TEAM_ASSESSMENT, TEAM_SAFEGUARDING, TEAM_CARE)


@dataclass(slots=True)
class Worker:
    staff_id: str
    swe: str
    team: str
    role: str
    agency: bool
    fte: float
    start: int
    gender: str
    dob: int
    ethnicity: str
    sickness_rate: float
    leaving: int | None = None
    reason: str | None = None


def census_date(year: int) -> int:
    """30 September of `year`."""
    return dt.date(year, 9, 30).toordinal()


def census_years(data: CouncilData) -> list[int]:
    """The September inside each collection year (e.g. 2025 for 2025/26)."""
    return [year - 1 for year in data.collection_years]


def team_on(child: Child, day: int) -> str | None:
    """The team holding a child's case on a day, or None if the case is closed."""
    for referral in child.referrals:
        if referral.date <= day and (referral.closure is None or referral.closure > day):
            for period in child.care_periods:
                if period.start <= day and (period.end is None or period.end > day):
                    return TEAM_CARE
            for plan in referral.cp_plans:
                if plan.start <= day and (plan.end is None or plan.end > day):
                    return TEAM_SAFEGUARDING
            for cin_plan in referral.cin_plans:
                if cin_plan.start <= day and (cin_plan.end is None or cin_plan.end > day):
                    return TEAM_SAFEGUARDING
            return TEAM_ASSESSMENT
    return None


def open_cases(data: CouncilData, day: int) -> dict[str, int]:
    counts = dict.fromkeys(CASE_TEAMS, 0)
    for child in data.children:
        team = team_on(child, day)
        if team is not None:
            counts[team] += 1
    return counts


class _Workforce:
    def __init__(self, data: CouncilData) -> None:
        self.data = data
        self.cal = DEFAULT_CALIBRATION
        self.rng = np.random.Generator(np.random.PCG64([data.seed, 6]))
        self.workers: list[Worker] = []
        self.care_pool = list(data.social_worker_pool)
        self.code = int(data.spec.code)

    def hire(self, team: str, role: str, start: int, agency: bool | None = None) -> Worker:
        rng = self.rng
        number = len(self.workers) + 1
        if team == TEAM_CARE and role in ("4", "5") and self.care_pool:
            swe = self.care_pool.pop(0)
        else:
            swe = f"SW{self.code % 1000:03d}{5000 + number:04d}"
        is_agency = bool(rng.random() < self.cal.agency_share) if agency is None else agency
        fte = 1.0 if rng.random() < 0.8 else float(rng.choice([0.5, 0.6, 0.8, 0.9]))
        age = int(rng.integers(23, 62))
        worker = Worker(
            staff_id=f"E{number:05d}",
            swe=swe,
            team=team,
            role=role,
            agency=is_agency,
            fte=fte,
            start=start,
            gender="F" if rng.random() < 0.84 else "M",
            dob=start - age * 365 - int(rng.integers(0, 364)),
            ethnicity=ETHNICITY.pick(rng),
            sickness_rate=float(rng.gamma(1.2, 6.0)),
        )
        self.workers.append(worker)
        return worker

    def in_post(self, day: int) -> list[Worker]:
        return [
            w for w in self.workers if w.start <= day and (w.leaving is None or w.leaving > day)
        ]

    def census(self, year: int) -> tuple[Table, Table]:
        rng = self.rng
        day = census_date(year)
        window_start = day - 364
        cases = open_cases(self.data, day)
        if not self.workers:
            self.initial_pool(cases, window_start)
        # Leavers during the year.
        for worker in self.in_post(window_start):
            if worker.role in ("1", "2"):
                continue
            chance = self.cal.turnover_agency if worker.agency else self.cal.turnover_permanent
            if rng.random() < chance:
                worker.leaving = window_start + int(rng.integers(0, 364))
                if worker.agency:
                    worker.reason = "END"
                else:
                    worker.reason = str(rng.choice(["RES", "RES", "RES", "RET", "OTH", "DIS"]))
        # Fill each team back up to the FTE its cases need.
        for team in CASE_TEAMS:
            needed = cases[team] / self.cal.caseload_target
            holders = [w for w in self.in_post(day) if w.team == team and w.role in ("4", "5")]
            have = sum(w.fte for w in holders)
            while have < needed:
                role = "4" if rng.random() < 0.2 else "5"
                worker = self.hire(team, role, window_start + int(rng.integers(0, 350)))
                have += worker.fte
            managers = [w for w in self.in_post(day) if w.team == team and w.role == "3"]
            for _ in range(max(1, math.ceil(len(holders) / 7)) - len(managers)):
                self.hire(team, "3", window_start + int(rng.integers(0, 350)), agency=False)
        staff = Table("staff", STAFF_COLUMNS)
        vacancies = Table("vacancies", VACANCY_COLUMNS)
        la = self.data.spec.code
        census_text = uk_date(day)
        posted = self.in_post(day)
        allocation = self.allocate(posted, cases)
        listed = [
            w
            for w in self.workers
            if w.start <= day and (w.leaving is None or w.leaving > window_start)
        ]
        for worker in listed:
            left = worker.leaving is not None and worker.leaving <= day
            sickness = ""
            if not worker.agency:
                sickness = f"{round(worker.sickness_rate * (0.5 if left else 1.0), 1):.1f}"
            staff.add(
                [
                    la,
                    census_text,
                    worker.staff_id,
                    worker.swe,
                    worker.team,
                    worker.role,
                    "1" if worker.agency else "0",
                    f"{worker.fte:.2f}",
                    uk_date(worker.start),
                    uk_or_blank(worker.leaving if left else None),
                    (worker.reason or "") if left else "",
                    "0" if left else str(allocation.get(worker.staff_id, 0)),
                    sickness,
                    worker.gender,
                    uk_date(worker.dob),
                    worker.ethnicity,
                ],
                worker.staff_id,
                left=left,
                agency=worker.agency,
                cases=0 if left else allocation.get(worker.staff_id, 0),
                previous_row=bool(staff.rows),
            )
        for team in CASE_TEAMS:
            in_post_fte = sum(w.fte for w in posted if w.team == team and w.role in ("4", "5"))
            share = self.cal.vacancy_share / (1 - self.cal.vacancy_share)
            vacant = round(in_post_fte * share * float(rng.uniform(0.6, 1.4)), 1)
            covered = round(vacant * float(rng.uniform(0.5, 0.9)), 1)
            vacancies.add([la, census_text, team, "5", f"{vacant:.1f}", f"{covered:.1f}"], None)
        return staff, vacancies

    def initial_pool(self, cases: dict[str, int], window_start: int) -> None:
        rng = self.rng
        for role in ("1", "2", "2", "2"):
            self.hire(
                TEAM_MANAGEMENT, role, window_start - int(rng.integers(400, 4000)), agency=False
            )
        for team in CASE_TEAMS:
            needed = cases[team] / self.cal.caseload_target
            have = 0.0
            count = 0
            while have < needed:
                role = "4" if rng.random() < 0.2 else "5"
                worker = self.hire(team, role, window_start - int(rng.integers(30, 3650)))
                have += worker.fte
                count += 1
            for _ in range(max(1, math.ceil(count / 7))):
                self.hire(team, "3", window_start - int(rng.integers(200, 4000)), agency=False)
            self.hire(team, "6", window_start - int(rng.integers(30, 2000)), agency=False)

    def allocate(self, posted: list[Worker], cases: dict[str, int]) -> dict[str, int]:
        """Split each team's cases over its case holders by FTE (largest remainder)."""
        allocation: dict[str, int] = {}
        for team in CASE_TEAMS:
            holders = [w for w in posted if w.team == team and w.role in ("4", "5")]
            total_fte = sum(w.fte for w in holders)
            if not holders or total_fte == 0:
                continue
            shares = [cases[team] * w.fte / total_fte for w in holders]
            whole = [math.floor(share) for share in shares]
            remainder = cases[team] - sum(whole)
            order = sorted(range(len(holders)), key=lambda i: (whole[i] - shares[i], i))
            for i in order[:remainder]:
                whole[i] += 1
            for worker, count in zip(holders, whole, strict=True):
                allocation[worker.staff_id] = count
        return allocation


def build_tables(data: CouncilData) -> dict[int, dict[str, Table]]:
    """Staff and vacancy tables per census year (ascending)."""
    workforce = _Workforce(data)
    result: dict[int, dict[str, Table]] = {}
    for year in census_years(data):
        staff, vacancies = workforce.census(year)
        result[year] = {"staff": staff, "vacancies": vacancies}
    return result


def write_tables(tables: dict[str, Table], folder: Path) -> None:
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    for name, file_name in (
        ("staff", "workforce_staff.csv"),
        ("vacancies", "workforce_vacancies.csv"),
    ):
        table = tables[name]
        with (folder / file_name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(table.columns)
            writer.writerows(table.rows)
