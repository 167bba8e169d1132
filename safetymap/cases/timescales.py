"""Statutory and local timescales: each due date computed from the event that starts its clock.

The rules are domain.md §7 R1–R8 and the §3.3 timescales table. Working days and calendar months
come from :mod:`safetymap.core.workdays` only ("within N working days of D" counts D as day 0).

Everything here is pure except :func:`local_timescales`, which reads the council's own timers from
``settings.SAFETYMAP_TIMESCALES`` (a dict of :class:`LocalTimescales` field names to whole numbers).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from safetymap.core.workdays import (
    add_calendar_months,
    add_working_days,
    previous_working_day_on_or_before,
    working_days_before,
    working_days_between,
)

__all__ = [
    "Due",
    "LocalTimescales",
    "Timescale",
    "assessment_due",
    "contact_decision_due",
    "contact_decision_due_at",
    "days_late",
    "eighteenth_birthday",
    "first_core_group_due",
    "first_review_conference_due",
    "initial_conference_due",
    "is_overdue",
    "local_timescales",
    "next_cin_review_due",
    "next_core_group_due",
    "next_review_conference_due",
    "next_statutory_visit_due",
    "earlier_involvement_from",
    "is_re_referral",
    "record_distribution_due",
    "report_to_chair_due",
    "report_to_family_due",
    "review_before_eighteen_due",
    "strategy_meeting_due",
    "transfer_in_conference_due",
]


# --- National timescales (Working Together 2023) -------------------------------------------------

CONTACT_DECISION_WORKING_DAYS = 1  # R1
ASSESSMENT_WORKING_DAYS = 45  # R2, the maximum; reasons are recorded if exceeded
INITIAL_CONFERENCE_WORKING_DAYS = 15  # R3
TRANSFER_IN_CONFERENCE_WORKING_DAYS = 15  # R4
FIRST_CORE_GROUP_WORKING_DAYS = 10  # R5
FIRST_REVIEW_CONFERENCE_MONTHS = 3  # R6
NEXT_REVIEW_CONFERENCE_MONTHS = 6  # R6
ADULTHOOD_YEARS = 18  # R8
# The outcome measure "re-referrals within 12 months" (domain.md §10, the CIN census's own):
# a referral within 12 calendar months of an earlier one.
RE_REFERRAL_MONTHS = 12


def earlier_involvement_from(received: date) -> date:
    """The first day of the 12 calendar months before a contact received on ``received``: the
    window the contact page shows earlier contacts and referrals from, and re-referrals count in."""
    return add_calendar_months(received, -RE_REFERRAL_MONTHS)


def is_re_referral(received: date, earlier_referrals: list[date]) -> bool:
    """A contact is a re-referral when the child was referred (an episode began) within the
    12 months before it was received, on or after the same day a year earlier."""
    start = earlier_involvement_from(received)
    return any(start <= referred <= received for referred in earlier_referrals)


def contact_decision_due(received: date) -> date:
    """R1: a decision on what to do about a contact is due 1 working day after it is received."""
    return add_working_days(received, CONTACT_DECISION_WORKING_DAYS)


LOCAL_TIME = ZoneInfo("Europe/London")


def contact_decision_due_at(received_at: datetime) -> datetime:
    """R1: the moment the decision falls due: the same time of day in Europe/London, 1 working
    day after the contact was received (a contact on Friday at 4.30pm is due on Monday at
    4.30pm; one on a Saturday, Monday at the same time). Given and returned as aware times."""
    if received_at.tzinfo is None:
        raise ValueError("Give the time the contact was received with its time zone.")
    local = received_at.astimezone(LOCAL_TIME)
    due_day = contact_decision_due(local.date())
    return datetime.combine(due_day, local.time().replace(tzinfo=None), tzinfo=LOCAL_TIME)


def assessment_due(referral: date) -> date:
    """R2: a child and family assessment is due 45 working days after the referral date."""
    return add_working_days(referral, ASSESSMENT_WORKING_DAYS)


def initial_conference_due(strategy_discussion: date) -> date:
    """R3: the initial child protection conference is due 15 working days after the strategy
    discussion that started the section 47 enquiry.

    Being a working day by construction, it is never a weekend (CIN census rule 8870Q) nor a bank
    holiday.
    """
    return add_working_days(strategy_discussion, INITIAL_CONFERENCE_WORKING_DAYS)


def transfer_in_conference_due(notified: date) -> date:
    """R4: a transfer-in conference is due 15 working days after the receiving council is told
    of the child's permanent move."""
    return add_working_days(notified, TRANSFER_IN_CONFERENCE_WORKING_DAYS)


def first_core_group_due(initial_conference: date) -> date:
    """R5: the first core group meeting is due 10 working days after the initial conference."""
    return add_working_days(initial_conference, FIRST_CORE_GROUP_WORKING_DAYS)


