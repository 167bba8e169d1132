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
        response = self.get_response(request)
        is_html = response.get("Content-Type", "").startswith("text/html")
        is_redirect = 300 <= response.status_code < 400
        if is_html and not is_redirect and not response.streaming and response.content:
            path, html = request.get_full_path(), response.content.decode()
            keep(ServedPage(path, response.status_code, html))
        return response
