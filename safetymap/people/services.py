"""Recording children: one transaction each, audited."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safetymap.access.models import AccessGrant, GrantBasis
from safetymap.access.policy import (
    AccessRefused,
    Capability,
    basis_for,
    can,
    duty_shift_now,
    is_restricted,
    require,
)
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.cases.models import (
    CaseNote,
    Contact,
    Episode,
    SignificantEvent,
    StrategyDiscussion,
)
from safetymap.core import revisions
from safetymap.people.matching import search_keys
from safetymap.people.models import (
    Address,
    Child,
    Household,
    HouseholdMember,
    Person,
    Relationship,
    SearchKey,
    details_of,
)
from safetymap.people.selectors import CONFIDENTIAL_ADDRESS_BASES, people_known_to

# Audit actions of this app that the audit trail has no constant for.
MERGED = "MERGED"


class PeopleChangeRefused(Exception):
    """A change to a child's family, households or record that the rules do not allow; the
    message says why, in words a practitioner understands."""


def search_keys_of(record_: Child | Person) -> frozenset[str]:
    """Every matching key of one record, its own only (bulk loaders store these directly)."""
    return search_keys(details_of(record_))


def store_search_keys(record_: Child | Person) -> None:
    """(Re)store the matching keys of a child or a person.

    A child keeps the keys of the duplicates merged into it, so a search by the duplicate's
    details still finds the record that was kept.
    """
    owner = "child" if isinstance(record_, Child) else "person"
    keys = set(search_keys_of(record_))
    if isinstance(record_, Child):
        for duplicate in Child.objects.filter(merged_into=record_):
            keys |= search_keys_of(duplicate)
    SearchKey.objects.filter(**{owner: record_}).delete()
    SearchKey.objects.bulk_create(SearchKey(**{owner: record_}, key=key) for key in sorted(keys))


def may_see_confidential_address(basis: str | None) -> bool:
    return basis in CONFIDENTIAL_ADDRESS_BASES


def _sight(by: User, child: Child) -> str:
    """The basis on which ``by`` works on ``child``; refused if they may not see the child."""
    basis = basis_for(by, child.pk)
    if basis is None or child.merged_into_id is not None:
        raise AccessRefused("You cannot see this child's record.")
    return basis


def _grant(user: User, child: Child, basis: GrantBasis, reason: str, hours: int) -> AccessGrant:
    now = timezone.now()
    return AccessGrant.objects.create(
        user=user,
        child=child,
        basis=basis,
        reason=reason,
        starts_at=now,
        expires_at=now + datetime.timedelta(hours=hours),
    )


@transaction.atomic
def record_child(*, by: User, details: dict[str, Any]) -> Child:
    """Record a new child (after the practitioner has checked they are not already known).

    The person who records the child can see them for SAFETYMAP_RECORDED_CHILD_ACCESS_HOURS,
    long enough to start the contact; after that, sight comes from allocation.
    """
    require(by, Capability.RECORD_CHILDREN)
    child = Child(**details, created_by=by, la_child_id=uuid.uuid4().hex[:20])
    child.full_clean(exclude=["la_child_id"])
    child.save()
    child.la_child_id = f"{settings.SAFETYMAP_LA_CHILD_ID_PREFIX}{child.pk:07d}"
    child.save(update_fields=["la_child_id"])
    store_search_keys(child)
    _grant(
        by,
        child,
        GrantBasis.RECORDED_THE_CHILD,
        "Recorded this child",
        settings.SAFETYMAP_RECORDED_CHILD_ACCESS_HOURS,
    )
    record(
        actor=by,
        action=Action.CREATE,
        subject=child,
        basis="recorded the child",
        details={"la_child_id": child.la_child_id},
    )
    return child


@transaction.atomic
def open_front_door_enquiry(*, by: User, child: Child, reason: str) -> AccessGrant:
    """The front door (or out-of-hours duty, on shift) opens a child it cannot yet see, for a
    stated reason, for a limited time: an out-of-hours enquiry ends with the shift."""
    if can(by, Capability.SEARCH_ALL_CHILDREN):
        basis, shift = GrantBasis.FRONT_DOOR_ENQUIRY, None
    else:
        shift = duty_shift_now(by)
        if shift is None:
            raise AccessRefused(
                "Only the front door, and the out-of-hours duty worker during their shift, can "
                "open a record they are not working with."
            )
        basis = GrantBasis.OUT_OF_HOURS
    if is_restricted(child.pk, for_user=by):
        raise AccessRefused("You cannot open this record.")
    grant = _grant(by, child, basis, reason, settings.SAFETYMAP_FRONT_DOOR_ENQUIRY_HOURS)
    if shift is not None and grant.expires_at > shift.ends_at:
        grant.expires_at = shift.ends_at
        grant.save(update_fields=["expires_at"])
    record(
        actor=by,
        action=Action.ACCESS_GRANTED,
        subject=child,
        basis=GrantBasis(basis).label.lower(),
        details={"grant": grant.pk, "expires_at": grant.expires_at.isoformat()},
    )
    return grant


# --- The child's own details ------------------------------------------------------------------


def _new_address(details: dict[str, Any] | None) -> Address | None:
    if not details:
        return None
    address = Address(**details)
    address.full_clean()
    address.save()
    return address


@transaction.atomic
def change_child_details(
    *,
    by: User,
    child: Child,
    details: dict[str, Any],
    changes: dict[str, dict[str, str]],
    address: dict[str, Any] | None = None,
    change_address: bool = False,
) -> Child:
    """Change a child's details, and (for those who may see it) their address.

    A changed address is saved as a new Address, so the old one stays in the history of the
    households and people that share it. ``changes`` (audit.changes.form_changes) go in the trail;
    a confidential address is recorded in the trail only as "confidential".
    """
    require(by, Capability.RECORD_CHILDREN)
    basis = _sight(by, child)
    hidden = child.address is not None and child.address.is_confidential
    if change_address and hidden and not may_see_confidential_address(basis):
        raise PeopleChangeRefused(
            "This child's address is confidential. Only the allocated worker and their team "
            "can change it."
        )
    former = [child.first_name, child.last_name]
    for name, value in details.items():
        setattr(child, name, value)
    renamed = [child.first_name, child.last_name] != former
    if renamed and former not in child.previous_names:
        # The old name stays searchable: a later contact may use it.
        child.previous_names = [*child.previous_names, former]
    if change_address:
        child.address = _new_address(address)
    child.full_clean(exclude=["created_by", "merged_into"])
    changed = [*details, *(["previous_names"] if renamed else [])]
    revisions.save_only(child, [*changed, *(["address"] if change_address else [])])
    store_search_keys(child)
    now_confidential = bool(address and address.get("is_confidential"))
    if change_address and (hidden or now_confidential):
        # The trail never holds a confidential address: it says only that one was changed.
        changes = {k: v for k, v in changes.items() if not k.startswith("address_")}
        changes["address"] = {
            "before": "confidential" if hidden else "",
            "after": "confidential" if now_confidential else "changed",
        }
    record(actor=by, action=Action.UPDATE, subject=child, basis=basis, details=changes)
    return child


# --- Family and network -----------------------------------------------------------------------


def _relationship_fields(relationship: dict[str, Any]) -> dict[str, Any]:
    allowed = {
        "relationship_type",
        "has_parental_responsibility",
        "lives_in_household",
        "contact_arrangements",
    }
    return {k: v for k, v in relationship.items() if k in allowed}


@transaction.atomic
def add_relative(
    *,
    by: User,
    child: Child,
    relationship: dict[str, Any],
    person: Person | None = None,
    new_person: dict[str, Any] | None = None,
) -> Relationship:
    """Add an adult or another child (not a subject child) to a child's family and network.

    Either ``person``, someone already known (chosen from the likely matches, so already in the
    family or network of a child ``by`` can see), or ``new_person``, the details of someone new.
    """
    require(by, Capability.RECORD_CHILDREN)
    basis = _sight(by, child)
    if (person is None) == (new_person is None):
        raise ValueError("Give either an existing person or a new person's details")
    if person is not None:
        if not people_known_to(by).filter(pk=person.pk).exists():
            raise AccessRefused("You cannot see this person's record.")
        if child.relationships.filter(person=person).exists():
            raise PeopleChangeRefused(
                f"{person.full_name} is already in {child.first_name}'s family and network."
            )
        created = False
    else:
        born = new_person.get("date_of_birth")
        if born and born > timezone.localdate():
            raise PeopleChangeRefused("Date of birth must be today or in the past")
        person = Person(**new_person)
        person.full_clean()
        person.save()
        store_search_keys(person)
        created = True
    link = Relationship(child=child, person=person, **_relationship_fields(relationship))
    link.full_clean()
    link.save()
    if created:
        record(actor=by, action=Action.CREATE, subject=person, basis=basis)
    record(
        actor=by,
        action=Action.CREATE,
        subject=link,
        basis=basis,
        details={
            "child": child.pk,
            "person": person.pk,
            "relationship_type": link.relationship_type,
            "has_parental_responsibility": link.has_parental_responsibility,
            "lives_in_household": link.lives_in_household,
        },
    )
    return link


@transaction.atomic
def link_children(
    *, by: User, child: Child, other: Child, relationship: dict[str, Any]
) -> Relationship:
    """Link two children's records (brothers and sisters, for example), both ways: each child's
    family and network shows the other. ``by`` must be able to see both."""
    require(by, Capability.RECORD_CHILDREN)
    basis = _sight(by, child)
    other_basis = _sight(by, other)
    if other.pk == child.pk:
        raise PeopleChangeRefused("Choose a different child: a child cannot be linked to themself.")
    if child.relationships.filter(other_child=other).exists():
        raise PeopleChangeRefused(
            f"{other.full_name} is already in {child.first_name}'s family and network."
        )
    fields = _relationship_fields(relationship)
    link = Relationship(child=child, other_child=other, **fields)
    link.full_clean()
    link.save()
    if not other.relationships.filter(other_child=child).exists():
        Relationship.objects.create(child=other, other_child=child, **fields)
    for subject, subject_basis, relative in ((child, basis, other), (other, other_basis, child)):
        record(
            actor=by,
            action=Action.CREATE,
            subject=subject,
            basis=subject_basis,
            details={
                "linked_child": relative.pk,
                "relationship_type": link.relationship_type,
            },
        )
    return link


# --- Households -------------------------------------------------------------------------------


def _check_dates(lived_from: datetime.date | None, lived_to: datetime.date | None) -> None:
    if lived_from and lived_to and lived_to < lived_from:
        raise PeopleChangeRefused(
            "The date they moved out must be the same as or after the date they moved in"
        )


@transaction.atomic
def add_household(
    *,
    by: User,
    child: Child,
    name: str,
    address: dict[str, Any] | None = None,
    lived_from: datetime.date | None = None,
    lived_to: datetime.date | None = None,
) -> Household:
    """Record a household the child lives (or lived) in, with the child as its first member."""
    require(by, Capability.RECORD_CHILDREN)
    basis = _sight(by, child)
    _check_dates(lived_from, lived_to)
    household = Household(name=name, address=_new_address(address))
    household.full_clean()
    household.save()
    HouseholdMember.objects.create(
        household=household, child=child, lived_from=lived_from, lived_to=lived_to
    )
    record(
        actor=by,
        action=Action.CREATE,
        subject=household,
        basis=basis,
        details={"child": child.pk, "name": name, "has_address": household.address_id is not None},
    )
    return household


def _check_household_of(child: Child, household: Household) -> None:
    if not household.members.filter(child=child).exists():
        raise AccessRefused("This household is not in this child's record.")


@transaction.atomic
def add_household_member(
    *,
    by: User,
    child: Child,
    household: Household,
    member: Person | Child,
    lived_from: datetime.date | None,
    lived_to: datetime.date | None = None,
) -> HouseholdMember:
    """Add someone from the child's family and network (or another child linked to them) to one
    of the child's households, with the dates they lived there."""
    require(by, Capability.RECORD_CHILDREN)
    basis = _sight(by, child)
    _check_household_of(child, household)
    _check_dates(lived_from, lived_to)
    if isinstance(member, Child):
        # A child whose record is restricted from this person is not in the network they see
        # (people.selectors.network_of), so the same answer, without the name.
        if is_restricted(member.pk, for_user=by):
            raise PeopleChangeRefused("Choose someone from the child's family and network.")
        in_network = (
            member.pk == child.pk or child.relationships.filter(other_child=member).exists()
        )
        owner = {"child": member}
    else:
        in_network = child.relationships.filter(person=member).exists()
        owner = {"person": member}
    if not in_network:
        raise PeopleChangeRefused(
            f"Add {member.full_name} to {child.first_name}'s family and network first."
        )
    membership = HouseholdMember.objects.create(
        household=household, lived_from=lived_from, lived_to=lived_to, **owner
    )
    record(
        actor=by,
        action=Action.CREATE,
        subject=membership,
        basis=basis,
        details={
            "child": child.pk,
            "household": household.pk,
            "member": member.full_name,
            "lived_from": lived_from.isoformat() if lived_from else "",
            "lived_to": lived_to.isoformat() if lived_to else "",
        },
    )
    return membership


