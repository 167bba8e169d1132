"""Factories for test data. Every person is plainly fictional."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from safetymap.accounts.models import Organisation, Team, User
from safetymap.accounts.organisation_types import OrganisationType
from safetymap.accounts.role_groups import groups_for
from safetymap.accounts.roles import Role
from safetymap.cases import timescales
from safetymap.cases.codes import (
    CategoryOfAbuse,
    ConsentStatus,
    ContactChannel,
    MeetingFormat,
    ReferralSource,
    Section47Decision,
)
from safetymap.cases.models import (
    Allocation,
    Assessment,
    Authorisation,
    ChildInNeedPlan,
    ChildInNeedPlanAction,
    ChildInNeedVisit,
    ChildProtectionPlan,
    Contact,
    CoreGroupMembership,
    Episode,
    ManagementOversight,
    QueueEntry,
    Section47Enquiry,
    StrategyDiscussion,
    TransferIn,
)
from safetymap.mapping.models import ScaleRating, SoSMap
from safetymap.people.models import Child

PASSWORD = "Test-password-for-fictional-people"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Fictional Agency {n}")
    organisation_type = OrganisationType.LA_CHILDRENS_SOCIAL_CARE


class UserFactory(factory.django.DjangoModelFactory):
    """``UserFactory(roles=[Role.SOCIAL_WORKER])``; the password is ``PASSWORD``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@fictional.example")
    full_name = factory.Sequence(lambda n: f"Fictional Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, roles: list[Role] | None, **kwargs) -> None:
        if create and roles:
            self.groups.set(groups_for(roles))
            self._roles_cache = None


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Fictional Team {n}")

    @factory.post_generation
    def members(self, create: bool, members: list[User] | None, **kwargs) -> None:
        if create and members:
            self.members.set(members)


class ChildFactory(factory.django.DjangoModelFactory):
    """A fictional child; ``search_keys`` are stored as the service would store them."""

    class Meta:
        model = Child
        skip_postgeneration_save = True

    la_child_id = factory.Sequence(lambda n: f"TST{n:07d}")
    first_name = factory.Sequence(lambda n: f"Fictional{n}")
    last_name = "Testchild"
    date_of_birth = datetime.date(2018, 5, 17)

    @factory.post_generation
    def with_search_keys(self, create: bool, extracted, **kwargs) -> None:
        if create:
            from safetymap.people.services import store_search_keys

            store_search_keys(self)


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    child = factory.SubFactory(ChildFactory)
    referral_date = datetime.date(2026, 9, 1)
    referral_source = ReferralSource.SCHOOLS


class AllocationFactory(factory.django.DjangoModelFactory):
    """``AllocationFactory(worker=user)`` gives ``user`` an open allocation to a new child."""

    class Meta:
        model = Allocation

    episode = factory.SubFactory(EpisodeFactory)
    worker = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])
    team = factory.SubFactory(TeamFactory)
    started_on = datetime.date(2026, 9, 2)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    received_at = factory.LazyFunction(timezone.now)
    channel = ContactChannel.PHONE
    referrer_name = "Fictional Referrer"
    worried_about = "A fictional worry for testing."
    consent = ConsentStatus.OBTAINED
    recorded_by = factory.SubFactory(UserFactory, roles=[Role.FRONT_DOOR_PRACTITIONER])
    decision_due_at = factory.LazyAttribute(
        lambda c: timescales.contact_decision_due_at(c.received_at)
    )

    @factory.post_generation
    def children(self, create: bool, children: list | None, **kwargs) -> None:
        if create:
            self.children.set(children or [ChildFactory()])


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    episode = factory.SubFactory(EpisodeFactory)
    started_on = factory.LazyAttribute(lambda a: a.episode.referral_date)
    due_on = factory.LazyAttribute(lambda a: timescales.assessment_due(a.episode.referral_date))


class StrategyDiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyDiscussion

    episode = factory.SubFactory(EpisodeFactory)
    held_on = factory.LazyAttribute(lambda s: s.episode.referral_date)
    meeting_format = MeetingFormat.VIRTUAL
    chair = factory.SubFactory(UserFactory, roles=[Role.TEAM_MANAGER])
    police_took_part = True
    health_took_part = True
    participants = "Fictional participants"
    section_47_decision = Section47Decision.JOINT


