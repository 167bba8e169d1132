"""Organisations and user accounts: managed by system administrators only, every change audited."""

from __future__ import annotations

import pytest

from safetymap.accounts.models import Organisation, User
from safetymap.accounts.organisation_types import OrganisationType
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from tests.factories import OrganisationFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

REFERENCE_PAGES = [
    "/organisations/",
    "/organisations/add/",
    "/teams/",
    "/teams/add/",
    "/users/",
    "/users/add/",
]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSTEM_ADMINISTRATOR])
def test_only_system_administrators_manage_reference_data(signed_in, role):
    client = signed_in(role)
    for path in REFERENCE_PAGES:
        response = client.get(path)
        assert response.status_code == 403, path
        assert b"Only system administrators can change organisations" in response.content
    assert client.post("/organisations/add/", {"name": "Sneaky"}).status_code == 403
    assert not Organisation.objects.filter(name="Sneaky").exists()


def test_system_administrator_sees_reference_data_in_the_navigation(signed_in):
    html = signed_in(Role.SYSTEM_ADMINISTRATOR).get("/").content.decode()
    assert 'href="/organisations/"' in html and 'href="/users/"' in html


def test_social_worker_navigation_has_no_reference_data(signed_in):
    html = signed_in(Role.SOCIAL_WORKER).get("/").content.decode()
    assert 'href="/organisations/"' not in html


