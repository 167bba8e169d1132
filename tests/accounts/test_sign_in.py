"""Signing in and out: by email, with Argon2; a wrong password never shows an account exists."""

from __future__ import annotations

import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend

from safetymap.accounts.forms import WRONG_CREDENTIALS
from safetymap.accounts.models import User
from safetymap.accounts.roles import Role
from safetymap.accounts.second_step import new_backup_codes
from safetymap.accounts.tasks import send_password_link
from safetymap.audit.models import Action, AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def post_sign_in(client: Client, email: str, password: str, next_url: str = ""):
    return client.post("/sign-in/", {"email": email, "password": password, "next": next_url})


def pass_second_step(client: Client, person: User, next_url: str = ""):
    code = new_backup_codes(person)[0]
    return client.post("/sign-in/second-step/", {"code": code, "next": next_url})


def test_passwords_are_hashed_with_argon2(user_with_role):
    person = user_with_role(Role.SOCIAL_WORKER)
    assert person.password.startswith("argon2$")


def test_sign_in_by_email_lands_on_my_work(client: Client, user_with_role):
    person = user_with_role(Role.SOCIAL_WORKER, full_name="Fictional Fran")
    response = post_sign_in(client, person.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/sign-in/second-step/"
    response = pass_second_step(client, person)
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/")
    assert b"My work" in page.content and b"Fictional Fran" in page.content
    assert b"Social worker" in page.content


def test_email_is_matched_whatever_its_case(client: Client, user_with_role):
    person = user_with_role(Role.SOCIAL_WORKER)
    response = post_sign_in(client, person.email.upper(), PASSWORD)
    assert response.status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client: Client, user_with_role):
    person = user_with_role(Role.SOCIAL_WORKER)
    wrong_password = post_sign_in(client, person.email, "not-the-password")
    unknown_email = post_sign_in(client, "nobody@fictional.example", "not-the-password")
    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        html = response.content.decode()
        assert WRONG_CREDENTIALS in html
        assert "There is a problem" in html and 'href="#id_email"' in html
        assert "<title>Error: Sign in" in html

    def without_tokens(response) -> str:
        html = response.content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return html.replace(person.email, "").replace("nobody@fictional.example", "")

    assert without_tokens(wrong_password) == without_tokens(unknown_email)


def test_closed_account_cannot_sign_in_and_is_not_told_apart(client: Client, user_with_role):
    person = user_with_role(Role.SOCIAL_WORKER, is_active=False)
    response = post_sign_in(client, person.email, PASSWORD)
    assert response.status_code == 200 and WRONG_CREDENTIALS in response.content.decode()


def test_empty_form_shows_the_error_summary(client: Client):
    html = client.post("/sign-in/", {}).content.decode()
    assert "There is a problem" in html
    assert "Enter your email address" in html and "Enter your password" in html


def test_badly_formed_email_is_explained(client: Client):
    html = post_sign_in(client, "not-an-email", "x").content.decode()
    assert "Enter an email address in the correct format" in html


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(client: Client, user_with_role):
    person = user_with_role(Role.SOCIAL_WORKER)
    assert (
        post_sign_in(client, person.email, PASSWORD, "/accessibility/")["Location"]
        == "/sign-in/second-step/?next=%2Faccessibility%2F"
    )
    assert pass_second_step(client, person, "/accessibility/")["Location"] == "/accessibility/"
    client.logout()
    first = post_sign_in(client, person.email, PASSWORD, "https://evil.example/")
    assert first["Location"] == "/sign-in/second-step/"
    assert pass_second_step(client, person, "https://evil.example/")["Location"] == "/"


def test_sign_out_needs_a_post_and_ends_the_session(signed_in):
    client = signed_in(Role.SOCIAL_WORKER)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/", follow=True)
    assert b"You have signed out" in response.content
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_sign_in_failure_and_sign_out_are_audited(client: Client, user_with_role):
    person = user_with_role(Role.SOCIAL_WORKER)
    post_sign_in(client, person.email, "Typed-Wrong-Password-42")
    post_sign_in(client, person.email, PASSWORD)
    client.post("/sign-out/")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == [Action.SIGN_IN_FAILED, Action.SIGN_IN, Action.SIGN_OUT]
    failed = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED)
    assert failed.actor is None and failed.actor_label == person.email
    stored = " ".join(str(v) for v in AuditEvent.objects.values_list().get(pk=failed.pk))
    assert "Typed-Wrong-Password-42" not in stored


def test_my_work_shows_my_own_recent_activity_only(client: Client, user_with_role):
    me, other = user_with_role(Role.SOCIAL_WORKER), user_with_role(Role.SOCIAL_WORKER)
    client.force_login(other)
    client.logout()
    post_sign_in(client, me.email, PASSWORD)
    pass_second_step(client, me)
    html = client.get("/").content.decode()
    assert html.count('<td class="govuk-table__cell">Signed in</td>') == 1


def test_new_account_sets_its_own_password_through_the_emailed_link(
    client: Client, settings, mailoutbox
):
    person = User.objects.create_user(
        "new.starter@fictional.example", None, full_name="New Starter"
    )
    client.post("/password-reset/", {"email": "NEW.STARTER@fictional.example"})
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split(settings.SAFETYMAP_BASE_URL, 1)[1]
    form_page = client.get(path, follow=True)
    assert b"Choose a new password" in form_page.content
    new_password = "a-long-fictional-passphrase"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new_password)
    assert AuditEvent.objects.filter(action=Action.PASSWORD_SET, actor=person).count() == 1