def first_review_conference_due(initial_conference: date) -> date:
    """R6: the first review conference is due within 3 calendar months of the initial conference.

    The same day number 3 months on, clamped to the month end (30 November gives the end of
    February). This is the statutory limit and may fall on a weekend; a meeting must then be held
    by the working day before (see ``workdays.previous_working_day_on_or_before``).
    """
    return add_calendar_months(initial_conference, FIRST_REVIEW_CONFERENCE_MONTHS)


def next_review_conference_due(previous_review: date) -> date:
    """R6: later review conferences are due no more than 6 calendar months after the last one."""
    return add_calendar_months(previous_review, NEXT_REVIEW_CONFERENCE_MONTHS)


def eighteenth_birthday(date_of_birth: date) -> date:
    """R8: the day the child becomes an adult and a child protection plan ends.

    Someone born on 29 February turns 18 on 1 March in a year without one: in English law a
    person attains an age at the start of the anniversary of their birth, and that anniversary
    has not arrived by 28 February.
    """
    try:
        return date_of_birth.replace(year=date_of_birth.year + ADULTHOOD_YEARS)
    except ValueError:  # 29 February in a year that is not a leap year
        return date(date_of_birth.year + ADULTHOOD_YEARS, 3, 1)


def review_before_eighteen_due(date_of_birth: date) -> date:
    """R8: a review conference for a child on a plan must be held before their 18th birthday.

    Due on the last working day before the birthday, so the review happens while the child is
    still a child and the plan can be ended with a record rather than lapsing.
    """
    day_before = eighteenth_birthday(date_of_birth) - timedelta(days=1)
    return previous_working_day_on_or_before(day_before)


# --- Local timescales (R7) ------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalTimescales:
    """The council's own timers (R7). Defaults follow the examples in domain.md §3.3.

    Override any of them with ``SAFETYMAP_TIMESCALES = {"core_group_interval_weeks": 4}`` in
    settings; read them with :func:`local_timescales`.
    """

    # Core groups after the first: "at least every 6 weeks" is common; some councils use 4.
    core_group_interval_weeks: int = 6
    # Agency reports shared with the family before the conference (Sussex: 3 and 5 working days).
    report_to_family_before_initial_conference_working_days: int = 3
    report_to_family_before_review_conference_working_days: int = 5
    # Agency reports sent to the chair (2 to 3 working days in the procedures found).
    report_to_chair_before_initial_conference_working_days: int = 2
    report_to_chair_before_review_conference_working_days: int = 3
    # Conference record or summary sent to those invited (Wales: within 5 working days).
    record_distribution_working_days: int = 5
    # Visits to a child on a child protection plan: no national frequency; 10 working days is usual.
    statutory_visit_interval_working_days: int = 10
    # Child in need reviews, for example 4-weekly after a child protection plan ends (Sefton).
    cin_review_interval_weeks: int = 4
    # Visits to a child on a child in need plan: neither domain.md nor national guidance sets a
    # frequency; 20 working days (about every 4 weeks) is a common local standard.
    cin_visit_interval_working_days: int = 20
    # A strategy meeting to follow an urgent strategy discussion by phone.
    strategy_meeting_after_urgent_discussion_working_days: int = 5

    def __post_init__(self) -> None:
        # A typo or a negative number in settings must stop the service starting, not quietly
        # produce due dates in the past.
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"SAFETYMAP_TIMESCALES[{field.name!r}] must be a whole number.")
            if value < 0 or (value == 0 and "interval" in field.name):
                raise ValueError(f"SAFETYMAP_TIMESCALES[{field.name!r}] is out of range: {value}.")

    @classmethod
    def from_overrides(cls, overrides: dict[str, int] | None) -> LocalTimescales:
        """Defaults plus ``overrides``; an unknown name is refused, listing the known ones."""
        overrides = dict(overrides or {})
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(
                f"Unknown SAFETYMAP_TIMESCALES setting(s): {', '.join(unknown)}. "
                f"Known settings: {', '.join(sorted(known))}."
            )
        return cls(**overrides)


def local_timescales() -> LocalTimescales:
    """The council's timers: defaults overridden by ``settings.SAFETYMAP_TIMESCALES`` if set.

    Read on each call (it is cheap) so that changed settings, including in tests, take effect.
    """
    # Imported here so the rest of this module stays importable and testable without Django.
    from django.conf import settings

    return LocalTimescales.from_overrides(getattr(settings, "SAFETYMAP_TIMESCALES", None))


def next_core_group_due(previous: date, local: LocalTimescales) -> date:
    """R7: the next core group meeting, a set number of weeks after the previous one.

    Calendar weeks, so it falls on the same weekday; if that is a bank holiday, meet before.
    """
    return previous + timedelta(weeks=local.core_group_interval_weeks)


