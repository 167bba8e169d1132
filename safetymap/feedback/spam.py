"""Spam and guessing protection for the public feedback form: a honeypot and two rate limits.

As in safetymap/partnership/spam.py, a few lines over Django's cache: answers accepted per
address and per session an hour (a family may answer several links on one phone), and links
that do not work per address an hour (so nobody tries token after token; at 256 bits they
would never find one, and this keeps the noise down). With several web servers, configure a
shared cache (CACHES) so the counts are shared too.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

HONEYPOT_FIELD = "website"
ANSWERS_PER_HOUR = 10
BAD_LINKS_PER_HOUR = 20
WINDOW_SECONDS = 60 * 60


def filled_honeypot(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


def _address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _answer_keys(request: HttpRequest) -> list[str]:
    keys = [f"feedback:answers:address:{_address(request)}"]
    if request.session.session_key:
        keys.append(f"feedback:answers:session:{request.session.session_key}")
    return keys


def _bad_link_key(request: HttpRequest) -> str:
    return f"feedback:bad-links:address:{_address(request)}"


def _count(key: str) -> None:
    cache.add(key, 0, WINDOW_SECONDS)  # the hour starts with the first one
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)


def too_many_answers(request: HttpRequest) -> bool:
    return any((cache.get(key) or 0) >= ANSWERS_PER_HOUR for key in _answer_keys(request))


def count_an_answer(request: HttpRequest) -> None:
    if not request.session.session_key:
        request.session.save()
    for key in _answer_keys(request):
        _count(key)


def too_many_bad_links(request: HttpRequest) -> bool:
    return (cache.get(_bad_link_key(request)) or 0) >= BAD_LINKS_PER_HOUR


def count_a_bad_link(request: HttpRequest) -> None:
    _count(_bad_link_key(request))
