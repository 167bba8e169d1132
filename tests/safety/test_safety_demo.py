"""The demo's safety plan keeps the rules it shows off (R29–R32), and its pages render."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from safetymap.accounts.models import User
from safetymap.safety.models import PlanCheck, ReconveneTask, SafetyPlan
from safetymap.safety.services import facts_about

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_active_plan_that_keeps_r29_to_r32():
    call_command("load_demo", "--quiet-sign-ins")
    call_command("load_demo", "--quiet-sign-ins")  # safe to run twice
    plan = SafetyPlan.objects.get()
    assert plan.status == "ACTIVE" and plan.children.count() == 2
    facts = facts_about(plan)
    assert facts.rules == 3 and not facts.uninformed_members  # R29
    assert not facts.rules_without_danger_statement and not facts.rules_without_monitor  # R30
    assert not facts.unaddressed_bottom_lines and plan.bottom_lines.count() == 2  # R31
    assert plan.red_flags.count() == 2 and plan.agreements.count() == 5
    assert plan.steps.filter(status="DONE").count() == 3
    assert PlanCheck.objects.filter(plan=plan).count() >= 3
    task = ReconveneTask.objects.get()  # R32: the partly kept rule, and the meeting after it
    assert task.raised_by_check.results.filter(outcome="PARTLY").exists() and task.is_done


def test_the_demo_pages_render_for_the_social_worker(client: Client):
    call_command("load_demo", "--quiet-sign-ins")
    client.force_login(User.objects.get(email="social.worker@larkford.example"))
    plan = SafetyPlan.objects.get()
    child = plan.episode.child
    for url in (
        f"/safety-plans/{plan.pk}/",
        f"/safety-plans/{plan.pk}/over-time/",
        f"/episodes/{plan.episode_id}/safety-network/",
        f"/children/{child.pk}/",
        f"/children/{child.pk}/genogram/",
        f"/children/{child.pk}/ecomap/",
    ):
        assert client.get(url).status_code == 200, url
    html = client.get(f"/safety-plans/{plan.pk}/over-time/").content.decode()
    assert "Partly kept" in html and "Kept" in html
