"""Feedback links: a random token of 256 bits in the link, only its SHA-256 hash in the database.

A plain SHA-256 (not a slow password hash) is right here: the token is random and long, so
there is nothing to guess from the hash, and the lookup must be one indexed query.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

TOKEN_BYTES = 32  # 256 bits; token_urlsafe gives 43 characters
TOKEN_PATTERN = r"[A-Za-z0-9_-]{43}"  # noqa: S105 - a pattern, not a secret


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_of(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def expires_at(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) + datetime.timedelta(days=settings.SAFETYMAP_FEEDBACK_LINK_DAYS)


def link_for(token: str) -> str:
    """The full address for an email: the site's base address and the form's path."""
    base = settings.SAFETYMAP_BASE_URL.rstrip("/")
    return f"{base}{reverse('feedback:form', kwargs={'token': token})}"
