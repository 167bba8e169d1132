from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone

from safetymap.core.ages import age_on, estimated_date_of_birth
from safetymap.core.govuk_forms import GovukDateField, too_long
from safetymap.people.codes import Disability, Ethnicity, RelationshipType, Sex
from safetymap.people.identifiers import nhs_number_problem, normalise_nhs_number, upn_problem
from safetymap.people.matching import PersonDetails

# The furthest ahead an expected date of birth can be: a pregnancy lasts about 42 weeks at most.
MAX_WEEKS_TO_BIRTH = 42
# The oldest approximate age: children's services work with care leavers up to 25.
MAX_APPROXIMATE_AGE = 25
AGE_MESSAGE = f"Approximate age must be a whole number of years, from 0 to {MAX_APPROXIMATE_AGE}"


def typed_details(cleaned: dict[str, Any]) -> PersonDetails:
    """What ``ChildDetailsForm`` was given, as matching compares it (is this child already
    known?). An estimated date of birth is only a guess at an age, so it is left out."""
    born = None if cleaned.get("date_of_birth_is_estimated") else cleaned.get("date_of_birth")
    return PersonDetails(
        first_name=cleaned.get("first_name", ""),
        last_name=cleaned.get("last_name", ""),
        date_of_birth=born or cleaned.get("expected_date_of_birth"),
        nhs_number=cleaned.get("nhs_number", ""),
    )