class Section47EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section47Enquiry

    strategy_discussion = factory.SubFactory(StrategyDiscussionFactory)
    episode = factory.SelfAttribute("strategy_discussion.episode")
    started_on = factory.SelfAttribute("strategy_discussion.held_on")
    initial_conference_due = factory.LazyAttribute(
        lambda e: timescales.initial_conference_due(e.started_on)
    )


class TransferInFactory(factory.django.DjangoModelFactory):
    """A child who moved here on another council's plan, waiting for the transfer-in
    conference (R4)."""

    class Meta:
        model = TransferIn

    episode = factory.SubFactory(EpisodeFactory)
    notified_on = factory.SelfAttribute("episode.referral_date")
    from_authority = "Fictional County Council"
    their_plan_started_on = factory.LazyAttribute(
        lambda t: t.notified_on - datetime.timedelta(days=90)
    )
    their_category = CategoryOfAbuse.NEGLECT
    conference_due = factory.LazyAttribute(
        lambda t: timescales.transfer_in_conference_due(t.notified_on)
    )
    recorded_by = factory.SubFactory(UserFactory)


class ChildInNeedPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildInNeedPlan

    episode = factory.SubFactory(EpisodeFactory)
    started_on = factory.SelfAttribute("episode.referral_date")


class ChildInNeedPlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildInNeedPlanAction

    plan = factory.SubFactory(ChildInNeedPlanFactory)
    what = "Leah and the midwife make a plan for the first weeks after the birth"
    who = "Mo Fictional-Midwife, Larkford Maternity"
    by_when = factory.LazyAttribute(lambda a: a.plan.started_on + datetime.timedelta(days=14))
    created_by = factory.SubFactory(UserFactory)
    changed_by = factory.SelfAttribute("created_by")
    changed_at = factory.LazyFunction(timezone.now)


class ChildInNeedVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildInNeedVisit

    plan = factory.SubFactory(ChildInNeedPlanFactory)
    visited_on = factory.SelfAttribute("plan.started_on")
    visited_by = "Sam Fictional-Worker"
    seen = True
    seen_alone = True
    child_said = "I like my new bed."
    recorded_by = factory.SubFactory(UserFactory)


class ChildProtectionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildProtectionPlan

    episode = factory.SubFactory(EpisodeFactory)
    started_on = factory.LazyAttribute(lambda p: p.episode.referral_date)
    initial_category = CategoryOfAbuse.NEGLECT
    latest_category = CategoryOfAbuse.NEGLECT


class CoreGroupMembershipFactory(factory.django.DjangoModelFactory):
    """A partner practitioner in the core group of an open plan."""

    class Meta:
        model = CoreGroupMembership

    plan = factory.SubFactory(ChildProtectionPlanFactory)
    user = factory.SubFactory(UserFactory, roles=[Role.PARTNER_PRACTITIONER])
    added_by = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])


class SoSMapFactory(factory.django.DjangoModelFactory):
    """A draft map on an episode; ``SoSMapFactory(episode=allocation.episode)`` for one the
    allocated worker can open."""

    class Meta:
        model = SoSMap
        skip_postgeneration_save = True

    episode = factory.SubFactory(EpisodeFactory)
    context = "ASSESSMENT"
    held_on = factory.LazyAttribute(lambda m: m.episode.referral_date)
    facilitator = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])

    @factory.post_generation
    def children(self, create: bool, extracted, **kwargs) -> None:
        """The map is about its episode's child, plus any ``children=[...]`` given."""
        if create:
            self.children.set([self.episode.child, *(extracted or [])])


class ScaleRatingFactory(factory.django.DjangoModelFactory):
    """A professional's overall rating on a draft map; ``escalated=True`` for an R24 alert."""

    class Meta:
        model = ScaleRating

    map = factory.SubFactory(SoSMapFactory)
    rater_group = "PROFESSIONAL"
    rater = "Fictional school"
    value = 5
    reason = "Some days are better than others"
    orientation = "TEN_IS_SAFE"
    anchor_0 = "The children will be hurt again"
    anchor_10 = "Everyone is confident the children are safe"


# --- The child's voice and uploads (issue 5: safetymap/voice/, safetymap/uploads/) -------------


