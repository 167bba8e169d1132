"""Every form is safe to send twice: a one-time key in the form, kept with what the form did.

Each form a signed-in person sends carries a one-time key (``{% submission_key %}`` beside the
CSRF token). ``OneSubmissionMiddleware`` runs the page in one transaction that first records the
key. A second sending of the same key (a double click, or the browser retrying after a slow
answer) cannot record it again: the database's unique index makes it wait for the first to
finish, on PostgreSQL and on SQLite alike, and then it is answered with where the first went and
a message that it was done once. So a repeat never makes a second record and never shows an
error page.

The key is kept only when the page did something: a form sent back with its errors, a refusal
("not now") or an error page forgets it, so the person can correct the form and send it again.
Keys are forgotten after ``KEPT_FOR`` by the ``forget_submission_keys`` command.

Written here rather than taken from a library: the Django packages for idempotency keys serve
JSON APIs through a header and keep the whole response; a form needs the key in the page and
only the redirect, inside the same transaction as the page's own writes.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.contrib.messages import constants as message_levels
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from safetymap.core.models import SubmissionKey

FIELD_NAME = "submission_key"
KEPT_FOR = datetime.timedelta(days=2)
SENT_TWICE = "That form was sent twice. It has been done once, and nothing was saved twice."
KEY_NOT_YOURS = "That form could not be sent. Open the page again and send it from there."


def new_key() -> str:
    return secrets.token_urlsafe(24)


def key_for_form(request: HttpRequest) -> str:
    """The key to put in a form: the one just sent, when the page comes back with its errors
    (so correcting it and sending again is still the same submission), else a new one."""
    sent = request.POST.get(FIELD_NAME, "") if request.method == "POST" else ""
    return sent if _well_formed(sent) else new_key()


def _well_formed(key: str) -> bool:
    return 16 <= len(key) <= 64 and key.replace("-", "").replace("_", "").isalnum()


def answer_once(
    request: HttpRequest, respond: Callable[[HttpRequest], HttpResponse]
) -> HttpResponse:
    """The page's answer, done at most once for the form's key."""
    key = request.POST.get(FIELD_NAME, "")
    if not _well_formed(key):
        return respond(request)  # a form without a key (sign-out, keep-alive): as before
    with transaction.atomic():
        try:
            with transaction.atomic():
                kept = SubmissionKey.objects.create(
                    key=key,
                    person=request.user,
                    path=request.path[:500],
                    sent_at=timezone.now(),
                )
        except IntegrityError:
            return _answer_again(request, key)
        response = respond(request)
        if response.status_code >= 500:
            transaction.set_rollback(True)  # an error page: nothing of it is kept
        elif _did_something(request, response):
            kept.answered_with = response["Location"][:500]
            kept.save(update_fields=["answered_with"])
        else:
            kept.delete()
    return response


def _did_something(request: HttpRequest, response: HttpResponse) -> bool:
    """A redirect without an error message: the form was done (see core.views.form_page)."""
    if not isinstance(response, HttpResponseRedirect):
        return False
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return not any(message.level == message_levels.ERROR for message in queued)


def _answer_again(request: HttpRequest, key: str) -> HttpResponse:
    first = SubmissionKey.objects.filter(key=key).first()
    if first is None or first.person_id != request.user.pk or not first.answered_with:
        messages.error(request, KEY_NOT_YOURS)
        return HttpResponseRedirect(request.path)
    messages.info(request, SENT_TWICE)
    return HttpResponseRedirect(first.answered_with)


def forget_old_keys(now: datetime.datetime | None = None) -> int:
    """Forget keys older than ``KEPT_FOR``: no browser retries a form that late."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    deleted, _ = SubmissionKey.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
