"""Reads that may lag go to a real PostgreSQL streaming replica, and only those, only when safe.

Run in make test's PostgreSQL part, where scripts/run_tests.py starts a hot-standby replica of
the throwaway server and passes DATABASE_REPLICA_URL. Data is committed on the primary
(transactional tests) and reaches the replica by streaming; which server answered is seen from
the queries each connection ran, and the replica is checked to really be one (in recovery).
"""

from __future__ import annotations

import contextlib
import datetime
import socket
import time
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.database import REPLICA_ALIAS
from safetymap.accounts.roles import Role
from safetymap.cases.models import Allocation
from safetymap.core import db_routing
from safetymap.core.db_routing import (
    PRIMARY,
    REPLICA,
    forget_replica_health,
    pinned_for_seconds,
    reads_may_lag,
    replica_lag_seconds,
    replica_read,
)
from safetymap.people.models import Child
from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory, UserFactory
from tests.people.test_children_pages import new_child_form

HAS_REPLICA = REPLICA_ALIAS in settings.DATABASES
pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(
        not HAS_REPLICA,
        reason="needs DATABASE_REPLICA_URL: a streaming replica of DATABASE_URL's server "
        "(make test's PostgreSQL part starts one; see docs/scaling.md)",
    ),
    pytest.mark.django_db(
        transaction=True, databases=["default", REPLICA_ALIAS] if HAS_REPLICA else ["default"]
    ),
]

REPLAY_TIMEOUT_SECONDS = 20


def eventually(condition: Callable[[], bool], what: str) -> None:
    """Until the replica has replayed what the test needs (or a clear failure)."""
    deadline = time.monotonic() + REPLAY_TIMEOUT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {REPLAY_TIMEOUT_SECONDS}s: {what}")
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def fresh_replica_health():
    forget_replica_health()
    yield
    forget_replica_health()


@pytest.fixture
def worker_and_child():
    """A social worker and a child allocated to them, committed and replayed on the replica."""
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    child = ChildFactory(first_name="Zainab", last_name="Fictional-Adeyemi")
    AllocationFactory(worker=worker, episode=EpisodeFactory(child=child))
    eventually(
        lambda: Child.objects.using(REPLICA).filter(pk=child.pk).exists(),
        "the child reaches the replica",
    )
    return worker, child


def read_tables(queries: CaptureQueriesContext) -> str:
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_the_replica_is_a_hot_standby_of_the_test_database():
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database()")
        in_recovery, name = cursor.fetchone()
    assert in_recovery is True
    assert name == connections[PRIMARY].settings_dict["NAME"]


def test_the_children_list_is_found_on_the_replica(client, worker_and_child):
    worker, child = worker_and_child
    client.force_login(worker)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        page = client.get("/children/")
    assert page.status_code == 200 and child.full_name in page.content.decode()
    assert '"people_child"' in read_tables(on_replica)


def test_search_ranks_on_the_replica_and_reads_what_it_shows_on_the_primary(
    client, worker_and_child
):
    worker, child = worker_and_child
    client.force_login(worker)
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
    ):
        page = client.get("/search/", {"q": "Fictional-Adeyemi"})
    assert child.full_name in page.content.decode()
    assert '"people_searchkey"' in read_tables(on_replica)
    # The records shown come through the person's scope on the primary, as does the audit.
    shown = [q["sql"] for q in on_primary.captured_queries if 'FROM "people_child"' in q["sql"]]
    assert shown and '"audit_auditevent"' in read_tables(on_primary)


def test_the_partnership_dashboards_figures_are_read_on_the_replica(client):
    client.force_login(UserFactory(roles=[Role.PARTNERSHIP_ADMINISTRATOR]))
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        page = client.get("/programme/dashboard/")
    assert page.status_code == 200
    assert '"partnership_booking"' in read_tables(on_replica)
    assert '"mapping_sosmap"' in read_tables(on_replica)


