"""Conference pages. Thin: each parses the request, calls one selector or service, renders.
Every page opens through access.policy.conference_basis_for (conference materials only): an
invited partner reaches these pages and no other page about the child."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safetymap.access.decorators import capability_required
from safetymap.access.policy import Capability, basis_for, can
from safetymap.cases import selectors as case_selectors
from safetymap.cases import services as case_services
from safetymap.cases.views import step_page
from safetymap.conferences import forms as conference_forms
from safetymap.conferences import generated, hooks, lifecycle, presentation, selectors, services
from safetymap.conferences.codes import ConferenceType, Stage
from safetymap.conferences.errors import ConferenceRefused
from safetymap.conferences.models import DocumentState, GeneratedDocument
from safetymap.core.views import form_page, not_now, posted
from safetymap.people.models import Child

READ = Capability.USE_CASE_WORK


def _url(pk: int) -> str:
    return reverse("conferences:conference", kwargs={"pk": pk})


def _record_url(pk: int) -> str:
    return reverse("conferences:record", kwargs={"pk": pk})


def _caption(conference) -> str:
    return f"{conference}, reference {conference.reference}"


def _action(request: HttpRequest, pk: int, do: Callable[[Any], Any], done: str, back: str):
    """A button that runs one service: the refusal, or the success, is shown on the page."""
    conference, _ = selectors.conference_in_sight(request.user, pk)
    try:
        do(conference)
    except ConferenceRefused as refusal:
        for message, _field in refusal.problems:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(back)


# --- Lists and the conference page ---------------------------------------------------------


@capability_required(READ)
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "conferences/mine.html",
        {"conferences": selectors.my_conferences(request.user)},
    )


@capability_required(Capability.RECORD_PATHWAY)
def request_new(request: HttpRequest, pk: int) -> HttpResponse:
    episode = case_selectors.episode_for_change(request.user, pk)
    if why := case_services.episode_closed(episode):
        return not_now(request, why, reverse("cases:episode", kwargs={"pk": pk}))
    choices = services.household_choices(episode, for_user=request.user)
    form = conference_forms.RequestForm(
        posted(request),
        children=Child.objects.filter(pk__in=[c.pk for c in choices]),
        initial={"children": [c.pk for c in choices]},
    )
    made: list = []
    response = step_page(
        request,
        form,
        save=lambda d: made.append(
            services.request_conference(by=request.user, episode=episode, **d)
        ),
        done="The conference has been requested. Give it a date and a chair next.",
        heading="Request a child protection conference",
        submit_text="Request conference",
        back_url=reverse("cases:episode", kwargs={"pk": pk}),
        caption=f"{episode.child.full_name}, {episode.child.la_child_id}",
    )
    return redirect(_url(made[0].pk)) if made else response


@capability_required(READ)
def conference(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.open_conference(request.user, pk)
    c = page.conference
    runs = request.user.pk in {c.chair_id, c.minute_taker_id} or (
        can(request.user, Capability.RECORD_PATHWAY)
        and basis_for(request.user, c.episode.child_id) is not None
    )
    return render(
        request,
        "conferences/conference.html",
        {
            "page": page,
            "conference": c,
            "runs": runs,
            "is_chair": c.chair_id == request.user.pk,
            "social_work": can(request.user, Capability.RECORD_PATHWAY)
            and basis_for(request.user, c.episode.child_id) is not None,
            "takes_reports": lifecycle.takes_reports(c.stage),
            "before_meeting": lifecycle.is_before_the_meeting(c.stage),
            "can_invite": c.stage in (Stage.SCHEDULED, Stage.INVITATIONS_SENT, Stage.REPORTS_DUE),
            "hand_over": c.stage == Stage.DISTRIBUTED and any(not i.email for i in page.family),
            "may_open_map": selectors.may_open_map(request.user, c),
            "today": timezone.localdate(),
        },
    )


@capability_required(Capability.RECORD_PATHWAY)
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    conference, _ = selectors.conference_in_sight(request.user, pk, page="schedule")
    initial = {"chair": conference.chair_id, "venue": conference.venue}
    return step_page(
        request,
        conference_forms.ScheduleForm(posted(request), initial=initial),
        save=lambda d: services.schedule(by=request.user, conference=conference, **d),
        record=conference,
        done="The conference has its date and chair. Invite people next.",
        heading="Give the conference a date and a chair",
        submit_text="Save",
        back_url=_url(pk),
        caption=(
            _caption(conference)
            + (f". Due by {conference.due_on:%-d %B %Y}" if conference.due_on else "")
        ),
    )


@capability_required(READ)
def stop(request: HttpRequest, pk: int) -> HttpResponse:
    conference, _ = selectors.conference_in_sight(request.user, pk, page="postpone or cancel")
    return step_page(
        request,
        conference_forms.StopForm(posted(request)),
        save=lambda d: services.stop(by=request.user, conference=conference, **d),
        done="Done. Everyone invited is being told by email.",
        heading="Postpone or cancel the conference",
        submit_text="Save",
        may=lambda: services.may_stop(request.user, conference),
        back_url=_url(pk),
        caption=_caption(conference),
    )


@capability_required(READ)
def invite_professional(request: HttpRequest, pk: int) -> HttpResponse:
    conference, _ = selectors.conference_in_sight(request.user, pk, page="invite a professional")
    return step_page(
        request,
        conference_forms.InviteProfessionalForm(posted(request)),
        save=lambda d: services.invite_professional(by=request.user, conference=conference, **d),
        done="They are invited. The invitation is being emailed.",
        heading="Invite a professional",
        submit_text="Invite",
        may=lambda: services.may_invite(request.user, conference),
        back_url=_url(pk),
        caption=_caption(conference),
    )


@capability_required(READ)
def invite_family(request: HttpRequest, pk: int) -> HttpResponse:
    conference, _ = selectors.conference_in_sight(request.user, pk, page="invite a family member")
    return step_page(
        request,
        conference_forms.InviteFamilyForm(posted(request)),
        save=lambda d: services.invite_family_member(by=request.user, conference=conference, **d),
        done="They are invited.",
        heading="Invite a family member",
        submit_text="Invite",
        may=lambda: services.may_invite(request.user, conference),
        back_url=_url(pk),
        caption=_caption(conference),
    )


@require_POST
@capability_required(READ)
def ask_for_reports(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda c: services.ask_for_reports(by=request.user, conference=c),
        "Each agency asked for a report is being emailed its due date.",
        _url(pk),
    )


@require_POST
@capability_required(READ)
def chase(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda c: services.chase_reports(by=request.user, conference=c),
        "A reminder is being emailed to each agency that has not reported.",
        _url(pk),
    )


# --- Agency reports -------------------------------------------------------------------------


@capability_required(READ)
def my_report(request: HttpRequest, pk: int) -> HttpResponse:
    conference, basis = selectors.conference_in_sight(request.user, pk)
    try:
        report = services.report_for(request.user, conference)
    except ConferenceRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(_url(pk))
    if request.method == "GET":  # the page shows the report's words so far
        selectors.audit_read(request.user, basis, conference, report, "agency report")
    children = sorted(conference.children.all(), key=lambda c: c.first_name)
    initial = {name: getattr(report, name) for name in services.REPORT_FIELDS}
    for scale in report.scales.all():
        initial[f"scale_{scale.child_id}"] = scale.value
        initial[f"reason_{scale.child_id}"] = scale.reason
    form = conference_forms.ReportForm(
        posted(request),
        initial=initial,
        children=children,
        allow_recommendation=services.recommendation_allowed(report),
    )
    submit = request.POST.get("submit") == "yes"
    return step_page(
        request,
        form,
        save=lambda d: services.save_report(
            by=request.user,
            report=report,
            scales=form.scales(),
            submit=submit,
            **form.report_fields(),
        ),
        record=report,
        done="Your report has been submitted to the chair."
        if submit
        else "Your report is saved as a draft.",
        heading=f"{report.organisation.name}'s report to the conference",
        submit_text="Save draft",
        back_url=_url(pk),
        caption=f"{_caption(conference)}. Due to the chair by {report.due_on:%-d %B %Y}",
        template="conferences/report_form.html",
    )


@capability_required(READ)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.report_in_sight(request.user, pk)
    return render(
        request,
        "conferences/report.html",
        {
            "report": found,
            "conference": found.conference,
            "can_pull": can(request.user, Capability.RECORD_PATHWAY)
            and basis_for(request.user, found.conference.episode.child_id) is not None,
        },
    )


@require_POST
@capability_required(Capability.RECORD_PATHWAY)
def pull_report(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.report_in_sight(request.user, pk)
    try:
        added = services.pull_report_into_map(by=request.user, report=found)
    except ConferenceRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{added} parts of the report are now on the map.")
    return redirect("conferences:report", pk=pk)


# --- The live record ------------------------------------------------------------------------


@capability_required(READ)
def held(request: HttpRequest, pk: int) -> HttpResponse:
    conference, _ = selectors.conference_in_sight(request.user, pk, page="start the record")
    return step_page(
        request,
        conference_forms.HeldForm(posted(request), initial={"held_on": conference.scheduled_on}),
        save=lambda d: services.record_held(by=request.user, conference=conference, **d),
        done="The conference is recorded as held. Record the meeting now.",
        heading="Start the conference record",
        submit_text="Start the record",
        may=lambda: services.may_record_held(request.user, conference),
        back_url=_url(pk),
        next_url=_record_url(pk),
        caption=_caption(conference),
    )


@capability_required(READ)
def live_record(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.open_conference(request.user, pk, page="conference record")
    c = page.conference
    social_work = (
        can(request.user, Capability.RECORD_PATHWAY)
        and basis_for(request.user, c.episode.child_id) is not None
    )
    return render(
        request,
        "conferences/record.html",
        {
            "page": page,
            "conference": c,
            # R40: someone excluded from part of the meeting sees only their own copy here too.
            "document": presentation.record_sections(
                c, recipient=selectors.copy_for(request.user, c, None)
            ),
            "editing": c.stage == Stage.HELD,
            "social_work": social_work,
            "is_chair": c.chair_id == request.user.pk,
            "runs": social_work or request.user.pk in {c.chair_id, c.minute_taker_id},
            "decides": social_work or c.chair_id == request.user.pk,
            "may_open_map": selectors.may_open_map(request.user, c),
            "problems": services.approval_problems(c)
            if c.stage in (Stage.HELD, Stage.RECORD_DRAFTED)
            else [],
            "decided": {d.child_id for d in page.decisions},
            "with_views": {v.child_id for v in page.views},
        },
    )


@capability_required(READ)
def record_details(request: HttpRequest, pk: int) -> HttpResponse:
    conference, _ = selectors.conference_in_sight(request.user, pk, page="record details")
    if why := services.may_change_record(request.user, conference):
        return not_now(request, why, _record_url(pk))
    initial = {name: getattr(conference, name) for name in services.RECORD_FIELDS}
    for name in ("chair_met_family", "understanding_checked"):
        value = initial[name]
        initial[name] = None if value is None else ("yes" if value else "no")
    return step_page(
        request,
        conference_forms.RecordForm(posted(request), initial=initial),
        save=lambda d: services.update_record(by=request.user, conference=conference, **d),
        record=conference,
        done="The record is saved.",
        heading="The conference record",
        submit_text="Save",
        back_url=_record_url(pk),
        caption=_caption(conference),
    )


@capability_required(READ)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = selectors.invitation_in_sight(request.user, pk)
    conference = invitation.conference
    if why := services.may_change_record(request.user, conference):
        return not_now(request, why, _record_url(conference.pk))
    form = conference_forms.AttendanceForm(
        posted(request),
        initial={
            "attendance": invitation.attendance,
            "excluded_from": invitation.excluded_from,
            "exclusion_reason": invitation.exclusion_reason,
        },
    )
    return step_page(
        request,
        form,
        save=lambda d: services.record_attendance(by=request.user, invitation=invitation, **d),
        record=invitation,
        done=f"{invitation.name}'s attendance is recorded.",
        heading=f"Attendance: {invitation.name}",
        submit_text="Save",
        back_url=_record_url(conference.pk),
        caption=_caption(conference),
    )


def _subject(conference, child_pk: int) -> Child:
    child = conference.children.filter(pk=child_pk).first()
    if child is None:
        raise Http404
    return child


def _deciding(request: HttpRequest, pk: int, child_pk: int):
    """The conference and child for a views or decision page, refused on GET exactly as its
    POST would be: only the chair or the social worker's side records them."""
    conference, _ = selectors.conference_in_sight(request.user, pk, page="views or decision")
    child = _subject(conference, child_pk)
    try:
        services.deciding_basis(request.user, conference)
    except ConferenceRefused as refusal:
        raise PermissionDenied(refusal.problems[0][0]) from refusal
    return conference, child