class ChildDetailsForm(forms.Form):
    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter the child's first name"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the child's last name"},
    )
    known_as = forms.CharField(
        label="Known as (optional)",
        max_length=100,
        required=False,
        help_text="The name the child likes to be called, if different",
    )
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2019"
    )
    # A model field, so the change form and record_child take it as they take the others; the
    # approximate age beside it is added in __init__ (it is not stored: it becomes the date).
    date_of_birth_is_estimated = forms.BooleanField(
        label="I do not know the date of birth",
        required=False,
        help_text="Give their approximate age instead. It is recorded as an estimate until "
        "someone confirms the date",
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth, for an unborn child",
        required=False,
        help_text="Only if the child has not been born yet",
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        help_text="10 numbers, like 943 476 5919",
        # Room for spaces and dashes; the number itself is checked in clean_nhs_number.
        max_length=20,
        error_messages={"max_length": too_long("NHS number", 20)},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN) (optional)",
        required=False,
        help_text="13 characters",
        max_length=20,  # the 13 characters are checked in clean_upn
        error_messages={"max_length": too_long("Unique pupil number", 20)},
    )
    sex = forms.ChoiceField(
        label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.NOT_KNOWN
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOT_YET_OBTAINED
    )
    disabilities = forms.MultipleChoiceField(
        label="Disability (optional)",
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    first_language = forms.CharField(
        label="First language (optional)",
        required=False,
        max_length=100,  # as the column: longer was a database error
        error_messages={"max_length": too_long("First language", 100)},
    )
    interpreter_needed = forms.BooleanField(
        label="The child or family needs an interpreter", required=False
    )
    communication_needs = forms.CharField(
        label="Communication needs (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text="For example, uses Makaton, or needs information in easy read",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        age = forms.IntegerField(
            label="Approximate age in years, if you do not know the date of birth",
            required=False,
            min_value=0,
            max_value=MAX_APPROXIMATE_AGE,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            error_messages={
                "invalid": AGE_MESSAGE,
                "min_value": AGE_MESSAGE,
                "max_value": AGE_MESSAGE,
            },
        )
        # Straight after the box it goes with, wherever a subclass has put the fields.
        fields = list(self.fields.items())
        at = next(
            (i + 1 for i, (name, _) in enumerate(fields) if name == "date_of_birth_is_estimated"),
            len(fields),
        )
        fields.insert(at, ("approximate_age", age))
        self.fields = dict(fields)
        if self.initial.get("date_of_birth_is_estimated") and self.initial.get("date_of_birth"):
            # A change form shows an estimate as the age it stands for, not as a made-up date.
            self.initial = {
                **self.initial,
                "approximate_age": age_on(self.initial["date_of_birth"], timezone.localdate()),
                "date_of_birth": None,
            }

    def clean_date_of_birth(self) -> datetime.date | None:
        value = self.cleaned_data["date_of_birth"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                "Date of birth must be today or in the past. For an unborn child, enter the "
                "expected date of birth instead"
            )
        return value

    def clean_expected_date_of_birth(self) -> datetime.date | None:
        value = self.cleaned_data["expected_date_of_birth"]
        today = timezone.localdate()
        if value and value < today - datetime.timedelta(days=14):
            raise forms.ValidationError(
                "Expected date of birth is more than 2 weeks ago. If the child has been born, "
                "enter their date of birth instead"
            )
        if value and value > today + datetime.timedelta(weeks=MAX_WEEKS_TO_BIRTH):
            raise forms.ValidationError(
                f"Expected date of birth must be within {MAX_WEEKS_TO_BIRTH} weeks from today"
            )
        return value

    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"].strip()
        if not value:
            return ""
        problem = nhs_number_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return normalise_nhs_number(value)

    def clean_upn(self) -> str:
        value = self.cleaned_data["upn"].strip().upper()
        if value and (problem := upn_problem(value)):
            raise forms.ValidationError(problem)
        return value

    def clean(self) -> dict:
        data = super().clean()
        self._estimate_date_of_birth(data)
        has_dob = bool(data.get("date_of_birth"))
        has_edd = bool(data.get("expected_date_of_birth"))
        dates_valid = not {"date_of_birth", "expected_date_of_birth", "approximate_age"} & set(
            self.errors
        )
        if dates_valid and not has_dob and not has_edd:
            # R36: every child has a date of birth, or an expected one if not yet born.
            self.add_error(
                "date_of_birth",
                "Enter the child's date of birth, their approximate age if you do not know it, "
                "or an expected date of birth if they have not been born yet",
            )
        if has_dob and has_edd and "expected_date_of_birth" not in self.errors:
            self.add_error(
                "expected_date_of_birth",
                "Leave the expected date of birth empty: the child has a date of birth",
            )
        return data

    def _estimate_date_of_birth(self, data: dict) -> None:
        """'I do not know the date of birth' with an approximate age: the date recorded is 1 July
        of the likely year, marked as an estimate (matching treats it as unknown). The age
        itself is not stored, so it leaves the cleaned data."""
        age = data.pop("approximate_age", None)
        not_known = data.get("date_of_birth_is_estimated", False)
        if "approximate_age" in self.errors or "date_of_birth" in self.errors:
            return
        typed_date = data.get("date_of_birth")
        if not not_known and age is None:
            return
        if typed_date:
            field = "date_of_birth_is_estimated" if not_known else "approximate_age"
            self.add_error(
                field,
                "You entered a date of birth. Leave 'I do not know the date of birth' and the "
                "approximate age empty, or clear the date of birth",
            )
            return
        if data.get("expected_date_of_birth"):
            self.add_error(
                "approximate_age" if age is not None else "date_of_birth_is_estimated",
                "An unborn child has an expected date of birth instead: leave 'I do not know "
                "the date of birth' and the approximate age empty",
            )
            return
        if age is None:
            self.add_error("approximate_age", "Enter the child's approximate age in years")
            return
        data["date_of_birth"] = estimated_date_of_birth(age, timezone.localdate())
        data["date_of_birth_is_estimated"] = True


class ChildSearchForm(forms.Form):
    """The one search box, in the header of every staff page and on the search page."""

    q = forms.CharField(
        label="Search for a child",
        min_length=2,
        max_length=200,
        help_text="A name (one or more), a date of birth such as 7/3/2016, a council reference "
        "or an NHS number",
        error_messages={
            "required": "Enter a name, a date of birth, a council reference or an NHS number",
            "min_length": "Enter at least 2 characters to search for",
            "max_length": "Search for 200 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's own message for a NUL character is not one a practitioner can act on.
        field = self.fields["q"]
        field.validators = [
            *(v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)),
            ProhibitNullCharactersValidator(
                message="Remove the character that is not a letter, number or punctuation"
            ),
        ]


class ChildListFilterForm(forms.Form):
    """Narrows the children list: a service manager sees thousands."""

    EVERYONE, MINE, NOT_ALLOCATED = "", "mine", "not_allocated"
    show = forms.ChoiceField(
        label="Show",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (EVERYONE, "Every child you can see"),
            (MINE, "Children allocated to you"),
            (NOT_ALLOCATED, "Children not allocated to a social worker"),
        ],
    )


class EnquiryReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to open this child's record?",
        max_length=500,
        widget=forms.Textarea,
        help_text="For example, 'Contact from school received today about this child'. "
        "This is kept in the record of who has looked at it.",
        error_messages={"required": "Enter why you need to open this child's record"},
    )


# --- Addresses --------------------------------------------------------------------------------

# The shape of a UK postcode (outward code, then inward code), spaces optional.
UK_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$")
ADDRESS_FIELDS = ("line_1", "line_2", "town", "postcode", "is_confidential")


