"""How django-axes names the account being tried, so 'Sam@…' and 'sam@…' count together."""

from __future__ import annotations

from django.http import HttpRequest


def account_name(request: HttpRequest, credentials: dict | None) -> str | None:
    typed = (credentials or {}).get("username") or request.POST.get("email")
    return typed.strip().lower() if typed else None
