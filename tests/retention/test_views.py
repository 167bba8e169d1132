"""The privacy officer's pages: review, then someone else destroys; and the scheduler's count."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from safetymap.accounts.roles import Role
from safetymap.people.models import Child
from tests.factories import LegalHoldFactory, UserFactory, due_for_disposal

pytestmark = pytest.mark.django_db


def test_one_officer_approves_and_another_destroys_through_the_pages(client):
    child = due_for_disposal()
    client.force_login(UserFactory(roles=[Role.PRIVACY_OFFICER]))
    listed = client.get("/retention/").content.decode()
    assert child.la_child_id in listed and child.first_name not in listed  # references only
    review = f"/retention/records/{child.pk}/review/"
    assert client.post(review, {"decision": "APPROVED"}).status_code == 302
    destroy = f"/retention/records/{child.pk}/destroy/"
    page = client.post(destroy, {"confirm_reference": child.la_child_id}).content.decode()
    assert "someone else must destroy it" in page and Child.objects.filter(pk=child.pk).exists()

    client.force_login(UserFactory(roles=[Role.PRIVACY_OFFICER]))
    response = client.post(destroy, {"confirm_reference": child.la_child_id}, follow=True)
    assert response.redirect_chain[-1][0] == "/retention/disposals/"
    assert child.la_child_id in response.content.decode()
    assert not Child.objects.filter(pk=child.pk).exists()


def test_a_deferral_without_a_reason_gets_a_govuk_error(client):
    child = due_for_disposal()
    client.force_login(UserFactory(roles=[Role.PRIVACY_OFFICER]))
    page = client.post(f"/retention/records/{child.pk}/review/", {"decision": "DEFERRED"})
    assert page.status_code == 200
    assert "Enter why the record should be kept for now" in page.content.decode()


def test_retention_due_prints_the_counts_for_the_scheduler_and_destroys_nothing():
    due_for_disposal()
    LegalHoldFactory(child=due_for_disposal())
    out = io.StringIO()
    call_command("retention_due", stdout=out)
    assert "Records due for disposal: 1" in out.getvalue()
    assert "on legal hold (kept): 1" in out.getvalue()
    assert Child.objects.count() == 2
