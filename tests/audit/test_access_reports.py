"""Privacy officers see who has accessed a child's record, and what one person has done."""

from __future__ import annotations

import pytest
from django.test import Client

from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from tests.factories import AllocationFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_every_read_of_a_childs_record_appears_in_its_access_report(client: Client):
    allocation = AllocationFactory()
    child = allocation.episode.child
    client.force_login(allocation.worker)
    client.get(f"/children/{child.pk}/")
    client.get(f"/episodes/{allocation.episode.pk}/")
    officer = UserFactory(roles=[Role.PRIVACY_OFFICER])
    client.force_login(officer)
    html = client.get("/access-reports/child/", {"la_child_id": child.la_child_id}).content.decode()
    assert html.count(allocation.worker.full_name) >= 2 and "allocated worker" in html
    assert AuditEvent.objects.filter(actor=officer, action=Action.VIEW, child_id=child.pk).exists()


def test_an_unknown_child_id_is_explained(client: Client):
    client.force_login(UserFactory(roles=[Role.PRIVACY_OFFICER]))
    html = client.get("/access-reports/child/", {"la_child_id": "NOPE"}).content.decode()
    assert "No child has this ID" in html and "There is a problem" in html


def test_the_report_queries_do_not_grow_with_the_number_of_reads(client: Client):
    allocation = AllocationFactory()
    child = allocation.episode.child
    officer = UserFactory(roles=[Role.PRIVACY_OFFICER])

    def reads(n: int) -> None:
        client.force_login(allocation.worker)
        for _ in range(n):
            client.get(f"/children/{child.pk}/")
        client.force_login(officer)

    reads(1)
    assert_queries_do_not_grow(
        lambda: client.get("/access-reports/child/", {"la_child_id": child.la_child_id}),
        lambda: reads(10),
    )
