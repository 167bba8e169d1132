"""Reads of children's records. Every one starts from the access policy."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, Count, FloatField, Prefetch, Q, QuerySet, Sum, Value, When
from django.http import Http404

from safetymap.access.policy import (
    basis_for,
    restricted_children,
    searchable_children,
    searches_every_child,
    visible_children,
)
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases.models import Allocation, Episode
from safetymap.core.db_routing import confirmed_on_primary, replica_read
from safetymap.core.paging import KeysetPage, keyset_page
from safetymap.people.matching import (
    Match,
    PersonDetails,
    key_weight,
    likely_matches,
    name_fragment_matches,
    search_keys,
)
from safetymap.people.models import (
    Child,
    Household,
    HouseholdMember,
    Person,
    Relationship,
    SearchKey,
    details_of,
)
from safetymap.people.search_text import SearchText
from safetymap.people.search_text import read as read_search_text

# The bases on which someone may see a confidential address: they need it for the work.
CONFIDENTIAL_ADDRESS_BASES = frozenset({"allocated worker", "team of the allocated worker"})

# How many times a merged record's pointer is followed (A into B, then B into C).
MAX_MERGE_HOPS = 10

# How many of the best-ranked candidates are scored in Python. The database ranks every child
# sharing a key (rare names and identifiers first), so the true child is near the top long before
# this; scoring more only costs time.
RANKED_CANDIDATES = 100

# What scoring a candidate and showing a result read: a search loads a hundred children, so
# not their whole records.
CANDIDATE_FIELDS = (
    "la_child_id",
    "first_name",
    "last_name",
    "known_as",
    "previous_names",
    "date_of_birth",
    "date_of_birth_is_estimated",
    "expected_date_of_birth",
    "nhs_number",
)

# How many results a search shows: enough for a family of namesakes, few enough to read.
SEARCH_RESULTS = 10


@dataclass(frozen=True)
class FoundChild:
    child: Child
    match: Match
    visible: bool  # False: only the front door sees it in search, and must give a reason to open it


def _population(model: type) -> int:
    """How many records there are, for weighting keys by rarity: counted at most every few
    minutes (a count of 20,000 rows costs more than the rest of a search), since the weights
    need only its size, not its exact number."""
    return cache.get_or_set(
        f"people:search-population:{model._meta.label}",
        lambda: replica_read(model.objects.count),
        600,
    )


def _ranked_candidates(
    keys: frozenset[str],
    holders_of: QuerySet[SearchKey],
    within: QuerySet | None,
    *,
    owner: str,
) -> list[int]:
    """The ids of the records sharing most with ``keys``, best first, ranked in the database
    before any cut: each shared key counts by its kind and its rarity (matching.key_weight), so
    the child sharing a date of birth and a rare surname is never cut for a thousand children
    called Khan. ``within`` narrows the ranking to a person's scope when it is small; for those
    who search every child it is None, and the few records they may not see (restricted ones)
    are left out afterwards by the caller's scope, which is cheaper than joining 20,000 children
    to every search. Two small queries: how many records hold each key, then the ranking.

    Both may be read on the replica (``replica_read``): they only choose candidates. The records
    shown are read through the person's scope on the primary (``_in_rank_order``), so the
    access policy's answer is the primary's; a child given to them a second ago may be missed
    until the replica has it, one taken away is never shown."""
    return replica_read(lambda: _ranking(keys, holders_of, within, owner=owner))


def _ranking(
    keys: frozenset[str],
    holders_of: QuerySet[SearchKey],
    within: QuerySet | None,
    *,
    owner: str,
) -> list[int]:
    holders = dict(
        holders_of.filter(key__in=keys).values_list("key").annotate(n=Count("id")).order_by()
    )
    population = _population(holders_of.model._meta.get_field(owner).related_model)
    # The same queries run whether or not anyone holds the keys, so the work done never tells a
    # searcher that a child they may not see has the name.
    weight = Case(
        *(
            When(key=key, then=Value(key_weight(key, holders.get(key, 0), population)))
            for key in sorted(keys)
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )
    ranked = holders_of.filter(key__in=keys)
    if within is not None:
        ranked = ranked.filter(**{f"{owner}__in": within.values("pk")})
    return list(
        ranked.values_list(owner, flat=True)
        .annotate(weight=Sum(weight))
        .order_by("-weight", owner)[:RANKED_CANDIDATES]
    )


def my_children(user: User, show: str = "") -> QuerySet[Child]:
    """The children this person can see, with their current allocations, in a fixed few queries;
    ``show`` "mine" keeps those allocated to them, "not_allocated" those allocated to nobody."""
    current = Allocation.objects.filter(ended_on__isnull=True).select_related("worker", "team")
    children = visible_children(user)
    if show == "mine":
        children = children.filter(pk__in=current.filter(worker=user).values("episode__child"))
    elif show == "not_allocated":
        children = children.exclude(pk__in=current.values("episode__child"))
    return (
        children.filter(merged_into__isnull=True)
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


def children_list_page(
    user: User, show: str, order: Sequence[str], size: int, cursor: str | None
) -> KeysetPage[Child]:
    """One page of ``my_children``, found on the replica when that is safe, its rows confirmed
    on the primary: a child whose sight ended a moment ago is left off, not shown from a replica
    that has not replayed the change yet (docs/scaling.md)."""
    page = replica_read(lambda: keyset_page(my_children(user, show), order, size, cursor))
    return dataclasses.replace(page, rows=confirmed_on_primary(page.rows, visible_children(user)))


def _in_rank_order(queryset: QuerySet, ranked: list[int]) -> list:
    """The records of ``queryset`` among ``ranked``, in that order (any not in it are left out)."""
    by_pk = {record_.pk: record_ for record_ in queryset.filter(pk__in=ranked)}
    return [by_pk[pk] for pk in ranked if pk in by_pk]


def _found(
    user: User, every: bool, candidates: list[Child], matches: list[Match]
) -> list[FoundChild]:
    by_pk = {child.pk: child for child in candidates}
    shown = [m.candidate.key for m in matches]
    if every:
        # Only the front door and the duty worker find children they may not open yet.
        visible = set(visible_children(user).filter(pk__in=shown).values_list("pk", flat=True))
    else:
        visible = set(shown)  # everyone else searches only the children they may see
    return [FoundChild(by_pk[m.candidate.key], m, m.candidate.key in visible) for m in matches]


def _searchable(user: User) -> QuerySet[Child]:
    return searchable_children(user).filter(merged_into__isnull=True)


def _child_candidates(every: bool, scope: QuerySet[Child], query: PersonDetails) -> list[Child]:
    """The best-ranked children for ``query`` that this person may search (``scope``; ``every``
    when they search every child), best first."""
    child_keys = SearchKey.objects.filter(child__isnull=False)
    within = None if every else scope
    ranked = _ranked_candidates(search_keys(query), child_keys, within, owner="child")
    return _in_rank_order(scope.only(*CANDIDATE_FIELDS), ranked)


def find_children(user: User, query: PersonDetails, limit: int = 5) -> list[FoundChild]:
    """Likely matches for the details typed, among the children this person may search."""
    every = searches_every_child(user)
    candidates = _child_candidates(every, _searchable(user), query)
    details = [details_of(c) for c in candidates]
    if query.first_name.strip() and query.last_name.strip():
        matches = likely_matches(query, details, limit=limit)
    else:
        # One name only: it may be either of theirs, as in the search box.
        names = [name for name in (query.first_name, query.last_name) if name.strip()]
        matches = name_fragment_matches(names, query.date_of_birth, details, limit=limit)
    return _found(user, every, candidates, matches)


def search_children(user: User, text: str, limit: int = SEARCH_RESULTS) -> list[FoundChild]:
    """The header search: any one name or several (known-as and former names too), a date of
    birth, the council reference, NHS number or UPN, among the children this person may search.
    Nobody learns that a child they may not search exists: the scope is part of the same queries
    whatever is typed. The search is audited with the children it showed."""
    wanted = read_search_text(text)
    scope, every = _searchable(user), searches_every_child(user)
    found = _identified(user, every, scope, wanted) if wanted.has_identifier else []
    if wanted.names or wanted.date_of_birth:
        query = PersonDetails(" ".join(wanted.names), "", wanted.date_of_birth)
        candidates = _child_candidates(every, scope, query)
        details = [details_of(c) for c in candidates]
        matches = name_fragment_matches(wanted.names, wanted.date_of_birth, details, limit=limit)
        already = {f.child.pk for f in found}
        found += [f for f in _found(user, every, candidates, matches) if f.child.pk not in already]
    found = found[:limit]
    record(
        actor=user,
        action=Action.VIEW,
        subject_type=Child._meta.label,
        details={"page": "search", "found": [f.child.pk for f in found]},
    )
    return found


def _identified(
    user: User, every: bool, scope: QuerySet[Child], wanted: SearchText
) -> list[FoundChild]:
    """Children whose council reference, UPN or NHS number is exactly one typed."""
    typed = [*wanted.references, *([wanted.upn] if wanted.upn else [])]
    condition = Q(la_child_id__in=typed) | Q(upn__in=typed) | Q(former_upn__in=typed)
    if wanted.nhs_number:
        condition |= Q(nhs_number=wanted.nhs_number)
    children = list(scope.filter(condition).order_by("last_name", "first_name", "pk"))
    matches = []
    for child in children[:SEARCH_RESULTS]:
        if child.la_child_id in typed:
            reason = "Same council reference"
        elif wanted.nhs_number and child.nhs_number == wanted.nhs_number:
            reason = "Same NHS number"
        else:
            reason = "Same unique pupil number"
        matches.append(Match(details_of(child), 1.0, (reason,)))
    return _found(user, every, children, matches)


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
    visible = visible_children(user).filter(merged_into__isnull=True)
    scope = people_known_to(user)
    person_keys = SearchKey.objects.filter(person__isnull=False)
    ranked = _ranked_candidates(search_keys(query), person_keys, scope, owner="person")
    # People recorded before search keys were stored for them have none: score them too.
    without_keys = scope.exclude(pk__in=person_keys.values("person")).order_by("pk")
    ranked += list(without_keys.values_list("pk", flat=True)[:RANKED_CANDIDATES])
    candidates = _in_rank_order(
        scope.prefetch_related(
            Prefetch(
                "relationships",
                queryset=Relationship.objects.filter(child__in=visible).select_related("child"),
                to_attr="visible_relationships",
            )
        ),
        ranked,
    )
    by_pk = {person.pk: person for person in candidates}
    return [
        FoundPerson(by_pk[m.candidate.key], m, by_pk[m.candidate.key].visible_relationships)
        for m in likely_matches(query, [details_of(p) for p in candidates], limit=limit)
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