class AddressFieldsMixin(forms.Form):
    """Optional address fields (prefixed ``address_``) for a form about a child or household.

    Only for people who may see the address: a confidential address is never put in a form for
    anyone else (the view leaves these fields out with ``with_address=False``).
    """

    address_line_1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)", max_length=200, required=False
    )
    address_town = forms.CharField(label="Town or city", max_length=100, required=False)
    address_postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    address_is_confidential = forms.BooleanField(
        label="This address is confidential",
        required=False,
        help_text="For example, a refuge. Only the allocated worker and their team will see it.",
    )

    def __init__(self, *args, with_address: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.with_address = with_address
        if not with_address:
            for name in ADDRESS_FIELDS:
                del self.fields[f"address_{name}"]

    def clean_address_postcode(self) -> str:
        value = " ".join(self.cleaned_data["address_postcode"].upper().split())
        if value and not UK_POSTCODE.match(value):
            raise forms.ValidationError("Enter a real postcode, like LA1 4AB")
        if value and " " not in value:
            value = f"{value[:-3]} {value[-3:]}"
        return value

    def clean(self) -> dict:
        data = super().clean()
        if not self.with_address:
            return data
        typed = [data.get(f"address_{name}") for name in ("line_1", "line_2", "town", "postcode")]
        if any(typed) or data.get("address_is_confidential"):
            for name, message in (
                ("line_1", "Enter address line 1, typically the building and street"),
                ("town", "Enter town or city"),
                ("postcode", "Enter postcode"),
            ):
                field = f"address_{name}"
                if not data.get(field) and field not in self.errors:
                    self.add_error(field, message)
        return data

    def address_details(self) -> dict | None:
        """The address typed, for an Address, or None when none was typed."""
        if not self.with_address or not self.cleaned_data.get("address_line_1"):
            return None
        return {name: self.cleaned_data[f"address_{name}"] for name in ADDRESS_FIELDS}

    @staticmethod
    def address_initial(address) -> dict:
        if address is None:
            return {}
        return {f"address_{name}": getattr(address, name) for name in ADDRESS_FIELDS}


class ChildChangeForm(ChildDetailsForm, AddressFieldsMixin):
    """A child's details and their address (the address only for those who may see it)."""

    field_order = list(ChildDetailsForm.base_fields)

    def address_changed(self) -> bool:
        return self.with_address and any(
            f"address_{name}" in self.changed_data for name in ADDRESS_FIELDS
        )


# --- Family and network -----------------------------------------------------------------------


def _not_in_future(value: datetime.date | None, message: str) -> datetime.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class RelationshipFieldsMixin(forms.Form):
    relationship_type = forms.ChoiceField(
        label="Relationship to the child",
        choices=[("", "Choose a relationship"), *RelationshipType.choices],
        error_messages={
            "required": "Choose how they are related to the child",
            "invalid_choice": "Choose how they are related to the child",
        },
    )
    has_parental_responsibility = forms.BooleanField(
        label="Has parental responsibility for the child", required=False
    )
    lives_in_household = forms.BooleanField(label="Lives with the child", required=False)
    contact_arrangements = forms.CharField(
        label="Contact arrangements (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text="For example, 'Sees the child every other weekend, supervised'",
    )

    def relationship_details(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "relationship_type",
                "has_parental_responsibility",
                "lives_in_household",
                "contact_arrangements",
            )
        }


class RelativeForm(RelationshipFieldsMixin):
    """An adult or another child in the family or network (not a child with their own record)."""

    field_order = ("first_name", "last_name", "date_of_birth")

    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter their first name"},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter their last name"},
    )
    date_of_birth = GovukDateField(
        label="Date of birth (optional)", required=False, help_text="For example, 27 3 1990"
    )

    def clean_date_of_birth(self) -> datetime.date | None:
        return _not_in_future(
            self.cleaned_data["date_of_birth"], "Date of birth must be today or in the past"
        )

    def person_details(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("first_name", "last_name", "date_of_birth")
        }


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        born = (
            f"born {obj.date_of_birth:%-d %B %Y}"
            if obj.date_of_birth
            else f"due {obj.expected_date_of_birth:%-d %B %Y}"
        )
        return f"{obj.full_name} ({born}, {obj.la_child_id})"


SIBLING_TYPES = (
    RelationshipType.SIBLING,
    RelationshipType.HALF_SIBLING,
    RelationshipType.OTHER,
)


