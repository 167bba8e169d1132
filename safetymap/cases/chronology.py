"""A child's chronology: built from the record itself (pathway events and case notes), with the
significant events a practitioner has chosen forming the curated chronology.

Each kind of entry is read with one query, so the page costs the same whatever the history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

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

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


def _between(queryset, field: str, start: datetime.date | None, end: datetime.date | None):
    if start:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__lte": end})
    return queryset


def build(
    child_id: int,
    *,
    kinds: set[str] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    hidden: Any = (),
) -> list[Entry]:
    """Entries newest first. ``kinds`` limits to those kinds (all when None). ``hidden``: the
    children whose records are restricted from the reader (``policy.restricted_children``): a
    contact or map about one of them as well is left out, as its page is refused."""
    wanted = kinds or set(KINDS)
    entries: list[Entry] = []

    def episode_url(episode_id: int) -> str:
        return reverse("cases:episode", kwargs={"pk": episode_id})

    def of_plans(model: type, on: str):
        """A plan's meetings, reviews or visits about this child, in the dates asked for."""
        about_the_child = model.objects.filter(plan__episode__child_id=child_id)
        return _between(about_the_child.select_related("plan"), on, start, end)

    if "contact" in wanted:
        contacts = Contact.objects.filter(children=child_id).exclude(children__in=hidden)
        for contact in _between(contacts, "received_at__date", start, end):
            entries.append(
                Entry(
                    timezone.localtime(contact.received_at).date(),
                    "contact",
                    f"Contact from {contact.referrer_name}: "
                    + (contact.get_decision_display() or "no decision yet"),
                    reverse("cases:contact", kwargs={"pk": contact.pk}),
                    detail=contact.worried_about,
                )
            )
    episodes = Episode.objects.filter(child_id=child_id)
    if "episode" in wanted:
        for episode in episodes:
            if (not start or episode.referral_date >= start) and (
                not end or episode.referral_date <= end
            ):
                entries.append(
                    Entry(
                        episode.referral_date,
                        "episode",
                        f"Referral: {episode.get_primary_need_display()}",
                        episode_url(episode.pk),
                    )
                )
            if (
                episode.closure_date
                and (not start or episode.closure_date >= start)
                and (not end or episode.closure_date <= end)
            ):
                entries.append(
                    Entry(
                        episode.closure_date,
                        "episode",
                        f"Closed: {episode.get_closure_reason_display()}",
                        episode_url(episode.pk),
                        detail=episode.closure_summary,
                    )
                )
    if "assessment" in wanted:
        for a in _between(
            Assessment.objects.filter(episode__child_id=child_id), "started_on", start, end
        ):
            outcome = (
                f", completed {a.completed_on:%-d %B %Y}: {a.get_outcome_display()}"
                if a.completed_on
                else ""
            )
            entries.append(
                Entry(
                    a.started_on,
                    "assessment",
                    f"Child and family assessment started{outcome}",
                    episode_url(a.episode_id),
                )
            )
    if "strategy" in wanted:
        for s in _between(
            StrategyDiscussion.objects.filter(episode__child_id=child_id), "held_on", start, end
        ):
            entries.append(
                Entry(
                    s.held_on,
                    "strategy",
                    f"Strategy discussion: {s.get_section_47_decision_display()}",
                    episode_url(s.episode_id),
                )
            )
        for e in _between(
            Section47Enquiry.objects.filter(episode__child_id=child_id, completed_on__isnull=False),
            "completed_on",
            start,
            end,
        ):
            entries.append(
                Entry(
                    e.completed_on,
                    "strategy",
                    f"Section 47 enquiry outcome: {e.get_outcome_display()}",
                    episode_url(e.episode_id),
                    detail=e.findings,
                )
            )
    if "plan" in wanted:
        for p in _between(
            ChildProtectionPlan.objects.filter(episode__child_id=child_id), "started_on", start, end
        ):
            entries.append(
                Entry(
                    p.started_on,
                    "plan",
                    f"Child protection plan started: {p.get_initial_category_display()}",
                    episode_url(p.episode_id),
                )
            )
        ended = ChildProtectionPlan.objects.filter(
            episode__child_id=child_id, ended_on__isnull=False
        )
        for p in _between(ended, "ended_on", start, end):
            entries.append(
                Entry(
                    p.ended_on,
                    "plan",
                    f"Child protection plan ended: {p.get_end_reason_display()}",
                    episode_url(p.episode_id),
                )
            )
        for t in _between(
            TransferIn.objects.filter(episode__child_id=child_id), "notified_on", start, end
        ):
            entries.append(
                Entry(
                    t.notified_on,
                    "plan",
                    f"Moved here on a child protection plan from {t.from_authority}",
                    episode_url(t.episode_id),
                )
            )
        for m in of_plans(CoreGroupMeeting, "held_on"):
            entries.append(
                Entry(
                    m.held_on,
                    "plan",
                    "Core group meeting",
                    episode_url(m.plan.episode_id),
                    detail=m.notes,
                )
            )
        for r in of_plans(ReviewConference, "held_on"):
            entries.append(
                Entry(
                    r.held_on,
                    "plan",
                    "Review conference: "
                    + ("plan continues" if r.plan_continues else "plan ended"),
                    episode_url(r.plan.episode_id),
                    detail=r.summary,
                )
            )
    if "plan" in wanted:
        cin_plans = ChildInNeedPlan.objects.filter(episode__child_id=child_id)
        for p in _between(cin_plans, "started_on", start, end):
            entries.append(
                Entry(p.started_on, "plan", "Child in need plan started", episode_url(p.episode_id))
            )
        for p in _between(cin_plans.filter(ended_on__isnull=False), "ended_on", start, end):
            ending = f": {p.get_end_outcome_display()}" if p.end_outcome else ""
            entries.append(
                Entry(
                    p.ended_on,
                    "plan",
                    f"Child in need plan ended{ending}",
                    episode_url(p.episode_id),
                    detail=p.end_summary,
                )
            )
        for r in of_plans(ChildInNeedPlanReview, "held_on"):
            entries.append(
                Entry(
                    r.held_on,
                    "plan",
                    "Child in need plan review",
                    episode_url(r.plan.episode_id),
                    detail=r.summary,
                )
            )
        for v in of_plans(ChildInNeedVisit, "visited_on"):
            seen = "seen alone" if v.seen_alone else "seen" if v.seen else "not seen"
            entries.append(
                Entry(
                    v.visited_on,
                    "plan",
                    f"Child in need plan visit by {v.visited_by}: the child was {seen}",
                    episode_url(v.plan.episode_id),
                    detail=" ".join(
                        part
                        for part in (
                            f"The child said: {v.child_said}" if v.child_said else "",
                            v.notes,
                        )
                        if part
                    ),
                )
            )
    if "oversight" in wanted:
        for o in _between(
            ManagementOversight.objects.filter(episode__child_id=child_id).select_related(
                "recorded_by", "direction_for"
            ),
            "recorded_on",
            start,
            end,
        ):
            direction = (
                f" Direction for {o.direction_for}, due {o.direction_due:%-d %B %Y}: "
                f"{o.direction}"
                + (f" (done {o.direction_done_on:%-d %B %Y})" if o.direction_done_on else "")
                if o.direction
                else ""
            )
            entries.append(
                Entry(
                    o.recorded_on,
                    "oversight",
                    f"{'Supervision' if o.is_supervision else 'Management oversight'} "
                    f"by {o.recorded_by}",
                    episode_url(o.episode_id),
                    detail=o.summary + direction,
                )
            )
        decided = Authorisation.objects.filter(
            episode__child_id=child_id, decided_at__isnull=False
        ).select_related("decided_by", "requested_by")
        for a in _between(decided, "decided_at__date", start, end):
            verdict = (
                "Authorised"
                if a.state == Authorisation.State.AUTHORISED
                else f"Returned to {a.requested_by}"
            )
            entries.append(
                Entry(
                    timezone.localtime(a.decided_at).date(),
                    "oversight",
                    f"{verdict} by {a.decided_by}: {a.get_kind_display().lower()}",
                    episode_url(a.episode_id),
                    detail=a.manager_comment,
                )
            )
    if "allocation" in wanted:
        for a in _between(
            Allocation.objects.filter(episode__child_id=child_id).select_related("worker", "team"),
            "started_on",
            start,
            end,
        ):
            entries.append(
                Entry(
                    a.started_on,
                    "allocation",
                    f"Allocated to {a.worker}, {a.team}",
                    episode_url(a.episode_id),
                )
            )
    if "note" in wanted:
        for n in _between(
            CaseNote.objects.filter(child_id=child_id).select_related("author"),
            "happened_on",
            start,
            end,
        ):
            entries.append(
                Entry(
                    n.happened_on,
                    "note",
                    f"{n.get_note_type_display()} ({n.author})",
                    detail=n.text,
                    note_id=n.pk,
                )
            )
    if "map" in wanted:
        from safetymap.mapping.models import SoSMap

        for sos_map in _between(
            SoSMap.objects.filter(episode__child_id=child_id).exclude(children__in=hidden),
            "held_on",
            start,
            end,
        ):
            entries.append(
                Entry(
                    sos_map.held_on,
                    "map",
                    f"{sos_map.get_context_display()} map (version {sos_map.version}, "
                    f"{sos_map.get_status_display().lower()})",
                    reverse("mapping:map", kwargs={"pk": sos_map.pk}),
                )
            )
    if "significant" in wanted:
        for s in _between(
            SignificantEvent.objects.filter(child_id=child_id), "occurred_on", start, end
        ):
            entries.append(
                Entry(
                    s.occurred_on,
                    "significant",
                    s.what_happened,
                    significant=True,
                    detail=f"Source: {s.source}. Impact on the child: {s.impact_on_child}. "
                    f"Significance: {s.get_significance_display().lower()}.",
                )
            )
    return sorted(entries, key=lambda entry: entry.on, reverse=True)
