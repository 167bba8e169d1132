"""Links the accounts app sends or shows: where they start, how long they last, their tokens.

Every absolute link starts with the configured SAFETYMAP_BASE_URL, never the request's Host
header (which whoever sends the request chooses, so a forged one could turn an emailed link
into a link to another site). Tokens are random, shown once and kept only as a hash.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings


def absolute(path: str) -> str:
    """The full address of a path on this service, for an email or to copy."""
    return settings.SAFETYMAP_BASE_URL.rstrip("/") + path


def lasts(seconds: int) -> str:
    """How long a link lasts, in words: "2 hours", "1 hour", "30 minutes", "24 hours", "3 days"
    (days only from 2 days: "24 hours" is plainer than "1 day" for a link)."""
    for unit, size in (("day", 24 * 60 * 60), ("hour", 60 * 60), ("minute", 60)):
        if seconds >= (2 * size if unit == "day" else size) and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


def password_link_lasts() -> str:
    return lasts(settings.PASSWORD_RESET_TIMEOUT)


def new_token() -> str:
    """A token for a link: 256 random bits, 43 URL-safe characters."""
    return secrets.token_urlsafe(32)


def hash_of(token: str) -> str:
    """What is stored: a leaked database shows no usable link."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()
