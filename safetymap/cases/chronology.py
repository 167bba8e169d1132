"""A child's chronology: built from the record itself (pathway events and case notes), with the
significant events a practitioner has chosen forming the curated chronology.

The page shows the latest entries and "Show earlier entries" (``page``): keyset pagination
(``safetymap.core.paging``) across every kind of entry at once. Each source (a model and the date
that places it) is one query, filtered by the cursor and limited to the page's size + 1; the
sources' rows are merged and cut in Python. So a page costs the same queries, and about the same
size, whatever the history. Entries are ordered by (date, source, id), newest first: the
source's place in ``_sources`` and the row's id break ties between entries on the same date, so
every entry has one place and the pages have no gaps or repeats. The whole chronology (the
printable version) is ``entries``, read source by source as they are merged.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.urls import reverse

from safetymap.cases.models import (
    Allocation,
    Assessment,
    Authorisation,
    CaseNote,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildInNeedVisit,
    ChildProtectionPlan,
    Contact,
    CoreGroupMeeting,
    Episode,
    ManagementOversight,
    ReviewConference,
    Section47Enquiry,
    SignificantEvent,
    StrategyDiscussion,
    TransferIn,
)
from safetymap.core import paging

KINDS: dict[str, str] = {
    "contact": "Contacts",
    "episode": "Referrals and closures",
    "assessment": "Assessments",
    "strategy": "Strategy discussions and section 47 enquiries",
    "plan": "Plans, core groups and reviews",
    "allocation": "Allocations",
    "oversight": "Management oversight and decisions",
    "note": "Case notes",
    "map": "Signs of Safety maps",
    "significant": "Significant events",
}


@dataclass(frozen=True)
class Entry:
    on: datetime.date
    kind: str
    summary: str
    url: str = ""
    significant: bool = False
    detail: str = ""
    note_id: int | None = None
    source: int = 0  # with ``row_id``, the entry's place among entries of the same date
    row_id: int = 0

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


PAGE_SIZE = 50
ORDER = ("-on", "-source", "-id")  # names the cursor's parts (and salts its signature)
ON = "chronology_on"  # the date each source's rows are annotated with


@dataclass(frozen=True)
class _Source:
    """One query's worth of entries: the rows about the child, the field that dates them (a
    datetime is placed on its local date), and how a row reads as an entry."""

    kind: str
    rows: QuerySet
    on: str
    entry: Callable[[Any, datetime.date], Entry]
    local_date: bool = False

    def dated(self) -> QuerySet:
        on = TruncDate(self.on) if self.local_date else F(self.on)
        return self.rows.filter(**{f"{self.on}__isnull": False}).annotate(**{ON: on})


def _episode_url(episode_id: int) -> str:
    return reverse("cases:episode", kwargs={"pk": episode_id})


def _sources(child_id: int, hidden: Any) -> list[_Source]:
    """Every source, in a fixed order: an entry's place is (date, position here, id), so the
    order must not change with the filters (a cursor holds the position)."""
    from safetymap.mapping.models import SoSMap

    def of_plans(model: type) -> QuerySet:
        """A plan's meetings, reviews or visits about this child."""
        return model.objects.filter(plan__episode__child_id=child_id).select_related("plan")

    def visit(v: ChildInNeedVisit, on: datetime.date) -> Entry:
        seen = "seen alone" if v.seen_alone else "seen" if v.seen else "not seen"
        said = f"The child said: {v.child_said}" if v.child_said else ""
        return Entry(
            on,
            "plan",
            f"Child in need plan visit by {v.visited_by}: the child was {seen}",
            _episode_url(v.plan.episode_id),
            detail=" ".join(part for part in (said, v.notes) if part),
        )

    def oversight(o: ManagementOversight, on: datetime.date) -> Entry:
        direction = (
            f" Direction for {o.direction_for}, due {o.direction_due:%-d %B %Y}: "
            f"{o.direction}"
            + (f" (done {o.direction_done_on:%-d %B %Y})" if o.direction_done_on else "")
            if o.direction
            else ""
        )
        return Entry(
            on,
            "oversight",
            f"{'Supervision' if o.is_supervision else 'Management oversight'} by {o.recorded_by}",
            _episode_url(o.episode_id),
            detail=o.summary + direction,
        )

    def decision(a: Authorisation, on: datetime.date) -> Entry:
        verdict = (
            "Authorised"
            if a.state == Authorisation.State.AUTHORISED
            else f"Returned to {a.requested_by}"
        )
        return Entry(
            on,
            "oversight",
            f"{verdict} by {a.decided_by}: {a.get_kind_display().lower()}",
            _episode_url(a.episode_id),
            detail=a.manager_comment,
        )

    def assessment(a: Assessment, on: datetime.date) -> Entry:
        outcome = (
            f", completed {a.completed_on:%-d %B %Y}: {a.get_outcome_display()}"
            if a.completed_on
            else ""
        )
        return Entry(
            on,
            "assessment",
            f"Child and family assessment started{outcome}",
            _episode_url(a.episode_id),
        )

    def cin_ended(p: ChildInNeedPlan, on: datetime.date) -> Entry:
        ending = f": {p.get_end_outcome_display()}" if p.end_outcome else ""
        return Entry(
            on,
            "plan",
            f"Child in need plan ended{ending}",
            _episode_url(p.episode_id),
            detail=p.end_summary,
        )

    of_episodes = {"episode__child_id": child_id}
    episodes = Episode.objects.filter(child_id=child_id)
    cp_plans = ChildProtectionPlan.objects.filter(**of_episodes)
    cin_plans = ChildInNeedPlan.objects.filter(**of_episodes)
    return [
        _Source(
            "contact",
            Contact.objects.filter(children=child_id).exclude(children__in=hidden),
            "received_at",
            lambda c, on: Entry(
                on,
                "contact",
                f"Contact from {c.referrer_name}: "
                + (c.get_decision_display() or "no decision yet"),
                reverse("cases:contact", kwargs={"pk": c.pk}),
                detail=c.worried_about,
            ),
            local_date=True,
        ),
        _Source(
            "episode",
            episodes,
            "referral_date",
            lambda e, on: Entry(
                on, "episode", f"Referral: {e.get_primary_need_display()}", _episode_url(e.pk)
            ),
        ),
        _Source(
            "episode",
            episodes,
            "closure_date",
            lambda e, on: Entry(
                on,
                "episode",
                f"Closed: {e.get_closure_reason_display()}",
                _episode_url(e.pk),
                detail=e.closure_summary,
            ),
        ),
        _Source("assessment", Assessment.objects.filter(**of_episodes), "started_on", assessment),
        _Source(
            "strategy",
            StrategyDiscussion.objects.filter(**of_episodes),
            "held_on",
            lambda s, on: Entry(
                on,
                "strategy",
                f"Strategy discussion: {s.get_section_47_decision_display()}",
                _episode_url(s.episode_id),
            ),
        ),
        _Source(
            "strategy",
            Section47Enquiry.objects.filter(**of_episodes),
            "completed_on",
            lambda e, on: Entry(
                on,
                "strategy",
                f"Section 47 enquiry outcome: {e.get_outcome_display()}",
                _episode_url(e.episode_id),
                detail=e.findings,
            ),
        ),
        _Source(
            "plan",
            cp_plans,
            "started_on",
            lambda p, on: Entry(
                on,
                "plan",
                f"Child protection plan started: {p.get_initial_category_display()}",
                _episode_url(p.episode_id),
            ),
        ),
        _Source(
            "plan",
            cp_plans,
            "ended_on",
            lambda p, on: Entry(
                on,
                "plan",
                f"Child protection plan ended: {p.get_end_reason_display()}",
                _episode_url(p.episode_id),
            ),
        ),
        _Source(
            "plan",
            TransferIn.objects.filter(**of_episodes),
            "notified_on",
            lambda t, on: Entry(
                on,
                "plan",
                f"Moved here on a child protection plan from {t.from_authority}",
                _episode_url(t.episode_id),
            ),
        ),
        _Source(
            "plan",
            of_plans(CoreGroupMeeting),
            "held_on",
            lambda m, on: Entry(
                on, "plan", "Core group meeting", _episode_url(m.plan.episode_id), detail=m.notes
            ),
        ),
        _Source(
            "plan",
            of_plans(ReviewConference),
            "held_on",
            lambda r, on: Entry(
                on,
                "plan",
                "Review conference: " + ("plan continues" if r.plan_continues else "plan ended"),
                _episode_url(r.plan.episode_id),
                detail=r.summary,
            ),
        ),
        _Source(
            "plan",
            cin_plans,
            "started_on",
            lambda p, on: Entry(
                on, "plan", "Child in need plan started", _episode_url(p.episode_id)
            ),
        ),
        _Source("plan", cin_plans, "ended_on", cin_ended),
        _Source(
            "plan",
            of_plans(ChildInNeedPlanReview),
            "held_on",
            lambda r, on: Entry(
                on,
                "plan",
                "Child in need plan review",
                _episode_url(r.plan.episode_id),
                detail=r.summary,
            ),
        ),
        _Source("plan", of_plans(ChildInNeedVisit), "visited_on", visit),
        _Source(
            "oversight",
            ManagementOversight.objects.filter(**of_episodes).select_related(
                "recorded_by", "direction_for"
            ),
            "recorded_on",
            oversight,
        ),
        _Source(
            "oversight",
            Authorisation.objects.filter(**of_episodes).select_related(
                "decided_by", "requested_by"
            ),
            "decided_at",
            decision,
            local_date=True,
        ),
        _Source(
            "allocation",
            Allocation.objects.filter(**of_episodes).select_related("worker", "team"),
            "started_on",
            lambda a, on: Entry(
                on, "allocation", f"Allocated to {a.worker}, {a.team}", _episode_url(a.episode_id)
            ),
        ),
        _Source(
            "note",
            CaseNote.objects.filter(child_id=child_id).select_related("author"),
            "happened_on",
            lambda n, on: Entry(
                on,
                "note",
                f"{n.get_note_type_display()} ({n.author})",
                detail=n.text,
                note_id=n.pk,
            ),
        ),
        _Source(
            "map",
            SoSMap.objects.filter(episode__child_id=child_id).exclude(children__in=hidden),
            "held_on",
            lambda m, on: Entry(
                on,
                "map",
                f"{m.get_context_display()} map (version {m.version}, "
                f"{m.get_status_display().lower()})",
                reverse("mapping:map", kwargs={"pk": m.pk}),
            ),
        ),
        _Source(
            "significant",
            SignificantEvent.objects.filter(child_id=child_id),
            "occurred_on",
            lambda s, on: Entry(
                on,
                "significant",
                s.what_happened,
                significant=True,
                detail=f"Source: {s.source}. Impact on the child: {s.impact_on_child}. "
                f"Significance: {s.get_significance_display().lower()}.",
            ),
        ),
    ]