@capability_required(READ)
def child_views(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    from safetymap.voice.selectors import shared_for

    conference, child = _deciding(request, pk, child_pk)
    # The chair sees conference materials only, not the child's voice records: they write the
    # views as said at the meeting.
    sees_record = basis_for(request.user, child.pk) is not None
    records = shared_for(request.user, child.pk, "CONFERENCE").records if sees_record else []
    form = conference_forms.ChildViewsForm(
        posted(request), records=records, voice_records=sees_record
    )
    return step_page(
        request,
        form,
        save=lambda d: services.record_child_views(
            by=request.user,
            conference=conference,
            child=child,
            kind=d["kind"],
            text=d["text"],
            voice_record_id=d["voice_record"],
        ),
        done=f"{child.first_name}'s views are recorded.",
        heading=f"{child.first_name}'s views",
        submit_text="Save",
        may=lambda: services.may_record_child_views(request.user, conference),
        back_url=_record_url(pk),
        caption=_caption(conference),
    )


@capability_required(READ)
def decision(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    conference, child = _deciding(request, pk, child_pk)
    plan_now = None
    if conference.conference_type == ConferenceType.REVIEW:
        plan_now = services.open_plan_for(child)
        form = conference_forms.ReviewDecisionForm(
            posted(request),
            initial={"category": plan_now.latest_category if plan_now else ""},
        )
    else:
        form = conference_forms.DecisionForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda d: services.record_decision(
            by=request.user,
            conference=conference,
            child=child,
            outcome=d["outcome"],
            reason=d["reason"],
            agency_views=d["agency_views"],
            plan=form.plan(),
        ),
        refused=ConferenceRefused,
        done=f"The decision for {child.first_name} is recorded.",
        template="conferences/decision_form.html",
        may=lambda: services.may_record_decision(request.user, conference),
        back_url=_record_url(pk),
        heading=f"The conference's decision for {child.full_name}",
        submit_text="Record the decision",
        caption=_caption(conference),
        warnings=services.decision_warnings(conference),
        plan_now=plan_now,
    )


@require_POST
@capability_required(Capability.RECORD_PATHWAY)
def start_map(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda c: services.start_conference_map(by=request.user, conference=c),
        "The conference's map is ready for the meeting.",
        _url(pk),
    )


@require_POST
@capability_required(READ)
def send_to_chair(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda c: services.send_record_to_chair(by=request.user, conference=c),
        "The record has been sent to the chair to approve.",
        _record_url(pk),
    )


@require_POST
@capability_required(READ)
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda c: services.approve_record(by=request.user, conference=c),
        "You have approved the record. It can be distributed now.",
        _record_url(pk),
    )


