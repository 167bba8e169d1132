"""Signing in through the council's identity provider (OpenID Connect), when it is configured.

The provider is an external system, so a small stand-in answers its three back-channel calls
(token, userinfo, JWKS) on a local port, with real RS256-signed ID tokens and PKCE checked; the
browser's trip to the provider's own sign-in page is the test saying what the provider would
send back. Everything on the service's side (the library, our backend, the database, sessions,
the second step, the audit trail) is the real thing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

from safetymap.accounts.identity_provider import used_multi_factor
from safetymap.accounts.models import SignedInSession, User
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CLIENT_ID = "safetymap-larkford"
CLIENT_SECRET = "fictional-client-secret"
PROVIDER = "Larkford staff sign-in"
BACKEND = "safetymap.accounts.identity_provider.CouncilIdentityProviderBackend"


@dataclass
class Grant:
    """What the provider hands over for one authorisation code."""

    nonce: str
    code_challenge: str
    id_token_claims: dict
    userinfo: dict


@dataclass
class FakeProvider:
    """A stand-in for the council's identity provider's back channel."""

    base_url: str = ""
    grants: dict[str, Grant] = field(default_factory=dict)
    token_requests: list[dict] = field(default_factory=list)
    fail_token_endpoint: bool = False
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def id_token(self, claims: dict) -> str:
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "test-key"})

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": "test-key", "alg": "RS256", "use": "sig"}]}


def _handler(provider: FakeProvider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _send(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # the token endpoint
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            provider.token_requests.append(form)
            grant = provider.grants.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if provider.fail_token_endpoint:
                return self._send(500, {"error": "server_error"})
            if (
                grant is None
                or form.get("client_id") != CLIENT_ID
                or form.get("client_secret") != CLIENT_SECRET
                or challenge != grant.code_challenge
            ):
                return self._send(400, {"error": "invalid_grant"})
            claims = {"nonce": grant.nonce, **grant.id_token_claims}
            access_token = "access-" + grant.nonce
            provider.grants["userinfo:" + access_token] = grant
            self._send(
                200,
                {
                    "id_token": provider.id_token(claims),
                    "access_token": access_token,
                    "token_type": "Bearer",
                },
            )

        def do_GET(self) -> None:  # userinfo and JWKS
            if self.path == "/jwks":
                return self._send(200, provider.jwks())
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            grant = provider.grants.get("userinfo:" + token)
            if self.path != "/userinfo" or grant is None:
                return self._send(401, {"error": "invalid_token"})
            self._send(200, grant.userinfo)

    return Handler


@pytest.fixture
def provider(settings):
    idp = FakeProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(idp))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    idp.base_url = f"http://127.0.0.1:{server.server_port}"
    settings.SAFETYMAP_OIDC_ENABLED = True
    settings.SAFETYMAP_OIDC_PROVIDER_NAME = PROVIDER
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = idp.base_url + "/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = idp.base_url + "/token"
    settings.OIDC_OP_USER_ENDPOINT = idp.base_url + "/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = idp.base_url + "/jwks"
    settings.OIDC_OP_ISSUER = idp.base_url
    settings.OIDC_PROXY = {"http": None, "https": None}
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    yield idp
    server.shutdown()
    server.server_close()


def go_to_provider(client: Client, next_url: str = "") -> dict[str, str]:
    """Press 'Sign in with …': the service sends the browser to the provider's own page."""
    path = "/sign-in/identity-provider/" + (f"?next={next_url}" if next_url else "")
    response = client.get(path)
    assert response.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlparse(response["Location"]).query).items()}


def come_back(
    client: Client,
    provider: FakeProvider,
    sent: dict[str, str],
    email: str,
    *,
    userinfo: dict | None = None,
    **id_token_claims,
):
    """The person signs in at the provider, which sends them back with a code."""
    claims = {
        "iss": provider.base_url,
        "aud": CLIENT_ID,
        "sub": "staff-0001",
        "iat": int(time.time()),
        "exp": int(time.time()) + 300,
        **id_token_claims,
    }
    info = {"sub": "staff-0001", "email": email, "email_verified": True, **(userinfo or {})}
    code = f"code-{len(provider.token_requests)}-{time.time_ns()}"
    provider.grants[code] = Grant(sent["nonce"], sent["code_challenge"], claims, info)
    return client.get(
        "/sign-in/identity-provider/callback/", {"code": code, "state": sent["state"]}
    )


def refusals() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).order_by("id"))


