"""The Content Security Policy allows no inline script or style at all (script-src 'self',
style-src 'self': stricter than nonces, which would allow inline script the server vouches for).
So no page may carry any: every page the service has, as served, is read for inline script,
event-handler attributes, javascript: links and style attributes (which the browser would
block, silently breaking the page). The template check in test_security_headers.py reads the
source; this reads what is sent, including what the form and component layers and Python code
add (the QR code's SVG, for one).
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from safetymap.accounts.roles import Role
from safetymap.accounts.services import issue_set_up_link
from tests.access.test_every_url import ACCESS, path_for, url_names
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "an event-handler attribute"),
    (re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I), "a javascript: URL"),
    (re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
]


def inline_code_in(html: str) -> list[str]:
    return [
        f"{what}: {match.group(0)[:120]}"
        for pattern, what in INLINE
        for match in pattern.finditer(html)
    ]


def test_the_check_finds_what_it_looks_for():
    found = inline_code_in(
        '<script>x()</script><a onclick="x()" href="javascript:x()" style="color:red">'
        "<style>p{}</style>"
    )
    assert len(found) == 5
    assert not inline_code_in('<script type="module" src="/static/js/app.js"></script>')


def test_no_page_sends_inline_script_or_style():
    everyone = UserFactory(roles=list(Role))
    signed_out, signed_in = Client(), _past_the_second_step(everyone)
    problems: dict[str, list[str]] = {}
    opened = 0
    for name in sorted(url_names() - set(ACCESS.mounted) - ACCESS.post_only):
        make_real = ACCESS.real_object.get(name)
        path = path_for(name, make_real() if make_real else None)
        for who, client in (("signed out", signed_out), ("signed in", signed_in)):
            response = client.get(path)
            if response.streaming or "html" not in response.get("Content-Type", ""):
                continue
            opened += response.status_code == 200
            found = inline_code_in(response.content.decode())
            if found:
                problems[f"{name} ({who})"] = found
    password_only = Client()
    newcomer = UserFactory()
    password_only.force_login(newcomer)
    issued = issue_set_up_link(by=None, account=newcomer)
    password_only.get(issued.url.removeprefix(settings.SAFETYMAP_BASE_URL))
    setup = password_only.get("/sign-in/second-step/set-up/")  # the QR code's SVG
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    if found := inline_code_in(setup.content.decode()):
        problems["accounts:second-step-setup (first sign-in)"] = found
    assert problems == {}
    assert opened > 50  # the pages themselves (62 when written), not only refusals


def _past_the_second_step(person) -> Client:
    from tests.conftest import ClientPastTheSecondStep

    client = ClientPastTheSecondStep()
    client.force_login(person)
    return client
