"""Changes to one safety plan are made one after another (core.revisions.hold): two people
revising an agreed plan at the same moment start one revised version, and the second is told."""

from __future__ import annotations

import pytest
from django.conf import settings

from safetymap.safety.codes import PlanStatus
from safetymap.safety.models import SafetyPlan
from tests.at_once import at_once
from tests.conftest import ClientPastTheSecondStep
from tests.factories import AllocationFactory, SafetyPlanFactory

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.mark.django_db(transaction=ON_POSTGRESQL)
def test_an_agreed_plan_revised_twice_at_once_has_one_revised_version():
    plan = SafetyPlanFactory(status=PlanStatus.AGREED, version=1)
    people = []
    for _ in range(2):
        client = ClientPastTheSecondStep()
        client.force_login(AllocationFactory(episode=plan.episode).worker)
        people.append(client)
    path = f"/safety-plans/{plan.pk}/revise/"
    answers = at_once([lambda c=c: c.post(path) for c in people])
    assert [a.status_code for a in answers] == [302, 302]
    assert SafetyPlan.objects.filter(supersedes=plan).count() == 1
