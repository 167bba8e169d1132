from __future__ import annotations

import pytest

from safetymap.accounts.forms import OrganisationForm
from safetymap.accounts.organisation_types import OrganisationType
from safetymap.audit.changes import form_changes
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_new_record_keeps_every_field_defaults_included():
    form = OrganisationForm(
        data={
            "name": "Fictional School",
            "organisation_type": OrganisationType.SCHOOL,
            "is_active": "on",
        }
    )
    assert form.is_valid()
    changes = form_changes(form, creating=True)
    assert changes["name"] == {"before": "", "after": "Fictional School"}
    assert changes["is_active"] == {"before": "", "after": "yes"}
    assert set(changes) == set(form.fields)


def test_an_edit_keeps_before_and_after_of_what_changed_only():
    school = OrganisationFactory(name="Old Name", organisation_type=OrganisationType.SCHOOL)
    form = OrganisationForm(
        data={"name": "New Name", "organisation_type": OrganisationType.SCHOOL, "is_active": "on"},
        instance=school,
    )
    assert form.is_valid()
    assert form_changes(form, creating=False) == {
        "name": {"before": "Old Name", "after": "New Name"}
    }
