"""Reads of children's records. Every one starts from the access policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from safetymap.access.policy import basis_for, searchable_children, visible_children
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases.models import Allocation, Episode
from safetymap.people.matching import Match, PersonDetails, likely_matches, search_keys
from safetymap.people.models import Child, HouseholdMember, Relationship

# How many candidates sharing a search key are scored; far more than any real family has.
MAX_CANDIDATES = 500


@dataclass(frozen=True)
class FoundChild:
    child: Child
    match: Match
    visible: bool  # False: only the front door sees it in search, and must give a reason to open it


def my_children(user: User) -> QuerySet[Child]:
    """The children this person can see, with their current allocations, in a fixed few queries."""
    current = Allocation.objects.filter(ended_on__isnull=True).select_related("worker", "team")
    return (
        visible_children(user)
        .prefetch_related(
            Prefetch(
                "episodes",
                queryset=Episode.objects.prefetch_related(
                    Prefetch("allocations", queryset=current, to_attr="current_allocations")
                ),
            )
        )
        .order_by("last_name", "first_name")
    )


def find_children(user: User, query: PersonDetails, limit: int = 5) -> list[FoundChild]:
    """Likely matches for the details typed, among the children this person may search."""
    keys = search_keys(query)
    scope = searchable_children(user)
    candidates = list(
        scope.filter(search_keys__key__in=keys).distinct().order_by("pk")[:MAX_CANDIDATES]
    )
    by_pk = {child.pk: child for child in candidates}
    visible = set(visible_children(user).filter(pk__in=by_pk).values_list("pk", flat=True))
    details = [
        PersonDetails(
            first_name=c.first_name,
            last_name=c.last_name,
            date_of_birth=c.date_of_birth or c.expected_date_of_birth,
            nhs_number=c.nhs_number,
            key=c.pk,
        )
        for c in candidates
    ]
    return [
        FoundChild(by_pk[m.candidate.key], m, m.candidate.key in visible)
        for m in likely_matches(query, details, limit=limit)
    ]


def open_child_record(user: User, pk: int) -> Child:
    """A child's whole record, read in a fixed number of queries, and the read audited.

    A child the person may not see is 'not found', exactly like one that does not exist.
    """
    basis = basis_for(user, pk)
    if basis is None:
        raise Http404
    child = (
        Child.objects.filter(pk=pk)
        .select_related("school", "gp", "address")
        .prefetch_related(
            Prefetch(
                "relationships",
                queryset=Relationship.objects.select_related("person", "other_child"),
            ),
            Prefetch(
                "households",
                queryset=HouseholdMember.objects.select_related("household__address"),
            ),
            Prefetch(
                "episodes",
                queryset=Episode.objects.prefetch_related(
                    Prefetch(
                        "allocations",
                        queryset=Allocation.objects.select_related("worker", "team"),
                    )
                ),
            ),
        )
        .get()
    )
    record(actor=user, action=Action.VIEW, subject=child, basis=basis)
    return child
