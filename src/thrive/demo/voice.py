"""Demo voice for Northbridge (fictional): what children, families and staff told the council.

`voice_demo_setup(council)` adds, once: feedback from children, care leavers, parents and
staff over the last six months (surveys, forums, complaints, exit interviews), quotes only
where the person agreed to be quoted and attributed to a role, never a name; links to the
audit learning themes and to the plan actions the feedback changed; and "you said, we did"
entries, three published and one draft. Every word is written for Thrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thrive.audits.models import LearningTheme
from thrive.councils.models import Council
from thrive.plans.models import Action
from thrive.voice.models import Feedback
from thrive.voice.services import feedback_create, feedback_links_set, you_said_we_did_save

REFERENCE_PREFIX = "DEMO-VOICE-"


@dataclass(frozen=True)
class DemoFeedback:
    days_ago: int
    source_type: str
    channel: str
    sentiment: str
    summary: str
    quote: str = ""
    role: str = ""
    consent: bool = False
    themes: tuple[str, ...] = ()
    action_starts: tuple[str, ...] = ()  # plan actions whose title starts with this


FEEDBACK: list[DemoFeedback] = [
    DemoFeedback(
        170,
        "care_leaver",
        "group",
        "negative",
        "Care leavers' forum: too many changes of personal adviser and nowhere suitable to live.",
        "I've had four workers in a year. Every time I have to tell my story again.",
        "care leaver, 19",
        True,
        ("Voice of the child",),
        ("Joint housing protocol",),
    ),
    DemoFeedback(
        160,
        "staff",
        "exit_interview",
        "negative",
        "A social worker leaving for a neighbouring council cited caseloads and travel time.",
        "I had 27 children. I couldn't do the direct work I came into social work to do.",
        "social worker, assessment team",
        True,
        ("Management oversight and supervision",),
        ("Cap average caseloads",),
    ),
    DemoFeedback(
        150,
        "child",
        "survey",
        "mixed",
        "Children in care survey: most feel safe where they live; many don't know their plan.",
        "My carers are kind but nobody asks me what I want at my review.",
        "child in care, 12",
        True,
        ("Voice of the child",),
    ),
    DemoFeedback(
        140,
        "parent_carer",
        "complaint",
        "negative",
        "A parent complained that the child protection conference report arrived the night "
        "before, so they could not read it properly.",
        "I was handed forty pages the evening before and expected to agree with it.",
        "",
        False,
        ("Multi-agency working",),
        ("Health representation",),
    ),
    DemoFeedback(
        125,
        "partner",
        "group",
        "positive",
        "Police partners say the new strategy discussion protocol means decisions are quicker.",
        "We now get a call the same day and can plan the visit together.",
        "police sergeant, safeguarding hub",
        True,
        ("Multi-agency working",),
        ("Hold every strategy discussion",),
    ),
    DemoFeedback(
        110,
        "staff",
        "survey",
        "mixed",
        "Staff pulse survey: supervision is more regular, but reflective time is often cut short.",
        "Supervision happens now, but it's still mostly a list of cases.",
        "social worker, child protection team",
        True,
        ("Management oversight and supervision",),
        ("Reflective supervision every four weeks",),
    ),
    DemoFeedback(
        95,
        "young_person",
        "advocacy",
        "negative",
        "Through an advocate, a young person said they were moved with two hours' notice.",
        "",
        "",
        False,
        ("Voice of the child",),
    ),
    DemoFeedback(
        80,
        "care_leaver",
        "group",
        "mixed",
        "Care leavers' forum: the housing protocol is welcome; some still wait months for a flat.",
        "It's better that housing actually turns up to the meeting now.",
        "care leaver, 20",
        True,
        (),
        ("Joint housing protocol",),
    ),
    DemoFeedback(
        65,
        "child",
        "group",
        "positive",
        "Children in care council designed the new 'my review' booklet with the reviewing team.",
        "We chose the questions ourselves, so they make sense to us.",
        "children in care council member, 14",
        True,
        ("Voice of the child",),
    ),
    DemoFeedback(
        50,
        "staff",
        "compliment",
        "positive",
        "Newly qualified social workers praised the assessed year and their protected caseloads.",
        "I have time to get to know the families, and my manager knows my cases.",
        "newly qualified social worker",
        True,
        ("Management oversight and supervision",),
        ("Launch the recruitment and retention offer",),
    ),
    DemoFeedback(
        40,
        "parent_carer",
        "survey",
        "positive",
        "Parents' survey: more say their worker explained the plan in plain words.",
        "For the first time I understood what needed to change and by when.",
        "parent, child protection plan",
        True,
        ("Plans that are specific and reduce risk",),
        ("Roll out a single assessment and plan template",),
    ),
    DemoFeedback(
        25,
        "staff",
        "survey",
        "mixed",
        "Staff pulse survey: caseloads are lower in assessment teams but not yet in child "
        "protection; agency colleagues still turn over quickly.",
        "It feels calmer, but we still lose a locum every couple of months.",
        "team manager, child protection",
        True,
        ("Management oversight and supervision",),
        ("Cap average caseloads",),
    ),
    DemoFeedback(
        15,
        "young_person",
        "survey",
        "positive",
        "Young people's survey: most now know who their social worker is and how to reach them.",
        "My worker texts back, and she came to my school play.",
        "young person, 15",
        True,
        ("Voice of the child",),
    ),
    DemoFeedback(
        6,
        "child",
        "advocacy",
        "neutral",
        "A child asked, through their advocate, to see their brother more often; contact is "
        "being reviewed.",
    ),
]

# (audience, you said, we did, feedback references by index, action title starts, published)
YOU_SAID_WE_DID: list[tuple[str, str, str, tuple[int, ...], tuple[str, ...], bool]] = [
    (
        "children",
        "You told us nobody asked you what you wanted at your review, and that the forms were "
        "hard to understand.",
        "The children in care council wrote a new 'my review' booklet with our reviewing "
        "officers. Every child now gets it two weeks before their review.",
        (2, 8),
        (),
        True,
    ),
    (
        "children",
        "Care leavers told us there was nowhere suitable to live and that housing never came "
        "to the meeting.",
        "Housing signed a protocol with us: care leavers get priority for suitable homes, and "
        "a housing officer joins every pathway plan review from age 17.",
        (0, 7),
        ("Joint housing protocol",),
        True,
    ),
    (
        "staff",
        "You said caseloads were too high to do direct work, and supervision was a list of cases.",
        "We capped caseloads in assessment teams at 18, recruited 14 newly qualified social "
        "workers and brought in reflective supervision every four weeks.",
        (1, 5, 11),
        ("Cap average caseloads", "Reflective supervision every four weeks"),
        True,
    ),
    (
        "everyone",
        "Parents said conference reports arrived too late to read.",
        "We are changing the conference process so reports are shared three working days "
        "before: to be published once the new timetable starts.",
        (3,),
        ("Health representation",),
        False,
    ),
]


def _actions(council: Council, starts: tuple[str, ...]) -> list[Action]:
    found: list[Action] = []
    for start in starts:
        action = Action.objects.for_council(council).filter(title__startswith=start).first()
        if action is not None:
            found.append(action)
    return found


@transaction.atomic
def voice_demo_setup(council: Council, *, today: date | None = None) -> bool:
    """Add the demo feedback and "you said, we did" entries. False if they are already there."""
    if (
        Feedback.objects.for_council(council)
        .filter(reference__startswith=REFERENCE_PREFIX)
        .exists()
    ):
        return False
    today = today or timezone.localdate()
    author: Any = get_user_model().objects.filter(username="qalead").first()
    themes = {theme.name: theme for theme in LearningTheme.objects.for_council(council)}
    created: list[Feedback] = []
    for number, item in enumerate(FEEDBACK, start=1):
        feedback = feedback_create(
            council=council,
            source_type=item.source_type,
            channel=item.channel,
            received_on=today - timedelta(days=item.days_ago),
            summary=item.summary,
            quote=item.quote,
            attributed_role=item.role,
            consent_to_quote=item.consent,
            sentiment=item.sentiment,
            themes=[themes[name] for name in item.themes if name in themes],
            reference=f"{REFERENCE_PREFIX}{number:03d}",
            created_by=author,
        )
        actions = _actions(council, item.action_starts)
        if actions:
            feedback_links_set(feedback=feedback, themes=feedback.themes.all(), actions=actions)
        created.append(feedback)
    for audience, you_said, we_did, indexes, starts, published in YOU_SAID_WE_DID:
        you_said_we_did_save(
            council=council,
            entry=None,
            audience=audience,
            you_said=you_said,
            we_did=we_did,
            feedback=[created[index] for index in indexes],
            actions=_actions(council, starts),
            published=published,
            created_by=author,
        )
    return True