def test_after_sending_a_form_a_persons_reads_stay_on_the_primary_for_a_while(
    client, worker_and_child, monkeypatch
):
    worker, _ = worker_and_child
    client.force_login(worker)
    sent = client.post("/children/new/", new_child_form(first_name="Ngozi"))
    assert sent.status_code == 302
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        page = client.get("/children/")
    assert "Ngozi Fictional-Okafor" in page.content.decode()
    assert on_replica.captured_queries == []

    later = timezone.now() + datetime.timedelta(seconds=pinned_for_seconds() + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        page = client.get("/children/")
    assert "Ngozi Fictional-Okafor" in page.content.decode()
    assert '"people_child"' in read_tables(on_replica)


def test_a_colleague_who_sent_nothing_still_reads_the_replica(client, worker_and_child):
    worker, _ = worker_and_child
    colleague = UserFactory(roles=[Role.SOCIAL_WORKER])
    client.force_login(worker)
    client.post("/children/new/", new_child_form())
    client.force_login(colleague)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        client.get("/children/")
    assert '"people_child"' in read_tables(on_replica)


def test_writes_go_to_the_primary_even_for_a_record_read_on_the_replica(worker_and_child):
    _, child = worker_and_child
    with reads_may_lag():
        found = replica_read(lambda: Child.objects.get(pk=child.pk))
        assert found._state.db == REPLICA
        found.known_as = "Zee"
        found.save(update_fields=["known_as"])
        made = replica_read(lambda: ChildFactory(first_name="Written"))
    assert Child.objects.using(PRIMARY).get(pk=child.pk).known_as == "Zee"
    assert Child.objects.using(PRIMARY).filter(pk=made.pk).exists()
    # And the replica could not have taken them: it is read-only.
    with pytest.raises(Exception, match="read-only transaction"):
        Child.objects.using(REPLICA).filter(pk=child.pk).update(known_as="No")


def test_reads_inside_a_transaction_use_the_primary(worker_and_child):
    with reads_may_lag(), transaction.atomic():
        rows = replica_read(lambda: list(Child.objects.all()))
    assert rows and {row._state.db for row in rows} == {PRIMARY}


def test_reads_outside_a_get_request_use_the_primary(worker_and_child):
    rows = replica_read(lambda: list(Child.objects.all()))  # a task or a command, say
    assert rows and {row._state.db for row in rows} == {PRIMARY}


@contextlib.contextmanager
def replay_paused() -> Iterator[None]:
    """The replica receives the primary's changes but applies none until the block ends."""
    with connections[PRIMARY].cursor() as cursor:
        # The test run's primary waits for the replica to apply each commit; this test's own
        # commits must not, while the replica's replay is paused.
        cursor.execute("SET synchronous_commit = local")
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
        eventually(lambda: replica_lag_seconds() == 0.0, "the replica catches up")
        forget_replica_health()


def test_a_replica_further_behind_than_the_bound_is_not_read(client, worker_and_child, settings):
    worker, _ = worker_and_child
    settings.SAFETYMAP_REPLICA_MAX_LAG_SECONDS = 0.5
    client.force_login(worker)
    with replay_paused():
        newcomer = ChildFactory(first_name="Kofi", last_name="Fictional-Mensah")
        AllocationFactory(worker=worker, episode=EpisodeFactory(child=newcomer))
        eventually(lambda: (replica_lag_seconds() or 0) > 0.5, "the paused replica falls behind")
        forget_replica_health()
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            page = client.get("/children/")
        assert "Kofi Fictional-Mensah" in page.content.decode()
        assert '"people_child"' not in read_tables(on_replica)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        page = client.get("/children/")
    assert "Kofi Fictional-Mensah" in page.content.decode()
    assert '"people_child"' in read_tables(on_replica)


def test_a_child_out_of_sight_on_the_primary_is_not_listed_from_a_replica_behind_it(
    client, worker_and_child, settings
):
    """Within the lag bound the replica still holds the allocation just ended; the list it
    finds is confirmed on the primary, so the child's name is not shown."""
    worker, child = worker_and_child
    still_allocated = ChildFactory(first_name="Ama", last_name="Fictional-Boateng")
    AllocationFactory(worker=worker, episode=EpisodeFactory(child=still_allocated))
    eventually(
        lambda: Child.objects.using(REPLICA).filter(pk=still_allocated.pk).exists(),
        "the second child reaches the replica",
    )
    settings.SAFETYMAP_REPLICA_MAX_LAG_SECONDS = 600  # the paused replica still counts as current
    client.force_login(worker)
    with replay_paused():
        Allocation.objects.filter(episode__child=child).update(
            ended_on=timezone.localdate() - datetime.timedelta(days=1)
        )
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            page = client.get("/children/")
        assert '"people_child"' in read_tables(on_replica)  # found there, with the old allocation
        html = page.content.decode()
        assert "Ama Fictional-Boateng" in html
        assert child.full_name not in html


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_replica_that_cannot_be_reached_sends_reads_to_the_primary(
    client, worker_and_child, monkeypatch
):
    worker, child = worker_and_child
    connections[REPLICA].close()
    monkeypatch.setitem(connections[REPLICA].settings_dict, "PORT", closed_port())
    client.force_login(worker)
    page = client.get("/children/")
    assert page.status_code == 200 and child.full_name in page.content.decode()
    connections[REPLICA].close()


def test_a_replica_lost_part_way_through_a_read_is_answered_by_the_primary(
    worker_and_child, monkeypatch
):
    _, child = worker_and_child
    with reads_may_lag():
        assert db_routing.replica_is_safe_now()  # checked and healthy, then it goes away
        connections[REPLICA].close()
        monkeypatch.setitem(connections[REPLICA].settings_dict, "PORT", closed_port())
        rows = replica_read(lambda: list(Child.objects.filter(pk=child.pk)))
        assert [row._state.db for row in rows] == [PRIMARY]
        assert not db_routing.replica_is_safe_now()  # rested until the next check
    connections[REPLICA].close()
