"""Signed-in sessions: where a person is signed in, and ending sessions.

Sessions live in Django's session table (server-side: ending one there signs that browser out
at its next request, whatever cookie it holds). Each sign-in also writes a SignedInSession row,
so "Your sign-ins" can list a person's sessions without reading everyone's; the row goes when
the person signs out, and rows whose session has expired are dropped when the list is read.

The sign-in time is written into the session at sign-in too: the absolute limit
(SESSION_COOKIE_AGE, checked by middleware.SessionTimeoutMiddleware) counts from it, on the
server, so a copied cookie replayed later is refused like any other.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from safetymap.accounts.models import SignedInSession, User

IDENTITY_PROVIDER_BACKEND = "safetymap.accounts.identity_provider.CouncilIdentityProviderBackend"


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    session["signed_in_at"] = session["last_activity"] = time.time()
    if session.session_key is None:
        session.save()
    via = "identity provider" if getattr(user, "backend", "") == IDENTITY_PROVIDER_BACKEND else ""
    SignedInSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "signed_in_at": timezone.now(),
            "browser": request.META.get("HTTP_USER_AGENT", "")[:200],
            "method": via or "password",
        },
    )


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        SignedInSession.objects.filter(session_key=key).delete()


@dataclass(frozen=True)
class SignIn:
    """One place the person is signed in, as the page shows it."""

    signed_in_at: datetime
    last_active: datetime | None
    browser: str
    method: str
    is_this_one: bool


def sign_ins_of(user: User, current_key: str | None) -> list[SignIn]:
    """The person's sessions that have not ended, this one first."""
    now = timezone.now()
    rows = list(SignedInSession.objects.filter(user=user))
    live = {
        s.session_key: s
        for s in Session.objects.filter(
            session_key__in=[r.session_key for r in rows], expire_date__gt=now
        )
    }
    gone = [r.pk for r in rows if r.session_key not in live]
    if gone:
        SignedInSession.objects.filter(pk__in=gone).delete()
    result = []
    for row in rows:
        if row.session_key not in live:
            continue
        data = live[row.session_key].get_decoded()
        if data.get("_auth_user_id") != str(user.pk):
            continue
        last = data.get("last_activity")
        result.append(
            SignIn(
                signed_in_at=row.signed_in_at,
                last_active=datetime.fromtimestamp(last, tz=UTC) if last else None,
                browser=describe_browser(row.browser),
                method=row.method,
                is_this_one=row.session_key == current_key,
            )
        )
    return sorted(result, key=lambda s: (not s.is_this_one, -s.signed_in_at.timestamp()))


def describe_browser(user_agent: str) -> str:
    """A rough, plain name for a browser and system from its User-Agent ('Edge on Windows')."""
    if not user_agent:
        return "Unknown browser"
    browsers = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"))
    browser = next((name for mark, name in browsers if mark in user_agent), "")
    if not browser and "Safari/" in user_agent:
        browser = "Safari"
    systems = (
        ("Windows", "Windows"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Mac OS X", "Mac"),
        ("Linux", "Linux"),
    )
    system = next((name for mark, name in systems if mark in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"


@transaction.atomic
def end_sessions(user: User, *, keep: str | None = None) -> int:
    """End every session of this person (but ``keep``, their current one, if given) and return
    how many ended. Reads every session, so sessions from before SignedInSession rows were kept
    end too; it is used for rare actions (signing out elsewhere, an administrator closing an
    account or resetting its security codes)."""
    ended = 0
    for session in Session.objects.exclude(session_key=keep or "").iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    SignedInSession.objects.filter(user=user).exclude(session_key=keep or "").delete()
    return ended
