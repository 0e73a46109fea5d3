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
    """The census as XML text; parsed into a tree (with facts per <Child>) only to inject errors."""

    text: str
    facts: list[dict[str, Any]] = field(default_factory=list)
    root: etree._Element | None = None
    children: list[etree._Element] = field(default_factory=list)

    def parse(self) -> None:
        """Build the element tree from the text (once)."""
        if self.root is None:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            self.root = etree.fromstring(self.text.encode("utf-8"), parser)
            self.children = list(self.root.iterfind("Children/Child"))


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _overlaps(start: int, end: int | None, window_start: int, window_end: int) -> bool:
    return start <= window_end and (end is None or end >= window_start)


def build_document(data: CouncilData, year: int) -> CinDocument:
    """The CIN census for the year ending 31 March `year`."""
    start, end = collection_window(year)
    out: list[str] = [
        "<?xml version='1.0' encoding='UTF-8'?>\n<Message>\n  <Header>\n"
        "    <CollectionDetails>\n      <Collection>CIN</Collection>\n"
        f"      <Year>{year}</Year>\n      <ReferenceDate>{year}-03-31</ReferenceDate>\n"
        "    </CollectionDetails>\n    <Source>\n      <SourceLevel>L</SourceLevel>\n"
        f"      <LEA>{_escape(data.spec.code)}</LEA>\n"
        "      <SoftwareCode>Thrive synthetic generator</SoftwareCode>\n"
        "      <Release>1</Release>\n      <SerialNo>1</SerialNo>\n"
        f"      <DateTime>{year}-04-20T09:00:00</DateTime>\n    </Source>\n  </Header>\n"
        "  <Children>\n"
    ]
    facts: list[dict[str, Any]] = []
    for child in data.children:
        referrals = [r for r in child.referrals if _overlaps(r.date, r.closure, start, end)]
        if not referrals:
            continue
        _child_text(out, child, referrals, start, end, year)
        facts.append(
            {"child": child.child_id, "age": child.age_on(end), "referrals": len(referrals)}
        )
    out.append("  </Children>\n</Message>\n")
    return CinDocument("".join(out), facts)


def _child_text(
    out: list[str], child: Child, referrals: list[Referral], start: int, end: int, year: int
) -> None:
    add = out.append
    add(f"    <Child>\n      <ChildIdentifiers>\n        <LAchildID>{child.child_id}</LAchildID>\n")
    upn = upn_value(child, end)
    if upn.startswith("UN"):
        add(f"        <UPNunknown>{upn}</UPNunknown>\n")
    else:
        add(f"        <UPN>{upn}</UPN>\n")
    add(f"        <PersonBirthDate>{iso_date(child.dob)}</PersonBirthDate>\n")
    if year <= 2024:
        add(f"        <GenderCurrent>{'1' if child.sex == 'M' else '2'}</GenderCurrent>\n")
    else:
        add(f"        <Sex>{child.sex}</Sex>\n")
    add(
        "      </ChildIdentifiers>\n      <ChildCharacteristics>\n"
        f"        <Ethnicity>{child.ethnicity}</Ethnicity>\n        <Disabilities>\n"
    )
    for code in child.disabilities:
        add(f"          <Disability>{code}</Disability>\n")
    add("        </Disabilities>\n      </ChildCharacteristics>\n")
    for referral in referrals:
        _cin_details_text(out, referral, start, end)
    add("    </Child>\n")


def _cin_details_text(out: list[str], referral: Referral, start: int, end: int) -> None:
    add = out.append
    add(
        "      <CINdetails>\n"
        f"        <CINreferralDate>{iso_date(referral.date)}</CINreferralDate>\n"
        f"        <ReferralSource>{referral.source}</ReferralSource>\n"
        f"        <PrimaryNeedCode>{referral.primary_need}</PrimaryNeedCode>\n"
    )
    if referral.closure is not None and referral.closure <= end:
        add(
            f"        <CINclosureDate>{iso_date(referral.closure)}</CINclosureDate>\n"
            f"        <ReasonForClosure>{referral.closure_reason or 'RC7'}</ReasonForClosure>\n"
        )
    for assessment in referral.assessments:
        if assessment.start > end or assessment.authorised < start:
            continue
        add(
            "        <Assessments>\n"
            f"          <AssessmentActualStartDate>{iso_date(assessment.start)}"
            "</AssessmentActualStartDate>\n"
        )
        if assessment.authorised <= end:
            add(
                f"          <AssessmentAuthorisationDate>{iso_date(assessment.authorised)}"
                "</AssessmentAuthorisationDate>\n          <FactorsIdentifiedAtAssessment>\n"
            )
            for factor in assessment.factors:
                add(f"            <AssessmentFactors>{factor}</AssessmentFactors>\n")
            add("          </FactorsIdentifiedAtAssessment>\n")
        add("        </Assessments>\n")
    for plan in referral.cin_plans:
        if not _overlaps(plan.start, plan.end, start, end):
            continue
        add(
            "        <CINPlanDates>\n"
            f"          <CINPlanStartDate>{iso_date(plan.start)}</CINPlanStartDate>\n"
        )
        if plan.end is not None and plan.end <= end:
            add(f"          <CINPlanEndDate>{iso_date(plan.end)}</CINPlanEndDate>\n")
        add("        </CINPlanDates>\n")
    for s47 in referral.section47s:
        conference_in_year = s47.icpc is not None and start <= s47.icpc <= end
        if not (start <= s47.start <= end or conference_in_year):
            continue
        add(
            "        <Section47>\n"
            f"          <S47ActualStartDate>{iso_date(s47.start)}</S47ActualStartDate>\n"
            f"          <InitialCPCtarget>{iso_date(s47.icpc_target)}</InitialCPCtarget>\n"
        )
        if s47.icpc is not None and s47.icpc <= end:
            add(f"          <DateOfInitialCPC>{iso_date(s47.icpc)}</DateOfInitialCPC>\n")
        required = "true" if s47.icpc_not_required else "false"
        add(f"          <ICPCnotRequired>{required}</ICPCnotRequired>\n        </Section47>\n")
    add(f"        <ReferralNFA>{'true' if referral.nfa else 'false'}</ReferralNFA>\n")
    for cp in referral.cp_plans:
        if not _overlaps(cp.start, cp.end, start, end):
            continue
        add(
            "        <ChildProtectionPlans>\n"
            f"          <CPPstartDate>{iso_date(cp.start)}</CPPstartDate>\n"
        )
        if cp.end is not None and cp.end <= end:
            add(f"          <CPPendDate>{iso_date(cp.end)}</CPPendDate>\n")
        add(
            f"          <InitialCategoryOfAbuse>{cp.initial_category}</InitialCategoryOfAbuse>\n"
            f"          <LatestCategoryOfAbuse>{cp.latest_category}</LatestCategoryOfAbuse>\n"
            f"          <NumberOfPreviousCPP>{cp.previous_plans}</NumberOfPreviousCPP>\n"
        )
        reviews = [r for r in cp.reviews if start <= r <= end]
        if reviews:
            add("          <Reviews>\n")
            for review in reviews:
                add(f"            <CPPreviewDate>{iso_date(review)}</CPPreviewDate>\n")
            add("          </Reviews>\n")
        add("        </ChildProtectionPlans>\n")
    add("      </CINdetails>\n")


def write_document(document: CinDocument, path: Path) -> None:
    """The text as built, or the (mutated) tree when errors were injected."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if document.root is None:
        path.write_text(document.text, encoding="utf-8")
    else:
        path.write_bytes(
            etree.tostring(document.root, xml_declaration=True, encoding="UTF-8") + b"\n"
        )