def test_add_an_organisation(signed_in):
    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    response = client.post(
        "/organisations/add/",
        {
            "name": "Fictional Primary",
            "organisation_type": OrganisationType.SCHOOL,
            "urn": "999123",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    school = Organisation.objects.get(name="Fictional Primary")
    assert school.urn == "999123"
    event = AuditEvent.objects.get(action=Action.CREATE, subject_type="accounts.Organisation")
    assert event.subject_id == str(school.pk) and event.details["urn"] == {
        "before": "",
        "after": "999123",
    }


def test_organisation_form_errors_are_summarised_and_nothing_is_saved(signed_in):
    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    html = client.post("/organisations/add/", {"name": "", "urn": "12"}).content.decode()
    assert "There is a problem" in html
    assert "Enter the organisation&#39;s name" in html
    assert "Select the type of organisation" in html
    assert "A URN is 6 numbers" in html
    assert 'href="#id_organisation_type"' in html
    assert not AuditEvent.objects.filter(action=Action.CREATE).exists()


def test_add_a_user_with_roles(signed_in):
    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    agency = OrganisationFactory(name="Fictional Police")
    response = client.post(
        "/users/add/",
        {
            "full_name": "Pat Fictional",
            "email": "Pat@Fictional.example",
            "organisation": agency.pk,
            "roles": [Role.PARTNER_PRACTITIONER],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="pat@fictional.example")
    assert person.roles == {Role.PARTNER_PRACTITIONER}
    assert not person.has_usable_password()
    event = AuditEvent.objects.get(action=Action.CREATE, subject_type="accounts.User")
    assert event.details["roles"] == {"before": "", "after": Role.PARTNER_PRACTITIONER.value}
    assert event.details["email"]["after"] == "pat@fictional.example"


def test_changing_roles_keeps_before_and_after_in_the_audit_trail(signed_in):
    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    person = UserFactory(roles=[Role.SOCIAL_WORKER])
    client.post(
        f"/users/{person.pk}/",
        {
            "revision": person.revision,
            "full_name": person.full_name,
            "email": person.email,
            "is_active": "on",
            "organisation": person.organisation.pk,
            "roles": [Role.SOCIAL_WORKER, Role.CONFERENCE_CHAIR],
        },
    )
    event = AuditEvent.objects.get(action=Action.UPDATE, subject_id=str(person.pk))
    assert event.details == {
        "roles": {"before": "social_worker", "after": "conference_chair, social_worker"}
    }


def test_a_closed_organisations_staff_can_still_be_edited(signed_in):
    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    closed = OrganisationFactory(is_active=False)
    person = UserFactory(organisation=closed, roles=[Role.PARTNER_PRACTITIONER])
    html = client.get(f"/users/{person.pk}/").content.decode()
    assert f'value="{closed.pk}" selected' in html.replace("\n", " ").replace("  ", " ")


def test_an_edit_address_never_creates_a_record(signed_in):
    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    response = client.post(
        "/organisations/0/", {"name": "Ghost", "organisation_type": OrganisationType.OTHER}
    )
    assert response.status_code == 404
    assert not Organisation.objects.filter(name="Ghost").exists()


def test_email_addresses_are_unique_whatever_their_case(signed_in):
    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    UserFactory(email="taken@fictional.example")
    html = client.post(
        "/users/add/",
        {
            "full_name": "Someone",
            "email": "TAKEN@fictional.example",
            "organisation": OrganisationFactory().pk,
            "roles": [Role.TRAINER],
        },
    ).content.decode()
    assert "Someone already has an account with this email address" in html


def test_user_list_queries_do_not_grow_with_the_number_of_users(signed_in):
    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    UserFactory.create_batch(3, roles=[Role.SOCIAL_WORKER])
    assert_queries_do_not_grow(
        lambda: client.get("/users/"),
        lambda: UserFactory.create_batch(30, roles=[Role.SOCIAL_WORKER, Role.PRACTICE_LEAD]),
    )


def test_organisations_are_listed_by_name(signed_in):
    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    for name in ("Zeta Fictional", "Alpha Fictional", "Mu Fictional"):
        OrganisationFactory(name=name)
    names = [o.name for o in client.get("/organisations/").context["organisations"]]
    assert names == sorted(names)


def test_organisation_list_queries_do_not_grow(signed_in):
    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    OrganisationFactory.create_batch(2)
    assert_queries_do_not_grow(
        lambda: client.get("/organisations/"),
        lambda: UserFactory.create_batch(20),  # each with an organisation of its own
    )


def test_a_system_administrator_cannot_lock_themselves_out(client):
    admin = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])
    client.force_login(admin)
    for change in (
        {"roles": [Role.TRAINER], "is_active": "on"},
        {"roles": [Role.SYSTEM_ADMINISTRATOR]},
    ):
        response = client.post(
            f"/users/{admin.pk}/",
            {
                "revision": admin.revision,
                "full_name": admin.full_name,
                "email": admin.email,
                "organisation": admin.organisation.pk,
                **change,
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "You cannot close your own account or remove your own System administrator" in html
    admin.refresh_from_db()
    admin._roles_cache = None
    assert admin.is_active and admin.roles == {Role.SYSTEM_ADMINISTRATOR}
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_add_a_team_with_its_line_management_chain_and_the_change_is_audited(signed_in):
    from safetymap.access.policy import basis_for
    from safetymap.accounts.models import Team
    from tests.factories import AllocationFactory

    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    csc = OrganisationFactory(name="Fictional Children's Services")
    manager = UserFactory(roles=[Role.TEAM_MANAGER])
    head = UserFactory(roles=[Role.SERVICE_MANAGER])
    worker = UserFactory(roles=[Role.SOCIAL_WORKER])
    form = {
        "organisation": csc.pk,
        "name": "Fictional Assessment Team",
        "manager": manager.pk,
        "service_manager": head.pk,
        "members": [worker.pk],
        "is_active": "on",
    }
    assert client.post("/teams/add/", form).status_code == 302
    team = Team.objects.get(name="Fictional Assessment Team")
    assert list(team.members.all()) == [worker] and team.service_manager == head
    event = AuditEvent.objects.get(action=Action.CREATE, subject_type="accounts.Team")
    assert event.details["members"]["after"] == str(worker)
    child = AllocationFactory(team=team).episode.child
    assert basis_for(head, child.pk) == "service manager over the allocated worker's team"
    # The same name again in the same organisation, and the same person twice, are refused.
    again = client.post("/teams/add/", {**form, "service_manager": manager.pk})
    page = again.content.decode()
    assert "This organisation already has a team with this name" in page
    assert "The service manager must be someone other than the team manager" in page
    assert Team.objects.count() == 1
    # A team gives sight of its children: a partner agency's practitioner cannot be in one.
    partner = UserFactory(roles=[Role.PARTNER_PRACTITIONER])
    refused = client.post(
        "/teams/add/", {**form, "name": "Fictional Other Team", "members": [partner.pk]}
    )
    assert "Choose a social worker, front door practitioner or manager" in refused.content.decode()
    assert Team.objects.count() == 1


def test_team_list_queries_do_not_grow(signed_in):
    from tests.factories import TeamFactory

    client = signed_in(Role.SYSTEM_ADMINISTRATOR)
    TeamFactory(members=[UserFactory()])
    assert_queries_do_not_grow(
        lambda: client.get("/teams/"),
        lambda: [TeamFactory(members=UserFactory.create_batch(3)) for _ in range(5)],
    )
