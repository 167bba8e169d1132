"""Retention arithmetic: when a record falls due for disposal. Pure Python, no Django.

A schedule is an *anchor* (a date in the record's life: the child's date of birth, the day the
last episode closed…) plus a *period* (years and months). The record is due on anchor + period.

Rules that keep the arithmetic on the safe side (a record is never due a day early):

- A date that does not exist in the target month rolls forward to the first of the next month:
  a child born on 29 February turns 25 on 1 March in a year that is not a leap year (as in
  English law, where a person attains an age at the start of the anniversary of their birth),
  and 31 August plus 6 months is 1 March.
- A record still in use is never due: an open episode, an open child protection plan or a
  contact waiting for its decision.
- A record whose anchor is not known (no date recorded) is never due: keep it, and ask.
- A child's record is classified by the most serious involvement it holds: a child protection
  plan, then an episode of need, then contacts alone.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class RecordType(StrEnum):
    CONTACT_ONLY = "CONTACT_ONLY"
    CHILD_RECORD = "CHILD_RECORD"
    CHILD_PROTECTION = "CHILD_PROTECTION"


class Anchor(StrEnum):
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    LAST_EPISODE_CLOSED = "LAST_EPISODE_CLOSED"
    LAST_PLAN_ENDED = "LAST_PLAN_ENDED"
    LAST_CONTACT_DECIDED = "LAST_CONTACT_DECIDED"


RECORD_TYPE_LABELS: dict[RecordType, str] = {
    RecordType.CONTACT_ONLY: "A child known only through contacts that led to no further action",
    RecordType.CHILD_RECORD: "A child's record with no child protection plan",
    RecordType.CHILD_PROTECTION: "A child who was on a child protection plan",
}

ANCHOR_LABELS: dict[Anchor, str] = {
    Anchor.DATE_OF_BIRTH: "The child's date of birth",
    Anchor.LAST_EPISODE_CLOSED: "The day the child's last episode closed",
    Anchor.LAST_PLAN_ENDED: "The day the child's last child protection plan ended",
    Anchor.LAST_CONTACT_DECIDED: "The day the last contact about the child was decided",
}

# Which anchors make sense for each record type (a contact-only record has no episode).
ANCHORS_FOR: dict[RecordType, tuple[Anchor, ...]] = {
    RecordType.CONTACT_ONLY: (Anchor.LAST_CONTACT_DECIDED, Anchor.DATE_OF_BIRTH),
    RecordType.CHILD_RECORD: (
        Anchor.DATE_OF_BIRTH,
        Anchor.LAST_EPISODE_CLOSED,
        Anchor.LAST_CONTACT_DECIDED,
    ),
    RecordType.CHILD_PROTECTION: (
        Anchor.DATE_OF_BIRTH,
        Anchor.LAST_PLAN_ENDED,
        Anchor.LAST_EPISODE_CLOSED,
    ),
}


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0

    def __post_init__(self) -> None:
        if self.years < 0 or self.months < 0 or not 0 <= self.months < 12:
            raise ValueError("A period is whole years and 0 to 11 months, never negative")

    def __str__(self) -> str:
        parts = []
        if self.years:
            parts.append(f"{self.years} year{'s' if self.years != 1 else ''}")
        if self.months:
            parts.append(f"{self.months} month{'s' if self.months != 1 else ''}")
        return " and ".join(parts) or "no time"


@dataclass(frozen=True)
class Rule:
    anchor: Anchor
    period: Period


def add_period(anchor: datetime.date, period: Period) -> datetime.date:
    """anchor + period; a day the target month lacks rolls forward to the 1st of the next."""
    months = anchor.month - 1 + period.months + 12 * period.years
    year, month = anchor.year + months // 12, months % 12 + 1
    if anchor.day <= calendar.monthrange(year, month)[1]:
        return datetime.date(year, month, anchor.day)
    return datetime.date(year + month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class ChildFacts:
    """What the schedule needs to know about one child's record, read in bulk by selectors."""

    child_id: int
    born_on: datetime.date | None  # date of birth, or the expected one for an unborn child
    has_episode: bool = False
    has_open_episode: bool = False
    last_episode_closed: datetime.date | None = None
    had_plan: bool = False
    has_open_plan: bool = False
    last_plan_ended: datetime.date | None = None
    has_undecided_contact: bool = False
    last_contact_decided: datetime.date | None = None

    @property
    def in_use(self) -> bool:
        return self.has_open_episode or self.has_open_plan or self.has_undecided_contact


def record_type_of(facts: ChildFacts) -> RecordType | None:
    """The kind of record this is; None for a record with nothing on it yet (kept: ask)."""
    if facts.had_plan:
        return RecordType.CHILD_PROTECTION
    if facts.has_episode:
        return RecordType.CHILD_RECORD
    if facts.last_contact_decided is not None:
        return RecordType.CONTACT_ONLY
    return None


def anchor_date(facts: ChildFacts, anchor: Anchor) -> datetime.date | None:
    return {
        Anchor.DATE_OF_BIRTH: facts.born_on,
        Anchor.LAST_EPISODE_CLOSED: facts.last_episode_closed,
        Anchor.LAST_PLAN_ENDED: facts.last_plan_ended,
        Anchor.LAST_CONTACT_DECIDED: facts.last_contact_decided,
    }[anchor]


@dataclass(frozen=True)
class Due:
    record_type: RecordType
    rule: Rule
    anchor_on: datetime.date
    due_on: datetime.date

    def is_due(self, today: datetime.date) -> bool:
        return today >= self.due_on


def due_date(facts: ChildFacts, rules: Mapping[RecordType, Rule]) -> Due | None:
    """When this record falls due, or None if it never can as it stands (in use, unknown type,
    no schedule for its type, or no anchor date)."""
    if facts.in_use:
        return None
    kind = record_type_of(facts)
    rule = rules.get(kind) if kind else None
    if rule is None:
        return None
    anchor_on = anchor_date(facts, rule.anchor)
    if anchor_on is None:
        return None
    return Due(kind, rule, anchor_on, add_period(anchor_on, rule.period))
