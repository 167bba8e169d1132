"""Security headers on every page, and pages with personal data never cached."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

from safetymap.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_every_page_has_a_content_security_policy_with_no_inline_script(client: Client):
    policy = client.get("/sign-in/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_signed_in_pages_are_never_stored(signed_in):
    response = signed_in(Role.SOCIAL_WORKER).get("/")
    assert response["Cache-Control"] == "no-store"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_error_page_when_the_database_fails_has_every_security_header(
    client: Client, monkeypatch
):
    # Reading the session fails in the middleware, before any view: the 500 page is made there,
    # inside only the middleware listed above the session's (tests/config/test_production_serving.py
    # does the same to the served production settings, with the database really gone).
    def unreachable(self: SessionStore) -> dict:
        raise OperationalError("the database cannot be reached")

    monkeypatch.setattr(SessionStore, "load", unreachable)
    client.raise_request_exception = False
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
    response = client.get("/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"


def test_the_page_for_a_host_the_service_does_not_serve_has_every_security_header(client: Client):
    # Django refuses the Host in CommonMiddleware: the 400 page is made there, before the view.
    response = client.get("/sign-in/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "Sorry, that request could not be understood" in response.content.decode()
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script_or_style():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "safetymap"
    for template in root.rglob("templates/**/*.html"):
        html = template.read_text()
        assert "<script>" not in html and '<script type="module">' not in html, template
        assert 'style="' not in html, template
