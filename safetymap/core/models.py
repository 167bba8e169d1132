"""What the core keeps for every page: the one-time keys that make a form safe to send twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SubmissionKey(models.Model):
    """A form that was sent and done (core/submissions.py). A second sending of the same form,
    a double click or a retry after a slow answer, finds its key here and is answered with
    where the first one went, so nothing is made twice."""

    key = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500)
    answered_with = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.path} ({self.sent_at:%Y-%m-%d %H:%M})"