def test_without_configuration_there_is_no_button_and_the_pages_lead_back_to_sign_in(
    client: Client,
):
    assert b"Sign in with" not in client.get("/sign-in/").content
    for path in ("/sign-in/identity-provider/", "/sign-in/identity-provider/callback/?code=x"):
        assert client.get(path)["Location"] == "/sign-in/"


def test_the_sign_in_page_offers_the_council_provider_by_name(client: Client, provider):
    html = client.get("/sign-in/?next=/accessibility/").content.decode()
    assert f"Sign in with {PROVIDER}" in html
    assert 'href="/sign-in/identity-provider/?next=%2Faccessibility%2F"' in html


def test_the_provider_is_asked_with_state_nonce_and_pkce(client: Client, provider):
    sent = go_to_provider(client)
    assert sent["client_id"] == CLIENT_ID and sent["response_type"] == "code"
    assert sent["scope"] == "openid email"
    assert sent["redirect_uri"] == "http://testserver/sign-in/identity-provider/callback/"
    assert sent["code_challenge_method"] == "S256"
    assert len(sent["state"]) >= 32 and len(sent["nonce"]) >= 32


def test_an_existing_account_signs_in_and_still_takes_the_second_step(client: Client, provider):
    person = UserFactory(roles=[Role.SOCIAL_WORKER], email="sam.fictional@larkford.example")
    sent = go_to_provider(client, "/accessibility/")
    response = come_back(client, provider, sent, "Sam.Fictional@LARKFORD.example")
    assert response["Location"] == "/sign-in/second-step/?next=%2Faccessibility%2F"
    assert client.get("/")["Location"].startswith("/sign-in/second-step/")
    signed_in = AuditEvent.objects.get(action=Action.SIGN_IN)
    assert signed_in.actor == person and signed_in.details == {"by": "council identity provider"}
    assert SignedInSession.objects.get(user=person).method == "identity provider"
    assert provider.token_requests[0]["code_verifier"]  # PKCE, checked by the provider


def test_a_provider_that_enforces_mfa_stands_for_the_second_step_only_when_it_says_so(
    client: Client, provider, settings
):
    settings.SAFETYMAP_OIDC_IDP_ENFORCES_MFA = True
    UserFactory(roles=[Role.SOCIAL_WORKER], email="sam.fictional@larkford.example")
    password_only = come_back(
        client, provider, go_to_provider(client), "sam.fictional@larkford.example", amr=["pwd"]
    )
    assert password_only["Location"] == "/sign-in/second-step/"
    client.post("/sign-out/")
    sent = go_to_provider(client, "/accessibility/")
    response = come_back(
        client, provider, sent, "sam.fictional@larkford.example", amr=["pwd", "mfa"]
    )
    assert response["Location"] == "/accessibility/"
    assert client.get("/").status_code == 200
    step = AuditEvent.objects.get(action=Action.SECOND_STEP)
    assert step.details == {"device": "Council identity provider"}


def test_mfa_is_read_from_amr_or_acr(settings):
    settings.SAFETYMAP_OIDC_MFA_CLAIM_VALUES = ["mfa", "urn:council:loa:2"]
    assert used_multi_factor({"amr": ["pwd", "mfa"]})
    assert used_multi_factor({"amr": "mfa"})
    assert used_multi_factor({"acr": "urn:council:loa:2"})
    assert not used_multi_factor({"amr": ["pwd"], "acr": "urn:council:loa:1"})
    assert not used_multi_factor({})


@pytest.mark.parametrize("active", [False, True])
def test_no_account_is_ever_created_and_an_unknown_or_closed_one_is_refused_and_audited(
    client: Client, provider, active
):
    if not active:
        UserFactory(email="left.last.year@larkford.example", is_active=False)
    email = "left.last.year@larkford.example" if not active else "new.starter@larkford.example"
    accounts = User.objects.count()
    response = come_back(client, provider, go_to_provider(client), email)
    assert response["Location"] == "/sign-in/"
    page = client.get("/sign-in/").content.decode()
    assert f"There is no Safetymap account you can use for {email}" in page
    assert "A system administrator creates accounts" in page
    assert User.objects.count() == accounts
    assert client.get("/")["Location"].startswith("/sign-in/")
    [refusal] = refusals()
    assert refusal.actor_label == email
    reason = "the account is closed" if not active else "no account with this email address"
    assert refusal.details == {"by": "council identity provider", "reason": reason}


