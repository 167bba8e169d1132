"""Page furniture, public pages and the error pages."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from safetymap.accounts.roles import Role


@pytest.mark.django_db
def test_accessibility_statement_is_public_and_linked_from_every_page(client: Client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    assert b"Accessibility statement for Safetymap" in response.content
    assert b'href="/accessibility/"' in client.get("/sign-in/").content


@pytest.mark.django_db
def test_header_is_the_councils_own_without_the_crown_or_gds_font(client: Client, settings):
    settings.SAFETYMAP_COUNCIL_NAME = "Fictional Vale Council"
    html = client.get("/sign-in/").content.decode()
    assert "Fictional Vale Council" in html
    assert "govuk-logo" not in html and "Crown copyright" not in html
    assert 'class="govuk-skip-link"' in html and 'href="#main-content"' in html
    assert "govuk-phase-banner" in html


def test_the_stylesheet_never_uses_gds_transport():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "build/static/css/app.css").read_text()
    assert "GDS Transport" not in css
    assert "arial" in css


@pytest.mark.django_db
def test_unknown_url_shows_the_styled_404(signed_in):
    response = signed_in(Role.SOCIAL_WORKER).get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content and b"govuk-template" in response.content


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in_not_told_whether_a_page_exists(client: Client):
    for path in ("/no-such-page/", "/organisations/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


@override_settings(ROOT_URLCONF="tests.core.urls_that_fail", DEBUG=False)
@pytest.mark.django_db
def test_server_error_is_styled_and_leaks_no_detail(client: Client):
    client.raise_request_exception = False
    response = client.get("/accessibility/explode/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "govuk-template" in html and "/static/css/app.css" in html
    assert 'href="/accessibility/"' in html
    assert "secret-detail" not in html and "Traceback" not in html


@pytest.mark.django_db
def test_every_response_carries_a_request_id_that_a_client_cannot_choose(client: Client):
    response = client.get("/sign-in/")
    assert len(response["X-Request-ID"]) == 32
    offered = client.get("/sign-in/", headers={"X-Request-ID": "client-chosen-123"})
    assert offered["X-Request-ID"] != "client-chosen-123"


@pytest.mark.django_db
def test_the_councils_proxy_request_id_is_used_when_trusted(client: Client, settings):
    settings.SAFETYMAP_TRUST_REQUEST_ID = True
    echoed = client.get("/sign-in/", headers={"X-Request-ID": "proxy-id-123456"})
    assert echoed["X-Request-ID"] == "proxy-id-123456"
    refused = client.get("/sign-in/", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert len(refused["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_a_plain_styled_explanation(user_with_role):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/sign-in/", {"email": "a@fictional.example", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form could not be sent" in html and "Nothing from this form was saved" in html
    assert "govuk-template" in html
