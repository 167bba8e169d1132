"""A family for conference tests: Amy and her brother Ben in one household, each with an open
episode allocated to one social worker; a section 47 enquiry on Amy's episode (so the initial
conference is due, R3); an independent chair; two partner practitioners (school and health);
and a partner who is never invited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from safetymap.accounts.models import Organisation, User
from safetymap.accounts.organisation_types import OrganisationType
from safetymap.accounts.roles import Role
from safetymap.cases.models import Episode
from safetymap.conferences import services
from safetymap.conferences.models import Conference
from safetymap.people.models import Child, Household, HouseholdMember
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    EpisodeFactory,
    OrganisationFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
    TeamFactory,
    UserFactory,
)


@dataclass
class Family:
    amy: Child
    ben: Child
    episode: Episode
    ben_episode: Episode
    worker: User
    manager: User
    chair: User
    school: User
    health: User
    stranger: User
    school_org: Organisation

    def requested(self, **kwargs) -> Conference:
        return services.request_conference(
            by=self.worker,
            episode=self.episode,
            conference_type=kwargs.pop("conference_type", "ICPC"),
            reason="The enquiry found both children at risk (fictional).",
            children=[self.amy, self.ben],
            **kwargs,
        )

    def scheduled(self, **kwargs) -> Conference:
        conference = self.requested()
        return services.schedule(
            by=self.worker,
            conference=conference,
            scheduled_on=kwargs.pop("scheduled_on", timezone.localdate()),
            chair=self.chair,
            venue="Larkford Civic Centre (fictional)",
            **kwargs,
        )

    def invited(self) -> Conference:
        conference = self.scheduled()
        for person in (self.school, self.health):
            services.invite_professional(
                by=self.worker, conference=conference, person=person, report_requested=True
            )
        services.invite_family_member(
            by=self.worker,
            conference=conference,
            name="Fictional Mum",
            relationship="Mother",
            respondent_type="PARENT_CARER",
            email="mum@fictional.example",
        )
        return conference


@pytest.fixture
def family(db) -> Family:
    return make_family()


def make_family() -> Family:
    """The family and the people around them (also used by the browser journey)."""
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    team = TeamFactory(members=[worker])
    team.manager = manager
    team.save()
    amy = ChildFactory(
        first_name="Amy", last_name="Fictional", date_of_birth=datetime.date(2019, 3, 1)
    )
    ben = ChildFactory(
        first_name="Ben", last_name="Fictional", date_of_birth=datetime.date(2021, 6, 1)
    )
    home = Household.objects.create(name="Mum's home (fictional)")
    for child in (amy, ben):
        HouseholdMember.objects.create(household=home, child=child)
    today = timezone.localdate()
    episode = EpisodeFactory(child=amy, referral_date=today - datetime.timedelta(days=20))
    ben_episode = EpisodeFactory(child=ben, referral_date=today - datetime.timedelta(days=20))
    for ep in (episode, ben_episode):
        AllocationFactory(episode=ep, worker=worker, team=team, started_on=ep.referral_date)
    strategy = StrategyDiscussionFactory(
        episode=episode, held_on=today - datetime.timedelta(days=3)
    )
    Section47EnquiryFactory(strategy_discussion=strategy)
    school_org = OrganisationFactory(
        name="Larkford Primary (fictional)", organisation_type=OrganisationType.SCHOOL
    )
    health_org = OrganisationFactory(
        name="Larkford Health Visiting (fictional)",
        organisation_type=OrganisationType.HEALTH_VISITING,
    )
    return Family(
        amy=amy,
        ben=ben,
        episode=episode,
        ben_episode=ben_episode,
        worker=worker,
        manager=manager,
        chair=UserFactory(roles=[Role.CONFERENCE_CHAIR], full_name="Fictional Chair"),
        school=UserFactory(
            roles=[Role.PARTNER_PRACTITIONER],
            organisation=school_org,
            full_name="Fictional Teacher",
        ),
        health=UserFactory(
            roles=[Role.PARTNER_PRACTITIONER],
            organisation=health_org,
            full_name="Fictional Health Visitor",
        ),
        stranger=UserFactory(roles=[Role.PARTNER_PRACTITIONER], organisation=school_org),
        school_org=school_org,
    )
