"""Reports from the audit trail for privacy officers: who has accessed a child's record (for
subject access requests and reviews), and what one person has done."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from safetymap.access.decorators import capability_required
from safetymap.access.policy import Capability
from safetymap.accounts.models import User
from safetymap.audit import selectors
from safetymap.audit.models import Action
from safetymap.audit.services import record


class ChildIdForm(forms.Form):
    la_child_id = forms.CharField(
        label="Local authority child ID",
        max_length=20,
        help_text="For example, LRK0000301",
        error_messages={"required": "Enter the child's ID"},
    )


@capability_required(Capability.VIEW_ACCESS_REPORTS)
def child_access_report(request: HttpRequest) -> HttpResponse:
    form = ChildIdForm(request.GET if "la_child_id" in request.GET else None)
    child, events = None, None
    if form.is_valid():
        child, events = selectors.who_accessed(form.cleaned_data["la_child_id"].strip().upper())
        if child is None:
            form.add_error("la_child_id", "No child has this ID. Check it and try again")
        else:
            record(
                actor=request.user,
                action=Action.VIEW,
                subject=child,
                basis="privacy officer: access report",
                details={"report": "who accessed"},
            )
    return render(
        request, "audit/child_access_report.html", {"form": form, "child": child, "events": events}
    )


@capability_required(Capability.VIEW_ACCESS_REPORTS)
def user_activity_report(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    record(
        actor=request.user,
        action=Action.VIEW,
        subject=person,
        basis="privacy officer: activity report",
    )
    return render(
        request,
        "audit/user_activity_report.html",
        {"person": person, "events": selectors.activity_of(person)},
    )
