"""Sign-in, sign-out and failed sign-in attempts go into the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from safetymap.audit.models import Action
from safetymap.audit.services import record


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    by_provider = getattr(user, "backend", "").endswith(".CouncilIdentityProviderBackend")
    details = {"by": "council identity provider"} if by_provider else None
    record(actor=user, action=Action.SIGN_IN, subject=user, details=details)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(actor=user, action=Action.SIGN_OUT, subject=user)


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    if "nonce" in credentials:
        return  # the identity provider's callback audits its own refusals, with the reason
    # Only the address typed is kept (Django has already hidden the password): it shows
    # attempts against one account without saying whether the account exists.
    typed = str(credentials.get("username", ""))[:254]
    record(actor=None, action=Action.SIGN_IN_FAILED, actor_label=typed or "anonymous")
