from __future__ import annotations

import pytest
from django.core.management import call_command

from safetymap.accounts.models import Organisation, User
from safetymap.accounts.organisation_types import OrganisationType
from safetymap.accounts.roles import Role
from safetymap.demo.data import USERS

pytestmark = pytest.mark.django_db


def test_demo_has_one_person_per_role_all_plainly_fictional(settings):
    settings.SAFETYMAP_DEMO_PASSWORD = "Fictional-demo-password"
    call_command("load_demo", "--quiet-sign-ins")
    held = set()
    for person in User.objects.all():
        assert person.email.endswith(".example")
        assert person.check_password("Fictional-demo-password")
        held |= person.roles
    assert held == set(Role)


def test_a_demo_account_signs_in_with_its_password_and_a_demo_backup_code(settings):
    """No set-up link is needed: the demo's accounts have their backup codes already."""
    from django.test import Client

    from safetymap.demo.data import DEMO_BACKUP_CODES

    settings.SAFETYMAP_DEMO_PASSWORD = "Fictional-demo-password"
    call_command("load_demo", "--quiet-sign-ins")
    browser = Client()
    email = "social.worker@larkford.example"
    browser.post("/sign-in/", {"email": email, "password": "Fictional-demo-password"})
    sent = browser.post("/sign-in/second-step/", {"code": DEMO_BACKUP_CODES[0]})
    assert sent["Location"] == "/" and browser.get("/").status_code == 200


def test_demo_has_the_partner_agencies():
    call_command("load_demo", "--quiet-sign-ins")
    types = set(Organisation.objects.values_list("organisation_type", flat=True))
    assert types >= {
        OrganisationType.LA_CHILDRENS_SOCIAL_CARE,
        OrganisationType.SCHOOL,
        OrganisationType.HEALTH_VISITING,
        OrganisationType.GP,
        OrganisationType.POLICE,
        OrganisationType.PROBATION,
        OrganisationType.CAFCASS,
        OrganisationType.VOLUNTARY_SECTOR,
    }
    assert Organisation.objects.filter(organisation_type=OrganisationType.SCHOOL).count() == 2


def test_loading_twice_changes_nothing(capsys):
    call_command("load_demo", "--quiet-sign-ins")
    call_command("load_demo", "--if-empty")
    assert User.objects.count() == len(USERS)
    out = capsys.readouterr().out
    assert "the demo was not loaded again" in out and "system.admin@larkford.example" in out


def test_demo_is_never_loaded_in_production(settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(SystemExit):
        call_command("load_demo")
    assert not User.objects.exists()


def test_demo_has_a_child_in_need_plan_with_its_review_coming_on_my_work():
    from django.utils import timezone

    from safetymap.cases.work import work_due
    from safetymap.demo import families

    call_command("load_demo", "--quiet-sign-ins")
    worker = User.objects.get(email=families.SOCIAL_WORKER)
    reviews = [i for i in work_due(worker) if i.label == "Review the child in need plan"]
    assert len(reviews) == 1 and reviews[0].due > timezone.localdate()


def test_demo_child_in_need_plan_has_what_needs_to_happen_one_overdue_and_a_visit(client):
    from django.urls import reverse

    from safetymap.cases.models import ChildInNeedPlan
    from safetymap.cases.work import work_due
    from safetymap.demo import families

    call_command("load_demo", "--quiet-sign-ins")
    plan = ChildInNeedPlan.objects.get(episode__child__la_child_id=families.ON_A_CHILD_IN_NEED_PLAN)
    assert plan.actions.count() == 3 and plan.visits.count() == 1
    worker = User.objects.get(email=families.SOCIAL_WORKER)
    client.force_login(worker)
    body = client.get(reverse("cases:episode", kwargs={"pk": plan.episode_id})).content.decode()
    assert "Overdue: it was due by" in body and "Done " in body
    assert "Visited Leah at her flat" in body
    labels = [i.label for i in work_due(worker)]
    assert "Visit the child (child in need plan)" in labels
    assert sum(label.startswith("Check it has happened") for label in labels) == 2
