"""Every URL, for every role and for someone signed out: allowed, refused, or sent to sign in.

A new URL must be added to one of the lists below, or the first test fails: nobody can add a page
without deciding who may use it. Refusals come before any lookup, so a refused person cannot learn
whether a record exists (the same 403 for a real id and a made-up one).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safetymap.access.policy import ROLE_CAPABILITIES, Capability
from safetymap.accounts.middleware import PUBLIC_PATH_PREFIXES
from safetymap.accounts.roles import Role
from tests.factories import ChildFactory, OrganisationFactory, UserFactory

PUBLIC = {
    "accounts:sign-in",
    "accounts:password-reset",
    "accounts:password-reset-sent",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "core:accessibility",
    "core:privacy",
}
ANY_SIGNED_IN = {"accounts:my-work", "accounts:sign-out"}
NEEDS_CAPABILITY = {
    "accounts:organisation-list": Capability.MANAGE_REFERENCE_DATA,
    "accounts:organisation-add": Capability.MANAGE_REFERENCE_DATA,
    "accounts:organisation-edit": Capability.MANAGE_REFERENCE_DATA,
    "accounts:user-list": Capability.MANAGE_REFERENCE_DATA,
    "accounts:user-add": Capability.MANAGE_REFERENCE_DATA,
    "accounts:user-edit": Capability.MANAGE_REFERENCE_DATA,
    "people:children": Capability.USE_CASE_WORK,
    "people:child-new": Capability.RECORD_CHILDREN,
    "people:child": Capability.USE_CASE_WORK,
    "people:front-door-enquiry": Capability.SEARCH_ALL_CHILDREN,
}
POST_ONLY = {"accounts:sign-out"}
TAKES_PK = {
    "accounts:organisation-edit",
    "accounts:user-edit",
    "people:child",
    "people:front-door-enquiry",
}
# A child's record is found only by someone with a relationship to the child: a role that may
# open records in general still gets "not found" for a child it has no relationship with.
NEEDS_A_RELATIONSHIP = {"people:child"}


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names(entry, inner)
        elif isinstance(entry, URLPattern):
            names.add(f"{namespace}{entry.name}")
    return names


def path_for(name: str, pk: int = 999_999) -> str:
    if name == "accounts:password-reset-confirm":
        return reverse(name, kwargs={"uidb64": "MQ", "token": "made-up-token"})
    if name in TAKES_PK:
        return reverse(name, kwargs={"pk": pk})
    return reverse(name)


def test_every_url_has_declared_who_may_use_it():
    declared = PUBLIC | ANY_SIGNED_IN | set(NEEDS_CAPABILITY)
    assert url_names() == declared


def test_public_urls_and_only_those_are_open_to_everyone():
    for name in url_names():
        is_open = path_for(name).startswith(PUBLIC_PATH_PREFIXES)
        assert is_open == (name in PUBLIC), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_open_when_signed_out(client: Client, name: str):
    response = client.get(path_for(name), follow=True)
    assert response.status_code == 200
    assert not response.request["PATH_INFO"].startswith("/sign-in/") or name == "accounts:sign-in"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ANY_SIGNED_IN | set(NEEDS_CAPABILITY)))
def test_signed_out_visitors_are_sent_to_sign_in(client: Client, name: str):
    response = client.post(path_for(name)) if name in POST_ONLY else client.get(path_for(name))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_what_its_capabilities_allow_and_a_403_otherwise(client: Client, role):
    client.force_login(UserFactory(roles=[role]))
    child = ChildFactory().pk
    real = {
        "accounts:organisation-edit": OrganisationFactory().pk,
        "accounts:user-edit": UserFactory().pk,
        "people:child": child,
        "people:front-door-enquiry": child,
    }
    assert client.get(path_for("accounts:my-work")).status_code == 200
    for name, capability in NEEDS_CAPABILITY.items():
        allowed = capability in ROLE_CAPABILITIES[role]
        status = client.get(path_for(name, real.get(name, 0))).status_code
        expected_when_allowed = 404 if name in NEEDS_A_RELATIONSHIP else 200
        assert status == (expected_when_allowed if allowed else 403), (role, name)
        if name in real:
            made_up = client.get(path_for(name)).status_code
            assert made_up == (404 if allowed else 403), (role, name, "made-up id")
