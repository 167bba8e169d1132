"""Spam protection for the public briefing request form: a honeypot and a rate limit.

The rate limit is a few lines over Django's cache rather than a library (django-ratelimit is
the usual one) because it is needed for one form only, and adding a dependency is outside this
app. With several web servers, configure a shared cache (CACHES) so the count is shared too.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

HONEYPOT_FIELD = "website"  # hidden from people; bots that fill in every box fill it in
REQUESTS_PER_HOUR = 5
WINDOW_SECONDS = 60 * 60


def filled_honeypot(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


def _keys(request: HttpRequest) -> list[str]:
    keys = [f"partnership:briefing-requests:address:{request.META.get('REMOTE_ADDR', '')}"]
    if request.session.session_key:
        keys.append(f"partnership:briefing-requests:session:{request.session.session_key}")
    return keys


def over_the_limit(request: HttpRequest) -> bool:
    return any((cache.get(key) or 0) >= REQUESTS_PER_HOUR for key in _keys(request))


def count_a_request(request: HttpRequest) -> None:
    if not request.session.session_key:
        request.session.save()
    for key in _keys(request):
        cache.add(key, 0, WINDOW_SECONDS)  # the hour starts with the first request
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