def _key(entry: Entry) -> tuple[datetime.date, int, int]:
    return (entry.on, entry.source, entry.row_id)


def _wanted(
    child_id: int,
    kinds: set[str] | None,
    start: datetime.date | None,
    end: datetime.date | None,
    hidden: Any,
) -> list[tuple[int, _Source, QuerySet]]:
    """Each source of the kinds asked for, with its rows in the dates asked for."""
    wanted = kinds or set(KINDS)
    chosen = []
    for position, source in enumerate(_sources(child_id, hidden)):
        if source.kind not in wanted:
            continue
        rows = source.dated()
        if start:
            rows = rows.filter(**{f"{ON}__gte": start})
        if end:
            rows = rows.filter(**{f"{ON}__lte": end})
        chosen.append((position, source, rows))
    return chosen


def _as_entry(position: int, source: _Source, row: Any) -> Entry:
    return replace(source.entry(row, getattr(row, ON)), source=position, row_id=row.pk)


def _beyond(position: int, key: tuple[datetime.date, int, int], earlier: bool) -> Q:
    """This source's rows that come after ``key`` in the chronology's order: earlier entries
    (``earlier``) or later ones. The source's place is fixed, so (date, source, id) compared
    with the key reduces to a condition on (date, id)."""
    on, at, row_id = key
    before, after = ("lt", "gt") if earlier else ("gt", "lt")
    if position == at:
        return Q(**{f"{ON}__{before}": on}) | Q(**{ON: on, f"pk__{before}": row_id})
    comes_first = position < at if earlier else position > at
    return Q(**{f"{ON}__{before}e": on}) if comes_first else Q(**{f"{ON}__{before}": on})


