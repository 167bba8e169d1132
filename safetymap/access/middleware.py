"""The access basis of each child, decided once per read-only request (policy.basis_for)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from safetymap.access.policy import basis_decided_once

READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


class AccessBasisOncePerRequestMiddleware:
    """A page asks "why may this person see this child?" for each of its sections (the record,
    the child's voice, safety plans, the family); on a GET it is answered once. A POST decides
    afresh at each ask, since its own write may give or take away sight."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READ_ONLY_METHODS:
            return self.get_response(request)
        with basis_decided_once():
            return self.get_response(request)