@transaction.atomic
def change_household_dates(
    *,
    by: User,
    child: Child,
    membership: HouseholdMember,
    lived_from: datetime.date | None,
    lived_to: datetime.date | None,
) -> HouseholdMember:
    """Change when someone lived in a household; setting the end date ends their membership
    (the membership is kept, so the household's history stays whole)."""
    require(by, Capability.RECORD_CHILDREN)
    basis = _sight(by, child)
    _check_household_of(child, membership.household)
    if membership.child_id and is_restricted(membership.child_id, for_user=by):
        raise PeopleChangeRefused("You do not have access to this person's record.")
    _check_dates(lived_from, lived_to)
    before = {"lived_from": membership.lived_from, "lived_to": membership.lived_to}
    membership.lived_from, membership.lived_to = lived_from, lived_to
    membership.save(update_fields=["lived_from", "lived_to"])
    after = {"lived_from": lived_from, "lived_to": lived_to}
    record(
        actor=by,
        action=Action.UPDATE,
        subject=membership,
        basis=basis,
        details={
            name: {
                "before": before[name].isoformat() if before[name] else "",
                "after": after[name].isoformat() if after[name] else "",
            }
            for name in before
            if before[name] != after[name]
        },
    )
    return membership


# --- Merging two records of one child ---------------------------------------------------------


