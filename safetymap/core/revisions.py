"""Two people changing the same record: the second never silently replaces the first's words.

Every record a change form edits has a ``revision`` number. The form carries the revision it
was opened at (a required hidden field); saving first *claims* the next revision with
``UPDATE … SET revision = revision + 1 WHERE id = … AND revision = n``, in the same
transaction as the change. If someone saved in between, no row matches: nothing is written and
the person sees the saved version beside their own words (``EditConflict``), with the form now
at the saved revision, so saving again replaces it knowingly. The database's row lock makes the
claim safe when both save at the same moment: the second waits, then finds the revision moved.

``core.views.form_page(record=…)`` does this for every change form; a service that saves a
record outside a form page calls ``claim`` itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest

from safetymap.core import display

FIELD_NAME = "revision"
LARGEST_REVISION = 2**31 - 1  # a PositiveIntegerField's largest value on every engine
OUT_OF_DATE_FORM = (
    "This page was opened before a change to Safetymap and cannot be saved. Your words are "
    "below: copy them, open the page again, and save from there."
)

# Who last changed a record and when, in words ("Sam Example, on 16 November 2026 at 10:04,").
# The audit app registers it (audit/apps.py): the core knows nothing of the trail.
_last_change: Callable[[models.Model], str] | None = None


def register_last_change(describe: Callable[[models.Model], str]) -> None:
    global _last_change
    _last_change = describe


class EditConflict(Exception):
    """Someone saved the record after this person opened the form."""

    def __init__(self, current: models.Model) -> None:
        self.current = current
        who = _last_change(current) if _last_change else ""
        super().__init__(
            f"{who or 'Someone'} saved a change to this after you opened it. Nothing of "
            "theirs has been replaced and your words have not been saved yet. Their version "
            "is shown below and your words are still in the form: check both, then save again "
            "to keep your words, or go back to keep theirs."
        )


def claim(record: models.Model, revision: int) -> None:
    """Take the record's next revision if it is still at ``revision``; else ``EditConflict``.
    Call inside the transaction that writes the change."""
    manager = type(record)._default_manager
    taken = manager.filter(pk=record.pk, revision=revision).update(revision=F("revision") + 1)
    if not taken:
        raise EditConflict(manager.get(pk=record.pk))
    record.revision = revision + 1  # type: ignore[attr-defined]


def sent_revision(request: HttpRequest) -> int | None:
    """The revision the form was opened at, or None when the form did not carry one."""
    value = request.POST.get(FIELD_NAME, "")
    # Only a revision a record can have (a PositiveIntegerField): anything else was not put
    # there by the page, and the form says it cannot be saved rather than a record changed.
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= LARGEST_REVISION:
        return None
    return int(value)


def their_version(form: forms.BaseForm) -> list[dict[str, Any]]:
    """The saved version, field by field, where it differs from what the person sent: the
    form's initial values are the saved record as the page read it."""
    rows = []
    for name in form.changed_data:
        bound = form[name]
        if isinstance(bound.field.widget, forms.HiddenInput):
            continue
        rows.append({"label": bound.label, "value": _shown(bound.field, bound.initial)})
    return rows


def _shown(field: forms.Field, value: Any) -> str:
    if value in (None, "", [], ()):
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return display.govuk_date(value)
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {str(getattr(key, "value", key)): str(label) for key, label in choices}
        values = value if isinstance(value, list | tuple | set) else [value]
        return ", ".join(labels.get(str(getattr(v, "pk", v)), str(v)) for v in values)
    return str(value)


def save_only(record: models.Model, names: Iterable[str]) -> None:
    """Write only these fields of an existing record: a whole-row save would put back whatever
    someone else changed since the page read the row (a new record is saved whole). Names that
    are not columns of the record (many-to-many, form-only fields) are left out."""
    if record._state.adding:
        record.save()
        return
    columns = {f.name for f in record._meta.concrete_fields if not f.primary_key}
    chosen = sorted({name for name in names if name in columns})
    if chosen:
        record.save(update_fields=chosen)


def hold(record: models.Model) -> None:
    """Hold the record's row until the transaction ends, and read it afresh: two people
    changing it at once are taken one after the other, and the second sees what the first did
    (so numbering never collides and a save puts nothing back). Outside a transaction (a
    ``may_…`` question asked before a form is shown) it only reads what is there."""
    if not transaction.get_connection().in_atomic_block:
        return
    manager = type(record)._default_manager
    manager.select_for_update().filter(pk=record.pk).values("pk").get()
    record.refresh_from_db()
