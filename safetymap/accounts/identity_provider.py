"""Sign-in through the council's identity provider (OpenID Connect), as an option.

mozilla-django-oidc does the protocol: the authorisation code flow with state, nonce and PKCE,
the token exchange, the ID token's signature (JWKS), the userinfo call. This module decides who
that is here, by rules of the service's own:

- accounts are never created by signing in: a system administrator creates every account, and
  the provider's email address must match one (whatever its case) that is active;
- only an address the provider says it has verified counts (``email_verified``), unless the
  council says its provider's addresses are all set by its own administrators
  (SAFETYMAP_OIDC_REQUIRE_EMAIL_VERIFIED=0);
- the ID token must be for this service (``aud``) and, when OIDC_OP_ISSUER is set, from that
  issuer; the userinfo answer must be about the same person (``sub``);
- the service's own second step still follows, unless the council says its provider enforces
  multi-factor authentication (SAFETYMAP_OIDC_IDP_ENFORCES_MFA=1) and the ID token shows it was
  used (an ``amr`` value, or the ``acr`` value, in SAFETYMAP_OIDC_MFA_CLAIM_VALUES);
- success goes into the audit trail as a sign-in (audit/signals.py), and every refusal with its
  reason (and the address, if the provider gave one).

Off unless configured (config/settings.py, docs/deploy.md): the two pages then only send people
back to the sign-in page.
"""

from __future__ import annotations

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import login as otp_login
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from safetymap.accounts.models import IdentityProviderDevice, User
from safetymap.audit.models import Action
from safetymap.audit.services import record

DEVICE_NAME = "Council identity provider"


def is_configured() -> bool:
    return bool(getattr(settings, "SAFETYMAP_OIDC_ENABLED", False))


def provider_name() -> str:
    return settings.SAFETYMAP_OIDC_PROVIDER_NAME if is_configured() else ""


