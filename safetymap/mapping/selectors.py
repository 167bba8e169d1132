"""Reads of maps, through the access policy, with the read audited."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from safetymap.access.policy import basis_for
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.mapping.models import DangerStatement, MapItem, SafetyGoal, ScaleRating, SoSMap


def map_with_everything(pk: int) -> SoSMap | None:
    """One map with all its parts, in a fixed number of queries. Callers check access first."""
    return (
        SoSMap.objects.filter(pk=pk)
        .select_related("episode__child", "facilitator", "supersedes")
        .prefetch_related(
            Prefetch("danger_statements", queryset=DangerStatement.objects.order_by("seq_no")),
            Prefetch(
                "safety_goals", queryset=SafetyGoal.objects.select_related("danger_statement")
            ),
            Prefetch("items", queryset=MapItem.objects.select_related("danger_statement")),
            Prefetch(
                "ratings",
                queryset=ScaleRating.objects.select_related(
                    "danger_statement", "response__recorded_by"
                ),
            ),
        )
        .first()
    )


def live_token_for(user: User, pk: int) -> str:
    """The live token of a map this person may see, in two small queries."""
    from django.db.models import Count, Max

    from safetymap.mapping.presentation import live_token

    sos_map = SoSMap.objects.filter(pk=pk).values("episode__child_id").first()
    if sos_map is None or basis_for(user, sos_map["episode__child_id"]) is None:
        raise Http404
    state = MapItem.objects.filter(map_id=pk).aggregate(count=Count("pk"), last=Max("changed_at"))
    return live_token(state["count"], state["last"])


def open_map(user: User, pk: int, *, audit: bool = True) -> SoSMap:
    """A whole map in a fixed number of queries, whatever its size; 'not found' for a child the
    person may not see."""
    sos_map = map_with_everything(pk)
    basis = basis_for(user, sos_map.episode.child_id) if sos_map else None
    if basis is None:
        raise Http404
    if audit:
        record(
            actor=user,
            action=Action.VIEW,
            subject=sos_map,
            basis=basis,
            details={"child": sos_map.episode.child_id},
        )
    return sos_map


def escalated_rating(user: User, pk: int) -> ScaleRating:
    """A rating that raised an R24 alert, on a map of a child this person may see."""
    rating = (
        ScaleRating.objects.filter(pk=pk, escalated=True)
        .select_related("map__episode__child", "danger_statement")
        .first()
    )
    if rating is None or basis_for(user, rating.map.episode.child_id) is None:
        raise Http404
    return rating
