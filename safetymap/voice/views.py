from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from safetymap.access.decorators import capability_required
from safetymap.access.policy import Capability, can
from safetymap.cases.views import step_page
from safetymap.core.views import posted
from safetymap.voice import booklet as booklet_pdf
from safetymap.voice import forms as voice_forms
from safetymap.voice import presentation, selectors, services, sharing
from safetymap.voice.errors import VoiceRefused


def _files(request: HttpRequest):
    return request.FILES if request.method == "POST" else None


def _record_url(pk: int) -> str:
    return reverse("voice:record", kwargs={"pk": pk})


def _booklet_url(pk: int) -> str:
    return reverse("voice:booklet", kwargs={"pk": pk})


def _may_change(request: HttpRequest, item) -> bool:
    """Whether to offer changes: only to those who hold the work (the services enforce it)."""
    viewer = selectors.viewer_of(request.user, item.basis)
    return can(request.user, Capability.RECORD_PATHWAY) and sharing.holds_the_work(
        viewer, selectors.permission_of(item)
    )


def _then(response: HttpResponse, created: dict[str, Any], name: str) -> HttpResponse:
    if "item" in created:
        return redirect(name, pk=created["item"].pk)
    return response


@capability_required(Capability.USE_CASE_WORK)
def child_voice(request: HttpRequest, pk: int) -> HttpResponse:
    voice = selectors.child_voice(request.user, pk)
    return render(
        request,
        "voice/child_voice.html",
        {
            "voice": voice,
            "child": voice.child,
            "can_record": can(request.user, Capability.RECORD_PATHWAY),
            "tools": voice_forms.SLUG_OF,
        },
    )


@capability_required(Capability.RECORD_PATHWAY)
def voice_new(request: HttpRequest, pk: int, tool: str) -> HttpResponse:
    if tool not in voice_forms.SLUGS:
        raise Http404
    kind = voice_forms.SLUGS[tool]
    child = selectors.child_in_sight(request.user, pk, audit=request.method == "GET")
    created: dict[str, Any] = {}

    def save(data: dict[str, Any]) -> None:
        created["item"] = services.record_voice(by=request.user, child=child, tool=kind, **data)

    response = step_page(
        request,
        voice_forms.FORMS[kind](posted(request)),
        save=save,
        done="Saved.",
        heading=f"{kind.label}: {child.full_name}",
        submit_text="Save",
        back_url=reverse("voice:child", kwargs={"pk": pk}),
        caption="Write the child's words exactly as they said them.",
    )
    return _then(response, created, "voice:record")


