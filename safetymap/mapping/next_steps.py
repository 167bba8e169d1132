"""The next steps on a child's latest map, offered to the pathway as starting points for what
needs to happen on a child in need plan (domain.md 2.2: "concrete, short-term, owner + date").

Registered with the pathway in ``MappingConfig.ready()`` (``safetymap.cases.providers``), so
that ``cases`` asks without importing this app. The caller has already checked that the person
may see the child's record; this module reads, it does not decide who may."""

from __future__ import annotations

from django.db.models import Q

from safetymap.cases.providers import SuggestedStep
from safetymap.core.display import govuk_date
from safetymap.mapping.codes import Category
from safetymap.mapping.models import MapItem, SoSMap


def latest_map_about(child_id: int) -> SoSMap | None:
    """The newest map about this child: one of their own episodes' maps, or a map that covers
    them with brothers and sisters (a draft counts: it is the latest thinking)."""
    return (
        SoSMap.objects.filter(Q(episode__child_id=child_id) | Q(children=child_id))
        .order_by("-held_on", "-version", "-pk")
        .distinct()
        .first()
    )


def next_steps_for_child(child_id: int) -> list[SuggestedStep]:
    """The next steps on the child's latest map that are about them (about every child on the
    map, or tagged with this one), in the map's order. Two queries."""
    latest = latest_map_about(child_id)
    if latest is None:
        return []
    items = (
        MapItem.objects.filter(map=latest, category=Category.NEXT_STEP)
        .filter(Q(children__isnull=True) | Q(children=child_id))
        .distinct()
        .order_by("position", "pk")
    )
    status = "" if latest.is_final else ", a draft"
    source = f"{latest.get_context_display()} map of {govuk_date(latest.held_on)}{status}"
    return [
        SuggestedStep(
            key=f"mapping.MapItem:{item.pk}",
            what=item.text,
            who=item.owner,
            by_when=item.due_on,
            source=source,
        )
        for item in items
    ]
