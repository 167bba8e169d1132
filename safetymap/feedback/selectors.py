"""Reads for the feedback results: aggregated in the database, a fixed number of queries however
many answers there are, and nothing that identifies a child or a respondent.

Results never start from a child: they hold no names, no child, no episode and no exact meeting
date; periods are calendar quarters of the meeting date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractQuarter, ExtractYear

from safetymap.accounts.organisation_types import OrganisationType
from safetymap.core.paging import KeysetPage, keyset_page
from safetymap.feedback.charts import Bar
from safetymap.feedback.models import Answer, FeedbackRound, Invitation, MeetingKind, Response
from safetymap.feedback.questions import (
    BY_KEY,
    NOT_COUNTED,
    QUESTIONS,
    RESPONDENT_LABELS,
    Question,
    RespondentType,
)

FREE_TEXT_SHOWN = 50  # a page, newest first; the export has every answer
_QUARTER_MONTHS = ("January to March", "April to June", "July to September", "October to December")

Quarter = tuple[int, int]  # (year, 1..4)


@dataclass(frozen=True)
class HandOverPage:
    """The people a conference's feedback links are given to by hand, for the chair or social
    worker: each invitation without an email address, and where it stands."""

    conference: object
    basis: str
    invitations: list[Invitation]
    asked: bool  # feedback has been asked for on this conference


def hand_over_page(user, pk: int) -> HandOverPage:
    """Found through the conference's own access rule (404 for anyone who may not open it), then
    only for the people who may distribute it (403). The read is audited."""
    from django.core.exceptions import PermissionDenied

    from safetymap.audit.services import record_read
    from safetymap.conferences.selectors import conference_in_sight
    from safetymap.feedback.services import hand_over_basis

    conference, _ = conference_in_sight(user, pk)
    basis = hand_over_basis(user, conference)
    if basis is None:
        raise PermissionDenied
    rounds = FeedbackRound.objects.filter(conference=conference)
    invitations = list(
        Invitation.objects.filter(round__in=rounds, email="").order_by("respondent_type", "name")
    )
    record_read(
        actor=user,
        subject=conference,
        basis=basis,
        child_id=conference.episode.child_id,
        conference=conference.pk,
        page="feedback links to hand over",
    )
    return HandOverPage(conference, basis, invitations, rounds.exists())


def hand_over_invitation(user, pk: int) -> Invitation:
    """A feedback invitation given by hand, for remaking its link: 404 unless its conference
    opens for this person (the service checks they may run it)."""
    from django.http import Http404

    from safetymap.conferences.selectors import conference_in_sight

    invitation = Invitation.objects.select_related("round").filter(pk=pk).first()
    if invitation is None or invitation.round.conference_id is None:
        raise Http404
    conference_in_sight(user, invitation.round.conference_id)
    return invitation


def invitations_for(feedback_round: FeedbackRound) -> list[Invitation]:
    """Who was asked about one conference and where each stands (INVITED, COMPLETED, EXPIRED in
    ``invitation.state``), for the conference page to list and chase. It says whether someone
    answered, never what: an anonymous answer is not joined to its invitation."""
    return list(feedback_round.invitations.order_by("respondent_type", "name"))


def quarter_label(quarter: Quarter) -> str:
    year, number = quarter
    return f"{_QUARTER_MONTHS[number - 1]} {year}"


@dataclass
class QuestionResult:
    question: Question
    answers: list[str]  # the counted answers, most positive first
    bars: list[Bar]  # "All answers", then each quarter, oldest first
    not_counted: int  # "Does not apply" / "I don't know"
    not_counted_label: str


@dataclass
class TypeResults:
    respondent_type: RespondentType
    label: str
    responses: int
    anonymous: int
    questions: list[QuestionResult] = field(default_factory=list)


@dataclass(frozen=True)
class FreeText:
    question: str
    text: str
    respondent_type: str
    quarter: str
    meeting_kind: str


def _with_quarters(queryset):
    return queryset.annotate(
        year=ExtractYear("response__round__meeting_date"),
        quarter=ExtractQuarter("response__round__meeting_date"),
    )


def results() -> list[TypeResults]:
    """Each scaled question's spread of answers, overall and by quarter, per respondent type.
    Two queries."""
    per_type = {
        row["respondent_type"]: row
        for row in Response.objects.order_by()
        .values("respondent_type")
        .annotate(n=Count("id"), anonymous=Count("id", filter=Q(anonymous=True)))
    }
    counts: dict[tuple[str, Quarter, int], int] = defaultdict(int)
    quarters: set[Quarter] = set()
    rows = (
        _with_quarters(Answer.objects.filter(value__isnull=False).order_by())
        .values("question", "year", "quarter", "value")
        .annotate(n=Count("id"))
    )
    for row in rows:
        quarter = (row["year"], row["quarter"])
        quarters.add(quarter)
        counts[(row["question"], quarter, row["value"])] += row["n"]
    ordered = sorted(quarters)

    out: list[TypeResults] = []
    for kind in RespondentType:
        summary = per_type.get(kind.value, {"n": 0, "anonymous": 0})
        type_results = TypeResults(
            respondent_type=kind,
            label=RESPONDENT_LABELS[kind],
            responses=summary["n"],
            anonymous=summary["anonymous"],
        )
        for question in QUESTIONS[kind]:
            if question.is_free_text:
                continue
            counted = question.counted()

            def bar(label: str, in_quarters: list[Quarter], q: Question = question) -> Bar:
                return Bar(
                    label,
                    tuple(
                        sum(counts[(q.key, quarter, choice.value)] for quarter in in_quarters)
                        for choice in q.counted()
                    ),
                )

            type_results.questions.append(
                QuestionResult(
                    question=question,
                    answers=[choice.label for choice in counted],
                    bars=[bar("All answers", ordered)]
                    + [bar(quarter_label(quarter), [quarter]) for quarter in ordered],
                    not_counted=sum(
                        counts[(question.key, quarter, NOT_COUNTED)] for quarter in ordered
                    ),
                    not_counted_label=question.label_of(NOT_COUNTED),
                )
            )
        out.append(type_results)
    return out


# Newest first by the answer's own number: a cursor is readable (signed, not secret), so it
# holds no date; nor are there date filters: the results show quarters only, never a day.
WRITTEN_ANSWERS_ORDER = ("-id",)


def free_text(
    cursor: str | None = None,
    *,
    respondent_type: str = "",
    meeting_kind: str = "",
    size: int = FREE_TEXT_SHOWN,
) -> KeysetPage:
    """One page of the written answers, newest first, with the kind of person and the quarter
    only (``core.paging``: one query a page); optionally of one kind of person, or of one kind
    of meeting."""
    answers = _with_quarters(Answer.objects.exclude(text=""))
    if respondent_type:
        answers = answers.filter(response__respondent_type=respondent_type)
    if meeting_kind:
        answers = answers.filter(response__round__meeting_kind=meeting_kind)
    page = keyset_page(
        answers.values(
            "id",
            "question",
            "text",
            "response__respondent_type",
            "year",
            "quarter",
            kind=F("response__round__meeting_kind"),
        ),
        WRITTEN_ANSWERS_ORDER,
        size,
        cursor,
    )
    return replace(
        page,
        rows=[
            FreeText(
                question=BY_KEY[row["question"]].text
                if row["question"] in BY_KEY
                else row["question"],
                text=row["text"],
                respondent_type=RESPONDENT_LABELS.get(
                    RespondentType(row["response__respondent_type"]), ""
                ),
                quarter=quarter_label((row["year"], row["quarter"])),
                meeting_kind=MeetingKind(row["kind"]).label,
            )
            for row in page.rows
        ],
    )


EXPORT_HEADER = (
    "Response",
    "Respondent type",
    "Agency type",
    "Anonymous",
    "Meeting",
    "Quarter",
    "Question",
    "Answer",
    "Answer in words",
    "Written answer",
)


def export_rows() -> Iterator[tuple[object, ...]]:
    """Every answer, one row each, oldest first; read in chunks (one query per chunk)."""
    rows = (
        _with_quarters(Answer.objects.all())
        .order_by("response__round__meeting_date", "response_id", "id")
        .values_list(
            "response_id",
            "response__respondent_type",
            "response__agency_type",
            "response__anonymous",
            "response__round__meeting_kind",
            "year",
            "quarter",
            "question",
            "value",
            "text",
        )
    )
    agencies = dict(OrganisationType.choices)
    for (
        response_id,
        kind,
        agency,
        anonymous,
        meeting_kind,
        year,
        quarter,
        key,
        value,
        text,
    ) in rows.iterator(chunk_size=2000):
        question = BY_KEY.get(key)
        yield (
            response_id,
            RESPONDENT_LABELS.get(RespondentType(kind), kind),
            agencies.get(agency, ""),
            "Yes" if anonymous else "No",
            MeetingKind(meeting_kind).label,
            quarter_label((year, quarter)),
            question.text if question else key,
            "" if value is None else value,
            question.label_of(value) if question and value is not None else "",
            text,
        )
