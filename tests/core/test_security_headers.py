"""Security headers on every page, and pages with personal data never cached."""

from __future__ import annotations

import pytest
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


def test_no_template_has_inline_script_or_style():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "safetymap"
    for template in root.rglob("templates/**/*.html"):
        html = template.read_text()
        assert "<script>" not in html and '<script type="module">' not in html, template
        assert 'style="' not in html, template
