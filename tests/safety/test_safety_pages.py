"""The safety network and plan pages: forms with GOV.UK errors and nothing half-saved, refusals
in plain words, reads audited, and queries that do not grow with the network or the plan."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from safetymap.audit.models import AuditEvent
from safetymap.safety import services
from safetymap.safety.models import NetworkMember, PlanCheck, SafetyPlan
from tests.forms import date_fields
from tests.queries import assert_queries_do_not_grow
from tests.safety.helpers import (
    DAY,
    a_new_member,
    a_plan_ready_to_agree,
    an_active_plan,
    an_episode_with_a_map,
)

pytestmark = pytest.mark.django_db


def test_the_network_page_is_audited_and_does_not_grow(client: Client):
    worker, episode, _ = an_episode_with_a_map()
    client.force_login(worker)
    counter = iter(range(100))

    def grow() -> None:
        n = next(counter)
        member = a_new_member(worker, episode, f"Helper{n} Fictional")
        services.record_network_meeting(
            by=worker, episode=episode, held_on=DAY, attendance={member.pk: "PRESENT"}
        )

    grow()
    url = f"/episodes/{episode.pk}/safety-network/"
    assert_queries_do_not_grow(lambda: client.get(url), grow)
    assert AuditEvent.objects.filter(
        action="VIEW", child_id=episode.child_id, details__page="safety network"
    ).exists()


def test_adding_someone_new_to_the_network_through_the_form(client: Client):
    worker, episode, statement = an_episode_with_a_map()
    client.force_login(worker)
    url = f"/episodes/{episode.pk}/safety-network/add/"
    response = client.post(url, {"first_name": "Noor", "status": "ACTIVE"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Enter their first and last name" in html
    assert not NetworkMember.objects.exists()
    response = client.post(
        url,
        {
            "first_name": "Noor",
            "last_name": "Fictional-Aunt",
            "relationship_type": "AUNT_UNCLE",
            "relationship_to_family": "Samira's sister",
            "informed_via": "DANGER_STATEMENTS",
            "statements_seen": [statement.pk],
            "status": "ACTIVE",
            **date_fields("informed_on", DAY),
        },
    )
    assert response.status_code == 302
    member = NetworkMember.objects.get()
    assert member.is_informed and list(member.statements_seen.all()) == [statement]


def test_the_plan_page_does_not_grow_with_rules_flags_checks_and_steps(client: Client):
    worker, episode, statement = an_episode_with_a_map()
    plan, member, rule = an_active_plan(worker, episode, statement)
    client.force_login(worker)
    day = iter(range(1, 28))

    def grow() -> None:
        on = datetime.date(2026, 10, next(day))
        services.record_check(
            by=worker, plan=plan, checked_on=on, checked_by="Noor", results=[(rule, "PARTLY", "")]
        )
        services.add_step(by=worker, plan=plan, title="Step", target_date=on, criteria="Calm")
        services.record_network_meeting(by=worker, episode=episode, held_on=on)

    grow()
    for url in (f"/safety-plans/{plan.pk}/", f"/safety-plans/{plan.pk}/over-time/"):
        assert_queries_do_not_grow(lambda url=url: client.get(url), grow)
    html = client.get(f"/safety-plans/{plan.pk}/over-time/").content.decode()
    assert "Rules kept at each check" in html and "Partly kept" in html and 'role="img"' in html


def test_a_refused_move_shows_every_reason_and_changes_nothing(client: Client):
    worker, episode, statement = an_episode_with_a_map()
    plan, _, _ = a_plan_ready_to_agree(worker, episode, statement, informed=False)
    client.force_login(worker)
    response = client.post(
        f"/safety-plans/{plan.pk}/move/", {"to": "NETWORK_INFORMED"}, follow=True
    )
    assert "has not been recorded as informed" in response.content.decode()
    assert SafetyPlan.objects.get(pk=plan.pk).status == "DRAFT"


def test_recording_a_partly_kept_rule_puts_reconvene_on_the_plan_and_on_my_work(client: Client):
    worker, episode, statement = an_episode_with_a_map()
    plan, _, rule = an_active_plan(worker, episode, statement)
    client.force_login(worker)
    today = timezone.localdate()
    response = client.post(
        f"/safety-plans/{plan.pk}/checks/new/",
        {
            **date_fields("checked_on", today),
            "checked_by": "Noor",
            f"rule_{rule.pk}": "PARTLY",
            f"evidence_{rule.pk}": "Went out, came back still cross",
        },
    )
    assert response.status_code == 302
    assert PlanCheck.objects.count() == 1
    plan_html = client.get(f"/safety-plans/{plan.pk}/").content.decode()
    assert "Reconvene the safety network" in plan_html and "has not failed" in plan_html
    work = client.get("/").content.decode()
    assert "Reconvene the safety network" in work


def test_a_check_form_with_a_rule_left_out_shows_an_error_and_saves_nothing(client: Client):
    worker, episode, statement = an_episode_with_a_map()
    plan, _, rule = an_active_plan(worker, episode, statement)
    client.force_login(worker)
    response = client.post(
        f"/safety-plans/{plan.pk}/checks/new/",
        {**date_fields("checked_on", DAY), "checked_by": "Noor"},
    )
    assert "Say whether rule 1 was kept" in response.content.decode()
    assert not PlanCheck.objects.exists()


def test_the_closure_page_shows_the_safety_networks_status(client: Client):
    worker, episode, statement = an_episode_with_a_map()
    an_active_plan(worker, episode, statement)
    client.force_login(worker)
    html = client.get(f"/episodes/{episode.pk}/close/").content.decode()
    assert "Active in the safety network: Noor Fictional-Aunt" in html
    assert "is Active" in html


def test_a_plan_of_a_child_the_person_cannot_see_is_not_found(client: Client, signed_in):
    worker, episode, statement = an_episode_with_a_map()
    plan, _, _ = a_plan_ready_to_agree(worker, episode, statement)
    from safetymap.accounts.roles import Role

    other = signed_in(Role.SOCIAL_WORKER)
    assert other.get(f"/safety-plans/{plan.pk}/").status_code == 404
    assert other.get(f"/episodes/{episode.pk}/safety-network/").status_code == 404


def test_reading_a_plan_and_a_diagram_is_audited(client: Client):
    worker, episode, statement = an_episode_with_a_map()
    plan, _, _ = an_active_plan(worker, episode, statement)
    client.force_login(worker)
    client.get(f"/safety-plans/{plan.pk}/")
    client.get(f"/children/{episode.child_id}/genogram/")
    pages = set(
        AuditEvent.objects.filter(action="VIEW", child_id=episode.child_id).values_list(
            "details__page", flat=True
        )
    )
    assert {"safety plan", "genogram"} <= pages


def test_my_work_does_not_grow_with_reconvene_tasks(client: Client):
    worker, episode, statement = an_episode_with_a_map()
    plan, _, rule = an_active_plan(worker, episode, statement)
    client.force_login(worker)
    day = iter(range(1, 28))

    def breach() -> None:
        services.record_check(
            by=worker,
            plan=plan,
            checked_on=datetime.date(2026, 10, next(day)),
            checked_by="Noor",
            results=[(rule, "BROKEN", "")],
        )

    breach()
    assert_queries_do_not_grow(lambda: client.get("/"), breach)
    assert client.get("/").content.decode().count("Reconvene the safety network") == 2
