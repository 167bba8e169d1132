"""The demo's conferences for Zara and Musa: a held initial conference with two agency reports,
its record and documents, and an upcoming review waiting for reports."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from safetymap.access.policy import conference_basis_for
from safetymap.accounts.models import User
from safetymap.conferences import documents, presentation, services
from safetymap.conferences.models import Conference

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_held_initial_conference_and_an_upcoming_review():
    call_command("load_demo", verbosity=0)
    initial = Conference.objects.get(conference_type="ICPC")
    assert initial.stage == "DISTRIBUTED"
    assert initial.reports.filter(status="SUBMITTED").count() == 2
    assert initial.decisions.count() == 2 and initial.views.count() == 2
    assert services.approval_problems(initial) == []
    document = presentation.record_sections(initial)
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(documents.render_pdf(document))).pages
    )
    assert "Samira (Mum)" in text and "A child protection plan" in text
    assert (
        document.danger_statements and " ".join(document.danger_statements[0].split())[:40] in text
    )
    review = Conference.objects.get(conference_type="RCPC")
    assert review.stage == "REPORTS_DUE" and not review.reports.exists()
    school = User.objects.get(email="school.dsl@larkford.example")
    assert conference_basis_for(school, review) is not None  # invited: may write the report
    # Distributed: the police's invitation has ended; the school is in the core group, so its
    # sight of the conference papers continues.
    police = User.objects.get(email="police.officer@larkford.example")
    assert conference_basis_for(police, initial) is None
    assert conference_basis_for(school, initial).startswith("core group member")
    # Its feedback: the initial conference's round is tied to it, with answers.
    feedback_round = initial.feedback_rounds.get()
    assert feedback_round.responses.count() >= 5
    # R39: the school's report has a restricted section, which no document carries.
    restricted = initial.reports.exclude(restricted_information="").get()
    assert restricted.organisation.name == "Meadowbank Primary School"
    assert "Friday nights" not in text
