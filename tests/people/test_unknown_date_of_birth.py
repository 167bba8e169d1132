"""R36 with an unknown date of birth: the front door often knows only roughly how old a child
is. "I do not know the date of birth" with an approximate age records 1 July of the likely year,
marked as an estimate, shown as an age everywhere, and treated as unknown by matching."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from safetymap.accounts.roles import Role
from safetymap.core import display
from safetymap.core.ages import age_on, approximate_age_text, estimated_date_of_birth
from safetymap.people import selectors
from safetymap.people.forms import ChildChangeForm, ChildDetailsForm
from safetymap.people.matching import PersonDetails
from safetymap.people.models import Child, details_of
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def clock(monkeypatch):
    moment = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "first_name": "Tomasz",
        "last_name": "Fictional",
        "sex": "1",
        "ethnicity": "WOTH",
        "date_of_birth_is_estimated": "on",
        "approximate_age": "15",
    }
    return {k: v for k, v in {**data, **overrides}.items() if v is not None}


# --- The rule itself ----------------------------------------------------------------------------


def test_r36_an_estimate_is_1_july_of_the_year_that_makes_the_child_that_age_today():
    assert estimated_date_of_birth(5, datetime.date(2026, 12, 2)) == datetime.date(2021, 7, 1)
    # Before 1 July the likely year is one earlier, so the child is still 5 today.
    assert estimated_date_of_birth(5, datetime.date(2026, 3, 1)) == datetime.date(2020, 7, 1)
    for day in (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), datetime.date(2026, 7, 1)):
        for age in range(0, 26):
            born = estimated_date_of_birth(age, day)
            assert born <= day and age_on(born, day) == age


def test_r36_an_estimate_is_shown_as_an_age_not_a_date():
    assert approximate_age_text(datetime.date(2021, 7, 1), TODAY) == (
        "about 5 years old (date of birth not known)"
    )
    assert approximate_age_text(datetime.date(2025, 7, 1), TODAY) == (
        "about 1 year old (date of birth not known)"
    )
    assert approximate_age_text(datetime.date(2026, 7, 1), TODAY) == (
        "under 1 year old (date of birth not known)"
    )


def test_r36_every_way_a_date_of_birth_is_shown(clock):
    known = Child(date_of_birth=datetime.date(2019, 3, 27))
    estimated = Child(date_of_birth=datetime.date(2011, 7, 1), date_of_birth_is_estimated=True)
    unborn = Child(expected_date_of_birth=datetime.date(2027, 5, 3))
    assert display.born(known) == "Born 27 March 2019"
    assert display.born(estimated) == "About 15 years old (date of birth not known)"
    assert display.born(unborn) == "Unborn, due 3 May 2027"
    assert display.date_of_birth(known) == "27 March 2019"


# --- The form -----------------------------------------------------------------------------------


def test_r36_not_knowing_the_date_of_birth_with_an_age_records_an_estimate(clock):
    form = ChildDetailsForm(form_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(2011, 7, 1)
    assert form.cleaned_data["date_of_birth_is_estimated"] is True
    assert "approximate_age" not in form.cleaned_data  # the age is not stored


def test_r36_an_approximate_age_alone_is_understood_as_not_knowing_the_date(clock):
    form = ChildDetailsForm(form_data(date_of_birth_is_estimated=None))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth_is_estimated"] is True


def test_r36_not_knowing_the_date_needs_the_approximate_age(clock):
    form = ChildDetailsForm(form_data(approximate_age=""))
    assert not form.is_valid()
    assert form.errors["approximate_age"] == ["Enter the child's approximate age in years"]
    assert "date_of_birth" not in form.errors


@pytest.mark.parametrize("typed", ["about ten", "-1", "26", "1" * 10_000, "7\x00"])
def test_r36_an_approximate_age_that_is_not_a_number_of_years_is_a_field_error(clock, typed):
    form = ChildDetailsForm(form_data(approximate_age=typed))
    assert not form.is_valid()
    assert form.errors["approximate_age"] == [
        "Approximate age must be a whole number of years, from 0 to 25"
    ]
    assert form["approximate_age"].value() == typed  # what was typed comes back


def test_r36_a_date_of_birth_and_not_knowing_it_is_a_field_error(clock):
    form = ChildDetailsForm(
        form_data(
            **{"date_of_birth-day": "1", "date_of_birth-month": "2", "date_of_birth-year": "2015"}
        )
    )
    assert not form.is_valid()
    assert "You entered a date of birth" in form.errors["date_of_birth_is_estimated"][0]


def test_r36_an_unborn_child_has_an_expected_date_not_an_age(clock):
    form = ChildDetailsForm(
        form_data(
            **{
                "expected_date_of_birth-day": "3",
                "expected_date_of_birth-month": "5",
                "expected_date_of_birth-year": "2027",
            }
        )
    )
    assert not form.is_valid()
    assert "expected date of birth instead" in form.errors["approximate_age"][0]


def test_r36_unborn_with_the_expected_date_still_works(clock):
    form = ChildDetailsForm(
        form_data(
            date_of_birth_is_estimated=None,
            approximate_age=None,
            **{
                "expected_date_of_birth-day": "3",
                "expected_date_of_birth-month": "5",
                "expected_date_of_birth-year": "2027",
            },
        )
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] is None
    assert form.cleaned_data["date_of_birth_is_estimated"] is False


def test_r36_no_date_no_age_and_no_expected_date_is_refused(clock):
    form = ChildDetailsForm(form_data(date_of_birth_is_estimated=None, approximate_age=None))
    assert not form.is_valid()
    assert "approximate age" in form.errors["date_of_birth"][0]


def test_r36_the_database_still_requires_a_date_of_birth_or_an_expected_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.create(la_child_id="X1", first_name="A", last_name="B")


def test_r36_the_change_form_shows_an_estimate_as_the_age_and_saves_it_back_unchanged(clock):
    child = ChildFactory(date_of_birth=datetime.date(2011, 7, 1), date_of_birth_is_estimated=True)
    initial = {name: getattr(child, name) for name in ChildDetailsForm.base_fields}
    form = ChildChangeForm(initial=initial)
    assert form["approximate_age"].value() == 15
    assert form["date_of_birth"].value() is None
    typed = form_data(first_name=child.first_name, last_name=child.last_name)
    changed = ChildChangeForm(typed, initial=initial)
    assert changed.is_valid(), changed.errors
    assert changed.cleaned_data["date_of_birth"] == child.date_of_birth
    assert initial["date_of_birth"] == child.date_of_birth  # the view's initial is not changed


# --- Recording, showing and matching ------------------------------------------------------------


def test_r36_recording_a_child_with_an_approximate_age(client, clock):
    client.force_login(UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER]))
    response = client.post("/children/new/", form_data())
    child = Child.objects.get()
    assert response.status_code == 302
    assert child.date_of_birth == datetime.date(2011, 7, 1) and child.date_of_birth_is_estimated
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "About 15 years old (date of birth not known)" in page
    assert "1 July 2011" not in page


def test_r36_matching_treats_an_estimated_date_of_birth_as_unknown():
    estimated = ChildFactory(
        date_of_birth=datetime.date(2011, 7, 1), date_of_birth_is_estimated=True
    )
    assert details_of(estimated).date_of_birth is None
    front_door = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    found = selectors.find_children(
        front_door,
        PersonDetails(
            first_name=estimated.first_name,
            last_name=estimated.last_name,
            date_of_birth=datetime.date(2011, 7, 1),
        ),
    )
    # Found by name; the made-up date is not a reason given for the match.
    assert [f.child for f in found][:1] == [estimated]
    assert not any("birth" in reason.lower() for reason in found[0].match.reasons)
