"""Issue 15, finding 7: an account with no app and no backup codes left cannot set one up with
its password alone; it needs a single-use set-up link a system administrator issued."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from safetymap.accounts.models import SetUpLink
from safetymap.accounts.roles import Role
from safetymap.accounts.second_step import new_backup_codes
from safetymap.accounts.services import issue_set_up_link
from safetymap.audit.models import Action, AuditEvent
from tests.accounts.test_second_step import code_now, password_only
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def path_of(url: str, settings) -> str:
    assert url.startswith(settings.SAFETYMAP_BASE_URL + "/sign-in/set-up/")
    return url.removeprefix(settings.SAFETYMAP_BASE_URL)


def issued_by_the_administrator(client: Client, person) -> str:
    """The set-up link as the administrator's page shows it."""
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    client.force_login(admin)
    page = client.post(f"/users/{person.pk}/set-up-link/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "It works once, for 24 hours" in html
    return re.search(r'<code class="sm-set-up-link">([^<]+)</code>', html).group(1)


def test_an_account_with_no_second_step_left_cannot_set_one_up_with_its_password_alone():
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    last_code = new_backup_codes(person, ["thelastone"])[0]
    signed_in = password_only(person)  # the last backup code used, as a demo account's tenth
    assert signed_in.post("/sign-in/second-step/", {"code": last_code})["Location"] == "/"
    browser = password_only(person)
    assert browser.get("/sign-in/second-step/")["Location"] == "/sign-in/second-step/set-up/"
    page = browser.get("/sign-in/second-step/set-up/")
    html = page.content.decode()
    assert page.status_code == 403 and "You need a set-up link" in html
    assert "system administrator for one" in html and "<svg" not in html
    assert not TOTPDevice.objects.filter(user=person).exists()  # no secret was even made
    # A device made some other way still cannot be confirmed with a code without a link.
    device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=False)
    browser.post("/sign-in/second-step/set-up/", {"code": code_now(device)})
    device.refresh_from_db()
    assert not device.confirmed
    assert browser.get("/")["Location"].startswith("/sign-in/second-step/")


def test_after_an_administrators_reset_the_password_alone_does_not_set_up_a_new_app(
    client: Client,
):
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    new_backup_codes(person)
    client.force_login(admin)
    reset = client.post(f"/users/{person.pk}/reset-security-codes/", follow=True)
    assert "Issue them a set-up link" in reset.content.decode()
    page = password_only(person).get("/sign-in/second-step/set-up/")
    assert page.status_code == 403 and not TOTPDevice.objects.filter(user=person).exists()


def test_a_set_up_link_from_an_administrator_sets_up_the_app_once(client: Client, settings):
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    url = issued_by_the_administrator(client, person)
    issued = AuditEvent.objects.filter(action=Action.UPDATE, subject_id=str(person.pk)).latest("id")
    assert issued.details["second_step"] == "set-up link issued"
    browser = Client()
    # Opened before signing in: it is kept through the sign-in.
    opened = browser.get(path_of(url, settings), follow=True)
    assert opened.redirect_chain[-1][0] == "/sign-in/"
    assert "then set up your security codes" in opened.content.decode()
    browser.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    setup = browser.get("/sign-in/second-step/", follow=True)
    assert setup.redirect_chain[-1][0] == "/sign-in/second-step/set-up/"
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=person)
    done = browser.post("/sign-in/second-step/set-up/", {"code": code_now(device)})
    assert "Keep your backup codes safe" in done.content.decode()
    assert browser.get("/").status_code == 200
    link = SetUpLink.objects.get(user=person)
    assert link.used_at is not None
    event = AuditEvent.objects.filter(actor=person, action=Action.UPDATE).latest("id")
    assert event.details == {"second_step": "authenticator app set up", "set_up_link": link.pk}
    # Used once: opening it again (anyone, anywhere) gets a plain page and changes nothing.
    again = Client().get(path_of(url, settings))
    assert again.status_code == 200 and "This set-up link cannot be used" in again.content.decode()


