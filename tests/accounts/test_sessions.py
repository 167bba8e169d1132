"""Sessions live on the server: the absolute limit counts from sign-in there, a person can see
where they are signed in and sign out everywhere else, and closing an account ends its sessions."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from safetymap.accounts.models import SignedInSession
from safetymap.accounts.roles import Role
from safetymap.accounts.second_step import new_backup_codes
from safetymap.audit.models import Action, AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def sign_in(person, user_agent: str = FIREFOX) -> Client:
    browser = Client(headers={"User-Agent": user_agent})
    browser.post("/sign-in/", {"email": person.email, "password": PASSWORD})
    browser.post("/sign-in/second-step/", {"code": new_backup_codes(person)[0]})
    assert browser.get("/").status_code == 200
    return browser


def test_the_absolute_limit_counts_from_sign_in_on_the_server_and_a_replayed_cookie_fails():
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    before = time.time()
    browser = sign_in(person)
    session = browser.session
    assert before <= session["signed_in_at"] <= time.time()
    # Someone copies the cookie; the session is kept busy, but a working day has passed.
    copied = Client()
    copied.cookies[settings.SESSION_COOKIE_NAME] = browser.cookies[settings.SESSION_COOKIE_NAME]
    assert copied.get("/").status_code == 200
    session["signed_in_at"] = time.time() - settings.SESSION_COOKIE_AGE - 1
    session["last_activity"] = time.time()
    session.save()
    assert copied.get("/")["Location"].startswith("/sign-in/")
    assert not Session.objects.filter(session_key=session.session_key).exists()
    assert browser.get("/")["Location"].startswith("/sign-in/")


def test_a_person_sees_where_they_are_signed_in_and_signs_out_everywhere_else():
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    laptop, phone = sign_in(person, FIREFOX), sign_in(person, SAFARI)
    someone_else = sign_in(UserFactory(roles=[Role.SOCIAL_WORKER]))
    page = laptop.get("/account/sign-ins/").content.decode()
    assert "Firefox on Windows" in page and "Safari on iPhone" in page
    assert page.count("This device") == 1 and page.index("Firefox") < page.index("Safari")
    assert "Sign out of all other devices" in page
    response = laptop.post("/account/sign-ins/sign-out-elsewhere/", follow=True)
    assert "You have been signed out on every other device" in response.content.decode()
    assert laptop.get("/").status_code == 200
    assert phone.get("/")["Location"].startswith("/sign-in/")
    assert someone_else.get("/").status_code == 200
    assert "Safari on iPhone" not in laptop.get("/account/sign-ins/").content.decode()
    ended = AuditEvent.objects.filter(action=Action.SIGN_OUT, actor=person).last()
    assert ended.details == {"other_sessions_ended": 1}


def test_signing_out_forgets_the_session_and_expired_ones_drop_off_the_list():
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    laptop, phone = sign_in(person), sign_in(person, SAFARI)
    assert SignedInSession.objects.filter(user=person).count() == 2
    phone.post("/sign-out/")
    assert SignedInSession.objects.filter(user=person).count() == 1
    stale = sign_in(person, SAFARI)
    Session.objects.filter(session_key=stale.session.session_key).delete()
    assert "Safari" not in laptop.get("/account/sign-ins/").content.decode()
    assert SignedInSession.objects.filter(user=person).count() == 1


def test_closing_an_account_ends_its_sessions(signed_in):
    person = UserFactory(roles=[Role.SOCIAL_WORKER], full_name="Fictional Leaver")
    browser = sign_in(person)
    admin = signed_in(Role.SYSTEM_ADMINISTRATOR)
    response = admin.post(
        f"/users/{person.pk}/",
        {
            "revision": person.revision,
            "full_name": person.full_name,
            "email": person.email,
            "organisation": person.organisation_id,
            "roles": [Role.SOCIAL_WORKER.value],
        },
    )
    assert response.status_code == 302
    assert not SignedInSession.objects.filter(user=person).exists()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(person.pk) for s in Session.objects.all()
    )
    assert browser.get("/")["Location"].startswith("/sign-in/")
    closed = AuditEvent.objects.filter(action=Action.UPDATE, subject_id=str(person.pk)).last()
    assert closed.details["sessions_ended"] == 1
