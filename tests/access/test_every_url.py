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


SIGN_IN_ROUTES = ACCESS.public | ACCESS.sign_in_steps | ACCESS.other_ways_to_sign_in


def test_every_url_has_declared_who_may_use_it():
    assert url_names() == SIGN_IN_ROUTES | RESTRICTED | set(ACCESS.mounted)


def test_public_urls_and_only_those_are_open_to_everyone():
    for name in url_names() - set(ACCESS.mounted):  # mounted ones: tested where they are mounted
        is_open = path_for(name).startswith(PUBLIC_PATH_PREFIXES)
        assert is_open == (name in SIGN_IN_ROUTES), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACCESS.other_ways_to_sign_in))
def test_other_ways_to_sign_in_send_a_visitor_with_nothing_to_go_on_to_sign_in(client, name):
    response = client.get(path_for(name))
    assert response.status_code == 302 and response["Location"] == "/sign-in/"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACCESS.sign_in_steps))
def test_the_steps_after_the_password_send_a_signed_out_visitor_to_sign_in(client, name):
    response = client.get(path_for(name))
    assert response.status_code == 302 and response["Location"] == "/sign-in/"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RESTRICTED - ACCESS.post_only))
def test_no_page_opens_after_the_password_alone(name: str):
    """Signed in with the password but not the second step: every page sends the person to it."""
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    password_only = Client()
    password_only.force_login(person)  # the plain client: no second step
    make_real = ACCESS.real_object.get(name)
    response = password_only.get(path_for(name, make_real() if make_real else None))
    assert response.status_code == 302, name
    assert response["Location"].startswith("/sign-in/second-step/?next="), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACCESS.public))
def test_public_pages_open_when_signed_out(client: Client, name: str):
    response = client.get(path_for(name), follow=True)
    assert response.status_code == 200
    # (A set-up link lives under /sign-in/, as it is opened before the second step.)
    assert not response.request["PATH_INFO"].startswith("/sign-in/") or name in {
        "accounts:sign-in",
        "accounts:set-up-link",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RESTRICTED))
def test_signed_out_visitors_are_sent_to_sign_in(client: Client, name: str):
    path = path_for(name)
    response = client.post(path) if name in ACCESS.post_only else client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/?next=")


# Pages the person may use (no 403) but that the declared record does not allow now: they are
# sent back to the record with the reason (core.views.not_now), as the page's POST would be.
NOT_NOW_WITHOUT_THEIR_OWN = {
    "partnership:session-cancel",  # their own booking on the session: they have none
    "partnership:briefing-delivered",  # a new request is scheduled before it is delivered
}


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
        if allowed and name in ACCESS.post_only and status == 302:
            status = 200  # an allowed action done, then the person is sent back to the page
        if allowed and name in NOT_NOW_WITHOUT_THEIR_OWN and status == 302:
            status = 200  # allowed, but nothing of theirs to act on: sent back, saying why
        assert status == (expected_when_allowed if allowed else 403), (role, name)
        if make_real:
            made_up = send(path_for(name)).status_code
            assert made_up == (404 if allowed else 403), (role, name, "made-up id")


# Pages whose declared real object is not the whole of what they need (a second object such as
# an item, a goal, an earlier version or a second child is made up), so they are "not found" even
# with a relationship; for these only the restriction half of the next test applies.
NEED_MORE_THAN_THE_DECLARED_OBJECT = {
    "cases:team-queue",  # only the team's managers open its queue
    "cases:transfer-decline",  # only the receiving team's managers
    "mapping:compare",
    "mapping:item-change",
    "mapping:safety-goal",
    "people:child-merge-confirm",
    "safety:bottom-line-change",
    "safety:rule-change",
    "safety:step-change",
    "uploads:file",
}


def _role_with(capability) -> Role:
    """A role that holds this capability (the most ordinary one that does)."""
    for role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR_PRACTITIONER, *Role):
        if capability in ROLE_CAPABILITIES[role]:
            return role
    raise AssertionError(capability)


# The apps whose relationship is to a child (elsewhere, as for a booking, it is to a person).
CHILD_RECORD_APPS = (
    "people",
    "cases",
    "mapping",
    "voice",
    "safety",
    "uploads",
    "access",
    "conferences",
)
CHILD_RECORD_URLS = sorted(
    n for n in ACCESS.needs_a_relationship if n.split(":")[0] in CHILD_RECORD_APPS
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", CHILD_RECORD_URLS)
def test_with_a_relationship_the_page_opens_and_a_restriction_closes_it(client: Client, name):
    """The other half of the generated authorisation test: the same URL, for a person whose role
    allows it, opens once they are allocated to the child, and is 'not found' again when the
    child's record is restricted to other people."""
    from safetymap.access.models import RestrictedRecord
    from safetymap.people.models import Child
    from tests.factories import AllocationFactory, EpisodeFactory

    person = UserFactory(roles=[_role_with(ACCESS.needs_capability[name])])
    client.force_login(person)
    kwargs = ACCESS.real_object[name]()
    child = Child.objects.latest("pk")  # the record the object belongs to, made just now
    episode = child.episodes.first() or EpisodeFactory(child=child)
    AllocationFactory(episode=episode, worker=person)
    send = client.post if name in ACCESS.post_only else client.get
    opened = send(path_for(name, kwargs)).status_code
    expected = {404} if name in NEED_MORE_THAN_THE_DECLARED_OBJECT else {200, 302}
    assert opened in expected, (name, opened)
    restriction = RestrictedRecord.objects.create(
        child=child, reason="STAFF", restricted_by=UserFactory()
    )
    restriction.people.add(UserFactory())
    assert send(path_for(name, kwargs)).status_code == 404, name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n in ACCESS.needs_capability
        if n not in ACCESS.post_only
        and n not in NEED_MORE_THAN_THE_DECLARED_OBJECT
        and (n not in ACCESS.needs_a_relationship or n in CHILD_RECORD_URLS)
    ),
)
def test_every_form_refuses_over_long_and_malformed_input_without_a_server_error(
    client: Client, name
):
    """Every field of every form, sent 10,000 characters of text with markup and odd bytes:
    the page answers (a GOV.UK error or a redirect), never with a server error."""
    import re

    from safetymap.people.models import Child
    from tests.factories import AllocationFactory, EpisodeFactory

    person = UserFactory(roles=[_role_with(ACCESS.needs_capability[name])])
    client.force_login(person)
    make_real = ACCESS.real_object.get(name)
    kwargs = make_real() if make_real else None
    if name in ACCESS.needs_a_relationship:
        child = Child.objects.latest("pk")
        episode = child.episodes.first() or EpisodeFactory(child=child)
        AllocationFactory(episode=episode, worker=person)
    path = path_for(name, kwargs)
    page = client.get(path)
    if page.status_code != 200 or page.streaming or b'method="post"' not in page.content:
        return  # not a form page for this person
    fields = set(re.findall(rb'name="([a-z_0-9-]+)"', page.content)) - {b"csrfmiddlewaretoken"}
    junk = "<script>alert(1)</script>\u0000\ufffd" + "x" * 10_000
    response = client.post(path, {field.decode(): junk for field in fields})
    assert response.status_code < 500, (name, response.status_code)
