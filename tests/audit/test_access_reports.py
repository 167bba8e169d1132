"""Privacy officers see who has accessed a child's record, and what one person has done."""

from __future__ import annotations

import re

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


def _reads_of(child, who, count: int, *, action: str = Action.VIEW) -> None:
    from safetymap.audit.services import record

    for _ in range(count):
        record(actor=who, action=action, subject=child, basis="allocated worker")


def _later(html: str) -> str | None:
    found = re.search(r'href="([^"]*)" rel="next"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_who_viewed_a_record_read_500_times_is_a_small_page_whose_queries_do_not_grow(
    client: Client,
):
    allocation = AllocationFactory()
    child = allocation.episode.child
    officer = UserFactory(roles=[Role.PRIVACY_OFFICER])
    client.force_login(officer)
    _reads_of(child, allocation.worker, 3)
    sizes = []

    def report():
        response = client.get("/access-reports/child/", {"la_child_id": child.la_child_id})
        sizes.append(len(response.content))

    assert_queries_do_not_grow(report, lambda: _reads_of(child, allocation.worker, 500))
    assert sizes[-1] < 100_000, f"the report is {sizes[-1]:,} bytes"


def test_the_pages_of_who_viewed_reach_the_first_read_with_no_gaps_and_keep_the_filters(
    client: Client,
):
    allocation = AllocationFactory()
    child = allocation.episode.child
    _reads_of(child, allocation.worker, 120)
    _reads_of(child, allocation.worker, 7, action=Action.UPDATE)
    officer = UserFactory(roles=[Role.PRIVACY_OFFICER])
    client.force_login(officer)
    views = set(
        AuditEvent.objects.filter(child_id=child.pk, action=Action.VIEW).values_list(
            "pk", flat=True
        )
    )
    query = f"?la_child_id={child.la_child_id}&what=views"
    seen: list[str] = []
    while query:
        response = client.get("/access-reports/child/" + query)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Changed (" not in html  # only views, on every page
        seen += re.findall(r"<td class=\"govuk-table__cell\">Viewed \(", html)
        query = _later(html)
        assert query is None or "what=views" in query
    assert len(seen) == len(views)  # every view once (the officer's own are added after)


def test_a_bad_cursor_on_who_viewed_gives_its_first_page(client: Client):
    allocation = AllocationFactory()
    client.force_login(UserFactory(roles=[Role.PRIVACY_OFFICER]))
    response = client.get(
        "/access-reports/child/",
        {"la_child_id": allocation.episode.child.la_child_id, "cursor": "x" * 5000},
    )
    assert response.status_code == 200 and "not recognised" in response.content.decode()


def test_what_one_person_has_done_is_paged_with_its_filters_kept(client: Client):
    allocation = AllocationFactory()
    _reads_of(allocation.episode.child, allocation.worker, 60)
    client.force_login(UserFactory(roles=[Role.PRIVACY_OFFICER]))
    url = f"/access-reports/users/{allocation.worker.pk}/"
    html = client.get(url, {"filter": "1", "what": "views"}).content.decode()
    later = _later(html)
    assert later and "what=views" in later
    assert client.get(url + later).status_code == 200