def test_a_set_up_link_works_when_opened_after_signing_in_with_the_password(
    client: Client, settings
):
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    url = issued_by_the_administrator(client, person)
    browser = password_only(person)
    assert browser.get(path_of(url, settings))["Location"] == "/sign-in/second-step/set-up/"
    browser.get("/sign-in/second-step/set-up/")
    done = browser.post(
        "/sign-in/second-step/set-up/", {"code": code_now(TOTPDevice.objects.get(user=person))}
    )
    assert "Keep your backup codes safe" in done.content.decode()


def test_a_set_up_link_is_kept_only_as_a_hash(client: Client):
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    url = issued_by_the_administrator(client, person)
    token = url.rstrip("/").rsplit("/", 1)[1]
    row = SetUpLink.objects.filter(user=person).values().get()
    assert token not in str(row) and len(row["token_hash"]) == 64
    assert token not in str(list(AuditEvent.objects.values_list("details", flat=True)))


def test_an_expired_set_up_link_is_refused_with_a_plain_message(settings):
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    issued = issue_set_up_link(by=UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR]), account=person)
    SetUpLink.objects.filter(user=person).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    browser = password_only(person)
    page = browser.get(path_of(issued.url, settings))
    assert "This set-up link cannot be used" in page.content.decode()
    assert "system administrator for a new set-up link" in page.content.decode()
    assert browser.get("/sign-in/second-step/set-up/").status_code == 403


def test_a_set_up_link_for_someone_else_does_not_set_up_my_account(settings):
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    me, other = UserFactory(), UserFactory()
    others = issue_set_up_link(by=admin, account=other)
    browser = password_only(me)
    page = browser.get(path_of(others.url, settings))
    assert page.status_code == 403
    assert "This set-up link is for another account" in page.content.decode()
    assert browser.get("/sign-in/second-step/set-up/").status_code == 403
    # Opened before signing in as me, it still does nothing for my account.
    browser = Client()
    browser.get(path_of(others.url, settings))
    browser.post("/sign-in/", {"email": me.email, "password": PASSWORD})
    assert browser.get("/sign-in/second-step/set-up/").status_code == 403
    assert SetUpLink.objects.get(user=other).used_at is None


def test_a_new_set_up_link_replaces_the_unused_one(settings):
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    person = UserFactory()
    first = issue_set_up_link(by=admin, account=person)
    second = issue_set_up_link(by=admin, account=person)
    browser = Client()
    assert "cannot be used" in browser.get(path_of(first.url, settings)).content.decode()
    assert browser.get(path_of(second.url, settings))["Location"] == "/sign-in/"


def test_only_a_system_administrator_issues_a_set_up_link(client: Client):
    person = UserFactory()
    client.force_login(UserFactory(roles=[Role.TEAM_MANAGER]))
    assert client.post(f"/users/{person.pk}/set-up-link/").status_code == 403
    assert not SetUpLink.objects.exists()


def test_no_set_up_link_for_an_account_that_has_its_codes_or_is_closed(client: Client):
    with_codes, closed = UserFactory(), UserFactory(is_active=False)
    new_backup_codes(with_codes)
    client.force_login(UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR]))
    for person, words in ((with_codes, "already has security codes"), (closed, "is closed")):
        page = client.post(f"/users/{person.pk}/set-up-link/", follow=True)
        assert words in page.content.decode()
    assert not SetUpLink.objects.exists()


def test_the_first_administrator_gets_a_set_up_link_on_the_server(capsys, settings):
    first = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    StaticDevice.objects.filter(user=first).delete()
    call_command("issue_set_up_link", first.email.upper())
    printed = capsys.readouterr().out
    assert "works once, for 24 hours" in printed
    assert settings.SAFETYMAP_BASE_URL + "/sign-in/set-up/" in printed
    event = AuditEvent.objects.filter(subject_id=str(first.pk)).latest("id")
    assert event.actor is None and event.actor_label == "manage.py issue_set_up_link"
