"""Pages every visitor can reach, and the error pages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Most often a form left open past the end of the session, or sent twice; say so plainly.
    return render(request, "errors/csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors and no database: whatever broke must not break the error page too.
    template = loader.get_template("errors/500.html")
    context = {
        "council_name": settings.SAFETYMAP_COUNCIL_NAME,
        "service_name": settings.SAFETYMAP_SERVICE_NAME,
    }
    return HttpResponse(template.render(context), status=500)


def posted(request: HttpRequest):
    """The submitted data on a POST (even if empty, so the form shows what is missing)."""
    return request.POST if request.method == "POST" else None
