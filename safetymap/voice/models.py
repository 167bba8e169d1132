"""The child's voice: Three Houses, Fairy or Wizard, Safety House and direct quotes in one table
(the tools share their common fields and differ only in which lists they fill), and Words and
Pictures, the worker's explanation for the child, with its pages.

Every record carries the child's permission to share (R27); voice/sharing.py decides who may see
it, and voice/selectors.py applies that to every page, list, picture and booklet."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safetymap.people.models import Child
from safetymap.uploads.models import StoredFile
from safetymap.voice.codes import (
    Audience,
    Figure,
    ParentalConsent,
    ShareScope,
    Tool,
    WordsAndPicturesType,
)

USER = settings.AUTH_USER_MODEL


def lines(text: str) -> list[str]:
    """Entries typed one a line, without blank lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Sharing(models.Model):
    """The child's permission to share (R27)."""

    share_scope = models.CharField(max_length=20, choices=ShareScope.choices)
    # Named people the child does not want to see it: one a line, a name or an email address.
    share_exclusions = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def exclusions(self) -> list[str]:
        return lines(self.share_exclusions)


class ChildVoiceRecord(Sharing):
    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="voice_records")
    tool = models.CharField(max_length=20, choices=Tool.choices)
    held_on = models.DateField()
    practitioner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    others_present = models.TextField(blank=True)
    parental_consent = models.CharField(max_length=20, choices=ParentalConsent.choices)
    consent_note = models.TextField(blank=True)
    verbatim = models.BooleanField(default=True)  # the child's exact words (R27)
    prompts_used = models.TextField(blank=True)
    follow_up = models.TextField(blank=True)
    # Three Houses (and Fairy or Wizard: worries, good things, and wishes in "dreams")
    worries_name = models.CharField(max_length=100, blank=True)
    worries = models.TextField(blank=True)
    good_things_name = models.CharField(max_length=100, blank=True)
    good_things = models.TextField(blank=True)
    dreams_name = models.CharField(max_length=100, blank=True)
    dreams = models.TextField(blank=True)
    trusted_adults = models.TextField(blank=True)
    who_listens = models.TextField(blank=True)
    who_frightens = models.TextField(blank=True)
    figure = models.CharField(max_length=10, choices=Figure.choices, blank=True)
    # Safety House
    lives_with_me = models.TextField(blank=True)
    visitors = models.TextField(blank=True)  # person — on what conditions, one a line
    house_rules = models.TextField(blank=True)
    not_safe_with = models.TextField(blank=True)  # person — conditions, one a line
    path_position = models.PositiveSmallIntegerField(null=True, blank=True)  # 0 far, 10 home
    path_words = models.TextField(blank=True)
    # The child's own words, said directly
    words = models.TextField(blank=True)
    said_when = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(path_position__isnull=True) | models.Q(path_position__lte=10),
                name="voice_path_position_0_to_10",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_tool_display()}, {self.held_on:%-d %B %Y}"

    @property
    def house_names(self) -> dict[str, str]:
        if self.tool == Tool.FAIRY_WIZARD:
            return {"worries": "Worries", "good_things": "Good things", "dreams": "Wishes"}
        return {
            "worries": self.worries_name or "House of Worries",
            "good_things": self.good_things_name or "House of Good Things",
            "dreams": self.dreams_name or "House of Dreams",
        }


class Drawing(models.Model):
    record = models.ForeignKey(ChildVoiceRecord, on_delete=models.PROTECT, related_name="drawings")
    file = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="drawing")
    caption = models.CharField(max_length=300)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption


class WordsAndPictures(Sharing):
    revision = models.PositiveIntegerField(default=1)  # each saved change: core/revisions.py
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="words_and_pictures")
    wp_type = models.CharField(max_length=20, choices=WordsAndPicturesType.choices)
    title = models.CharField(max_length=200)
    whos_worried = models.TextField()
    what_worried_about = models.TextField()
    what_happened_then = models.TextField(blank=True)
    what_we_are_doing = models.TextField()
    drafted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    drafted_on = models.DateField()
    parents_agreed_on = models.DateField(null=True, blank=True)
    parents_wording = models.TextField(blank=True)  # words the parents asked for
    disagreements_note = models.TextField(blank=True)
    shared_with_child_on = models.DateField(null=True, blank=True)
    shared_by = models.CharField(max_length=300, blank=True)
    how_shared = models.TextField(blank=True)  # R26: how the explanation was given
    network_shown = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-drafted_on", "-pk"]
        verbose_name_plural = "words and pictures"

    def __str__(self) -> str:
        return self.title

    @property
    def practitioner_id(self) -> int:
        return self.drafted_by_id


class WordsAndPicturesPage(models.Model):
    booklet = models.ForeignKey(WordsAndPictures, on_delete=models.PROTECT, related_name="pages")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    picture = models.OneToOneField(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="wp_page"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"Page {self.position}"


class SharingOverride(models.Model):
    """Sharing beyond what the child agreed, for a recorded safeguarding reason (R27)."""

    voice_record = models.ForeignKey(
        ChildVoiceRecord, on_delete=models.PROTECT, null=True, related_name="overrides"
    )
    words_and_pictures = models.ForeignKey(
        WordsAndPictures, on_delete=models.PROTECT, null=True, related_name="overrides"
    )
    audience = models.CharField(max_length=20, choices=Audience.choices)
    reason = models.TextField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voice_record__isnull=True, words_and_pictures__isnull=False)
                | models.Q(voice_record__isnull=False, words_and_pictures__isnull=True),
                name="voice_override_one_record",
            )
        ]

    def __str__(self) -> str:
        return f"Shared with {self.get_audience_display().lower()}"
