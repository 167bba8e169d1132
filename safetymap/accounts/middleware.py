from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
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
)


class SignInRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PATH_PREFIXES):
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        return self.get_response(request)
