"""A child's details are refused field by field when too long for their columns (issue 14):
a first language longer than 100 characters was a database error on PostgreSQL."""

from __future__ import annotations

from safetymap.people.forms import ChildDetailsForm


def test_text_too_long_for_its_column_is_a_field_error_that_keeps_what_was_typed():
    typed = {
        "first_language": "Tigrinya " * 15,
        "nhs_number": "9" * 25,
        "upn": "A" * 25,
    }
    form = ChildDetailsForm(typed)
    assert not form.is_valid()
    assert form.errors["first_language"] == ["First language must be 100 characters or fewer"]
    assert form.errors["nhs_number"] == ["NHS number must be 20 characters or fewer"]
    assert form.errors["upn"] == ["Unique pupil number must be 20 characters or fewer"]
    assert form["first_language"].value() == typed["first_language"]
