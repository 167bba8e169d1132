from __future__ import annotations

import types

import pytest
from django.core.cache import caches
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from safetymap.accounts.models import User
from safetymap.accounts.roles import Role
from tests.factories import UserFactory


class ClientPastTheSecondStep(Client):
    """The test client; ``force_login`` also passes the second sign-in step, as a person does
    after their password (tests of the step itself sign in through the pages instead)."""

    def force_login(self, user, backend=None) -> None:
        super().force_login(user, backend)
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="Test backup codes", defaults={"confirmed": True}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture(autouse=True, scope="session")
def flush_past_the_audit_trails_truncate_trigger():
    """Between transactional tests Django empties every table with one TRUNCATE, which the audit
    tables refuse on PostgreSQL (migration audit 0004). The test run's superuser empties them in
    a replica session, which fires no triggers; only a superuser may start one, so the service's
    roles cannot (tests/audit/test_database_roles.py)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **options) -> list[str]:
        statements = original(self, style, tables, **options)
        if statements and "audit_auditevent" in tables:
            return ["SET LOCAL session_replication_role = replica", *statements]
        return statements

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


def pytest_collection_modifyitems(config, items) -> None:
    """With a replica configured, a transactional test (its data committed, so a GET through
    the router may read it on the replica, in this thread or the live server's) may use the
    replica alias too: Django refuses connections to an alias a test has not named. Tests in a
    transaction (the rest) never reach the replica: the router reads the primary there."""
    from django.conf import settings

    from config.database import REPLICA_ALIAS

    if REPLICA_ALIAS not in settings.DATABASES:
        return
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        transactional = kwargs.get("transaction") or TRANSACTIONAL_FIXTURES & set(
            getattr(item, "fixturenames", ())
        )
        if transactional and not (marker and marker.args) and kwargs.get("databases") is None:
            kwargs["databases"] = ["default", REPLICA_ALIAS]
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """With a streaming replica (DATABASE_REPLICA_URL; make test's PostgreSQL part starts one),
    its alias reads the test database this process made on the primary, which reached the
    replica by streaming. Django neither creates nor empties it (TEST MIRROR, config/database.py),
    and the mirror it set up is undone here, so the alias really is the replica. The settings
    are changed too, for the live server's threads, which open connections of their own."""
    from django.conf import settings
    from django.db import connections

    from config.database import REPLICA_ALIAS

    if REPLICA_ALIAS in settings.DATABASES:
        replica = settings.DATABASES[REPLICA_ALIAS]
        replica["NAME"] = connections["default"].settings_dict["NAME"]
        connections[REPLICA_ALIAS].close()
        connections[REPLICA_ALIAS].settings_dict = dict(replica)
    yield
    if REPLICA_ALIAS in settings.DATABASES:
        connections[REPLICA_ALIAS].close()


class RateLimitClock:
    """django-ratelimit counts in fixed hours; its clock stands still in tests, so a test never
    straddles the end of an hour. ``rate_limit_clock.now += 3600`` moves to the next hour."""

    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def time(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def rate_limit_clock(monkeypatch) -> RateLimitClock:
    """The public forms' rate limits count in a cache that outlives a test: each starts afresh."""
    import django_ratelimit.core

    clock = RateLimitClock()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=clock.time))
    caches["ratelimit"].clear()
    yield clock
    caches["ratelimit"].clear()


@pytest.fixture
def client() -> Client:
    return ClientPastTheSecondStep()


@pytest.fixture
def user_with_role(db):
    """``user_with_role(Role.SOCIAL_WORKER)`` makes a fictional person holding that role."""

    def make(*roles: Role, **fields) -> User:
        return UserFactory(roles=list(roles), **fields)

    return make


@pytest.fixture
def signed_in(client: Client, user_with_role):
    """``signed_in(Role.TEAM_MANAGER)`` returns a test client signed in as someone in that role."""

    def sign_in(*roles: Role, **fields) -> Client:
        client.force_login(user_with_role(*roles, **fields))
        return client

    return sign_in
