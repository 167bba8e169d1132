"""The public forms' protection: the client's address behind proxies, the limits' boundaries,
the password form's limits (the same for any address), and counting in the database cache."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory, override_settings
from django_ratelimit.core import _get_ip

from safetymap.core import public_forms
from safetymap.core.public_forms import ADDRESS, EMAIL, SESSION, Limit, client_address
from tests.factories import UserFactory

PROXY = "10.0.0.5"


def request(remote: str = PROXY, forwarded: str | None = None, **post):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    made = RequestFactory().post("/", post, **meta)
    made.session = type("Session", (), {"session_key": None})()
    return made


# --- The client's address ------------------------------------------------------------------------


def test_with_no_trusted_proxy_the_address_is_remote_addr_whatever_the_header_says(settings):
    settings.SAFETYMAP_TRUSTED_PROXIES = 0
    assert client_address(request("192.0.2.10", forwarded="198.51.100.1")) == "192.0.2.10"


def test_with_one_proxy_the_address_is_the_one_it_appended(settings):
    settings.SAFETYMAP_TRUSTED_PROXIES = 1
    assert client_address(request(forwarded="198.51.100.7")) == "198.51.100.7"


def test_a_forged_header_cannot_choose_the_address(settings):
    """A client sends its own X-Forwarded-For; the proxy appends the real address after it."""
    settings.SAFETYMAP_TRUSTED_PROXIES = 1
    forged = request(forwarded="203.0.113.99, 203.0.113.98, 198.51.100.7")
    assert client_address(forged) == "198.51.100.7"
    settings.SAFETYMAP_TRUSTED_PROXIES = 2
    chain = request(forwarded="203.0.113.99, 198.51.100.7, 10.0.0.4")  # forged, client, proxy 1
    assert client_address(chain) == "198.51.100.7"


def test_with_two_proxies_the_address_is_second_from_the_right(settings):
    settings.SAFETYMAP_TRUSTED_PROXIES = 2
    assert client_address(request(forwarded="198.51.100.7, 10.0.0.4")) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", [None, "", " , ", "198.51.100.7", "not-an-address, 10.0.0.4"])
def test_a_missing_short_or_garbled_header_falls_back_to_remote_addr(settings, forwarded):
    settings.SAFETYMAP_TRUSTED_PROXIES = 2
    assert client_address(request(forwarded=forwarded)) == PROXY


def test_ipv6_and_ports_as_proxies_write_them(settings):
    settings.SAFETYMAP_TRUSTED_PROXIES = 1
    assert client_address(request(forwarded="2001:DB8::1")) == "2001:db8::1"
    assert client_address(request(forwarded="[2001:db8::1]:51234")) == "2001:db8::1"
    assert client_address(request(forwarded="198.51.100.7:51234")) == "198.51.100.7"
    settings.SAFETYMAP_TRUSTED_PROXIES = 0
    assert client_address(request("2001:db8::2")) == "2001:db8::2"


def test_django_ratelimit_uses_this_address_and_groups_ipv6_by_household(settings):
    settings.SAFETYMAP_TRUSTED_PROXIES = 1
    assert _get_ip(request(forwarded="198.51.100.7")) == "198.51.100.7"
    one_home = {_get_ip(request(forwarded=f"2001:db8:1:2::{n}")) for n in (1, 2, 3)}
    assert one_home == {"2001:db8:1:2::"}


def test_an_empty_remote_addr_is_counted_as_one_unknown_address(settings):
    settings.SAFETYMAP_TRUSTED_PROXIES = 0
    assert client_address(request("")) == public_forms.UNKNOWN_ADDRESS


# --- Boundaries ----------------------------------------------------------------------------------


def test_reached_then_count_accepts_the_nth_and_refuses_the_next():
    limit, asking = Limit("test:address", 3, ADDRESS), request()
    for _ in range(3):
        assert not limit.reached(asking)
        limit.count(asking)
    assert limit.reached(asking)


def test_hit_counts_and_refuses_from_the_n_plus_first():
    limit, asking = Limit("test:address", 3, ADDRESS), request()
    assert [limit.hit(asking) for _ in range(5)] == [False, False, False, True, True]


def test_a_new_hour_starts_a_new_count(rate_limit_clock):
    limit, asking = Limit("test:address", 1, ADDRESS), request()
    assert not limit.hit(asking) and limit.hit(asking)
    rate_limit_clock.now += 60 * 60
    assert not limit.hit(asking)


def test_limits_by_session_or_email_do_not_apply_without_one():
    for per in (SESSION, EMAIL):
        limit = Limit(f"test:{per}", 1, per)
        assert [limit.hit(request()) for _ in range(3)] == [False] * 3


def test_emails_are_counted_whatever_their_case():
    limit = Limit("test:email", 1, EMAIL)
    assert not limit.hit(request(email="Someone@Fictional.example"))
    assert limit.hit(request(email="someone@fictional.example "))


def test_a_cache_that_cannot_count_refuses_rather_than_letting_everything_through(monkeypatch):
    cache = caches["ratelimit"]
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    assert Limit("test:address", 5, ADDRESS).reached(request())


def test_the_honeypot():
    assert public_forms.filled_honeypot(request(website="http://spam.example"))
    assert not public_forms.filled_honeypot(request(website="  "))


# --- Set or reset your password ------------------------------------------------------------------

RESET = "/password-reset/"
SENT = "/password-reset/sent/"


@pytest.fixture
def queued(settings):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend.results


@pytest.mark.django_db
def test_three_links_an_hour_for_one_email_known_or_not_and_the_page_says_the_same(queued):
    UserFactory(email="known@fictional.example")
    pages = {}
    for address, remote in (
        ("known@fictional.example", "192.0.2.1"),
        ("nobody@fictional.example", "192.0.2.2"),
    ):
        client = Client(REMOTE_ADDR=remote)  # within the per-address limit
        for _ in range(3):
            assert client.post(RESET, {"email": address})["Location"] == SENT
        refused = client.post(RESET, {"email": address})
        assert refused.status_code == 200
        pages[address] = refused.content.decode().replace(address, "ADDRESS")
    assert public_forms.TOO_MANY in pages["known@fictional.example"]
    assert "There is a problem" in pages["known@fictional.example"]
    assert pages["known@fictional.example"] == pages["nobody@fictional.example"].replace(
        _csrf(pages["nobody@fictional.example"]), _csrf(pages["known@fictional.example"])
    )
    assert len(queued) == 6  # the refused ones queued nothing


@pytest.mark.django_db
def test_five_an_hour_from_one_address_whatever_the_emails(queued, settings):
    settings.SAFETYMAP_TRUSTED_PROXIES = 1
    behind_proxy = Client(REMOTE_ADDR=PROXY)
    for n in range(5):
        sent = behind_proxy.post(RESET, {"email": f"p{n}@fictional.example"}, **_from("192.0.2.1"))
        assert sent.status_code == 302
    refused = behind_proxy.post(RESET, {"email": "p9@fictional.example"}, **_from("192.0.2.1"))
    assert public_forms.TOO_MANY in refused.content.decode()
    # Someone else behind the same proxy is not refused ...
    other = behind_proxy.post(RESET, {"email": "p9@fictional.example"}, **_from("192.0.2.2"))
    assert other.status_code == 302
    # ... and the first cannot get round it by forging the header.
    forged = behind_proxy.post(
        RESET, {"email": "p8@fictional.example"}, **_from("192.0.2.3, 192.0.2.1")
    )
    assert public_forms.TOO_MANY in forged.content.decode()
    assert len(queued) == 6


@pytest.mark.django_db
def test_a_mistyped_address_is_not_counted(queued):
    client = Client()
    for _ in range(6):
        page = client.post(RESET, {"email": "not an email"})
        assert "Enter an email address in the correct format" in page.content.decode()
    assert client.post(RESET, {"email": "someone@fictional.example"}).status_code == 302


def _from(forwarded: str) -> dict:
    return {"HTTP_X_FORWARDED_FOR": forwarded}


def _csrf(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


# --- The database cache (production's default) ---------------------------------------------------

DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "safetymap_ratelimit_cache",
    },
}


@pytest.mark.django_db
def test_the_migration_makes_the_database_cache_table_and_the_limits_count_in_it():
    from importlib import import_module

    from django.db import connection

    migration = import_module("safetymap.core.migrations.0001_rate_limit_cache_table")
    with override_settings(CACHES=DATABASE_CACHE):
        migration.create_cache_tables(None, SimpleNamespace(connection=connection))
        assert "safetymap_ratelimit_cache" in connection.introspection.table_names()
        limit, asking = Limit("test:database", 2, ADDRESS), request()
        assert [limit.hit(asking) for _ in range(3)] == [False, False, True]