def _read(
    chosen: list[tuple[int, _Source, QuerySet]],
    size: int,
    key: tuple[datetime.date, int, int] | None,
    earlier: bool,
) -> list[Entry]:
    """Up to ``size`` + 1 entries beyond ``key`` (from the start when None), nearest first: one
    query per source, each limited to ``size`` + 1, so the merge has every entry it needs."""
    found: list[Entry] = []
    order = (f"-{ON}", "-pk") if earlier else (ON, "pk")
    for position, source, rows in chosen:
        if key is not None:
            rows = rows.filter(_beyond(position, key, earlier))
        found += [_as_entry(position, source, row) for row in rows.order_by(*order)[: size + 1]]
    return sorted(found, key=_key, reverse=earlier)[: size + 1]


def _cursor(direction: str, entry: Entry) -> str:
    return paging.make_cursor(ORDER, direction, _key(entry))


def page(
    child_id: int,
    *,
    kinds: set[str] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    hidden: Any = (),
    cursor: str | None = None,
    size: int = PAGE_SIZE,
) -> paging.KeysetPage[Entry]:
    """The latest ``size`` entries (or those just earlier or later than the cursor's), newest
    first, with cursors to "Show earlier entries" and back to later ones. A cursor that is not
    one gives the latest entries, with ``cursor_was_bad`` set. Filters as for ``entries``."""
    chosen = _wanted(child_id, kinds, start, end, hidden)
    read = paging.read_cursor(ORDER, cursor, parsers=(datetime.date.fromisoformat, int, int))
    if read is None:
        return _page_of(_read(chosen, size, None, True), size, first=True, bad=bool(cursor))
    direction, key = read
    if direction == paging.AFTER:
        return _page_of(_read(chosen, size, tuple(key), True), size, first=False)
    later = _read(chosen, size, tuple(key), False)
    if len(later) <= size:
        # Back at the latest entries: show the first page whole.
        return _page_of(_read(chosen, size, None, True), size, first=True)
    shown = later[:size][::-1]
    return paging.KeysetPage(
        rows=shown,
        next_cursor=_cursor(paging.AFTER, shown[-1]),
        previous_cursor=_cursor(paging.BEFORE, shown[0]),
        is_first=False,
    )


