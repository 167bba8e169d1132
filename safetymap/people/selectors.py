"""Reads of children's records. Every one starts from the access policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from safetymap.access.policy import (
    basis_for,
    restricted_children,
    searchable_children,
    visible_children,
)
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases.models import Allocation, Episode
from safetymap.people.matching import Match, PersonDetails, likely_matches, search_keys
from safetymap.people.models import (
    Child,
    Household,
    HouseholdMember,
    Person,
    Relationship,
    SearchKey,
    details_of,
)

# The bases on which someone may see a confidential address: they need it for the work.
CONFIDENTIAL_ADDRESS_BASES = frozenset({"allocated worker", "team of the allocated worker"})

# How many times a merged record's pointer is followed (A into B, then B into C).
MAX_MERGE_HOPS = 10

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
        .filter(merged_into__isnull=True)
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
    scope = searchable_children(user).filter(merged_into__isnull=True)
    candidates = list(
        scope.filter(search_keys__key__in=keys).distinct().order_by("pk")[:MAX_CANDIDATES]
    )
    by_pk = {child.pk: child for child in candidates}
    visible = set(visible_children(user).filter(pk__in=by_pk).values_list("pk", flat=True))
    details = [details_of(c) for c in candidates]
    return [
        FoundChild(by_pk[m.candidate.key], m, m.candidate.key in visible)
        for m in likely_matches(query, details, limit=limit)
    ]


def _record_queryset(user: User) -> QuerySet[Child]:
    """A child with everything their record page shows, in a fixed number of queries; never a
    brother or sister whose record is restricted from this person."""
    return Child.objects.select_related("school", "gp", "address").prefetch_related(
        Prefetch(
            "relationships",
            queryset=Relationship.objects.exclude(
                other_child__in=restricted_children(user)
            ).select_related("person", "other_child"),
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
        Prefetch("merged_duplicates", queryset=Child.objects.order_by("merged_at")),
    )


def _mark_address_sight(child: Child, basis: str) -> Child:
    # Templates show a confidential address only when this is True (people/address.html).
    child.sees_confidential_address = basis in CONFIDENTIAL_ADDRESS_BASES
    return child


def open_child_record(user: User, pk: int) -> Child:
    """A child's whole record, read in a fixed number of queries, and the read audited.

    A child the person may not see is 'not found', exactly like one that does not exist.
    """
    basis = basis_for(user, pk)
    if basis is None:
        raise Http404
    child = _record_queryset(user).filter(pk=pk, merged_into__isnull=True).first()
    if child is None:
        raise Http404
    record(actor=user, action=Action.VIEW, subject=child, basis=basis)
    return _mark_address_sight(child, basis)


def merged_record_for(user: User, pk: int) -> int | None:
    """The record a merged duplicate now lives in, if this person may see it; otherwise None,
    so a person who may not see the kept record learns nothing about the duplicate."""
    current, hops = pk, 0
    while hops < MAX_MERGE_HOPS:
        pointer = Child.objects.filter(pk=current).values_list("merged_into", flat=True).first()
        if pointer is None:
            break
        current, hops = pointer, hops + 1
    if hops == 0 or basis_for(user, current) is None:
        return None
    return current


def child_in_sight(user: User, pk: int, *, page: str) -> Child:
    """A child this person may see, for a page about them (a form, a household); the read is
    audited with the page. 'Not found' for a child they may not see, or a merged duplicate."""
    basis = basis_for(user, pk)
    if basis is None:
        raise Http404
    child = Child.objects.select_related("address").filter(pk=pk, merged_into__isnull=True).first()
    if child is None:
        raise Http404
    record(actor=user, action=Action.VIEW, subject=child, basis=basis, details={"page": page})
    return _mark_address_sight(child, basis)


# --- Family and network -----------------------------------------------------------------------


@dataclass(frozen=True)
class FoundPerson:
    person: Person
    match: Match
    known_through: list[Relationship]  # only relationships to children this person may see


def people_known_to(user: User) -> QuerySet[Person]:
    """Adults and other children in the family or network of a child this person may see."""
    visible = visible_children(user).filter(merged_into__isnull=True)
    return Person.objects.filter(
        pk__in=Relationship.objects.filter(child__in=visible).values("person")
    )


def find_people(user: User, query: PersonDetails, limit: int = 5) -> list[FoundPerson]:
    """Likely matches for a new family member among the people this person already knows of.

    Candidates share a search key with the details typed; people recorded before search keys
    were stored for them (none have keys) are scored too, so nobody is missed.
    """
    keys = search_keys(query)
    with_keys = SearchKey.objects.filter(person__isnull=False).values("person")
    visible = visible_children(user).filter(merged_into__isnull=True)
    candidates = list(
        people_known_to(user)
        .filter(
            Q(pk__in=SearchKey.objects.filter(key__in=keys).values("person")) | ~Q(pk__in=with_keys)
        )
        .prefetch_related(
            Prefetch(
                "relationships",
                queryset=Relationship.objects.filter(child__in=visible).select_related("child"),
                to_attr="visible_relationships",
            )
        )
        .order_by("pk")[:MAX_CANDIDATES]
    )
    by_pk = {person.pk: person for person in candidates}
    details = [details_of(p) for p in candidates]
    return [
        FoundPerson(by_pk[m.candidate.key], m, by_pk[m.candidate.key].visible_relationships)
        for m in likely_matches(query, details, limit=limit)
    ]


def linkable_children(user: User, child: Child) -> QuerySet[Child]:
    """Other children this person may see who are not yet in this child's family and network."""
    return (
        visible_children(user)
        .filter(merged_into__isnull=True)
        .exclude(pk=child.pk)
        .exclude(pk__in=Relationship.objects.filter(child=child).values("other_child"))
        .order_by("last_name", "first_name", "pk")
    )


