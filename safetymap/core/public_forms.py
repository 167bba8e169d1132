"""Protection for the forms anyone can send without signing in: a honeypot and rate limits.

Used by the briefing request (partnership), the conference feedback links (feedback) and
"Set or reset your password" (accounts). The counting is django-ratelimit's (fixed windows of
an hour in the cache named by RATELIMIT_USE_CACHE, which must be shared by every web worker:
docs/deploy.md); this module only names the limits, finds the client's address behind the
council's proxies and says what each form counts.

Two ways to use a limit:
- ``reached(request)`` before saving, then ``count(request)`` once something was saved: only
  what was accepted counts, so someone correcting a mistake in the form is not refused. The nth
  is accepted, the (n+1)th refused.
- ``hit(request)`` counts first and says whether that one is over: for the password form,
  where every accepted request sends an email.

Nothing here is written to the audit trail: a refusal names no one, and addresses, sessions and
email addresses reach the cache only inside django-ratelimit's hashed keys.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

HONEYPOT_FIELD = "website"  # hidden from people; bots that fill in every box fill it in
TOO_MANY = "You have sent a lot of requests in the last hour. Try again later."
HOUR = 60 * 60

UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 (not a bind address: requests with no address share one count)


def filled_honeypot(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


# --- The client's address ------------------------------------------------------------------------


def _as_address(value: str) -> str | None:
    """An IP address as a proxy may write it (``192.0.2.1``, ``192.0.2.1:443``, ``2001:db8::1``,
    ``[2001:db8::1]:443``), or None if it is not one."""
    value = value.strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:
        candidates.append(value.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_address(request: HttpRequest) -> str:
    """The address of the person sending the request (RATELIMIT_IP_META_KEY points here).

    With SAFETYMAP_TRUSTED_PROXIES = 0 it is REMOTE_ADDR. With N > 0, each trusted proxy has
    appended the address it saw to X-Forwarded-For, so the client is N places from the right;
    everything to the left of that was sent by the client and could say anything. If the header
    is missing, too short or not an address there, REMOTE_ADDR is used (a misconfigured proxy
    then makes everyone share one count, which is safe, rather than letting anyone choose one).
    """
    remote = _as_address(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_ADDRESS
    proxies = settings.SAFETYMAP_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return _as_address(forwarded[-proxies]) or remote


# --- The limits ----------------------------------------------------------------------------------

ADDRESS, SESSION, EMAIL = "address", "session", "email"


@dataclass(frozen=True)
class Limit:
    """At most ``per_hour`` in each fixed hour, counted separately for each client address
    (IPv6 grouped by /64, one home), browser session or email address typed into the form."""

    group: str
    per_hour: int
    per: str  # ADDRESS, SESSION or EMAIL

    def _key(self, request: HttpRequest) -> str | Callable[[str, HttpRequest], str] | None:
        if self.per == ADDRESS:
            return "ip"  # django-ratelimit's own key: client_address, then the IPv6 mask
        if self.per == SESSION:
            value = request.session.session_key
        else:
            value = request.POST.get("email", "").strip().lower()
        if not value:
            return None  # nothing to count by: this limit does not apply
        return lambda _group, _request: f"{self.per}:{value}"

    def _usage(self, request: HttpRequest, *, increment: bool) -> dict | None:
        key = self._key(request)
        if key is None:
            return None
        return get_usage(
            request, group=self.group, key=key, rate=(self.per_hour, HOUR), increment=increment
        )

    def reached(self, request: HttpRequest) -> bool:
        """True if ``per_hour`` have been counted already, so one more would be too many.
        (django-ratelimit limits when count > limit, counting this one; here nothing is counted
        yet, hence >=. If the cache cannot be read it says limit 0: refused, never open.)"""
        usage = self._usage(request, increment=False)
        return usage is not None and usage["count"] >= usage["limit"]

    def count(self, request: HttpRequest) -> None:
        if self.per == SESSION and not request.session.session_key:
            request.session.save()  # so the next request from this browser is counted with it
        self._usage(request, increment=True)

    def hit(self, request: HttpRequest) -> bool:
        """Count this request; True if it is over the limit (the (n+1)th and later)."""
        usage = self._usage(request, increment=True)
        return usage is not None and usage["should_limit"]


def reached(limits: tuple[Limit, ...], request: HttpRequest) -> bool:
    return any(limit.reached(request) for limit in limits)


def count(limits: tuple[Limit, ...], request: HttpRequest) -> None:
    for limit in limits:
        limit.count(request)


def hit(limits: tuple[Limit, ...], request: HttpRequest) -> bool:
    """Count the request against every limit (none is skipped) and say if any is over."""
    over = False
    for limit in limits:
        over = limit.hit(request) or over
    return over


# Request a briefing: 5 an hour from one address and from one browser session.
BRIEFING_REQUESTS = (
    Limit("briefing-requests:address", 5, ADDRESS),
    Limit("briefing-requests:session", 5, SESSION),
)
# Feedback through a link: 10 answers an hour from one browser session (a family may answer
# several links on one phone). Not per address: every answer needs its own single-use link, and
# a council's professionals answer from behind one shared proxy, where a count per address would
# refuse valid links ...
FEEDBACK_ANSWERS = (Limit("feedback-answers:session", 10, SESSION),)
# ... and 20 links that do not exist an hour from one address, so nobody tries token after token
# (at 256 bits they would never find one; this keeps the noise down). Only those are refused
# once it is reached: a valid link always works (feedback.views).
FEEDBACK_BAD_LINKS = (Limit("feedback-bad-links:address", 20, ADDRESS),)
# Set or reset your password: 5 an hour from one address, 3 an hour for one email address asked
# for, whether or not it has an account (so the answer says nothing about who has one).
PASSWORD_RESETS = (
    Limit("password-resets:address", 5, ADDRESS),
    Limit("password-resets:email", 3, EMAIL),
)
