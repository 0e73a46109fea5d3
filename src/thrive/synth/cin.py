"""CIN census XML for one collection year, in DfE's element structure (no namespace).

Structure and element order follow the CIN census XSD as mirrored by liia-tools
(`CIN_schema_2024.xsd`): Message / Header / Children / Child / ChildIdentifiers,
ChildCharacteristics, CINdetails (...). The child's sex is `GenderCurrent` (1/2) up to the
2023/24 census (end year 2024) and `Sex` (M/F/U) from 2024/25. Dates are ISO yyyy-mm-dd.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from lxml import etree

from thrive.synth.model import Child, Referral
from thrive.synth.simulate import CouncilData
from thrive.synth.ssda903 import upn_value
from thrive.synth.tables import collection_window, iso_date

RETURN_ID: Final = "cin"


@dataclass(slots=True)
class CinDocument:
    """The census tree plus facts about each <Child> (by position) for error injection."""

    root: etree._Element
    children: list[etree._Element] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _overlaps(start: int, end: int | None, window_start: int, window_end: int) -> bool:
    return start <= window_end and (end is None or end >= window_start)


def build_document(data: CouncilData, year: int) -> CinDocument:
    """The CIN census for the year ending 31 March `year`."""
    start, end = collection_window(year)
    root = etree.Element("Message")
    header = _sub(root, "Header")
    details = _sub(header, "CollectionDetails")
    _sub(details, "Collection", "CIN")
    _sub(details, "Year", str(year))
    _sub(details, "ReferenceDate", f"{year}-03-31")
    source = _sub(header, "Source")
    _sub(source, "SourceLevel", "L")
    _sub(source, "LEA", data.spec.code)
    _sub(source, "SoftwareCode", "Thrive synthetic generator")
    _sub(source, "Release", "1")
    _sub(source, "SerialNo", "1")
    _sub(source, "DateTime", f"{year}-04-20T09:00:00")
    children = _sub(root, "Children")
    document = CinDocument(root)
    for child in data.children:
        referrals = [r for r in child.referrals if _overlaps(r.date, r.closure, start, end)]
        if not referrals:
            continue
        element = _child_element(child, referrals, start, end, year)
        children.append(element)
        document.children.append(element)
        document.facts.append(
            {"child": child.child_id, "age": child.age_on(end), "referrals": len(referrals)}
        )
    return document


def _child_element(
    child: Child, referrals: list[Referral], start: int, end: int, year: int
) -> etree._Element:
    element = etree.Element("Child")
    identifiers = _sub(element, "ChildIdentifiers")
    _sub(identifiers, "LAchildID", child.child_id)
    upn = upn_value(child, end)
    if upn.startswith("UN"):
        _sub(identifiers, "UPNunknown", upn)
    else:
        _sub(identifiers, "UPN", upn)
    _sub(identifiers, "PersonBirthDate", iso_date(child.dob))
    if year <= 2024:
        _sub(identifiers, "GenderCurrent", "1" if child.sex == "M" else "2")
    else:
        _sub(identifiers, "Sex", child.sex)
    characteristics = _sub(element, "ChildCharacteristics")
    _sub(characteristics, "Ethnicity", child.ethnicity)
    disabilities = _sub(characteristics, "Disabilities")
    for code in child.disabilities:
        _sub(disabilities, "Disability", code)
    for referral in referrals:
        _cin_details(element, referral, start, end)
    return element


def _cin_details(parent: etree._Element, referral: Referral, start: int, end: int) -> None:
    details = _sub(parent, "CINdetails")
    _sub(details, "CINreferralDate", iso_date(referral.date))
    _sub(details, "ReferralSource", referral.source)
    _sub(details, "PrimaryNeedCode", referral.primary_need)
    if referral.closure is not None and referral.closure <= end:
        _sub(details, "CINclosureDate", iso_date(referral.closure))
        _sub(details, "ReasonForClosure", referral.closure_reason or "RC7")
    for assessment in referral.assessments:
        if assessment.start > end or assessment.authorised < start:
            continue
        block = _sub(details, "Assessments")
        _sub(block, "AssessmentActualStartDate", iso_date(assessment.start))
        if assessment.authorised <= end:
            _sub(block, "AssessmentAuthorisationDate", iso_date(assessment.authorised))
            factors = _sub(block, "FactorsIdentifiedAtAssessment")
            for factor in assessment.factors:
                _sub(factors, "AssessmentFactors", factor)
    for plan in referral.cin_plans:
        if not _overlaps(plan.start, plan.end, start, end):
            continue
        block = _sub(details, "CINPlanDates")
        _sub(block, "CINPlanStartDate", iso_date(plan.start))
        if plan.end is not None and plan.end <= end:
            _sub(block, "CINPlanEndDate", iso_date(plan.end))
    for s47 in referral.section47s:
        conference_in_year = s47.icpc is not None and start <= s47.icpc <= end
        if not (start <= s47.start <= end or conference_in_year):
            continue
        block = _sub(details, "Section47")
        _sub(block, "S47ActualStartDate", iso_date(s47.start))
        _sub(block, "InitialCPCtarget", iso_date(s47.icpc_target))
        held = s47.icpc is not None and s47.icpc <= end
        if held and s47.icpc is not None:
            _sub(block, "DateOfInitialCPC", iso_date(s47.icpc))
        _sub(block, "ICPCnotRequired", "true" if s47.icpc_not_required else "false")
    _sub(details, "ReferralNFA", "true" if referral.nfa else "false")
    for cp in referral.cp_plans:
        if not _overlaps(cp.start, cp.end, start, end):
            continue
        block = _sub(details, "ChildProtectionPlans")
        _sub(block, "CPPstartDate", iso_date(cp.start))
        if cp.end is not None and cp.end <= end:
            _sub(block, "CPPendDate", iso_date(cp.end))
        _sub(block, "InitialCategoryOfAbuse", cp.initial_category)
        _sub(block, "LatestCategoryOfAbuse", cp.latest_category)
        _sub(block, "NumberOfPreviousCPP", str(cp.previous_plans))
        reviews = [r for r in cp.reviews if start <= r <= end]
        if reviews:
            wrapper = _sub(block, "Reviews")
            for review in reviews:
                _sub(wrapper, "CPPreviewDate", iso_date(review))


def write_document(document: CinDocument, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    etree.ElementTree(document.root).write(
        str(path), encoding="utf-8", xml_declaration=True, pretty_print=True
    )
