from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from safetymap.core import request_context


class RequestIdMiddleware:
    """Gives every request an id, shown in the X-Request-ID header and written on audit events."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_context.new_request_id(
            request.headers.get("X-Request-ID"), trust_offered=settings.SAFETYMAP_TRUST_REQUEST_ID
        )
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_context.set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_context.reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


class PrivatePagesMiddleware:
    """Pages for signed-in people hold personal data: browsers and proxies must not keep them.
    Also says which browser features no page may use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
