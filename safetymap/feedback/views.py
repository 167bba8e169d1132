from __future__ import annotations

import csv
from collections.abc import Iterator

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from safetymap.access.decorators import capability_required
from safetymap.access.policy import AccessRefused, Capability
from safetymap.core import public_forms
from safetymap.core.views import posted
from safetymap.feedback import selectors, services
from safetymap.feedback.charts import stacked_bars_svg
from safetymap.feedback.forms import FeedbackForm, WrittenAnswersFilterForm, child_questions
from safetymap.feedback.questions import RespondentType
from safetymap.feedback.services import FeedbackRefused, LinkNotUsable

MANAGE = Capability.MANAGE_PARTNERSHIP

TEMPLATES = {
    RespondentType.PARENT_CARER: "feedback/form_parent.html",
    RespondentType.CHILD: "feedback/form_child.html",
    RespondentType.PROFESSIONAL: "feedback/form_professional.html",
}


def _link_problem(request: HttpRequest, reason: str) -> HttpResponse:
    """The same clear page for every link that cannot be used; nothing is changed.
    (Status 200: the page itself is the answer, and it is public.)"""
    status = 429 if reason == "too_many" else 200
    return render(
        request,
        "feedback/link_problem.html",
        {"reason": reason, "link_days": settings.SAFETYMAP_FEEDBACK_LINK_DAYS},
        status=status,
    )


def _private(response: HttpResponse) -> HttpResponse:
    """The link's page is never kept by a browser or proxy. (The site's Referrer-Policy,
    same-origin, already keeps the token from other sites; "no-referrer" would make the browser
    send "Origin: null" with the form, which CSRF protection rightly refuses.)"""
    response["Cache-Control"] = "no-store"
    return response


def answer(request: HttpRequest, token: str) -> HttpResponse:
    return _private(_answer(request, token))


def _answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.usable_invitation(token)
    except LinkNotUsable as problem:
        if problem.reason == "unknown":
            # Only links that do not exist are counted and refused: a valid link always works,
            # even from an address (a council's shared proxy) where others were mistyped.
            if public_forms.reached(public_forms.FEEDBACK_BAD_LINKS, request):
                return _link_problem(request, "too_many")
            public_forms.count(public_forms.FEEDBACK_BAD_LINKS, request)
        return _link_problem(request, problem.reason)
    kind = RespondentType(invitation.respondent_type)
    form = FeedbackForm(posted(request), respondent_type=kind)
    if request.method == "POST":
        if public_forms.filled_honeypot(request):
            # Say nothing a bot could learn from: it looks sent; nothing is kept, the link stays.
            return redirect("feedback:thank-you")
        if public_forms.reached(public_forms.FEEDBACK_ANSWERS, request):
            form.is_valid()  # so the answers stay on the page
            form.add_error(
                None,
                "Several answers have been sent from here in the last hour. Please try again "
                "later.",
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.submit_feedback(
                    token=token,
                    answers=form.answers(),
                    anonymous=form.is_anonymous(),
                    consent_to_contact=bool(data.get("consent_to_contact")),
                    agency_type=data.get("agency_type", ""),
                )
            except LinkNotUsable as problem:
                return _link_problem(request, problem.reason)
            except FeedbackRefused as refusal:
                form.add_error(
                    refusal.field if refusal.field in form.fields else None, str(refusal)
                )
            else:
                public_forms.count(public_forms.FEEDBACK_ANSWERS, request)
                request.session["feedback_answered_as"] = kind.value
                return redirect("feedback:thank-you")
    return render(
        request,
        TEMPLATES[kind],
        {
            "form": form,
            "meeting": invitation.round,
            "expires_at": invitation.expires_at,
            "honeypot": public_forms.HONEYPOT_FIELD,
            "questions": child_questions(form) if kind == RespondentType.CHILD else None,
        },
    )


def thank_you(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback/thank_you.html",
        {"for_a_child": request.session.get("feedback_answered_as") == RespondentType.CHILD},
    )


# --- Links given by hand (people invited to a conference without an email address) -----------


def _hand_over(request: HttpRequest, pk: int, new_link: dict | None = None) -> HttpResponse:
    page = selectors.hand_over_page(request.user, pk)
    response = render(
        request,
        "feedback/hand_over.html",
        {
            "page": page,
            "conference": page.conference,
            "new_link": new_link,
            "link_days": settings.SAFETYMAP_FEEDBACK_LINK_DAYS,
        },
    )
    return _private(response)  # a page with a new link on it is never kept


@capability_required(Capability.USE_CASE_WORK)
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is given their feedback link by hand, and a new link for any of them. A link is
    shown once, on the page that made it: it is kept nowhere (only its hash is stored)."""
    return _hand_over(request, pk)


@require_POST
@capability_required(Capability.USE_CASE_WORK)
def new_link(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = selectors.hand_over_invitation(request.user, pk)
    conference_pk = invitation.round.conference_id
    try:
        link = services.new_link_to_hand_over(by=request.user, invitation=invitation)
    except AccessRefused:
        raise PermissionDenied from None
    except FeedbackRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("feedback:hand-over", pk=conference_pk)
    return _hand_over(request, conference_pk, {"invitation": invitation.pk, "link": link})


# --- Results for the partnership --------------------------------------------------------------


@capability_required(MANAGE)
def results(request: HttpRequest) -> HttpResponse:
    by_type = selectors.results()
    for type_results in by_type:
        for number, result in enumerate(type_results.questions, start=1):
            # Built from numbers and escaped text only (charts.py), so it is safe to mark.
            result.chart = mark_safe(  # noqa: S308  # nosec B308 B703
                stacked_bars_svg(
                    result.bars,
                    answers=result.answers,
                    title=result.question.text,
                    chart_id=f"chart-{type_results.respondent_type.value.lower()}-{number}",
                )
            )
    return render(request, "feedback/results.html", {"by_type": by_type})


@capability_required(MANAGE)
def written_answers(request: HttpRequest) -> HttpResponse:
    filters = WrittenAnswersFilterForm(request.GET if "filter" in request.GET else None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    answers = selectors.free_text(
        request.GET.get("cursor"),
        respondent_type=chosen.get("respondent_type", ""),
        meeting_kind=chosen.get("meeting_kind", ""),
    )
    return render(
        request,
        "feedback/written_answers.html",
        {"answers": answers, "shown": selectors.FREE_TEXT_SHOWN, "filters": filters},
    )


class _Echo:
    """A file-like object whose write returns the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def _safe_cell(value: object) -> str:
    # A spreadsheet would run a cell starting with one of these as a formula.
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@capability_required(MANAGE)
def export(request: HttpRequest) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(selectors.EXPORT_HEADER)
        for row in selectors.export_rows():
            yield writer.writerow([_safe_cell(cell) for cell in row])

    name = f"conference-feedback-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
