"""Pages every visitor can reach, the error pages, and the one way a form page saves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.template.defaultfilters import filesizeformat

from safetymap.core import addresses, pickers, revisions


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Only our own explanations are shown: Django's own messages are for developers.
    why = str(exception) if isinstance(exception, addresses.WrongAddress) else ""
    return render(request, "errors/400.html", {"why": why}, status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Most often a form left open past the end of the session, or sent twice; say so plainly.
    return render(request, "errors/csrf.html", status=403)


def _standalone_error(template_name: str, status: int) -> HttpResponse:
    # No context processors and no database: whatever broke must not break the error page too.
    template = loader.get_template(template_name)
    context = {
        "council_name": settings.SAFETYMAP_COUNCIL_NAME,
        "service_name": settings.SAFETYMAP_SERVICE_NAME,
    }
    return HttpResponse(template.render(context), status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    return _standalone_error("errors/500.html", 500)


def service_busy(request: HttpRequest) -> HttpResponse:
    """The database stayed busy (core.middleware.DatabaseBusyMiddleware): try again shortly."""
    from safetymap.core.middleware import RETRY_AFTER_SECONDS

    response = _standalone_error("errors/busy.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def locked_by_the_database(request: HttpRequest, words: str) -> HttpResponse:
    """A change the database refused because the record is locked (a final map): nothing was
    saved; say so, on a page of its own (409), with the way back."""
    return render(request, "errors/record_locked.html", {"words": words}, status=409)


def service_timed_out(request: HttpRequest) -> HttpResponse:
    """PostgreSQL ended a statement past its timeout (config/database.py): nothing was saved."""
    return _standalone_error("errors/timeout.html", 503)


def request_too_big(request: HttpRequest) -> HttpResponse:
    """More was sent than the service takes in one go (core.middleware.RequestTooBigMiddleware)."""
    template = loader.get_template("errors/too_big.html")
    context = {
        "council_name": settings.SAFETYMAP_COUNCIL_NAME,
        "service_name": settings.SAFETYMAP_SERVICE_NAME,
        "limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
    }
    return HttpResponse(template.render(context), status=413)


def posted(request: HttpRequest):
    """The submitted data on a POST (even if empty, so the form shows what is missing)."""
    return request.POST if request.method == "POST" else None


def show_refusal(form: forms.Form, refusal: Exception) -> None:
    """A service's refusal as GOV.UK errors on the form: each problem on the field it names
    (the exception's ``problems`` or ``field``), or above the form when it names none."""
    problems = getattr(refusal, "problems", None) or [
        (str(refusal), getattr(refusal, "field", None))
    ]
    for message, field in problems:
        form.add_error(field if field in form.fields else None, message)


def not_now(request: HttpRequest, why: str, back_url: str) -> HttpResponse:
    """A step the record does not allow now (the episode is closed, the plan has ended, it is
    already done): back to the record with the reason, on GET and POST alike, so a form is
    never shown that its service would refuse. ``why`` comes from the service's own ``may_…``
    question, the one its write asks too."""
    messages.error(request, why)
    return redirect(back_url)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], Any],
    refused: type[Exception] | tuple[type[Exception], ...],
    done: str,
    template: str,
    back_url: str,
    next_url: str | None = None,
    record: models.Model | None = None,
    may: Callable[[], str | None] | None = None,
    **context: Any,
) -> HttpResponse:
    """One form, then one service (one transaction): a refusal is shown as GOV.UK errors and
    nothing is saved; success shows ``done`` (or the text ``save`` returns) and redirects.
    A people picker on the form is narrowed by the page's search (core/pickers.py).

    A change form names the ``record`` it changes: the form carries the record's revision and
    a save from an out-of-date form shows the saved version and overwrites nothing
    (core/revisions.py).

    ``may`` asks the service whether the step can be taken now (its ``may_…`` question): when it
    says why not, the person is sent back with the reason on GET and POST alike (not_now), so a
    form is never shown that its service would refuse. The write asks again, in its transaction."""
    if may is not None and (why := may()):
        return not_now(request, why, back_url)
    pickers.narrow(form, request)
    revision = None
    theirs: list[dict[str, Any]] = []
    if record is not None:
        revision = revisions.sent_revision(request) if request.method == "POST" else record.revision
    if form.is_valid():
        if record is not None and revision is None:
            form.add_error(None, revisions.OUT_OF_DATE_FORM)
        else:
            try:
                with transaction.atomic():
                    if record is not None and revision is not None:
                        revisions.claim(record, revision)
                    said = save(form.cleaned_data)
            except revisions.EditConflict as conflict:
                form.add_error(None, str(conflict))
                theirs = revisions.their_version(form)
                revision = conflict.current.revision  # saving again now knowingly replaces it
            except refused as refusal:
                show_refusal(form, refusal)
            else:
                messages.success(request, said if isinstance(said, str) and said else done)
                return redirect(next_url or back_url)
    return render(
        request,
        template,
        {
            "form": form,
            "back_url": back_url,
            "back_text": "Back",
            "revision": revision or (record.revision if record is not None else None),
            "theirs": theirs,
            **context,
        },
    )
