"""The system administrator's background work page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safetymap.access.decorators import capability_required
from safetymap.access.policy import Capability
from safetymap.worker import selectors


@capability_required(Capability.MANAGE_REFERENCE_DATA)
def background_work(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "worker/background_work.html",
        {
            "stuck": selectors.stuck_tasks(),
            "failed": selectors.failed_tasks(),
            "unsure": selectors.unsure_emails(),
        },
    )