@capability_required(Capability.USE_CASE_WORK)
def voice_record(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.open_record(request.user, pk)
    return render(
        request,
        "voice/record.html",
        {
            **presentation.record_context(item),
            "can_record": _may_change(request, item),
        },
    )


@capability_required(Capability.RECORD_PATHWAY)
def voice_change(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.open_record(request.user, pk, audit=request.method == "GET")
    form_class = voice_forms.FORMS[item.tool]
    initial = {name: getattr(item, name) for name in form_class.base_fields}
    return step_page(
        request,
        form_class(posted(request), initial=initial),
        save=lambda data: services.change_voice(by=request.user, item=item, **data),
        record=item,
        done="The changes have been saved.",
        heading=f"Change {item.get_tool_display()}: {item.child.full_name}",
        submit_text="Save changes",
        back_url=_record_url(pk),
    )


@capability_required(Capability.RECORD_PATHWAY)
def drawing_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.open_record(request.user, pk, audit=request.method == "GET")
    return step_page(
        request,
        voice_forms.DrawingForm(posted(request), _files(request)),
        save=lambda data: services.add_drawing(by=request.user, item=item, **data),
        done="The drawing has been added.",
        heading=f"Add a drawing to {item.child.first_name}'s {item.get_tool_display()}",
        submit_text="Upload drawing",
        back_url=_record_url(pk),
    )


def _override_page(request: HttpRequest, item, back_url: str) -> HttpResponse:
    return step_page(
        request,
        voice_forms.OverrideForm(posted(request)),
        save=lambda data: services.override_sharing(by=request.user, item=item, **data),
        done="The safeguarding reason has been recorded and this can now be shared.",
        heading="Share beyond what the child agreed",
        submit_text="Record the reason and share",
        back_url=back_url,
        caption=(
            f"{item.child.first_name} agreed: {item.get_share_scope_display()}. Only share more "
            "widely when it is needed to keep a child safe, and say why."
        ),
    )


@capability_required(Capability.RECORD_PATHWAY)
def voice_override(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.open_record(request.user, pk, audit=request.method == "GET")
    return _override_page(request, item, _record_url(pk))


@require_POST
@capability_required(Capability.RECORD_PATHWAY)
def add_to_map(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.open_record(request.user, pk, audit=False)
    field = request.POST.get("field", "")
    index = request.POST.get("index", "")
    try:
        services.add_to_map(
            by=request.user, item=item, field=field, index=int(index) if index.isdigit() else -1
        )
    except VoiceRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Added to the map, in the child's own words.")
    return redirect("voice:record", pk=pk)


# --- Words and Pictures ------------------------------------------------------------------------


def _booklet_initial(booklet) -> dict[str, Any]:
    return {name: getattr(booklet, name) for name in voice_forms.WordsAndPicturesForm.base_fields}


@capability_required(Capability.RECORD_PATHWAY)
def booklet_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_in_sight(request.user, pk, audit=request.method == "GET")
    created: dict[str, Any] = {}

    def save(data: dict[str, Any]) -> None:
        created["item"] = services.record_words_and_pictures(by=request.user, child=child, **data)

    response = step_page(
        request,
        voice_forms.WordsAndPicturesForm(posted(request)),
        save=save,
        done="Saved. Now add its pages.",
        heading=f"Words and Pictures for {child.full_name}",
        submit_text="Save",
        back_url=reverse("voice:child", kwargs={"pk": pk}),
        caption="Write it so the child can understand every word.",
    )
    return _then(response, created, "voice:booklet")


@capability_required(Capability.USE_CASE_WORK)
def booklet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booklet = selectors.open_booklet(request.user, pk)
    return render(
        request,
        "voice/booklet.html",
        {
            **presentation.booklet_context(request.user, booklet),
            "can_record": _may_change(request, booklet),
        },
    )


@capability_required(Capability.RECORD_PATHWAY)
def booklet_change(request: HttpRequest, pk: int) -> HttpResponse:
    booklet = selectors.open_booklet(request.user, pk, audit=request.method == "GET")
    return step_page(
        request,
        voice_forms.WordsAndPicturesForm(posted(request), initial=_booklet_initial(booklet)),
        save=lambda data: services.change_words_and_pictures(
            by=request.user, booklet=booklet, **data
        ),
        record=booklet,
        done="The changes have been saved.",
        heading=f"Change {booklet.title}",
        submit_text="Save changes",
        back_url=_booklet_url(pk),
    )


@capability_required(Capability.RECORD_PATHWAY)
def page_add(request: HttpRequest, pk: int) -> HttpResponse:
    booklet = selectors.open_booklet(request.user, pk, audit=request.method == "GET")
    return step_page(
        request,
        voice_forms.PageForm(posted(request), _files(request)),
        save=lambda data: services.add_page(by=request.user, booklet=booklet, **data),
        done="The page has been added.",
        heading=f"Add a page to {booklet.title}",
        submit_text="Add page",
        back_url=_booklet_url(pk),
    )


@capability_required(Capability.RECORD_PATHWAY)
def booklet_override(request: HttpRequest, pk: int) -> HttpResponse:
    booklet = selectors.open_booklet(request.user, pk, audit=request.method == "GET")
    return _override_page(request, booklet, _booklet_url(pk))


@capability_required(Capability.USE_CASE_WORK)
def booklet_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The booklet the child keeps: only if the child agreed their family may see it (R27)."""
    booklet = selectors.booklet_for_family(request.user, pk)
    data = booklet_pdf.render_pdf(booklet)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="words-and-pictures-{booklet.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
