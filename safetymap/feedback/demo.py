"""A season of conference feedback for the demo borough of Larkford.

Zara and Musa's family (the fictional family on child protection plans) has had an initial
conference and two reviews; after each, the parents, the children and the professionals were
asked for feedback, and most answered, some without their name. The answers get better from
one meeting to the next, as the partnership hoped. One invitation after the latest review is
still open, with a link printed nowhere (its token is thrown away: tests make their own), and
one from the first conference ran out unanswered.

Written as records, like the rest of the demo's history; loaded by
safetymap.demo.services.load_demo; safe to run twice. Everyone is fictional.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from safetymap.accounts.models import User
from safetymap.cases.models import ChildProtectionPlan
from safetymap.conferences.models import Conference
from safetymap.feedback import links
from safetymap.feedback.models import (
    Answer,
    FeedbackRound,
    Invitation,
    InvitationStatus,
    MeetingKind,
    Response,
)
from safetymap.feedback.questions import NOT_COUNTED, QUESTIONS, RespondentType

ZARA = "LRK0000301"
CHAIR = "conference.chair@larkford.example"

P, C, PRO = RespondentType.PARENT_CARER, RespondentType.CHILD, RespondentType.PROFESSIONAL

# name, type, email, demo user's email (professionals with an account), agency type, anonymous
PEOPLE = (
    ("Samira Fictional-Hussain", P, "samira@family.example", "", "", False),
    ("Callum Fictional-Reid", P, "callum@family.example", "", "", True),
    ("Zara", C, "", "", "", True),
    ("Musa", C, "", "", "", True),
    ("Dana School-DSL", PRO, "", "school.dsl@larkford.example", "SCHOOL", False),
    ("Hana Health-Visitor", PRO, "", "health.visitor@larkford.example", "HEALTH_VISITING", True),
    ("Pat Police-Officer", PRO, "", "police.officer@larkford.example", "POLICE", False),
    ("Dr Fictional GP", PRO, "gp@surgery.example", "", "GP", True),
)

# How each meeting went, on average, for the demo's story: better each time.
MOOD = {0: -1, 1: 0, 2: 1}

WRITTEN = {
    "p_better": (
        "I got the reports the night before. I needed more time to read them.",
        "Meeting the chair first helped. I knew what was going to happen.",
        "It felt like people heard what is going well now.",
    ),
    "c_anything": (
        "I did not like that there were lots of people.",
        "I liked that my drawing was read out.",
        "",
    ),
    "pr_working_well": (
        "The three columns kept everyone on the same page.",
        "The family's words were in the danger statement, which helped them agree with it.",
        "Scaling from everyone, family first, showed how far things have moved.",
    ),
    "pr_worried": (
        "The report template arrived late, so the school report was rushed.",
        "Too many people in a small room for the children's part.",
        "",
    ),
    "pr_needs_to_happen": (
        "Send the papers a week before, to the family too.",
        "Keep the meeting to the three questions; it worked.",
        "",
    ),
    "pr_training": ("Writing danger statements with families.", "", ""),
}


def _value(question, meeting: int, person: int, number: int) -> int:
    """A made-up but steady answer: the meeting's mood, a little spread between people."""
    counted = [choice.value for choice in question.counted()]
    top = max(counted)
    if (person + number) % 11 == 5:
        return NOT_COUNTED  # "Does not apply" / "I don't know" now and then
    spread = (person * 3 + number * 2 + meeting) % 3 - 1
    value = top - 1 + MOOD[meeting] + spread
    return min(max(value, min(counted)), top)


def _answers(kind: RespondentType, meeting: int, person: int) -> list[Answer]:
    rows = []
    for number, question in enumerate(QUESTIONS[kind]):
        if question.is_free_text:
            texts = WRITTEN.get(question.key, ("",))
            text = texts[(meeting + person) % len(texts)]
            if text:
                rows.append(Answer(question=question.key, text=text))
        else:
            rows.append(
                Answer(question=question.key, value=_value(question, meeting, person, number))
            )
    return rows


def load_feedback_demo() -> None:
    if FeedbackRound.objects.exists():
        return
    plan = ChildProtectionPlan.objects.filter(episode__child__la_child_id=ZARA).first()
    if plan is None:
        return
    chair = User.objects.get(email=CHAIR)
    users = {u.email: u for u in User.objects.filter(email__in=[p[3] for p in PEOPLE if p[3]])}
    meetings = [(MeetingKind.INITIAL, plan.started_on)] + [
        (MeetingKind.REVIEW, review.held_on) for review in plan.reviews.order_by("held_on")
    ]
    # The initial conference was run in Safetymap (conferences/demo.py): its round is tied to it.
    initial = Conference.objects.filter(
        episode=plan.episode, conference_type="ICPC", held_on=plan.started_on
    ).first()
    today = timezone.localdate()
    for index, (kind, held_on) in enumerate(meetings):
        latest = index == len(meetings) - 1
        feedback_round = FeedbackRound.objects.create(
            meeting_kind=kind,
            meeting_date=held_on,
            conference=initial if index == 0 else None,
            episode=plan.episode,
            invited_by=chair,
            invited_at=timezone.make_aware(
                datetime.datetime.combine(held_on + datetime.timedelta(days=2), datetime.time(10))
            ),
        )
        sent = feedback_round.invited_at
        for person, (name, kind_of_person, email, user_email, agency, anonymous) in enumerate(
            PEOPLE
        ):
            still_open = latest and name.startswith("Callum")
            ran_out = index == 0 and name.startswith("Dr")
            invitation = Invitation.objects.create(
                round=feedback_round,
                respondent_type=kind_of_person,
                name=name,
                email=email or user_email,
                user=users.get(user_email),
                # A token nobody has: the demo's links are printed nowhere.
                token_hash=links.hash_of(links.new_token()),
                # The open one was sent again recently, so its link still works.
                expires_at=links.expires_at(None if still_open else sent),
                email_sent_at=sent if (email or user_email) else None,
            )
            if still_open or ran_out:
                continue  # Callum has not answered yet; the GP never did
            answered_on = min(held_on + datetime.timedelta(days=3 + person % 5), today)
            invitation.status, invitation.completed_on = InvitationStatus.COMPLETED, answered_on
            invitation.save(update_fields=["status", "completed_on"])
            response = Response.objects.create(
                round=feedback_round,
                respondent_type=kind_of_person,
                invitation=None if anonymous else invitation,
                anonymous=anonymous,
                agency_type=agency,
                consent_to_contact=not anonymous and person == 0,
                submitted_on=answered_on,
            )
            rows = _answers(kind_of_person, index, person)
            for row in rows:
                row.response = response
            Answer.objects.bulk_create(rows)