def test_password_link_request_looks_and_works_the_same_for_any_address(
    client: Client, settings, mailoutbox
):
    """The page answers the same, with the same queries, and only queues a task: the email is
    sent (or not) later by the worker, so not even the page's speed says who has an account."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    UserFactory(email="known@fictional.example")
    answers, queries = [], []
    for address in ("known@fictional.example", "nobody@fictional.example"):
        with CaptureQueriesContext(connection) as captured:
            response = client.post("/password-reset/", {"email": address})
        answers.append((response.status_code, response["Location"]))
        queries.append(len(captured))
    assert answers == [(302, "/password-reset/sent/")] * 2
    assert queries[0] == queries[1]
    assert len(default_task_backend.results) == 2 and mailoutbox == []


def test_the_worker_sends_the_link_only_to_a_real_account(settings, mailoutbox):
    settings.SAFETYMAP_BASE_URL = "https://x.example"
    UserFactory(email="known@fictional.example")
    send_password_link.call(email="nobody@fictional.example")
    assert mailoutbox == []
    send_password_link.call(email="known@fictional.example")
    assert len(mailoutbox) == 1 and "https://x.example/password-reset/" in mailoutbox[0].body


def test_a_reset_link_starts_with_the_configured_base_url_whatever_host_the_request_named(
    client: Client, settings, mailoutbox
):
    """A forged Host header must not turn the emailed link into one to another site."""
    settings.SAFETYMAP_BASE_URL = "https://safetymap.larkford.example"
    settings.ALLOWED_HOSTS = ["*"]  # as if a proxy passed any Host through
    UserFactory(email="known@fictional.example")
    client.post(
        "/password-reset/", {"email": "known@fictional.example"}, HTTP_HOST="attacker.example"
    )
    body = mailoutbox[0].body
    assert "https://safetymap.larkford.example/password-reset/" in body
    assert "attacker.example" not in body


def test_a_password_link_lasts_two_hours_and_every_page_and_email_says_so(
    client: Client, settings, mailoutbox
):
    assert settings.PASSWORD_RESET_TIMEOUT == 2 * 60 * 60
    UserFactory(email="known@fictional.example")
    asking = client.get("/password-reset/").content.decode()
    client.post("/password-reset/", {"email": "known@fictional.example"})
    expired = client.get("/password-reset/MQ/not-a-token/").content.decode()
    for words in (asking, mailoutbox[0].body, expired):
        assert "for 2 hours" in words and "3 days" not in words


def test_five_wrong_passwords_pause_sign_in_for_that_address_known_or_not(
    client: Client, user_with_role
):
    person = user_with_role(Role.SOCIAL_WORKER)
    for address in (person.email, "nobody@fictional.example"):
        for attempt in range(5):  # changing the case of the address does not reset the count
            post_sign_in(client, address.upper() if attempt % 2 else address, "wrong-password")
        locked = post_sign_in(client, address, PASSWORD)
        assert locked.status_code == 429
        assert "Too many attempts to sign in" in locked.content.decode()
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_an_idle_session_is_signed_out_with_an_explanation(
    client: Client, user_with_role, settings
):
    person = user_with_role(Role.SOCIAL_WORKER)
    client.force_login(person)
    session = client.session
    session["last_activity"] = time.time() - settings.SAFETYMAP_IDLE_TIMEOUT_MINUTES * 60 - 5
    session.save()
    response = client.get("/children/", follow=True)
    assert response.redirect_chain[0][0].startswith("/sign-in/")
    assert "because you had done nothing for 30 minutes" in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.SIGN_OUT, actor=person).exists()


def test_a_session_ends_after_a_working_day_whatever_the_activity(
    client: Client, user_with_role, settings
):
    client.force_login(user_with_role(Role.SOCIAL_WORKER))
    session = client.session
    session["signed_in_at"] = time.time() - settings.SESSION_COOKIE_AGE - 5
    session.save()
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_the_live_map_refresh_does_not_keep_a_session_alive(
    client: Client, user_with_role, settings
):
    client.force_login(user_with_role(Role.SOCIAL_WORKER))
    session = client.session
    session["last_activity"] = stale = time.time() - 60
    session.save()
    client.get("/no-such-page/", headers={"X-Requested-With": "live-map"})
    assert client.session["last_activity"] == stale
    client.post("/session/keep-alive/")
    assert client.session["last_activity"] > stale


def test_activity_is_written_to_the_session_at_most_once_a_minute(client: Client, user_with_role):
    """A page read is not a database write: the last activity is recorded again only when the
    one recorded is a minute old, which the 30-minute timeout cannot notice."""
    from tests.queries import queries_during

    client.force_login(user_with_role(Role.SOCIAL_WORKER))
    session = client.session
    session["last_activity"] = recent = time.time() - 30
    session.save()
    client.get("/")
    assert client.session["last_activity"] == recent
    reads = queries_during(lambda: client.get("/"))
    session = client.session
    session["last_activity"] = stale = time.time() - 61
    session.save()
    assert queries_during(lambda: client.get("/")) > reads  # the session is saved this time
    assert client.session["last_activity"] > stale


def test_signed_in_pages_carry_the_timeout_warning(signed_in):
    html = signed_in(Role.SOCIAL_WORKER).get("/").content.decode()
    assert 'id="session-timeout"' in html and 'data-idle-seconds="1800"' in html
