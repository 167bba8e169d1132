"""The implementation dashboard for the steering group (domain.md §10, "Partnership" and
"SoS fidelity"): every figure as a count, in a fixed number of queries however much data.

Maps are read here only as aggregates over every final map in the service: counts, never a
list, never a child, a family, a worker or a date of a single map. Nothing that identifies a
child can reach the page, so no per-child access check is needed (docs/partnership.md); the
page itself needs MANAGE_PARTNERSHIP.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.utils import timezone

from safetymap.core.db_routing import replica_read
from safetymap.partnership.models import (
    OUTSTANDING_BRIEFINGS,
    Booking,
    BookingStatus,
    BriefingRequest,
    BriefingStatus,
    CourseType,
)

# Briefed: attended a partner briefing. Trained: completed the foundation or advanced course.
BRIEFING_COURSES = (CourseType.PARTNER_BRIEFING,)
TRAINING_COURSES = (CourseType.FOUNDATION, CourseType.ADVANCED)
NO_AGENCY = "Agency not recorded"


@dataclass(frozen=True)
class Share:
    label: str
    numerator: int
    denominator: int
    definition: str

    @property
    def percent(self) -> int | None:
        if not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator)


@dataclass
class Dashboard:
    today: datetime.date
    briefed_at_sessions: int
    briefed_at_requested_briefings: int
    trained: int
    # agency -> course type -> (attended, completed)
    by_agency: dict[str, dict[str, tuple[int, int]]]
    # month (first day) -> (people briefed that month, people trained that month), cumulative
    over_time: list[tuple[datetime.date, int, int]]
    outstanding: dict[str, int]
    oldest_outstanding_days: int | None
    fidelity: list[Share] = field(default_factory=list)

    @property
    def briefed(self) -> int:
        return self.briefed_at_sessions + self.briefed_at_requested_briefings

    @property
    def course_types(self) -> list[tuple[str, str]]:
        return list(CourseType.choices)


def _person(user_id: int | None, name: str, organisation: str) -> tuple:
    """One practitioner: their account, or for partners' staff without one, name and agency."""
    return ("user", user_id) if user_id else ("name", name.strip().lower(), organisation.lower())


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], _month(first)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def training_figures(today: datetime.date) -> tuple[int, int, dict, list]:
    """Two queries: attendance by agency and course (aggregated in the database), and the
    attended bookings' people and dates, to count each person once however many sessions."""
    counts = (
        Booking.objects.filter(status=BookingStatus.ATTENDED)
        .values("organisation_name", "session__course__course_type")
        .annotate(attended=Count("pk"), completed=Count("pk", filter=Q(completed=True)))
    )
    by_agency: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in counts:
        agency = row["organisation_name"].strip() or NO_AGENCY
        course = row["session__course__course_type"]
        attended, completed = by_agency[agency].get(course, (0, 0))
        by_agency[agency][course] = (attended + row["attended"], completed + row["completed"])

    rows = (
        Booking.objects.filter(status=BookingStatus.ATTENDED)
        .filter(
            Q(session__course__course_type__in=BRIEFING_COURSES)
            | Q(session__course__course_type__in=TRAINING_COURSES, completed=True)
        )
        .values_list(
            "user_id",
            "name",
            "organisation_name",
            "session__course__course_type",
            "session__ends_on",
        )
        .order_by("session__ends_on", "pk")
    )
    first_briefed: dict[tuple, datetime.date] = {}
    first_trained: dict[tuple, datetime.date] = {}
    for user_id, name, organisation, course, ended in rows:
        person = _person(user_id, name, organisation)
        target = first_briefed if course in BRIEFING_COURSES else first_trained
        target.setdefault(person, ended)
    over_time: list[tuple[datetime.date, int, int]] = []
    dates = [*first_briefed.values(), *first_trained.values()]
    if dates:
        for month in _months(min(dates), today):
            end = (month + datetime.timedelta(days=32)).replace(day=1)
            over_time.append(
                (
                    month,
                    sum(1 for d in first_briefed.values() if d < end),
                    sum(1 for d in first_trained.values() if d < end),
                )
            )
    ordered = dict(sorted(by_agency.items(), key=lambda item: item[0].lower()))
    return len(first_briefed), len(first_trained), ordered, over_time


