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
from safetymap.core.govuk_forms import date_field


class ReportFilterForm(forms.Form):
    """Narrow a report: the dates (UK time) and whether views or changes."""

    start = date_field("From", required=False)
    end = date_field("To", required=False)
    what = forms.ChoiceField(
        label="Show",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("", "Everything"),
            ("views", "Only when a record was viewed"),
            ("changes", "Only when a record was created, changed or destroyed"),
        ],
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "To must be the same as or after From")
        return data


class ChildIdForm(ReportFilterForm):
    la_child_id = forms.CharField(
        label="Local authority child ID",
        max_length=20,
        help_text="For example, LRK0000301",
        error_messages={"required": "Enter the child's ID"},
    )
    field_order = ["la_child_id", "start", "end", "what"]


def _narrowing(form: forms.Form) -> dict:
    return {
        "start": form.cleaned_data.get("start"),
        "end": form.cleaned_data.get("end"),
        "what": form.cleaned_data.get("what") or "",
    }


@capability_required(Capability.VIEW_ACCESS_REPORTS)
def child_access_report(request: HttpRequest) -> HttpResponse:
    form = ChildIdForm(request.GET if "la_child_id" in request.GET else None)
    child, events = None, None
    if form.is_valid():
        child, events = selectors.who_accessed(
            form.cleaned_data["la_child_id"].strip().upper(),
            request.GET.get("cursor"),
            **_narrowing(form),
        )
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
    form = ReportFilterForm(request.GET if "filter" in request.GET else None)
    narrowing = _narrowing(form) if form.is_valid() else {}
    events = selectors.activity_of(person, request.GET.get("cursor"), **narrowing)
    return render(
        request,
        "audit/user_activity_report.html",
        {"person": person, "events": events, "form": form},
    )