def _move_links(through, owner: str, duplicate: Child, keep: Child) -> int:
    """Point many-to-many links at the kept record, dropping those it already has."""
    already = through.objects.filter(child=keep).values(owner)
    through.objects.filter(child=duplicate, **{f"{owner}__in": already}).delete()
    return through.objects.filter(child=duplicate).update(child=keep)


@transaction.atomic
def merge_children(*, by: User, keep: Child, duplicate: Child) -> Child:
    """Merge a duplicate record into the record kept, keeping both histories.

    Everything hanging on the duplicate moves to the kept record: episodes (and with them the
    whole pathway and allocations), relationships, household memberships, access grants and search
    keys, case notes, significant events, contacts and strategy discussions. Nothing is deleted
    (except a link the kept record already has, such as both records named on one contact): the
    duplicate stays, pointing at the kept record, hidden from lists and search; opening it leads
    to the kept record.
    """
    require(by, Capability.MERGE_DUPLICATE_CHILDREN)
    keep = Child.objects.select_for_update().get(pk=keep.pk)
    duplicate = Child.objects.select_for_update().get(pk=duplicate.pk)
    if keep.pk == duplicate.pk:
        raise PeopleChangeRefused(
            "Choose two different records: a record cannot be merged into itself."
        )
    if keep.merged_into_id or duplicate.merged_into_id:
        raise PeopleChangeRefused("One of these records has already been merged into another.")
    keep_basis, duplicate_basis = _sight(by, keep), _sight(by, duplicate)

    moved = {
        "episodes": Episode.objects.filter(child=duplicate).update(child=keep),
        "relationships": Relationship.objects.filter(child=duplicate)
        .exclude(other_child=keep)
        .update(child=keep),
        "relationships_to": Relationship.objects.filter(other_child=duplicate)
        .exclude(child=keep)
        .update(other_child=keep),
        "household_memberships": HouseholdMember.objects.filter(child=duplicate).update(child=keep),
        "access_grants": AccessGrant.objects.filter(child=duplicate).update(child=keep),
        "search_keys": SearchKey.objects.filter(child=duplicate).update(child=keep),
        "case_notes": CaseNote.objects.filter(child=duplicate).update(child=keep),
        "significant_events": SignificantEvent.objects.filter(child=duplicate).update(child=keep),
        "contacts": _move_links(Contact.children.through, "contact", duplicate, keep),
        "considered_at_strategy": _move_links(
            StrategyDiscussion.children_considered.through, "strategydiscussion", duplicate, keep
        ),
    }
    duplicate.merged_into = keep
    duplicate.merged_at = timezone.now()
    duplicate.save(update_fields=["merged_into", "merged_at"])
    store_search_keys(keep)
    both = {"kept": keep.la_child_id, "duplicate": duplicate.la_child_id, "moved": moved}
    record(actor=by, action=MERGED, subject=keep, basis=keep_basis, details=both)
    record(actor=by, action=MERGED, subject=duplicate, basis=duplicate_basis, details=both)
    return keep
