"""Children, the adults and other children around them, their relationships and households."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safetymap.accounts.models import Organisation
from safetymap.people.codes import Disability, Ethnicity, RelationshipType, Sex
from safetymap.people.matching import PersonDetails


class Address(models.Model):
    line_1 = models.CharField("Address line 1", max_length=200)
    line_2 = models.CharField("Address line 2 (optional)", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100)
    postcode = models.CharField(max_length=10)
    is_confidential = models.BooleanField(
        "This address is confidential",
        default=False,
        help_text="For example, a refuge. It is hidden from everyone who does not need it.",
    )

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)


class Child(models.Model):
    """A child the council works with (the subject of a record), born or unborn (R36)."""

    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    la_child_id = models.CharField("Local authority child ID", max_length=20, unique=True)
    upn = models.CharField("Unique pupil number (UPN)", max_length=13, blank=True)
    former_upn = models.CharField("Former UPN", max_length=13, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    # Names the child was recorded under before a change of name, [first name, surname] pairs,
    # oldest first:
    # a search by a former name must still find the child and their history.
    previous_names = models.JSONField(default=list, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # When the front door knows only roughly how old a child is, the date of birth is an
    # estimate (1 July of the likely year of birth) until someone confirms it.
    date_of_birth_is_estimated = models.BooleanField(default=False)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.NOT_KNOWN)
    ethnicity = models.CharField(
        max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOT_YET_OBTAINED
    )
    disabilities = models.JSONField(default=list, blank=True, help_text="DfE disability codes")
    first_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    communication_needs = models.TextField(blank=True)
    school = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="pupils"
    )
    gp = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="patients",
        verbose_name="GP practice",
    )
    address = models.ForeignKey(Address, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    # A duplicate record merged by a manager keeps its own history and points to the record kept.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
    )
    merged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        constraints = [
            # R36: a date of birth, or an expected date of birth for an unborn child.
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False) | Q(expected_date_of_birth__isnull=False),
                name="people_child_r36_dob_or_edd",
            )
        ]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None

    def clean(self) -> None:
        if self.date_of_birth is None and self.expected_date_of_birth is None:
            raise ValidationError("Enter a date of birth, or an expected date of birth")
        unknown = set(self.disabilities) - set(Disability.values)
        if unknown:
            raise ValidationError(f"Unknown disability codes: {', '.join(sorted(unknown))}")


class Person(models.Model):
    """An adult or another child in the family or network who is not a subject child."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.NOT_KNOWN)
    address = models.ForeignKey(Address, on_delete=models.PROTECT, null=True, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Relationship(models.Model):
    """How someone is related to a child: an edge of the genogram/ecomap."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relationships")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="relationships"
    )
    other_child = models.ForeignKey(
        Child, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    relationship_type = models.CharField(max_length=20, choices=RelationshipType.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    lives_in_household = models.BooleanField(default=False)
    contact_arrangements = models.TextField(blank=True)
    significance_note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(other_child__isnull=True))
                | (Q(person__isnull=True) & Q(other_child__isnull=False)),
                name="people_relationship_to_one_person_or_child",
            )
        ]

    def __str__(self) -> str:
        return f"{self.relative} ({self.get_relationship_type_display()})"

    @property
    def relative(self) -> Person | Child:
        return self.person or self.other_child


class Household(models.Model):
    address = models.ForeignKey(Address, on_delete=models.PROTECT, null=True, blank=True)
    name = models.CharField(max_length=200, help_text="For example, 'Mum's home'")

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    """Who lived in a household, and when: membership is dated, so history is kept."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, null=True, blank=True, related_name="households"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="households"
    )
    lived_from = models.DateField(null=True, blank=True)
    lived_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(child__isnull=True))
                | (Q(person__isnull=True) & Q(child__isnull=False)),
                name="people_household_member_is_one_person_or_child",
            )
        ]

    def __str__(self) -> str:
        return f"{self.child or self.person} in {self.household}"


class SearchKey(models.Model):
    """Short matching keys (phonetic codes, dates) so 'is this child already known?' can fetch
    likely candidates through an index instead of reading every record."""

    key = models.CharField(max_length=64)
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, null=True, blank=True, related_name="search_keys"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="search_keys"
    )

    class Meta:
        # A search reads the holders of a few keys and groups them by record: with the record in
        # the index, that is an index-only scan, not a walk of every key of every child.
        indexes = [
            models.Index(fields=["key", "child"], name="people_searchkey_key_child"),
            models.Index(fields=["key", "person"], name="people_searchkey_key_person"),
        ]

    def __str__(self) -> str:
        return self.key


def details_of(record_: Child | Person) -> PersonDetails:
    """The details matching compares, for a child or for an adult or other child in the network:
    their name, and the other names they go by (known as, with their surname; former names). An
    estimated date of birth is only a guess at an age, so it is compared as unknown."""
    estimated = getattr(record_, "date_of_birth_is_estimated", False)
    born = None if estimated else record_.date_of_birth
    # Read by attribute, not by class, so migrations' historical models work too.
    born = born or getattr(record_, "expected_date_of_birth", None)
    other_names = [(record_.known_as, record_.last_name)] if record_.known_as else []
    other_names += [(first, last) for first, last in getattr(record_, "previous_names", [])]
    return PersonDetails(
        first_name=record_.first_name,
        last_name=record_.last_name,
        date_of_birth=born,
        nhs_number=getattr(record_, "nhs_number", ""),
        key=record_.pk,
        other_names=tuple(other_names),
    )
