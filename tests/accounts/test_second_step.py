"""The second sign-in step: an authenticator app or a single-use backup code, for every account."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from safetymap.accounts.roles import Role
from safetymap.accounts.second_step import new_backup_codes
from safetymap.accounts.services import issue_set_up_link
from safetymap.audit.models import Action, AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def password_only(person) -> Client:
    """A browser that has given the right password and nothing else yet."""
    browser = Client()
    response = browser.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    assert response["Location"].startswith("/sign-in/second-step/")
    return browser


def code_now(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_first_sign_in_sets_up_an_authenticator_app_and_shows_backup_codes_once(settings):
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    issued = issue_set_up_link(by=UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR]), account=person)
    browser = password_only(person)
    browser.get(issued.url.removeprefix(settings.SAFETYMAP_BASE_URL))  # from the administrator
    page = browser.get("/sign-in/second-step/", follow=True)
    html = page.content.decode()
    assert page.redirect_chain[-1][0] == "/sign-in/second-step/set-up/"
    assert "<svg" in html and "Key to type in" in html
    assert browser.get("/children/")["Location"].startswith("/sign-in/second-step/")
    wrong = browser.post("/sign-in/second-step/set-up/", {"code": "000000"}).content.decode()
    assert "That code is not right" in wrong and "There is a problem" in wrong
    device = TOTPDevice.objects.get(user=person)
    done = browser.post("/sign-in/second-step/set-up/", {"code": code_now(device)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert browser.get("/").status_code == 200
    # The codes are shown once: the set-up page now goes straight on.
    assert browser.get("/sign-in/second-step/set-up/")["Location"] == "/"


def test_a_code_from_the_app_cannot_be_used_twice():
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)
    code = code_now(device)
    first = password_only(person)
    assert first.post("/sign-in/second-step/", {"code": code})["Location"] == "/"
    replay = password_only(person)
    refused = replay.post("/sign-in/second-step/", {"code": code})
    assert refused.status_code == 200 and "That code is not right" in refused.content.decode()
    assert replay.get("/")["Location"].startswith("/sign-in/second-step/")


def test_a_backup_code_works_once():
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    code = new_backup_codes(person)[3]
    assert password_only(person).post("/sign-in/second-step/", {"code": code})["Location"] == "/"
    again = password_only(person).post("/sign-in/second-step/", {"code": code})
    assert "That code is not right" in again.content.decode()


def test_guessing_codes_is_slowed_down_and_audited():
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    codes = new_backup_codes(person)
    browser = password_only(person)
    browser.post("/sign-in/second-step/", {"code": "guess-one"})
    # Straight after a wrong code even a right one waits: guessing cannot go at machine speed.
    slowed = browser.post("/sign-in/second-step/", {"code": codes[0]}).content.decode()
    assert "Too many wrong codes" in slowed
    assert browser.get("/")["Location"].startswith("/sign-in/second-step/")
    failed = AuditEvent.objects.filter(action=Action.SECOND_STEP_FAILED, actor=person)
    assert failed.count() == 1 and "guess-one" not in str(failed.values_list().get())


def test_an_over_long_or_empty_code_is_refused_with_a_message():
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    new_backup_codes(person)
    browser = password_only(person)
    empty = browser.post("/sign-in/second-step/", {"code": ""}).content.decode()
    assert "Enter the code from your authenticator app" in empty
    long = browser.post("/sign-in/second-step/", {"code": "9" * 5000}).content.decode()
    assert "There is a problem" in long and "32 characters or fewer" in long


def test_a_session_pointing_at_someone_elses_device_is_not_past_the_second_step():
    person, other = UserFactory(roles=[Role.SOCIAL_WORKER]), UserFactory()
    others_device = StaticDevice.objects.create(user=other, name="Backup codes", confirmed=True)
    browser = Client()
    browser.force_login(person)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = others_device.persistent_id
    session.save()
    assert browser.get("/")["Location"].startswith("/sign-in/second-step/")


def test_a_forged_session_cookie_is_treated_as_signed_out(settings):
    browser = Client()
    browser.cookies[settings.SESSION_COOKIE_NAME] = "forged-session-key-that-was-never-issued"
    response = browser.get("/children/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/?next=")


def test_signed_out_visitors_cannot_reach_the_second_step():
    assert Client().get("/sign-in/second-step/")["Location"] == "/sign-in/"


def test_an_administrator_resets_lost_codes_and_the_persons_sessions_end(client: Client):
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    codes = new_backup_codes(person)
    signed_in_elsewhere = password_only(person)
    signed_in_elsewhere.post("/sign-in/second-step/", {"code": codes[0]})
    assert signed_in_elsewhere.get("/").status_code == 200
    client.force_login(admin)
    response = client.post(f"/users/{person.pk}/reset-security-codes/", follow=True)
    assert "security codes have been reset" in response.content.decode()
    assert not StaticDevice.objects.filter(user=person).exists()
    assert signed_in_elsewhere.get("/")["Location"].startswith("/sign-in/")
    event = AuditEvent.objects.filter(actor=admin, action=Action.UPDATE).latest("id")
    assert event.details["second_step"] == "reset"