def png_bytes(size: tuple[int, int] = (8, 8), colour: str = "orange") -> bytes:
    """A small fictional picture, made on the spot."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


class ChildVoiceRecordFactory(factory.django.DjangoModelFactory):
    """A Three Houses record by the allocated worker, shared with everyone who works with the
    family; ``ChildVoiceRecordFactory(child=..., practitioner=...)``."""

    class Meta:
        model = "voice.ChildVoiceRecord"

    child = factory.SubFactory(ChildFactory)
    tool = "THREE_HOUSES"
    held_on = datetime.date(2026, 10, 1)
    practitioner = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])
    parental_consent = "YES"
    share_scope = "ALL_PROFESSIONALS"
    verbatim = True
    worries = "When Dad shouts at night\nWhen there is no food"
    good_things = "Playing football with Nan\nMy teacher Miss Okafor"
    dreams = "A dog called Biscuit"


class WordsAndPicturesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "voice.WordsAndPictures"

    child = factory.SubFactory(ChildFactory)
    wp_type = "EXPLANATION"
    title = "Why the social worker visits"
    whos_worried = "Your teacher and your social worker are worried."
    what_worried_about = "They are worried that you are hungry at school."
    what_we_are_doing = "Mum and Nan are making a plan so there is always food."
    drafted_by = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])
    drafted_on = datetime.date(2026, 10, 2)
    share_scope = "PARENTS"


# --- Safety networks and safety plans (safetymap/safety) ---------------------------------------

from safetymap.mapping.models import DangerStatement, SafetyGoal  # noqa: E402
from safetymap.people.models import Person, Relationship  # noqa: E402
from safetymap.safety.models import (  # noqa: E402
    NetworkMember,
    PlanRule,
    SafetyNetwork,
    SafetyPlan,
)


class DangerStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DangerStatement

    map = factory.SubFactory(SoSMapFactory)
    seq_no = factory.Sequence(lambda n: n + 1)
    who_is_worried = "Children's social care and the school"
    what_happened = "A fictional worry: Dad shouted and threw a cup"
    worry_if_nothing_changes = "the fictional child could be hurt"
    family_position = "AGREES"


class SafetyGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyGoal

    danger_statement = factory.SubFactory(DangerStatementFactory)
    map = factory.SelfAttribute("danger_statement.map")
    what_will_be_happening = "Mum and Dad stay calm when they disagree"
    for_how_long = "6 months"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Helper{n}")
    last_name = "Fictional-Network"


class SafetyNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyNetwork

    episode = factory.SubFactory(EpisodeFactory)
    created_by = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])


class NetworkMemberFactory(factory.django.DjangoModelFactory):
    """A member of the network, in the child's family and network; ``informed=True`` for one
    recorded as told about the danger statements."""

    class Meta:
        model = NetworkMember
        skip_postgeneration_save = True

    class Params:
        informed = factory.Trait(
            informed_on=datetime.date(2026, 9, 10), informed_via="DANGER_STATEMENTS"
        )

    network = factory.SubFactory(SafetyNetworkFactory)
    person = factory.SubFactory(PersonFactory)
    relationship_to_family = "Family friend"
    status = "ACTIVE"

    @factory.post_generation
    def in_family(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted is not False:
            Relationship.objects.get_or_create(
                child=self.network.episode.child,
                person=self.person,
                defaults={"relationship_type": "FRIEND"},
            )


class SafetyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyPlan
        skip_postgeneration_save = True

    episode = factory.SubFactory(EpisodeFactory)
    plan_type = "FULL"
    created_by = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])

    @factory.post_generation
    def children(self, create: bool, children, **kwargs) -> None:
        if create:
            self.children.set(children or [self.episode.child])


class PlanRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRule
        skip_postgeneration_save = True

    plan = factory.SubFactory(SafetyPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "When Dad is cross he goes to his brother's flat until he is calm"
    responsible_others = "Dad"
    monitored_by_others = "The social worker"
    if_broken = "Mum takes the children to Auntie's and calls the social worker"


# --- Conference feedback (issue 6: safetymap/feedback) -----------------------------------------

from safetymap.feedback import links as feedback_links  # noqa: E402
from safetymap.feedback.models import (  # noqa: E402
    Answer,
    FeedbackRound,
    Invitation,
    Response,
)


class FeedbackRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackRound

    meeting_kind = "INITIAL"
    meeting_date = datetime.date(2026, 9, 20)
    episode = factory.SubFactory(EpisodeFactory)
    invited_by = factory.SubFactory(UserFactory, roles=[Role.CONFERENCE_CHAIR])


class FeedbackInvitationFactory(factory.django.DjangoModelFactory):
    """A feedback invitation with a live link; its token is on ``invitation.token`` (tests
    only: the service never keeps it). ``expired=True`` for one that has run out."""

    class Meta:
        model = Invitation
        skip_postgeneration_save = True

    class Params:
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
        )

    round = factory.SubFactory(FeedbackRoundFactory)
    respondent_type = "PARENT_CARER"
    name = factory.Sequence(lambda n: f"Fictional Parent {n}")
    email = factory.Sequence(lambda n: f"parent{n}@family.example")
    expires_at = factory.LazyFunction(feedback_links.expires_at)

    @factory.post_generation
    def token(self, create: bool, extracted: str | None, **kwargs) -> None:
        self.token = extracted or feedback_links.new_token()
        self.token_hash = feedback_links.hash_of(self.token)
        if create:
            self.save(update_fields=["token_hash"])


class ResponseFactory(factory.django.DjangoModelFactory):
    """A completed form; ``answers={"p_respect": 5}`` adds answers."""

    class Meta:
        model = Response
        skip_postgeneration_save = True

    round = factory.SubFactory(FeedbackRoundFactory)
    respondent_type = "PARENT_CARER"
    anonymous = True
    submitted_on = factory.LazyAttribute(lambda o: o.round.meeting_date)

    @factory.post_generation
    def answers(self, create: bool, answers: dict | None, **kwargs) -> None:
        if create and answers:
            Answer.objects.bulk_create(
                Answer(
                    response=self,
                    question=key,
                    value=value if isinstance(value, int) else None,
                    text=value if isinstance(value, str) else "",
                )
                for key, value in answers.items()
            )


# --- Child protection conferences (issue 6: safetymap/conferences/) ----------------------------


class ConferenceFactory(factory.django.DjangoModelFactory):
    """A requested initial conference about its episode's child (plus ``children=[...]``).
    ``ConferenceFactory(episode=allocation.episode)`` for one the allocated worker runs."""

    class Meta:
        model = "conferences.Conference"
        skip_postgeneration_save = True

    episode = factory.SubFactory(EpisodeFactory)
    conference_type = "ICPC"
    stage = "REQUESTED"
    requested_by = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])
    request_reason = "The section 47 enquiry found the children at risk (fictional)."

    @factory.post_generation
    def children(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.children.set([self.episode.child, *(extracted or [])])


class InvitationFactory(factory.django.DjangoModelFactory):
    """A partner practitioner invited, with a report asked of their agency."""

    class Meta:
        model = "conferences.Invitation"

    conference = factory.SubFactory(ConferenceFactory, stage="INVITATIONS_SENT")
    kind = "PROFESSIONAL"
    user = factory.SubFactory(
        UserFactory,
        roles=[Role.PARTNER_PRACTITIONER],
        organisation=factory.SubFactory(
            OrganisationFactory, organisation_type=OrganisationType.SCHOOL
        ),
    )
    organisation = factory.SelfAttribute("user.organisation")
    name = factory.SelfAttribute("user.full_name")
    email = factory.SelfAttribute("user.email")
    respondent_type = "PROFESSIONAL"
    report_requested = True
    invited_by = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])


class FamilyInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "conferences.Invitation"

    conference = factory.SubFactory(ConferenceFactory, stage="INVITATIONS_SENT")
    kind = "FAMILY"
    name = "Fictional Parent"
    relationship = "Mother"
    email = "parent@fictional.example"
    respondent_type = "PARENT_CARER"
    invited_by = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])


class AgencyReportFactory(factory.django.DjangoModelFactory):
    """A submitted agency report for its invitation's conference."""

    class Meta:
        model = "conferences.AgencyReport"

    invitation = factory.SubFactory(InvitationFactory)
    conference = factory.SelfAttribute("invitation.conference")
    organisation = factory.SelfAttribute("invitation.organisation")
    author = factory.SelfAttribute("invitation.user")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    status = "SUBMITTED"
    submitted_at = factory.LazyFunction(timezone.now)
    involvement = "School since reception (fictional)."
    past_harm = "A came to school with a bruise (fictional)."
    future_danger = "A could be hurt again (fictional)."
    working_well = "Mum brings A every day (fictional)."
    needs_to_happen = "No more bruises (fictional)."
    shared_with_family_on = factory.LazyFunction(timezone.localdate)


