"""Reads of maps, through the access policy, with the read audited."""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from safetymap.access.policy import basis_for, shared_record_basis
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record, record_read, record_repeated_read
from safetymap.mapping.models import (
    DangerStatement,
    EscalationResponse,
    MapItem,
    SafetyGoal,
    ScaleRating,
    SoSMap,
)


def map_basis(user: User, sos_map: SoSMap) -> str | None:
    """Why this person may see this map: sight of its episode's child, and no other child the
    map is about restricted from them (a shared map is refused whole: see
    ``access.policy.shared_record_basis``). Every read and change of a map asks this."""
    others = [child.pk for child in sos_map.children.all()]
    return shared_record_basis(user, sos_map.episode.child_id, others)


def map_with_everything(pk: int) -> SoSMap | None:
    """One map with all its parts, in a fixed number of queries. Callers check access first."""
    return (
        SoSMap.objects.filter(pk=pk)
        .select_related("episode__child", "facilitator", "supersedes")
        .prefetch_related(
            Prefetch("danger_statements", queryset=DangerStatement.objects.order_by("seq_no")),
            Prefetch(
                "safety_goals",
                queryset=SafetyGoal.objects.select_related("danger_statement", "review"),
            ),
            "children",
            Prefetch(
                "items",
                queryset=MapItem.objects.select_related("danger_statement").prefetch_related(
                    "children"
                ),
            ),
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
    """The live token of a map this person may see, in one query whatever its size."""
    from safetymap.mapping.presentation import LiveState

    def count(model) -> Subquery:
        rows = model.objects.filter(map=OuterRef("pk")).values("map").annotate(n=Count("pk"))
        return Coalesce(Subquery(rows.values("n")), 0)

    def latest(model) -> Subquery:
        rows = model.objects.filter(map=OuterRef("pk")).values("map")
        return Subquery(rows.annotate(last=Max("changed_at")).values("last"))

    responses = (
        EscalationResponse.objects.filter(rating__map=OuterRef("pk"))
        .values("rating__map")
        .annotate(n=Count("pk"))
    )
    # Annotated as live_<name>: the plain names are the map's own relations.
    parts = {
        "items": count(MapItem),
        "last_item_change": latest(MapItem),
        "statements": count(DangerStatement),
        "goals": count(SafetyGoal),
        "last_goal_change": latest(SafetyGoal),
        "ratings": count(ScaleRating),
        "responses": Coalesce(Subquery(responses.values("n")), 0),
    }
    row = (
        SoSMap.objects.filter(pk=pk)
        .annotate(**{f"live_{name}": value for name, value in parts.items()})
        .values("episode__child_id", *(f"live_{name}" for name in parts))
        .first()
    )
    others = SoSMap.children.through.objects.filter(sosmap_id=pk).values_list("child", flat=True)
    if row is None or shared_record_basis(user, row["episode__child_id"], others) is None:
        raise Http404
    state = {name: row[f"live_{name}"] for name in parts}
    return LiveState(**state).token


def open_map(user: User, pk: int, *, audit: bool = True) -> SoSMap:
    """A whole map in a fixed number of queries, whatever its size; 'not found' for a child the
    person may not see."""
    sos_map = map_with_everything(pk)
    basis = map_basis(user, sos_map) if sos_map else None
    if basis is None:
        raise Http404
    if audit:
        record_read(
            actor=user,
            subject=sos_map,
            basis=basis,
            child_id=sos_map.episode.child_id,
            also_about=[child.pk for child in sos_map.children.all()],
        )
    return sos_map


def escalated_rating(user: User, pk: int) -> ScaleRating:
    """A rating that raised an R24 alert, on a map of a child this person may see; the page
    shows who rated it and why, so the read is audited."""
    rating = (
        ScaleRating.objects.filter(pk=pk, escalated=True)
        .select_related("map__episode__child", "danger_statement")
        .first()
    )
    basis = map_basis(user, rating.map) if rating else None
    if basis is None:
        raise Http404
    record_read(
        actor=user,
        subject=rating,
        basis=basis,
        child_id=rating.map.episode.child_id,
        page="low safety rating",
    )
    return rating


def goals_for_review(user: User, episode, *, audit: bool = True) -> list[SafetyGoal]:
    """The safety goals of an episode's latest map, with their reviews (R33), for a person who
    can see the child; the read of the map audited."""
    from safetymap.mapping.closure import goals_to_review, latest_map

    latest = latest_map(episode)
    basis = map_basis(user, latest) if latest else basis_for(user, episode.child_id)
    if basis is None:
        raise Http404
    goals = goals_to_review(episode)
    if audit and goals:
        record(
            actor=user,
            action=Action.VIEW,
            subject=latest_map(episode),
            basis=basis,
            details={"child": episode.child_id, "page": "safety goal review"},
        )
    return goals


def live_map(user: User, pk: int, session: SessionBase) -> SoSMap:
    """The whole map again for the live map page's poll, when it has changed since the poll's
    token (or the poll sent none). A poll that answers with the map is a full read, so it is
    audited, but through ``record_repeated_read``: the page polls every 1.5 seconds while it
    is open, and a row for every change seen by every viewer of a busy map would bury the
    trail. Opening the map page was audited on its own; the poll is audited the first time it
    sends the map in this sign-in session and again every few minutes while it goes on, whether
    or not a token came with it, so reading the JSON by hand is never unaudited."""
    sos_map = open_map(user, pk, audit=False)
    child_id = sos_map.episode.child_id
    record_repeated_read(
        session,
        actor=user,
        subject=sos_map,
        basis=basis_for(user, child_id),
        child_id=child_id,
        page="live map",
    )
    return sos_map
