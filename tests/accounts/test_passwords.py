"""Passwords: length over composition, no breached or common ones, and paste always allowed.

The breached-password check asks the Pwned Passwords API (k-anonymity: only the first five
characters of the SHA-1 hash leave the service). There is no internet here, so the API is
answered by httpx's own MockTransport: once saying the password is known, once failing.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from pwned_passwords_django.api import PwnedPasswords
from pwned_passwords_django.validators import PwnedPasswordsValidator

from tests.config.test_production_settings import PRODUCTION, manage
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
BREACHED = "correct-horse-battery-staple"  # fictional here; the stand-in API says it is known


def api_answering(known: set[str] | None = None, *, fails: bool = False) -> PwnedPasswords:
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        prefix = request.url.path.rsplit("/", 1)[1]
        asked.append(prefix)
        if fails:
            raise httpx.ConnectError("no network", request=request)
        lines = ["0018A45C4D1DEF81644B54AB7F969B88D65:3"]  # padding, as the real API sends
        for password in known or ():
            digest = hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest().upper()
            if digest.startswith(prefix):
                lines.append(f"{digest[5:]}:12345")
        return httpx.Response(200, text="\r\n".join(lines))

    client = PwnedPasswords(client=httpx.Client(transport=httpx.MockTransport(answer)))
    client.asked = asked  # type: ignore[attr-defined]
    return client


def validator(api: PwnedPasswords) -> PwnedPasswordsValidator:
    """The validator as config/settings.py adds it in production, with the stand-in API."""
    options = settings.SAFETYMAP_BREACHED_PASSWORD_VALIDATOR["OPTIONS"]
    return PwnedPasswordsValidator(api_client=api, **options)


def test_a_breached_password_is_refused_in_plain_words_and_only_a_hash_prefix_is_sent():
    api = api_answering({BREACHED})
    with pytest.raises(ValidationError) as refusal:
        validator(api).validate(BREACHED)
    assert refusal.value.messages == [
        "This password has appeared in a data breach elsewhere, so criminals try it. "
        "Choose a different password"
    ]
    assert api.asked == [hashlib.sha1(BREACHED.encode()).hexdigest().upper()[:5]]  # noqa: S324
    validator(api).validate("a-fictional-passphrase-nobody-has-used")


def test_when_the_api_cannot_be_reached_the_common_password_list_still_applies():
    api = api_answering(fails=True)
    with pytest.raises(ValidationError):
        validator(api).validate("q1w2e3r4t5y6")  # on Django's list of common passwords
    validator(api).validate("a-fictional-passphrase-nobody-has-used")  # fails open to the list


@pytest.mark.django_db
def test_the_password_page_refuses_a_breached_password(settings):
    breached = settings.SAFETYMAP_BREACHED_PASSWORD_VALIDATOR
    settings.AUTH_PASSWORD_VALIDATORS = [
        *settings.AUTH_PASSWORD_VALIDATORS,
        {**breached, "OPTIONS": {**breached["OPTIONS"], "api_client": api_answering({BREACHED})}},
    ]
    person = UserFactory()
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    form_url = client.get(
        f"/password-reset/{uid}/{default_token_generator.make_token(person)}/", follow=True
    ).redirect_chain[-1][0]
    page = client.post(form_url, {"new_password1": BREACHED, "new_password2": BREACHED})
    assert "has appeared in a data breach elsewhere" in page.content.decode()


def test_the_breached_password_check_is_on_in_production_and_off_elsewhere_by_default():
    show = (
        "from django.conf import settings; "
        "print([v['NAME'] for v in settings.AUTH_PASSWORD_VALIDATORS])"
    )
    production = manage("shell", "-c", show, **PRODUCTION)
    assert "PwnedPasswordsValidator" in production.stdout, production.stderr
    switched_off = manage("shell", "-c", show, **PRODUCTION, SAFETYMAP_BREACHED_PASSWORD_CHECK="0")
    assert "PwnedPasswordsValidator" not in switched_off.stdout
    assert "CommonPasswordValidator" in switched_off.stdout
    assert settings.SAFETYMAP_BREACHED_PASSWORD_VALIDATOR not in settings.AUTH_PASSWORD_VALIDATORS


@pytest.mark.django_db
def test_password_fields_allow_paste_and_password_managers(client: Client):
    """WCAG 2.2 3.3.8 (accessible authentication): nothing stops pasting a password or a
    password manager filling it in."""
    person = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    set_page = client.get(
        f"/password-reset/{uid}/{default_token_generator.make_token(person)}/", follow=True
    )
    pages = [client.get("/sign-in/").content.decode(), set_page.content.decode()]
    inputs = [i for html in pages for i in re.findall(r"<input[^>]*>", html) if "password" in i]
    assert len(inputs) == 3
    for tag in inputs:
        assert re.search(r'autocomplete="(current|new)-password"', tag), tag
        assert not re.search(r"onpaste|oncopy|ondrop|autocomplete=\"off\"", tag, re.I), tag
    sources = [
        *ROOT.glob("safetymap/**/*.js"),
        *ROOT.glob("safetymap/**/*.html"),
    ]
    for source in sources:
        text = source.read_text()
        assert not re.search(r"onpaste|['\"]paste['\"]", text), source
