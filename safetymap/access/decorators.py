"""The access policy at the door of a view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safetymap.access.policy import AccessRefused, Capability, require


def capability_required(capability: Capability) -> Callable:
    """Shows the 'You cannot do this' page, with the reason, to anyone without the capability.
    It runs before any lookup, so a refused person learns nothing about the record asked for."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                require(request.user, capability)
            except AccessRefused as refusal:
                return render(request, "errors/403.html", {"reason": str(refusal)}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
