"""The form-rendering layer: every Django field becomes the GOV.UK component, errors included."""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms

from safetymap.core.govuk_forms import GovukDateField, error_summary, field_component


class EveryKindOfField(forms.Form):
    name = forms.CharField(label="Full name", help_text="As the family says it")
    email = forms.EmailField(label="Email address", required=False)
    notes = forms.CharField(label="What happened", widget=forms.Textarea, max_length=500)
    summary = forms.CharField(label="Summary", widget=forms.Textarea, required=False)
    agreed = forms.ChoiceField(
        label="Does the family agree?",
        choices=[("yes", "Yes"), ("partly", "Partly"), ("no", "No")],
        widget=forms.RadioSelect,
    )
    agencies = forms.MultipleChoiceField(
        label="Who is worried?",
        choices=[("csc", "Children's social care"), ("school", "School")],
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(label="The family has been told", required=False)
    need = forms.ChoiceField(label="Primary need", choices=[("", "Choose"), ("N1", "N1 Abuse")])
    date_of_birth = GovukDateField(label="Date of birth")
    letter = forms.FileField(label="Upload a letter", required=False)
    password = forms.CharField(label="Password", widget=forms.PasswordInput)


def render(form: forms.Form, name: str) -> str:
    return str(field_component(form[name]))


def test_text_input_has_label_hint_and_value():
    form = EveryKindOfField(initial={"name": "Ada Fictional"})
    html = render(form, "name")
    assert 'class="govuk-label" for="id_name"' in html
    assert 'class="govuk-hint"' in html and "As the family says it" in html
    assert 'class="govuk-input"' in html and 'value="Ada Fictional"' in html


def test_email_input_is_type_email_without_spellcheck():
    html = render(EveryKindOfField(), "email")
    assert 'type="email"' in html and 'spellcheck="false"' in html


def test_textarea_with_max_length_is_a_character_count():
    html = render(EveryKindOfField(), "notes")
    assert 'data-module="govuk-character-count"' in html
    assert 'data-maxlength="500"' in html


def test_textarea_without_max_length_is_a_plain_textarea():
    html = render(EveryKindOfField(), "summary")
    assert 'class="govuk-textarea"' in html and "character-count" not in html


def test_radios_are_a_fieldset_with_a_legend_and_keep_the_choice():
    form = EveryKindOfField(data={"agreed": "partly"})
    html = render(form, "agreed")
    assert "govuk-fieldset__legend" in html and "Does the family agree?" in html
    assert html.count('class="govuk-radios__input"') == 3
    assert re.search(r'value="partly"\s+checked', html)


def test_checkboxes_keep_every_choice_made():
    form = EveryKindOfField(data={"agencies": ["csc", "school"]})
    html = render(form, "agencies")
    assert html.count('class="govuk-checkboxes__input"') == 2 and "govuk-radios" not in html
    assert html.count("checked") == 2


def test_single_checkbox_for_a_boolean():
    html = render(EveryKindOfField(initial={"consent": True}), "consent")
    assert 'class="govuk-checkboxes__input"' in html and "checked" in html


def test_select_marks_the_selected_option():
    html = render(EveryKindOfField(data={"need": "N1"}), "need")
    assert 'class="govuk-select' in html
    assert re.search(r'value="N1"\s+selected', html)


def test_date_input_is_day_month_and_year():
    form = EveryKindOfField(initial={"date_of_birth": datetime.date(2019, 3, 7)})
    html = render(form, "date_of_birth")
    for part, value in (("day", "7"), ("month", "3"), ("year", "2019")):
        assert f'name="date_of_birth-{part}"' in html
        assert f'id="id_date_of_birth_{part}"' in html
        assert f'value="{value}"' in html


def test_file_upload():
    html = render(EveryKindOfField(), "letter")
    assert 'type="file"' in html and "govuk-file-upload" in html


def test_password_input_never_shows_the_password_back():
    form = EveryKindOfField(data={"password": "secret-typed"})
    html = render(form, "password")
    assert "govuk-password-input" in html and "secret-typed" not in html


def test_field_error_is_shown_on_the_field():
    form = EveryKindOfField(data={})
    form.is_valid()
    html = render(form, "name")
    assert "govuk-form-group--error" in html
    assert 'class="govuk-error-message"' in html and "govuk-input--error" in html


def test_error_summary_links_each_error_to_the_first_input_of_its_field():
    form = EveryKindOfField(
        data={"date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "2020"}
    )
    form.is_valid()
    html = str(error_summary(form))
    assert "There is a problem" in html and 'data-module="govuk-error-summary"' in html
    assert 'href="#id_name"' in html
    assert 'href="#id_agreed"' in html  # the first radio has the field's id
    assert 'href="#id_date_of_birth_day"' in html
    assert "Date of birth must be a real date" in html


def test_no_error_summary_without_errors():
    assert str(error_summary(EveryKindOfField())) == ""
    valid = forms.Form(data={})
    assert valid.is_valid() and str(error_summary(valid)) == ""


def test_form_renders_as_govuk_with_the_plain_template_tag():
    html = str(EveryKindOfField())
    assert "govuk-form-group" in html and "<table" not in html and "<p>" not in html


def test_text_is_escaped():
    form = EveryKindOfField(initial={"name": '<script>alert("x")</script>'})
    assert "<script>" not in render(form, "name")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter date of birth"),
        ("", "4", "2020", "Date of birth must include a day"),
        ("3", "", "", "Date of birth must include a month and a year"),
        ("30", "2", "2020", "Date of birth must be a real date"),
        ("x", "2", "2020", "Date of birth must be a real date"),
        ("3", "2", "20", "Year must include 4 numbers"),
    ],
)
def test_date_errors_say_what_is_wrong(day, month, year, message):
    field = GovukDateField(label="Date of birth")
    with pytest.raises(forms.ValidationError) as error:
        field.clean([day, month, year])
    assert error.value.messages == [message]