# --- Retention (safetymap/retention/) -----------------------------------------------------------


def starting_retention_schedules() -> None:
    """The starting schedules, as migration retention 0002 seeds them (a browser test's flush
    between tests empties every table, migration data included)."""
    import importlib

    from django.apps import apps

    importlib.import_module("safetymap.retention.migrations.0002_starting_schedules").seed(
        apps, None
    )


def due_for_disposal(born: datetime.date = datetime.date(1990, 3, 4), **child_fields) -> Child:
    """A fictional child's record past the starting schedule: an episode that closed long ago,
    no plan, and a 25th birthday in the past (due on the 25th birthday)."""
    starting_retention_schedules()
    child = ChildFactory(date_of_birth=born, **child_fields)
    EpisodeFactory(
        child=child,
        referral_date=born + datetime.timedelta(days=3000),
        closure_date=born + datetime.timedelta(days=3100),
        closure_reason="RC8",
    )
    return child


class LegalHoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "retention.LegalHold"

    child = factory.SubFactory(ChildFactory)
    reason = "LITIGATION"
    note = "Fictional claim reference FC-1"
    placed_by = factory.SubFactory(UserFactory, roles=[Role.PRIVACY_OFFICER])
    placed_at = factory.LazyFunction(timezone.now)


def approved_for_disposal(child: Child | None = None, by: User | None = None) -> Child:
    """A record due for disposal and approved for destruction by a (fictional) privacy officer."""
    from safetymap.retention.models import DisposalReview
    from safetymap.retention.selectors import assess_one

    child = child or due_for_disposal()
    candidate = assess_one(child.pk, timezone.localdate())
    assert candidate is not None, "the record is not due"
    DisposalReview.objects.create(
        child=child,
        record_type=candidate.due.record_type,
        due_on=candidate.due.due_on,
        decision="APPROVED",
        decided_by=by or UserFactory(roles=[Role.PRIVACY_OFFICER]),
        decided_at=timezone.now(),
    )
    return child


