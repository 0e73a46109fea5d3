"""CIN census benchmarks (`thrive bench validate-cin`): read and validate 5,000 children."""

from __future__ import annotations

import datetime as dt
import time

from thrive.bench import BenchResult, peak_memory_mb, register
from thrive.statutory.cin.format import to_return_data
from thrive.statutory.cin.reader import read_cin_bytes
from thrive.statutory.cin.registry import registry
from thrive.statutory.rules import run_rules

CHILDREN = 5_000


def synthetic_census(children: int, year: int = 2025) -> bytes:
    """A clean CIN census of `children` children, each with a closed episode with every module."""
    start = dt.date(year - 1, 4, 1)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><Message><Header><CollectionDetails>'
        f"<Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31"
        "</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>990</LEA>"
        "</Source></Header><Children>"
    ]
    for number in range(children):
        referral = start + dt.timedelta(days=number % 120)
        # Conferences and plans start on the Friday after the referral.
        icpc = referral + dt.timedelta(days=14 + (4 - referral.weekday()) % 7)
        cpp_end = icpc + dt.timedelta(days=120)
        closure = cpp_end + dt.timedelta(days=60)
        parts.append(
            f"<Child><ChildIdentifiers><LAchildID>C{number:07d}</LAchildID>"
            f"<UPNunknown>UN2</UPNunknown><PersonBirthDate>{2010 + number % 8}-06-15"
            "</PersonBirthDate><Sex>F</Sex></ChildIdentifiers><ChildCharacteristics>"
            "<Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability>"
            "</Disabilities></ChildCharacteristics><CINdetails>"
            f"<CINreferralDate>{referral}</CINreferralDate><ReferralSource>1A</ReferralSource>"
            f"<PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>{closure}</CINclosureDate>"
            "<ReasonForClosure>RC7</ReasonForClosure><Assessments>"
            f"<AssessmentActualStartDate>{referral}</AssessmentActualStartDate>"
            f"<AssessmentAuthorisationDate>{referral + dt.timedelta(days=10)}"
            "</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment>"
            "<AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment>"
            f"</Assessments><CINPlanDates><CINPlanStartDate>{cpp_end}</CINPlanStartDate>"
            f"<CINPlanEndDate>{closure}</CINPlanEndDate></CINPlanDates><Section47>"
            f"<S47ActualStartDate>{referral + dt.timedelta(days=2)}</S47ActualStartDate>"
            f"<InitialCPCtarget>{icpc}</InitialCPCtarget><DateOfInitialCPC>{icpc}"
            "</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>"
            "<ReferralNFA>false</ReferralNFA><ChildProtectionPlans>"
            f"<CPPstartDate>{icpc}</CPPstartDate><CPPendDate>{cpp_end}</CPPendDate>"
            "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG"
            "</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP><Reviews>"
            f"<CPPreviewDate>{icpc + dt.timedelta(days=90)}</CPPreviewDate></Reviews>"
            "</ChildProtectionPlans></CINdetails></Child>"
        )
    parts.append("</Children></Message>")
    return "".join(parts).encode("utf-8")


@register("validate-cin")
def cin_suite() -> list[BenchResult]:
    content = synthetic_census(CHILDREN)
    run_rules(registry, to_return_data(read_cin_bytes(synthetic_census(50)), 2025, None))
    started = time.perf_counter()
    census = read_cin_bytes(content)
    read_seconds = time.perf_counter() - started
    data = to_return_data(census, 2025, "cin_census.xml")
    outcome = run_rules(registry, data)
    seconds = time.perf_counter() - started
    return [
        BenchResult(
            "validate-cin",
            f"CIN census {CHILDREN:,} children: read XML + {len(outcome.checked)} rules",
            seconds,
            target_seconds=2.0,
            details={
                "read s": f"{read_seconds:.2f}",
                "rows": f"{data.rows:,}",
                "rows/s": f"{data.rows / seconds:,.0f}",
                "issues": str(len(outcome.issues)),
                "MB": f"{len(content) / 1024 / 1024:.1f}",
                "peak MB": f"{peak_memory_mb():.0f}",
            },
        )
    ]