class SignInRefused(Exception):
    """Why sign-in through the provider did not work: a reason for the audit trail, and the
    words the person sees."""

    def __init__(self, reason: str, message: str = "", email: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.email = email
        self.message = message or (
            f"Signing in through {provider_name()} did not work. Try again, or sign in with "
            "your email address and password."
        )


def used_multi_factor(id_token_claims: dict) -> bool:
    """True if the ID token says the person used more than a password at the provider."""
    wanted = set(settings.SAFETYMAP_OIDC_MFA_CLAIM_VALUES)
    amr = id_token_claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(wanted.intersection(str(v) for v in amr)) or (
        str(id_token_claims.get("acr") or "") in wanted
    )


def _email_verified(claims: dict) -> bool:
    verified = claims.get("email_verified")
    return verified is True or str(verified).lower() == "true"


class CouncilIdentityProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, matching existing accounts only (never creating one)."""

    def authenticate(self, request: HttpRequest | None, **kwargs) -> User | None:
        # Only the callback view passes a nonce; a password sign-in never reaches the provider,
        # whatever its query string says.
        if request is None or "nonce" not in kwargs or set(kwargs) - {"nonce", "code_verifier"}:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SignInRefused as refusal:
            request.identity_provider_refusal = refusal
        except requests.RequestException as error:
            request.identity_provider_refusal = SignInRefused(
                f"the identity provider could not be reached or refused: {type(error).__name__}"
            )
        except (SuspiciousOperation, jwt.PyJWTError, KeyError, ValueError) as error:
            request.identity_provider_refusal = SignInRefused(f"invalid answer: {error}"[:200])
        return None

    def verify_token(self, token: str, **kwargs) -> dict:
        """The library checks the signature, the algorithm and the nonce; this adds the
        audience, the issuer (when configured) and an expiry time."""
        claims = super().verify_token(token, **kwargs)
        audience = claims.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("the ID token is not for this service (aud)")
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if issuer and claims.get("iss") != issuer:
            raise SuspiciousOperation("the ID token is from another issuer (iss)")
        if "exp" not in claims:
            raise SuspiciousOperation("the ID token has no expiry (exp)")
        return claims

    def filter_users_by_claims(self, claims: dict):
        email = str(claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email)

    def verify_claims(self, claims: dict) -> bool:
        return self._refusal(claims, id_token_claims=None) is None

    def _refusal(self, claims: dict, id_token_claims: dict | None) -> SignInRefused | None:
        email = str(claims.get("email") or "").strip()
        if id_token_claims is not None and claims.get("sub") != id_token_claims.get("sub"):
            return SignInRefused("the userinfo answer is about someone else (sub)", email=email)
        if not email:
            return SignInRefused("the identity provider gave no email address")
        if settings.SAFETYMAP_OIDC_REQUIRE_EMAIL_VERIFIED and not _email_verified(claims):
            return SignInRefused(
                "the identity provider has not verified the email address",
                message=(
                    f"{provider_name()} has not confirmed your email address, so "
                    f"{settings.SAFETYMAP_SERVICE_NAME} cannot match it to an account. Sign in "
                    "with your email address and password, or ask your IT service desk."
                ),
                email=email,
            )
        return None

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> User:
        """The one active account with the address the provider vouches for; never a new one."""
        claims = self.get_userinfo(access_token, id_token, payload)
        refusal = self._refusal(claims, id_token_claims=payload)
        if refusal:
            raise refusal
        email = str(claims["email"]).strip()
        person = self.filter_users_by_claims(claims).first()
        if person is None or not person.is_active:
            raise SignInRefused(
                "no account with this email address" if person is None else "the account is closed",
                message=(
                    f"There is no {settings.SAFETYMAP_SERVICE_NAME} account you can use for "
                    f"{email}. A system administrator creates accounts: ask yours if you "
                    "need one."
                ),
                email=email,
            )
        person.identity_provider_mfa = (
            settings.SAFETYMAP_OIDC_IDP_ENFORCES_MFA and used_multi_factor(payload)
        )
        return person

    def get_user(self, user_id) -> User | None:
        # As for a password sign-in, a closed account's sessions stop working at once (the
        # library's own get_user does not check).
        return ModelBackend.get_user(self, user_id)


def _to_second_step(next_url: str) -> HttpResponse:
    url = reverse("accounts:second-step")
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


class _Start(OIDCAuthenticationRequestView):
    pass


class _Callback(OIDCAuthenticationCallbackView):
    def login_success(self) -> HttpResponse:
        request, person = self.request, self.user
        next_url = request.session.get("oidc_login_next") or ""
        auth.login(request, person)
        if getattr(person, "identity_provider_mfa", False):
            device, _ = IdentityProviderDevice.objects.get_or_create(
                user=person, name=DEVICE_NAME, defaults={"confirmed": True}
            )
            otp_login(request, device)
            record(
                actor=person,
                action=Action.SECOND_STEP,
                subject=person,
                basis="own account",
                details={"device": DEVICE_NAME},
            )
            return redirect(next_url or "accounts:my-work")
        return _to_second_step(next_url)

    def login_failure(self) -> HttpResponse:
        request = self.request
        refusal = getattr(request, "identity_provider_refusal", None)
        if refusal is None:
            error = request.GET.get("error", "")
            refusal = SignInRefused(
                f"the identity provider answered: {error}"[:200]
                if error
                else "no sign-in to finish"
            )
        record(
            actor=None,
            action=Action.SIGN_IN_FAILED,
            actor_label=refusal.email[:254] or "anonymous",
            basis="council identity provider",
            details={"by": "council identity provider", "reason": refusal.reason},
        )
        messages.error(request, refusal.message)
        return redirect("accounts:sign-in")


def start(request: HttpRequest) -> HttpResponse:
    """'Sign in with …' on the sign-in page: off to the provider, with state, nonce and PKCE."""
    if not is_configured():
        return redirect("accounts:sign-in")
    if request.user.is_authenticated:
        return redirect("accounts:my-work")
    return _Start.as_view()(request)


def callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the person back: match the account, then the second step."""
    if not is_configured():
        return redirect("accounts:sign-in")
    return _Callback.as_view()(request)
