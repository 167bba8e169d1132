"""Issue 16's demo check: the header search finds Amara and Tobi for the social worker who may
see them, by any one name, the council reference, the NHS number and Tobi's known-as name; a
partner with no relationship to them finds neither, at the same cost as a name nobody has."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from safetymap.access.policy import visible_children
from safetymap.accounts.models import User
from tests.queries import queries_during

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings) -> None:
    settings.SAFETYMAP_DEMO_PASSWORD = "Fictional-demo-password"
    call_command("load_demo", "--quiet-sign-ins")


def first_found(client: Client, text: str) -> str | None:
    found = client.get("/search/", {"q": text}).context["found"]
    return found[0].child.first_name if found else None


@pytest.mark.parametrize(
    ("typed", "child"),
    [
        ("Amara", "Amara"),
        ("Okafor", None),  # both Amara and Tobi: checked below
        ("LRK0000101", "Amara"),
        ("9434765919", "Amara"),
        ("943 476 5919", "Amara"),
        ("Tobs", "Tobi"),
    ],
)
def test_the_social_worker_finds_amara_and_tobi_from_the_header_search(
    client: Client, demo, typed: str, child: str | None
):
    client.force_login(User.objects.get(email="social.worker@larkford.example"))
    if child:
        assert first_found(client, typed) == child
    else:
        found = client.get("/search/", {"q": typed}).context["found"]
        assert {"Amara", "Tobi"} <= {f.child.first_name for f in found}


def test_a_partner_with_no_relationship_finds_neither_at_the_cost_of_a_name_nobody_has(
    client: Client, demo
):
    police = User.objects.get(email="police.officer@larkford.example")
    assert not visible_children(police).filter(last_name="Fictional-Okafor").exists()
    client.force_login(police)
    for typed in ("Amara", "Okafor", "LRK0000101", "9434765919", "Tobs"):
        assert first_found(client, typed) is None
    known = queries_during(lambda: client.get("/search/", {"q": "Amara Okafor"}))
    nobody = queries_during(lambda: client.get("/search/", {"q": "Zebedee Nobodyknown"}))
    assert known == nobody
