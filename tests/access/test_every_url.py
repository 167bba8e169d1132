"""Every URL, for every role and for someone signed out: allowed, refused, or sent to sign in.

Each app declares who may use its URLs in tests/access/urls_<app>.py; the first test fails for a
URL nobody declared, so no page is added without deciding who may use it. Refusals come before
any lookup, so a refused person cannot learn whether a record exists (the same 403 for a real id
and a made-up one).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safetymap.access.policy import ROLE_CAPABILITIES
from safetymap.accounts.middleware import PUBLIC_PATH_PREFIXES
from safetymap.accounts.roles import Role
from tests.access.url_access import merged
from tests.factories import UserFactory

ACCESS = merged(
    *(
        importlib.import_module(f"tests.access.{path.stem}").ACCESS
        for path in sorted(Path(__file__).parent.glob("urls_*.py"))
    )
)
RESTRICTED = ACCESS.any_signed_in | set(ACCESS.needs_capability)


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names(entry, inner)
        elif isinstance(entry, URLPattern):
            names.add(f"{namespace}{entry.name}")
    return names


def path_for(name: str, kwargs: dict | None = None) -> str:
    return reverse(name, kwargs=kwargs if kwargs is not None else ACCESS.made_up.get(name))


def test_every_url_has_declared_who_may_use_it():
    assert url_names() == ACCESS.public | RESTRICTED | set(ACCESS.mounted)


def test_public_urls_and_only_those_are_open_to_everyone():
    for name in url_names() - set(ACCESS.mounted):  # mounted ones: tested where they are mounted
        is_open = path_for(name).startswith(PUBLIC_PATH_PREFIXES)
        assert is_open == (name in ACCESS.public), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACCESS.public))
def test_public_pages_open_when_signed_out(client: Client, name: str):
    response = client.get(path_for(name), follow=True)
    assert response.status_code == 200
    assert not response.request["PATH_INFO"].startswith("/sign-in/") or name == "accounts:sign-in"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RESTRICTED))
def test_signed_out_visitors_are_sent_to_sign_in(client: Client, name: str):
    path = path_for(name)
    response = client.post(path) if name in ACCESS.post_only else client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_what_its_capabilities_allow_and_a_403_otherwise(client: Client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(path_for("accounts:my-work")).status_code == 200
    for name, capability in ACCESS.needs_capability.items():
        allowed = capability in ROLE_CAPABILITIES[role]
        make_real = ACCESS.real_object.get(name)
        send = client.post if name in ACCESS.post_only else client.get
        status = send(path_for(name, make_real() if make_real else None)).status_code
        expected_when_allowed = 404 if name in ACCESS.needs_a_relationship else 200
        assert status == (expected_when_allowed if allowed else 403), (role, name)
        if make_real:
            made_up = send(path_for(name)).status_code
            assert made_up == (404 if allowed else 403), (role, name, "made-up id")
