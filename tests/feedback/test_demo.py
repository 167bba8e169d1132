"""The demo has a season of conference feedback."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from safetymap.feedback import selectors
from safetymap.feedback.models import FeedbackRound, Invitation, Response
from safetymap.feedback.questions import RespondentType

pytestmark = pytest.mark.django_db


def test_the_demo_has_feedback_over_several_quarters_from_everyone():
    call_command("load_demo", "--quiet-sign-ins")
    assert FeedbackRound.objects.count() >= 3
    assert set(Response.objects.values_list("respondent_type", flat=True)) == set(RespondentType)
    assert Response.objects.filter(anonymous=True, invitation__isnull=True).exists()
    assert Response.objects.filter(anonymous=False, invitation__isnull=False).exists()
    quarters = {bar.label for bar in selectors.results()[0].questions[0].bars[1:]}
    assert len(quarters) >= 3
    assert {invitation.state for invitation in Invitation.objects.all()} == {
        "COMPLETED",
        "EXPIRED",
        "INVITED",
    }
    assert all(i.email.endswith(".example") for i in Invitation.objects.exclude(email=""))
    assert selectors.free_text()
    # Safe to run twice.
    call_command("load_demo", "--quiet-sign-ins")
    assert FeedbackRound.objects.count() == 3