def manager_of(team: Team) -> User:
    """A team manager made the manager of ``team`` (so they see its children and its queue)."""
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    team.manager = manager
    team.save(update_fields=["manager"])
    return manager


def authorise_as_manager(asked: Authorisation) -> Authorisation:
    """A manager of the worker's team (made one if it has none) authorises the request."""
    from safetymap.cases import oversight

    allocation = asked.episode.allocations.filter(ended_on__isnull=True).first()
    team = allocation.team if allocation and allocation.team else TeamFactory()
    if allocation and not allocation.team:
        allocation.team = team
        allocation.save(update_fields=["team"])
    manager = team.manager or manager_of(team)
    return oversight.authorise(by=manager, authorisation=asked)


def close_with_authorisation(worker: User, episode, **fields):
    """The worker asks to close the episode and the team's manager authorises it."""
    from safetymap.cases import services

    authorise_as_manager(services.ask_to_close(by=worker, episode=episode, **fields))
    episode.refresh_from_db()
    return episode


class QueueEntryFactory(factory.django.DjangoModelFactory):
    """A transfer offered from one team to another (``kind=QueueEntry.Kind.NEW_REFERRAL`` for
    a new referral)."""

    class Meta:
        model = QueueEntry

    episode = factory.SubFactory(EpisodeFactory)
    team = factory.SubFactory(TeamFactory)
    kind = QueueEntry.Kind.TRANSFER
    from_team = factory.SubFactory(TeamFactory)
    reason = "The family needs the child protection team"
    queued_at = factory.LazyFunction(timezone.now)
    queued_by = factory.SubFactory(UserFactory, roles=[Role.TEAM_MANAGER])


class AuthorisationFactory(factory.django.DjangoModelFactory):
    """A closure waiting for a manager."""

    class Meta:
        model = Authorisation

    episode = factory.SubFactory(EpisodeFactory)
    kind = Authorisation.Kind.CLOSURE
    proposal = factory.LazyFunction(
        lambda: {
            "closure_date": "2026-11-20",
            "reason": "RC7",
            "summary": "Safer now",
            "explained_to_child": "Told at home",
            "network_continuation": "",
        }
    )
    requested_by = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])
    requested_at = factory.LazyFunction(timezone.now)


class ManagementOversightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagementOversight

    episode = factory.SubFactory(EpisodeFactory)
    recorded_by = factory.SubFactory(UserFactory, roles=[Role.TEAM_MANAGER])
    recorded_on = datetime.date(2026, 11, 2)
    summary = "Reviewed the case"
    direction = "Visit the family this week"
    direction_due = datetime.date(2026, 11, 9)
    direction_for = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])