def test_only_a_verified_email_address_is_matched_unless_the_council_says_otherwise(
    client: Client, provider, settings
):
    UserFactory(email="sam.fictional@larkford.example")
    unverified = {"email_verified": False}
    response = come_back(
        client,
        provider,
        go_to_provider(client),
        "sam.fictional@larkford.example",
        userinfo=unverified,
    )
    assert response["Location"] == "/sign-in/"
    assert "has not confirmed your email address" in client.get("/sign-in/").content.decode()
    assert refusals()[0].details["reason"] == (
        "the identity provider has not verified the email address"
    )
    settings.SAFETYMAP_OIDC_REQUIRE_EMAIL_VERIFIED = False
    response = come_back(
        client,
        provider,
        go_to_provider(client),
        "sam.fictional@larkford.example",
        userinfo={"email_verified": None},
    )
    assert response["Location"] == "/sign-in/second-step/"


@pytest.mark.parametrize(
    ("claims", "userinfo", "reason"),
    [
        ({"aud": "another-service"}, {}, "not for this service (aud)"),
        ({"iss": "https://elsewhere.example"}, {}, "from another issuer (iss)"),
        ({}, {"sub": "someone-else"}, "about someone else (sub)"),
        ({"exp": int(time.time()) - 60}, {}, "invalid answer"),
    ],
)
def test_an_id_token_or_answer_that_does_not_fit_is_refused(
    client: Client, provider, claims, userinfo, reason
):
    UserFactory(email="sam.fictional@larkford.example")
    response = come_back(
        client,
        provider,
        go_to_provider(client),
        "sam.fictional@larkford.example",
        userinfo=userinfo,
        **claims,
    )
    assert response["Location"] == "/sign-in/"
    assert reason in refusals()[0].details["reason"]
    assert not AuditEvent.objects.filter(action=Action.SIGN_IN).exists()


def test_a_token_for_another_sign_in_attempt_is_refused(client: Client, provider):
    """The nonce: an ID token minted for another attempt does not sign this browser in."""
    UserFactory(email="sam.fictional@larkford.example")
    sent = go_to_provider(client)
    response = come_back(
        client, provider, {**sent, "nonce": "x" * 32}, "sam.fictional@larkford.example"
    )
    assert response["Location"] == "/sign-in/" and "Nonce" in refusals()[0].details["reason"]


def test_a_provider_that_fails_or_says_no_sends_the_person_back_with_a_message(
    client: Client, provider
):
    UserFactory(email="sam.fictional@larkford.example")
    provider.fail_token_endpoint = True
    response = come_back(client, provider, go_to_provider(client), "sam.fictional@larkford.example")
    assert response["Location"] == "/sign-in/"
    sent = go_to_provider(client)
    said_no = client.get(
        "/sign-in/identity-provider/callback/",
        {"error": "access_denied", "state": sent["state"]},
    )
    assert said_no["Location"] == "/sign-in/"
    page = client.get("/sign-in/").content.decode()
    assert f"Signing in through {PROVIDER} did not work" in page
    reasons = [event.details["reason"] for event in refusals()]
    assert reasons[0].startswith("the identity provider could not be reached or refused")
    assert reasons[1] == "the identity provider answered: access_denied"


def test_a_callback_without_a_sign_in_started_in_this_browser_signs_nobody_in(
    client: Client, provider
):
    UserFactory(email="sam.fictional@larkford.example")
    other_browser = Client()
    sent = go_to_provider(other_browser)
    response = come_back(client, provider, sent, "sam.fictional@larkford.example")
    assert response["Location"] == "/sign-in/"
    assert provider.token_requests == []


def test_a_password_sign_in_never_calls_the_provider(client: Client, provider):
    person = UserFactory(email="sam.fictional@larkford.example")
    client.post("/sign-in/?code=stolen&state=x", {"email": person.email, "password": "wrong-pw"})
    response = client.post(
        "/sign-in/?code=stolen&state=x", {"email": person.email, "password": PASSWORD}
    )
    assert response["Location"] == "/sign-in/second-step/"
    assert provider.token_requests == []


def test_closing_the_account_ends_a_session_begun_at_the_provider(client: Client, provider):
    person = UserFactory(email="sam.fictional@larkford.example")
    come_back(client, provider, go_to_provider(client), person.email)
    assert client.get("/")["Location"].startswith("/sign-in/second-step/")
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert client.get("/")["Location"].startswith("/sign-in/?next=")


def test_refusals_at_the_provider_do_not_lock_anyone_out(client: Client, provider):
    UserFactory(email="sam.fictional@larkford.example")
    for _ in range(6):
        come_back(client, provider, go_to_provider(client), "nobody@larkford.example")
    response = come_back(client, provider, go_to_provider(client), "sam.fictional@larkford.example")
    assert response["Location"] == "/sign-in/second-step/"
