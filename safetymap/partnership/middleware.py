"""The gate in front of Wagtail's admin (/editor/).

Wagtail's own permission checks still run behind it; this middleware decides first, from the
service's access policy, so that only people whose role includes editing the public pages reach
the admin at all, whatever Wagtail permissions a group may have been given by hand:

- signed out: the service's sign-in (SignInRequiredMiddleware, before this one, sends them);
- signed in without EDIT_PUBLIC_PAGES: the service's own 403 page;
- Wagtail's user, group and login screens: not found, for everyone (accounts and roles are the
  system administrator's, in the service's own pages; sign-in is the service's own).

The admin's pages get a Content Security Policy of their own, scoped to /editor/ only (see
docs/partnership.md): Wagtail's admin sets inline style attributes, so ``style-src`` allows them
there. Every other page keeps the service's strict policy.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from safetymap.access.policy import REFUSAL_REASONS, Capability, can

EDITOR_PREFIX = "/editor/"
HIDDEN = tuple(
    EDITOR_PREFIX + part
    for part in ("users/", "groups/", "login/", "password_reset/", "account/change_password/")
)
ADMIN_CSP = {
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}


class EditorGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(EDITOR_PREFIX):
            return self.get_response(request)
        if request.path.startswith(HIDDEN):
            raise Http404("Not part of the editors' admin")
        if not can(request.user, Capability.EDIT_PUBLIC_PAGES):
            raise PermissionDenied(REFUSAL_REASONS[Capability.EDIT_PUBLIC_PAGES])
        response = self.get_response(request)
        response._csp_replace = ADMIN_CSP  # type: ignore[attr-defined]
        return response