@require_POST
@capability_required(READ)
def distribute(request: HttpRequest, pk: int) -> HttpResponse:
    """Distribute; the feedback links of family members without an email address come back from
    the hook and are shown once, on this response only (never stored, never redirected with)."""
    with hooks.links_handed_over() as handed:
        response = _action(
            request,
            pk,
            lambda c: services.distribute_record(by=request.user, conference=c),
            "The record is distributed. Invitations no longer open the conference.",
            _record_url(pk),
        )
    if not handed:
        return response
    conference, _ = selectors.conference_in_sight(request.user, pk)
    shown = render(
        request,
        "conferences/links_to_hand_over.html",
        {"conference": conference, "handed": handed, "link_days": _link_days()},
    )
    shown["Cache-Control"] = "no-store"
    return shown


def _link_days() -> int:
    from django.conf import settings

    return getattr(settings, "SAFETYMAP_FEEDBACK_LINK_DAYS", 28)


# --- Documents ------------------------------------------------------------------------------
# Made by the worker (generated.py, tasks.make_record_document), never in a request: the
# download address serves the file when it is ready for what the record says now, and otherwise
# sends the person to a page that says it is being prepared.


def _document_in_sight(request: HttpRequest, pk: int):
    found = GeneratedDocument.objects.select_related("recipient").filter(pk=pk).first()
    if found is None:
        raise Http404
    conference, basis = selectors.conference_in_sight(request.user, found.conference_id)
    if selectors.copy_for(request.user, conference, found.recipient) != found.recipient:
        raise Http404  # R40: not the copy with the parts they were excluded from
    return found, conference, basis