class LinkChildForm(RelationshipFieldsMixin):
    """Link another child the practitioner can see (a brother or sister, say)."""

    field_order = ("other_child", "relationship_type")

    other_child = ChildChoiceField(
        label="Child",
        queryset=None,
        empty_label="Choose a child",
        error_messages={
            "required": "Choose the child to link",
            "invalid_choice": "Choose one of the children listed",
        },
    )

    def __init__(self, *args, children, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other_child"].queryset = children
        self.fields["relationship_type"].choices = [
            ("", "Choose a relationship"),
            *((t.value, t.label) for t in SIBLING_TYPES),
        ]
        del self.fields["has_parental_responsibility"]

    def relationship_details(self) -> dict:
        return {
            "relationship_type": self.cleaned_data["relationship_type"],
            "lives_in_household": self.cleaned_data["lives_in_household"],
            "contact_arrangements": self.cleaned_data["contact_arrangements"],
        }


# --- Households -------------------------------------------------------------------------------


class DatesFieldsMixin(forms.Form):
    lived_from = GovukDateField(
        label="Date they moved in (optional)", required=False, help_text="For example, 1 9 2024"
    )
    lived_to = GovukDateField(
        label="Date they moved out (optional)",
        required=False,
        help_text="Leave empty if they still live here",
    )

    def clean_lived_from(self) -> datetime.date | None:
        return _not_in_future(
            self.cleaned_data["lived_from"], "The date they moved in must be today or in the past"
        )

    def clean(self) -> dict:
        data = super().clean()
        lived_from, lived_to = data.get("lived_from"), data.get("lived_to")
        if lived_from and lived_to and lived_to < lived_from:
            self.add_error(
                "lived_to",
                "The date they moved out must be the same as or after the date they moved in",
            )
        return data


class HouseholdForm(AddressFieldsMixin, DatesFieldsMixin):
    field_order = ("name", *(f"address_{name}" for name in ADDRESS_FIELDS))

    name = forms.CharField(
        label="Name of the household",
        max_length=200,
        help_text="For example, 'Mum's home' or 'Nan's house'",
        error_messages={"required": "Enter a name for the household"},
    )

    def __init__(self, *args, child_name: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lived_from"].label = f"Date {child_name} moved in (optional)"
        self.fields["lived_to"].label = f"Date {child_name} moved out (optional)"
        self.fields["lived_to"].help_text = f"Leave empty if {child_name} still lives here"


class HouseholdMemberForm(DatesFieldsMixin):
    field_order = ("member",)

    member = forms.ChoiceField(
        label="Who lives or lived here?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who lives or lived in this household",
            "invalid_choice": "Choose one of the people listed",
        },
    )

    def __init__(self, *args, network, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.network = {member_key(m): m for m in network}
        self.fields["member"].choices = [(k, m.full_name) for k, m in self.network.items()]

    def chosen(self):
        return self.network[self.cleaned_data["member"]]


def member_key(member) -> str:
    kind = "person" if member._meta.model_name == "person" else "child"
    return f"{kind}-{member.pk}"


class MembershipDatesForm(DatesFieldsMixin):
    pass


# --- Merging duplicates -----------------------------------------------------------------------


class MergeChoiceForm(forms.Form):
    other = forms.ChoiceField(
        label="Which record is the same child?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the record that is the same child",
            "invalid_choice": "Choose one of the records listed",
        },
    )
    keep = forms.ChoiceField(
        label="Which record do you want to keep?",
        widget=forms.RadioSelect,
        help_text="The other record's history moves into the one you keep. Nothing is deleted.",
        error_messages={
            "required": "Choose the record to keep",
            "invalid_choice": "Choose the record to keep",
        },
    )

    def __init__(self, *args, child, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [
            (str(c.pk), ChildChoiceField.label_from_instance(None, c)) for c in candidates
        ]
        self.fields["keep"].choices = [
            ("this", f"This record ({child.la_child_id})"),
            ("other", "The other record"),
        ]


class ChooseRelativeForm(forms.Form):
    """After likely matches are shown: one of these people, or someone new."""

    choice = forms.ChoiceField(
        label="Is this one of these people?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose one of the people listed, or add a new person",
            "invalid_choice": "Choose one of the people listed, or add a new person",
        },
    )

    def __init__(self, *args, found, typed: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.found = {str(f.person.pk): f.person for f in found}
        typed_name = f"{typed['first_name']} {typed['last_name']}"
        self.fields["choice"].choices = [
            *((pk, f"Yes, {person.full_name}") for pk, person in self.found.items()),
            ("new", f"No, add {typed_name} as a new person"),
        ]

    def chosen_person(self):
        return self.found.get(self.cleaned_data["choice"])


def _as_text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def changed_values(form: forms.Form, initial: dict) -> dict[str, dict[str, str]]:
    """Before and after of each field whose cleaned value differs from what the record held
    (for the audit trail; Django's changed_data compares raw input, which misreads dates)."""
    return {
        name: {"before": _as_text(initial.get(name)), "after": _as_text(value)}
        for name, value in form.cleaned_data.items()
        if _as_text(initial.get(name)) != _as_text(value)
    }
