"""Writes for inspections: records, judgements, verbatim recommendations, statutory clocks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.councils.models import Council
from thrive.dates.working_days import add_working_days
from thrive.inspections.frameworks import GRADE_RANK, NOT_JUDGED, framework_for
from thrive.inspections.models import (
    CLOCK_WORKING_DAYS,
    GRADED_KINDS,
    ClockKind,
    ClockStart,
    Inspection,
    InspectionKind,
    Judgement,
    Recommendation,
    RecommendationKind,
    StatutoryClock,
)


class InspectionError(ValueError):
    """An inspection record was refused; the message says why."""


END_BEFORE_START = "The end date must be the same as or after the start date"
RECEIVED_BEFORE_VISIT_END = (
    "The date received must be the same as or after the last day on site: "
    "Ofsted sends the report or letter after the visit"
)
RECEIVED_AFTER_PUBLICATION = (
    "The date received must be the same as or before the publication date: "
    "the council receives the final report or letter before Ofsted publishes it"
)
UNKNOWN_AREA = "{area!r} is not a judgement area of {framework}"
UNKNOWN_GRADE = (
    "{grade!r} is not a grade; use outstanding, good, requires improvement or inadequate"
)
TEXT_REQUIRED = "Enter the recommendation exactly as the report words it"


def clock_rules(inspection: Inspection) -> list[ClockKind]:
    """Which statutory clocks an inspection starts (Ofsted ILACS and JTAI guidance).

    - Standard, short and re-inspections under ILACS: the council sends Ofsted an action plan
      within 70 working days of receiving the final report.
    - A JTAI: a joint written statement of action within 70 working days of receiving the
      letter.
    - A focused visit that names areas for priority action: a draft plan within 20 working
      days and the final action plan within 70 working days of receiving the letter.
    """
    kinds: list[ClockKind] = []
    if inspection.kind in GRADED_KINDS:
        kinds.append(ClockKind.ACTION_PLAN)
    if inspection.kind == InspectionKind.JTAI:
        kinds.append(ClockKind.WRITTEN_STATEMENT)
    if inspection.kind == InspectionKind.FOCUSED_VISIT and inspection.has_priority_actions:
        kinds += [ClockKind.PRIORITY_DRAFT_PLAN, ClockKind.PRIORITY_FINAL_PLAN]
    return kinds


def clock_due_date(*, starts_on: date, working_days: int) -> date:
    return add_working_days(starts_on, working_days)


def clock_start(inspection: Inspection) -> tuple[date, ClockStart]:
    """Day 0 of the inspection's clocks and which date it is.

    Ofsted counts from the day the council received the final report or letter, which comes
    before publication. Without it, the publication date stands in (records made before Thrive
    stored the date received), then the last day on site; either way the clock says the date
    received was not recorded, so nobody mistakes a stand-in for the real deadline.
    """
    if inspection.received_date is not None:
        return inspection.received_date, ClockStart.RECEIVED
    if inspection.publication_date is not None:
        return inspection.publication_date, ClockStart.PUBLISHED
    return inspection.end_date, ClockStart.LAST_DAY_ON_SITE


def inspection_clocks_sync(*, inspection: Inspection) -> list[StatutoryClock]:
    """Create or re-date the clocks the inspection starts (day 0 from `clock_start`)."""
    if inspection.from_reference_data:
        return []  # the deadlines of published history passed long ago (see below)
    starts_on, starts_from = clock_start(inspection)
    clocks = []
    for kind in clock_rules(inspection):
        days = CLOCK_WORKING_DAYS[kind]
        due = clock_due_date(starts_on=starts_on, working_days=days)
        clock, _ = StatutoryClock.objects.update_or_create(
            council=inspection.council,
            inspection=inspection,
            kind=kind,
            defaults={
                "starts_on": starts_on,
                "starts_from": starts_from,
                "working_days": days,
                "due_date": due,
            },
        )
        clocks.append(clock)
    return clocks


def check_received_date(
    *, received_date: date | None, end_date: date, publication_date: date | None
) -> str | None:
    """The reason a date received is impossible, or None."""
    if received_date is None:
        return None
    if received_date < end_date:
        return RECEIVED_BEFORE_VISIT_END
    if publication_date is not None and received_date > publication_date:
        return RECEIVED_AFTER_PUBLICATION
    return None


@transaction.atomic
def inspection_create(
    *,
    council: Council,
    kind: str,
    framework: str,
    start_date: date,
    end_date: date,
    publication_date: date | None = None,
    received_date: date | None = None,
    theme: str = "",
    report_reference: str = "",
    report_url: str = "",
    lead_inspector: str = "",
    summary: str = "",
    has_priority_actions: bool = False,
    judgements: dict[str, str] | None = None,
    from_reference_data: bool = False,
    start_clocks: bool = True,
) -> Inspection:
    if kind not in InspectionKind.values:
        raise InspectionError(f"{kind!r} is not a kind of inspection or visit")
    if end_date < start_date:
        raise InspectionError(END_BEFORE_START)
    problem = check_received_date(
        received_date=received_date, end_date=end_date, publication_date=publication_date
    )
    if problem:
        raise InspectionError(problem)
    inspection = Inspection.objects.create(
        council=council,
        kind=kind,
        framework=framework,
        start_date=start_date,
        end_date=end_date,
        publication_date=publication_date,
        received_date=received_date,
        theme=theme,
        report_reference=report_reference,
        report_url=report_url,
        lead_inspector=lead_inspector,
        summary=summary,
        has_priority_actions=has_priority_actions,
        from_reference_data=from_reference_data,
    )
    judgements_set(inspection=inspection, judgements=judgements or {})
    if start_clocks:
        inspection_clocks_sync(inspection=inspection)
    return inspection


@transaction.atomic
def inspection_dates_set(
    *, inspection: Inspection, received_date: date | None, publication_date: date | None
) -> list[StatutoryClock]:
    """Record when the final report or letter was received and published; re-date the clocks."""
    problem = check_received_date(
        received_date=received_date,
        end_date=inspection.end_date,
        publication_date=publication_date,
    )
    if problem:
        raise InspectionError(problem)
    if publication_date is not None and publication_date < inspection.end_date:
        raise InspectionError("The report cannot be published before the visit")
    inspection.received_date = received_date
    inspection.publication_date = publication_date
    inspection.save(update_fields=["received_date", "publication_date"])
    return inspection_clocks_sync(inspection=inspection)


def judgements_set(*, inspection: Inspection, judgements: dict[str, str]) -> None:
    framework = framework_for(inspection.framework)
    areas = {area.code for area in framework.areas}
    for area, grade in judgements.items():
        if area not in areas:
            raise InspectionError(UNKNOWN_AREA.format(area=area, framework=framework.name))
        if grade and grade not in GRADE_RANK and grade != NOT_JUDGED:
            raise InspectionError(UNKNOWN_GRADE.format(grade=grade))
        if not grade:
            continue
        Judgement.objects.update_or_create(
            council=inspection.council,
            inspection=inspection,
            area=area,
            defaults={"grade": grade},
        )


@transaction.atomic
def recommendation_add(
    *,
    inspection: Inspection,
    text: str,
    paragraph: str = "",
    kind: str = RecommendationKind.RECOMMENDATION,
    number: int | None = None,
) -> Recommendation:
    """Keep the recommendation verbatim: only surrounding whitespace is trimmed."""
    if not text.strip():
        raise InspectionError(TEXT_REQUIRED)
    if number is None:
        number = (
            inspection.recommendations.filter(kind=kind)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
    return Recommendation.objects.create(
        council=inspection.council,
        inspection=inspection,
        kind=kind,
        number=number,
        paragraph=paragraph.strip(),
        text=text.strip(),
    )


STALE_CLOCK = (
    "Someone else changed this deadline while you were editing it. Your change has not been "
    "saved. Check the date now recorded below, then make your change again if it is still needed."
)


class StaleClockError(Exception):
    """Someone saved the clock after this person opened it."""


@transaction.atomic
def clock_complete(
    *,
    clock: StatutoryClock,
    completed_on: date | None,
    expected_version: int,
    by: Any = None,
) -> StatutoryClock:
    """Record (or clear) when the plan was sent, refusing a save on top of someone else's.

    Raises:
        StaleClockError: the clock was saved since `expected_version` was read.
    """
    current = StatutoryClock.objects.select_for_update().get(pk=clock.pk)
    if current.version != expected_version:
        raise StaleClockError(STALE_CLOCK)
    current.completed_on = completed_on
    current.completed_by = by if getattr(by, "is_authenticated", False) else None
    current.version += 1
    current.save()
    # Keep the caller's copy current, as the previous in-place save did.
    clock.completed_on, clock.completed_by = current.completed_on, current.completed_by
    clock.version = current.version
    return current


def published_judgement_load(*, council: Council) -> Inspection | None:
    """Record the council's latest published ILACS inspection, once. None if it has none.

    Historical reference data starts no clocks: the statutory deadlines passed long ago and
    the published record does not say when the action plan was sent.
    """
    from thrive.inspections.frameworks import framework_in_force
    from thrive.inspections.reference import published_judgements

    published = published_judgements().get(council.la_number)
    if published is None:
        return None
    kind = InspectionKind.SHORT if published.inspection_type == "short" else InspectionKind.STANDARD
    existing = Inspection.objects.for_council(council).filter(
        kind=kind, start_date=published.start_date
    )
    if existing.exists():
        return existing.first()
    framework = framework_in_force(published.start_date.isoformat())
    areas = {area.code for area in framework.areas}
    grades = {
        area: grade
        for area, grade in published.grades.items()
        if area in areas and grade and grade != NOT_JUDGED
    }
    checked = "checked against the report" if published.checked_against_pdf else "as scraped"
    return inspection_create(
        council=council,
        kind=kind,
        framework=framework.code,
        start_date=published.start_date,
        end_date=published.end_date,
        publication_date=published.publication_date,
        report_url=published.report_url,
        lead_inspector=published.lead_inspector,
        summary=f"Loaded from the published ILACS judgements ({checked}).",
        judgements=grades,
        from_reference_data=True,
        start_clocks=False,
    )


def published_judgements_load_all() -> tuple[int, int]:
    """Load for every council in Thrive. Returns (loaded or already there, without a record)."""
    found = missing = 0
    for council in Council.objects.all():
        if published_judgement_load(council=council) is None:
            missing += 1
        else:
            found += 1
    return found, missing