def _document_url(found) -> str:
    url = reverse(
        "conferences:document",
        kwargs={"pk": found.conference_id, "version": found.version, "fmt": found.fmt},
    )
    return f"{url}?for={found.recipient_id}" if found.recipient_id else url


def _document_label(version: str, fmt: str) -> str:
    which = "The record" if version == "full" else "The family version"
    return f"{which} ({'PDF' if fmt == 'pdf' else 'Word'})"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@capability_required(READ)
def document(request: HttpRequest, pk: int, version: str, fmt: str) -> HttpResponse:
    """The record as PDF or Word: the full version, or the family version in plain words; for a
    recipient (``?for=<invitation>``), without the parts they were excluded from (R40). Served
    when made for what the record says now; otherwise the page offers to prepare it (a POST,
    so opening the address never makes anything), then shows its progress."""
    conference, basis = selectors.conference_in_sight(request.user, pk)
    if fmt not in generated.FORMATS or version not in generated.VERSIONS:
        raise Http404
    recipient = selectors.copy_asked_for(request.user, conference, request.GET.get("for", ""))
    asked = {"conference": conference, "version": version, "fmt": fmt, "recipient": recipient}
    if request.method == "POST":  # "Prepare it": made by the worker, never in the request
        found = generated.ask_for(by=request.user, **asked)
        return redirect("conferences:document-status", pk=found.pk)
    found = generated.made_for_now(**asked)
    if found is None:  # opening an address changes nothing: the person asks for it
        selectors.audit_read(
            request.user, basis, conference, conference, f"prepare the record ({version}, {fmt})"
        )
        return _no_store(
            render(
                request,
                "conferences/document_prepare.html",
                {
                    "conference": conference,
                    "label": _document_label(version, fmt),
                    "for": recipient,
                },
            )
        )
    if found.state != DocumentState.READY:
        return redirect("conferences:document-status", pk=found.pk)
    data = generated.read(found)
    selectors.audit_read(
        request.user,
        basis,
        conference,
        conference,
        f"conference record ({version}, {fmt})",
        recipient=recipient.pk if recipient else "",
        document=found.pk,
    )
    response = _no_store(HttpResponse(data, content_type=generated.FORMATS[fmt][0]))
    name = f"{conference.reference}-{version}-record.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Length"] = str(len(data))
    return response


@capability_required(READ)
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Being prepared (with "Check again"), ready (download), or failed (try again). No meta
    refresh: an optional script (static/js/document-status.js) checks again by itself."""
    found, conference, basis = _document_in_sight(request, pk)
    selectors.audit_read(request.user, basis, conference, found, "conference record document")
    return _no_store(
        render(
            request,
            "conferences/document_status.html",
            {
                "conference": conference,
                "document": found,
                "download_url": _document_url(found),
                "label": _document_label(found.version, found.fmt),
            },
        )
    )


@require_POST
@capability_required(READ)
def document_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Try again: a new document for what the record says now."""
    found, conference, _ = _document_in_sight(request, pk)
    again = generated.ask_for(
        by=request.user,
        conference=conference,
        version=found.version,
        fmt=found.fmt,
        recipient=found.recipient,
    )
    return redirect("conferences:document-status", pk=again.pk)
