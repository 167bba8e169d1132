from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.safestring import SafeString

from safetymap.access.navigation import items_for
from safetymap.core.govuk import render_component


def _service_navigation(request: HttpRequest) -> SafeString:
    params: dict[str, object] = {
        "serviceName": settings.SAFETYMAP_SERVICE_NAME,
        "serviceUrl": "/",
        "navigationLabel": "Menu",
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Before the second sign-in step, nothing but signing out.
        passed = getattr(user, "is_verified", lambda: False)()
        params["navigation"] = items_for(user, request.path) if passed else []
        params["slots"] = {
            "navigationEnd": format_html(
                '<li class="govuk-service-navigation__item">'
                '<form class="sm-sign-out" method="post" action="{}">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button class="sm-link-button govuk-service-navigation__link" type="submit">'
                "Sign out</button></form></li>",
                reverse("accounts:sign-out"),
                get_token(request),
            )
        }
    return render_component("service-navigation", params)


def service_navigation(request: HttpRequest) -> dict[str, object]:
    return {"service_navigation_html": SimpleLazyObject(lambda: _service_navigation(request))}


def emergency_access(request: HttpRequest) -> dict[str, object]:
    """The records this person has open in an emergency, for the banner on every page (read
    lazily: one small indexed query, only for the roles that can open a record this way)."""

    def live() -> list:
        from django.utils import timezone

        from safetymap.access.models import AccessGrant, GrantBasis
        from safetymap.access.policy import Capability, can

        user = getattr(request, "user", None)
        # Only the roles that may open a record in an emergency can hold such a grant, so
        # everyone else's pages skip the query.
        if user is None or not can(user, Capability.OPEN_IN_EMERGENCY):
            return []
        return list(
            AccessGrant.objects.filter(
                user=user, basis=GrantBasis.EMERGENCY, expires_at__gt=timezone.now()
            ).select_related("child")
        )

    return {"emergency_grants": SimpleLazyObject(live)}


def header_search(request: HttpRequest) -> dict[str, object]:
    """Whether this page's header offers the search for a child: only to those who may use it
    (case work, past the second sign-in step)."""

    def offered() -> bool:
        from safetymap.access.policy import Capability, can

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        return getattr(user, "is_verified", lambda: False)() and can(user, Capability.USE_CASE_WORK)

    return {"offers_search": SimpleLazyObject(offered)}