def briefing_figures(today: datetime.date) -> tuple[int, dict[str, int], int | None]:
    """One query: people at delivered briefings (their requests' audience sizes), outstanding
    requests by status, and the oldest outstanding request."""
    figures = BriefingRequest.objects.aggregate(
        audience=Sum("audience_size", filter=Q(status=BriefingStatus.DELIVERED)),
        new=Count("pk", filter=Q(status=BriefingStatus.NEW)),
        scheduled=Count("pk", filter=Q(status=BriefingStatus.SCHEDULED)),
        oldest=Min("received_at", filter=Q(status__in=OUTSTANDING_BRIEFINGS)),
    )
    oldest = figures["oldest"]
    days = (today - timezone.localdate(oldest)).days if oldest else None
    outstanding = {
        BriefingStatus.NEW.label: figures["new"],
        BriefingStatus.SCHEDULED.label: figures["scheduled"],
    }
    return figures["audience"] or 0, outstanding, days


def fidelity_figures() -> list[Share]:
    """One query over final maps, counts only."""
    from safetymap.mapping.codes import MapContext, MapStatus
    from safetymap.mapping.models import DangerStatement, ScaleRating, SoSMap

    unpaired = DangerStatement.objects.filter(map=OuterRef("pk"), safety_goal__isnull=True)
    has_statement = DangerStatement.objects.filter(map=OuterRef("pk"))
    has_scaling = ScaleRating.objects.filter(map=OuterRef("pk"))
    counts = (
        SoSMap.objects.filter(status=MapStatus.FINAL)
        .annotate(
            has_statement=Exists(has_statement),
            has_unpaired=Exists(unpaired),
            has_scaling=Exists(has_scaling),
        )
        .aggregate(
            final=Count("pk"),
            paired=Count("pk", filter=Q(has_statement=True, has_unpaired=False)),
            review=Count("pk", filter=Q(context=MapContext.RCPC)),
            review_scaled=Count("pk", filter=Q(context=MapContext.RCPC, has_scaling=True)),
        )
    )
    return [
        Share(
            "Maps with every danger statement paired with a safety goal",
            counts["paired"],
            counts["final"],
            "Final maps with at least one danger statement, each with its safety goal, out of "
            "all final maps.",
        ),
        Share(
            "Review conference maps with scaling",
            counts["review_scaled"],
            counts["review"],
            "Final maps made at review child protection conferences with at least one safety "
            "scale rating, out of all final review conference maps.",
        ),
    ]


def dashboard(today: datetime.date | None = None) -> Dashboard:
    """Every figure, read on the replica when that is safe (counts a few seconds behind change
    nothing a steering group decides; docs/scaling.md)."""
    today = today or timezone.localdate()
    return replica_read(lambda: _figures(today))


def _figures(today: datetime.date) -> Dashboard:
    briefed, trained, by_agency, over_time = training_figures(today)
    audience, outstanding, oldest = briefing_figures(today)
    return Dashboard(
        today=today,
        briefed_at_sessions=briefed,
        briefed_at_requested_briefings=audience,
        trained=trained,
        by_agency=by_agency,
        over_time=over_time,
        outstanding=outstanding,
        oldest_outstanding_days=oldest,
        fidelity=fidelity_figures(),
    )


def csv_rows(board: Dashboard):
    """Every figure on the page, one a row: section, measure, breakdown, value."""
    yield ("Section", "Measure", "Breakdown", "Value")
    yield ("Training", "Practitioners briefed", "Total", board.briefed)
    yield (
        "Training",
        "Practitioners briefed",
        "At partner briefing sessions",
        board.briefed_at_sessions,
    )
    yield (
        "Training",
        "Practitioners briefed",
        "At requested briefings (audience sizes)",
        board.briefed_at_requested_briefings,
    )
    yield ("Training", "Practitioners trained", "Completed foundation or advanced", board.trained)
    labels = dict(CourseType.choices)
    for agency, courses in board.by_agency.items():
        for course, (attended, completed) in courses.items():
            yield ("By agency", f"{agency}: attended", labels.get(course, course), attended)
            yield ("By agency", f"{agency}: completed", labels.get(course, course), completed)
    for month, briefed, trained in board.over_time:
        yield ("Over time", "Briefed so far", f"{month:%Y-%m}", briefed)
        yield ("Over time", "Trained so far", f"{month:%Y-%m}", trained)
    for status, count in board.outstanding.items():
        yield ("Briefing requests", "Outstanding", status, count)
    for share in board.fidelity:
        yield ("Practice fidelity", share.label, "Maps counted", share.denominator)
        yield ("Practice fidelity", share.label, "Maps meeting it", share.numerator)
