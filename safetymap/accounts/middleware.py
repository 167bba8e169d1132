from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

# Pages anyone may see without signing in. Everything else needs a signed-in, active user, so a
# new page is private unless someone decides otherwise here.
PUBLIC_PATH_PREFIXES = (
    "/sign-in/",
    "/password-reset/",
    "/accessibility/",
    "/privacy/",
    "/static/",
    "/partnership/",  # the safeguarding partnership's public pages (issue 8)
    "/feedback/",  # conference feedback through a single-use link (issue 6, docs/feedback.md)
)


class SignInRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PATH_PREFIXES):
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        return self.get_response(request)


# Pages a person may use after their password but before the second step (the step itself,
# and signing out).
BEFORE_SECOND_STEP_PREFIXES = ("/sign-in/", "/sign-out/", "/static/")


class SecondStepRequiredMiddleware:
    """Everything after the password needs the second step too (django-otp's OTPMiddleware,
    earlier in the chain, says whether this session has passed it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(BEFORE_SECOND_STEP_PREFIXES + PUBLIC_PATH_PREFIXES)
        ):
            url = reverse("accounts:second-step")
            return redirect_to_login(request.get_full_path(), url)
        return self.get_response(request)


# How stale the recorded last activity may grow before it is written again, in seconds.
ACTIVITY_WRITTEN_EVERY = 60


class SessionTimeoutMiddleware:
    """Sign people out after a period without activity, and after a working day in any case.

    Background requests (the live map's refresh) do not count as activity, so an unattended
    screen still times out. The page warns two minutes before (static/js/session-timeout.js).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault("signed_in_at", now)
            last = session.get("last_activity", now)
            idle_limit = settings.SAFETYMAP_IDLE_TIMEOUT_MINUTES * 60
            reason = ""
            if now - started > settings.SESSION_COOKIE_AGE:
                reason = "You were signed out because you had been signed in for a working day."
            elif now - last > idle_limit:
                reason = (
                    "You were signed out because you had done nothing for "
                    f"{settings.SAFETYMAP_IDLE_TIMEOUT_MINUTES} minutes. "
                    "Anything you saved is kept."
                )
            if reason:
                logout(request)
                messages.info(request, reason)
                return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
            counts = request.headers.get("X-Requested-With") != "live-map"
            # Written at most once a minute: a session saved on every page is a database write
            # and a commit on every read, for a timeout measured in minutes.
            if counts and ("last_activity" not in session or now - last >= ACTIVITY_WRITTEN_EVERY):
                session["last_activity"] = now
        return self.get_response(request)