def test_date_parts_make_a_date():
    assert GovukDateField(label="Date").clean(["07", "3", "2019"]) == datetime.date(2019, 3, 7)


def test_optional_empty_date_is_none():
    assert GovukDateField(label="Date", required=False).clean(["", "", ""]) is None


def test_every_error_summary_link_points_at_an_input_on_the_page():
    form = EveryKindOfField(
        data={"date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "2020"}
    )
    form.is_valid()
    page = str(form)
    targets = re.findall(r'href="#([^"]+)"', str(error_summary(form)))
    assert targets
    for target in targets:
        assert f'id="{target}"' in page, target


def test_only_the_wrong_part_of_a_date_is_highlighted_and_linked():
    form = EveryKindOfField(data={"date_of_birth-day": "3", "date_of_birth-year": "2020"})
    form.is_valid()
    html = render(form, "date_of_birth")
    assert re.search(
        r'govuk-input--error"[^>]*id="id_date_of_birth_month"|'
        r'id="id_date_of_birth_month"[^>]*govuk-input--error',
        html,
    )
    assert html.count("govuk-input--error") == 1
    assert 'href="#id_date_of_birth_month"' in str(error_summary(form))


def test_a_date_that_does_not_exist_highlights_all_three_boxes():
    form = EveryKindOfField(
        data={"date_of_birth-day": "30", "date_of_birth-month": "2", "date_of_birth-year": "2020"}
    )
    form.is_valid()
    assert render(form, "date_of_birth").count("govuk-input--error") == 3


def test_date_boxes_get_autocomplete_only_when_asked():
    form = EveryKindOfField()
    assert "autocomplete" not in render(form, "date_of_birth")
    html = str(field_component(form["date_of_birth"], autocomplete_prefix="bday"))
    assert 'autocomplete="bday-day"' in html and 'autocomplete="bday-year"' in html


def test_textarea_has_one_rows_attribute_and_the_design_system_default():
    html = render(EveryKindOfField(), "summary")
    assert html.count("rows=") == 1 and 'rows="5"' in html and "cols=" not in html


def test_an_error_on_a_hidden_field_is_listed_without_a_link():
    class WithHidden(forms.Form):
        version = forms.IntegerField(label="Version", widget=forms.HiddenInput)

    form = WithHidden(data={"version": "x"})
    form.is_valid()
    summary = str(error_summary(form))
    assert "Version: Enter a whole number." in summary and "href=" not in summary


def test_a_page_with_a_file_field_sends_files():
    from django.template.loader import render_to_string

    html = render_to_string(
        "core/form_page.html",
        {"form": EveryKindOfField(), "heading": "Upload", "submit_text": "Save"},
    )
    assert 'enctype="multipart/form-data"' in html
