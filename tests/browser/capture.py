"""Test-only middleware: keeps every HTML page the live server sends, for the axe-core check."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class ServedPage:
    path: str
    status: int
    html: str
    url_name: str = ""  # namespace:name of the page, for the read-event check
    about_a_record: bool = False  # a page of a case-data app, about one record (a pk)
    read_audited: bool = False  # an audit event by this person was written while serving it


# The apps whose pages show case data: a page about one of their records must write its read.
CASE_DATA_NAMESPACES = {"people", "cases", "mapping", "voice", "safety", "uploads", "conferences"}


_lock = threading.Lock()
_served: list[ServedPage] = []


def keep(page: ServedPage) -> None:
    with _lock:
        _served.append(page)


def take_served_pages() -> list[ServedPage]:
    with _lock:
        pages = list(_served)
        _served.clear()
    return pages


class CaptureServedPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from safetymap.audit.models import AuditEvent

        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = self.get_response(request)
        is_html = response.get("Content-Type", "").startswith("text/html")
        is_redirect = 300 <= response.status_code < 400
        if is_html and not is_redirect and not response.streaming and response.content:
            path, html = request.get_full_path(), response.content.decode()
            match = request.resolver_match
            about_a_record = bool(
                match
                and match.namespace in CASE_DATA_NAMESPACES
                and "pk" in match.kwargs
                and request.method == "GET"
                and response.status_code == 200
            )
            audited = (
                about_a_record
                and request.user.is_authenticated
                and AuditEvent.objects.filter(pk__gt=before, actor=request.user).exists()
            )
            name = f"{match.namespace}:{match.url_name}" if match else ""
            keep(ServedPage(path, response.status_code, html, name, about_a_record, audited))
        return response