def report_to_family_due(conference: date, *, initial: bool, local: LocalTimescales) -> date:
    """R7: when agency reports must be shared with the family, counted back from the conference
    (``initial=True`` for an initial conference, False for a review)."""
    working_days = (
        local.report_to_family_before_initial_conference_working_days
        if initial
        else local.report_to_family_before_review_conference_working_days
    )
    return working_days_before(conference, working_days)


def report_to_chair_due(conference: date, *, initial: bool, local: LocalTimescales) -> date:
    """R7: when agency reports must reach the conference chair, counted back from the conference."""
    working_days = (
        local.report_to_chair_before_initial_conference_working_days
        if initial
        else local.report_to_chair_before_review_conference_working_days
    )
    return working_days_before(conference, working_days)


def record_distribution_due(conference: date, local: LocalTimescales) -> date:
    """R7: when the conference record must be sent to everyone invited."""
    return add_working_days(conference, local.record_distribution_working_days)


def next_statutory_visit_due(previous_visit: date, local: LocalTimescales) -> date:
    """R7: the next visit to a child on a child protection plan."""
    return add_working_days(previous_visit, local.statutory_visit_interval_working_days)


def next_cin_review_due(previous_review: date, local: LocalTimescales) -> date:
    """R7: the next child in need plan review."""
    return previous_review + timedelta(weeks=local.cin_review_interval_weeks)


def next_cin_visit_due(previous_visit: date, local: LocalTimescales) -> date:
    """R7: the next visit to a child on a child in need plan."""
    return add_working_days(previous_visit, local.cin_visit_interval_working_days)


def strategy_meeting_due(urgent_discussion: date, local: LocalTimescales) -> date:
    """R7: the strategy meeting that follows an urgent strategy discussion (by phone)."""
    return add_working_days(
        urgent_discussion, local.strategy_meeting_after_urgent_discussion_working_days
    )


# --- Lateness -------------------------------------------------------------------------------------


def days_late(due: date, actual: date) -> int:
    """Working days late (``days_late_working``, §8); 0 if done on or before the due date.

    Anything done after the due date is at least 1 day late, even on a weekend: a conference held
    on the Saturday after a Friday deadline is late, and reports must not count it as on time.
    """
    if actual <= due:
        return 0
    return max(1, working_days_between(due, actual))


def is_overdue(due: date, today: date, done: date | None) -> bool:
    """True if the thing is still not done and its due date has passed (due today is not yet
    overdue). Once done, use :func:`days_late` to say whether it was done late."""
    return done is None and today > due


# --- Labelled due dates for pages and reminders -------------------------------------------------


class Timescale(Enum):
    """Each timescale's rule number and the plain-English name a practitioner sees."""

    CONTACT_DECISION = ("R1", "Decision on the contact")
    ASSESSMENT = ("R2", "Child and family assessment")
    INITIAL_CONFERENCE = ("R3", "Initial child protection conference")
    TRANSFER_IN_CONFERENCE = ("R4", "Transfer-in child protection conference")
    FIRST_CORE_GROUP = ("R5", "First core group meeting")
    FIRST_REVIEW_CONFERENCE = ("R6", "First review child protection conference")
    NEXT_REVIEW_CONFERENCE = ("R6", "Review child protection conference")
    NEXT_CORE_GROUP = ("R7", "Core group meeting")
    REPORT_TO_FAMILY = ("R7", "Agency reports shared with the family")
    REPORT_TO_CHAIR = ("R7", "Agency reports sent to the conference chair")
    RECORD_DISTRIBUTION = ("R7", "Conference record sent to those invited")
    STATUTORY_VISIT = ("R7", "Visit to the child")
    CIN_REVIEW = ("R7", "Child in need plan review")
    CIN_VISIT = ("R7", "Visit to the child on the child in need plan")
    STRATEGY_MEETING = ("R7", "Strategy meeting after an urgent discussion")
    REVIEW_BEFORE_EIGHTEEN = ("R8", "Review conference before the child turns 18")

    def __init__(self, rule: str, label: str) -> None:
        self.rule = rule
        self.label = label

    def due_on(self, due: date) -> Due:
        """This due date, labelled: ``Timescale.ASSESSMENT.due_on(assessment_due(referral))``."""
        return Due(due=due, rule=self.rule, label=self.label)


@dataclass(frozen=True)
class Due:
    """A due date with the rule it comes from ("R3") and what it is for, in plain English."""

    due: date
    rule: str
    label: str

    def is_overdue(self, today: date, done: date | None = None) -> bool:
        return is_overdue(self.due, today, done)

    def days_late(self, actual: date) -> int:
        return days_late(self.due, actual)