def network_of(child: Child, *, for_user: User) -> list[Person | Child]:
    """The child and everyone in their family and network, to choose household members from;
    never a child whose record is restricted from this person."""
    links = (
        Relationship.objects.filter(child=child)
        .exclude(other_child__in=restricted_children(for_user))
        .select_related("person", "other_child")
    )
    return [child, *(link.relative for link in links)]


# --- Households -------------------------------------------------------------------------------


def household_of(child: Child, household_pk: int, *, for_user: User) -> Household:
    """One of this child's households (the child has lived in it), with everyone who has lived
    there and when, in a fixed number of queries. 'Not found' for any other household. A child
    whose record is restricted from this person is not listed (their name, and that they live
    there, are part of their record)."""
    household = (
        Household.objects.filter(pk=household_pk, members__child=child)
        .select_related("address")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=HouseholdMember.objects.exclude(child__in=restricted_children(for_user))
                .select_related("person", "child")
                .order_by("lived_from", "pk"),
            )
        )
        .distinct()
        .first()
    )
    if household is None:
        raise Http404
    return household


def membership_of(
    child: Child, household_pk: int, membership_pk: int, *, for_user: User
) -> HouseholdMember:
    membership = (
        HouseholdMember.objects.filter(
            pk=membership_pk, household_id=household_pk, household__members__child=child
        )
        .exclude(child__in=restricted_children(for_user))
        .select_related("household", "person", "child")
        .distinct()
        .first()
    )
    if membership is None:
        raise Http404
    return membership


# --- Merging duplicates -----------------------------------------------------------------------


def likely_duplicates(user: User, child: Child, limit: int = 10) -> list[FoundChild]:
    """Other records that may be this child, among the children this person may see."""
    query = details_of(child)
    return [
        found
        for found in find_children(user, query, limit=limit + 1)
        if found.visible and found.child.pk != child.pk
    ][:limit]


def merge_pair(user: User, keep_pk: int, duplicate_pk: int) -> tuple[Child, Child]:
    """The two records a manager is about to merge, side by side; both reads audited.
    'Not found' unless the person may see both, and neither is already merged."""
    bases = {pk: basis_for(user, pk) for pk in (keep_pk, duplicate_pk)}
    if keep_pk == duplicate_pk or None in bases.values():
        raise Http404
    found = _record_queryset(user).filter(pk__in=bases, merged_into__isnull=True)
    children = {c.pk: c for c in found}
    if len(children) != 2:
        raise Http404
    for pk, basis in bases.items():
        record(
            actor=user,
            action=Action.VIEW,
            subject=children[pk],
            basis=basis,
            details={"page": "merge"},
        )
        _mark_address_sight(children[pk], basis)
    return children[keep_pk], children[duplicate_pk]
