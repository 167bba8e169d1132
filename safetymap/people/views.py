from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from safetymap.access.policy import Capability, basis_for
from safetymap.accounts.views import capability_required, posted
from safetymap.people import selectors, services
from safetymap.people.forms import ChildDetailsForm, ChildSearchForm, EnquiryReasonForm
from safetymap.people.matching import PersonDetails
from safetymap.people.models import Child

NEW_CHILD_SESSION_KEY = "new_child_details"


def _details(data: dict) -> PersonDetails:
    return PersonDetails(
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        date_of_birth=data.get("date_of_birth") or data.get("expected_date_of_birth"),
        nhs_number=data.get("nhs_number", ""),
    )


@capability_required(Capability.USE_CASE_WORK)
def child_list(request: HttpRequest) -> HttpResponse:
    search = ChildSearchForm(request.GET if "search" in request.GET else None)
    found = None
    if search.is_valid():
        name = search.cleaned_data["name"].split()
        query = PersonDetails(
            first_name=name[0] if len(name) > 1 else "",
            last_name=name[-1] if name else "",
            date_of_birth=search.cleaned_data["date_of_birth"],
            nhs_number=search.cleaned_data["nhs_number"],
        )
        found = selectors.find_children(request.user, query, limit=10)
    return render(
        request,
        "people/child_list.html",
        {"children": selectors.my_children(request.user), "search": search, "found": found},
    )


@capability_required(Capability.RECORD_CHILDREN)
def child_new(request: HttpRequest) -> HttpResponse:
    """Record a child: first check whether they are already known, then confirm a new record."""
    confirming = request.method == "POST" and "confirm_new" in request.POST
    data = request.session.get(NEW_CHILD_SESSION_KEY) if confirming else posted(request)
    form = ChildDetailsForm(data)
    if form.is_valid():
        if not confirming:
            found = selectors.find_children(request.user, _details(form.cleaned_data))
            if found:
                request.session[NEW_CHILD_SESSION_KEY] = form.data.dict()
                return render(
                    request,
                    "people/child_matches.html",
                    {"found": found, "typed": form.cleaned_data},
                )
        request.session.pop(NEW_CHILD_SESSION_KEY, None)
        child = services.record_child(by=request.user, details=form.cleaned_data)
        messages.success(request, f"{child.full_name} has been recorded ({child.la_child_id}).")
        return redirect("people:child", pk=child.pk)
    return render(
        request,
        "people/child_form.html",
        {
            "form": form,
            "heading": "Record a child",
            "submit_text": "Continue",
            "back_url": reverse("people:children"),
            "back_text": "Back to children",
        },
    )


@capability_required(Capability.USE_CASE_WORK)
def child_record(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.open_child_record(request.user, pk)
    return render(request, "people/child_record.html", {"child": child})


@capability_required(Capability.SEARCH_ALL_CHILDREN)
def front_door_enquiry(request: HttpRequest, pk: int) -> HttpResponse:
    child = get_object_or_404(Child, pk=pk)
    if basis_for(request.user, pk):
        return redirect("people:child", pk=pk)
    form = EnquiryReasonForm(posted(request))
    if form.is_valid():
        services.open_front_door_enquiry(
            by=request.user, child=child, reason=form.cleaned_data["reason"]
        )
        return redirect("people:child", pk=pk)
    return render(
        request,
        "people/enquiry_form.html",
        {
            "form": form,
            "child": child,
            "heading": f"Open the record of {child.full_name}",
            "front_door_hours": settings.SAFETYMAP_FRONT_DOOR_ENQUIRY_HOURS,
            "submit_text": "Open the record",
            "back_url": reverse("people:children"),
            "back_text": "Back to children",
        },
    )