def _page_of(found: list[Entry], size: int, *, first: bool, bad: bool = False):
    shown = found[:size]
    return paging.KeysetPage(
        rows=shown,
        next_cursor=_cursor(paging.AFTER, shown[-1]) if len(found) > size else None,
        previous_cursor=_cursor(paging.BEFORE, shown[0]) if shown and not first else None,
        is_first=first,
        cursor_was_bad=bad,
    )


def entries(
    child_id: int,
    *,
    kinds: set[str] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    hidden: Any = (),
) -> Iterator[Entry]:
    """Every entry, newest first, read source by source in chunks as they are merged (the
    printable chronology streams these). ``kinds`` limits to those kinds (all when None).
    ``hidden``: the children whose records are restricted from the reader
    (``policy.restricted_children``): a contact or map about one of them as well is left out,
    as its page is refused."""

    def stream(position: int, source: _Source, rows: QuerySet) -> Iterator[Entry]:
        for row in rows.order_by(f"-{ON}", "-pk").iterator(chunk_size=500):
            yield _as_entry(position, source, row)

    streams = [stream(*chosen) for chosen in _wanted(child_id, kinds, start, end, hidden)]
    return heapq.merge(*streams, key=_key, reverse=True)


def build(child_id: int, **filters: Any) -> list[Entry]:
    """Every entry, newest first, as a list (``entries``)."""
    return list(entries(child_id, **filters))
