"""The access policy: roles grant capabilities; nothing here shows a child on its own."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from safetymap.access.navigation import items_for
from safetymap.access.policy import AccessRefused, Capability, can, capabilities, require
from safetymap.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_system_administrator_manages_reference_data_and_not_case_work():
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    assert capabilities(admin) == {Capability.MANAGE_REFERENCE_DATA}
    assert not can(admin, Capability.USE_CASE_WORK)


@pytest.mark.parametrize(
    "role",
    [
        Role.SOCIAL_WORKER,
        Role.CONFERENCE_CHAIR,
        Role.PARTNER_PRACTITIONER,
        Role.FRONT_DOOR_PRACTITIONER,
    ],
)
def test_practitioners_do_case_work_but_not_reference_data(role):
    person = UserFactory(roles=[role])
    assert can(person, Capability.USE_CASE_WORK)
    with pytest.raises(AccessRefused, match="Only system administrators"):
        require(person, Capability.MANAGE_REFERENCE_DATA)


def test_nobody_signed_out_or_closed_has_any_capability():
    assert capabilities(AnonymousUser()) == frozenset()
    closed = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR], is_active=False)
    assert capabilities(closed) == frozenset()


def test_navigation_shows_only_what_the_person_may_use():
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    assert [i["text"] for i in items_for(worker, "/")] == [
        "My work",
        "Children",
        "Contacts",
        "My conferences",
        "Training",
    ]
    assert [i["text"] for i in items_for(admin, "/users/")] == [
        "My work",
        "Organisations",
        "Teams",
        "Users",
        "Background work",
    ]
    assert [i["text"] for i in items_for(admin, "/users/") if i["active"]] == ["Users"]
