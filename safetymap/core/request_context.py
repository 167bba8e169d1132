"""The request a piece of work belongs to, so the audit trail can tie events to one request.

A context variable, not a thread-local, so it is right under both WSGI threads and ASGI tasks.
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("safetymap_request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def new_request_id(offered: str | None = None, *, trust_offered: bool = False) -> str:
    """Make an id, or use the one the council's own proxy sent when the settings trust it.

    Anyone can send an X-Request-ID header, so it is only used when SAFETYMAP_TRUST_REQUEST_ID
    says a proxy in front of the service sets it (and overwrites what clients send).
    """
    well_formed = bool(offered) and 8 <= len(offered) <= 64
    if trust_offered and well_formed and all(c.isalnum() or c in "-_" for c in offered):
        return offered
    return uuid.uuid4().hex


def set_request_id(value: str):
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)
