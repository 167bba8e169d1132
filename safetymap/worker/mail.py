"""Emails sent once: every email a task sends goes through ``send_once`` under a unique key.

Email cannot be part of a database transaction, so "exactly once" is not on offer; we choose
"at most once": the key is claimed (committed) before the email goes, and released only if
sending raised, so it can be tried again. A worker killed in the instant between the mail
server accepting the email and the row being marked sent leaves it "being sent"; the
background work page lists those (``selectors.unsure_emails``) for a person to check, rather
than sending a possibly second copy.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from safetymap.worker.models import EmailState, SentEmail


def already_sent(key: str) -> bool:
    return SentEmail.objects.filter(key=key).exists()


def send_once(key: str, subject: str, body: str, recipients: Sequence[str]) -> bool:
    """Send the email unless one was already sent (or is being sent) under ``key``. Returns
    whether this call sent it."""
    try:
        with transaction.atomic():
            claim = SentEmail.objects.create(
                key=key[:200],
                subject=subject[:200],
                recipients=len(recipients),
                claimed_at=timezone.now(),
            )
    except IntegrityError:
        return False
    try:
        send_mail(subject, body, None, list(recipients))
    except BaseException:
        SentEmail.objects.filter(pk=claim.pk, state=EmailState.SENDING).delete()
        raise
    SentEmail.objects.filter(pk=claim.pk).update(state=EmailState.SENT, sent_at=timezone.now())
    return True
