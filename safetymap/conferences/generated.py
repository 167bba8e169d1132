"""The record's documents, made in the background (docs/conferences.md, "Documents").

A request never makes a PDF or Word file: it asks for one (``ask_for``), which finds the
document already made for exactly what the record says now, or queues the worker to make it
(``tasks.make_record_document``). The file is written through ``safetymap.uploads.storage``
(outside the web root, written atomically) and served only by the access-checked, audited view.

``content_key`` is the SHA-256 of the version, the format, the recipient and everything the
document says (``presentation.record_sections``): after any change to the record the key
changes, so an older file is never served for it; older files are removed once a newer one is
made.
"""

from __future__ import annotations

import hashlib
import logging
import uuid

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from safetymap.accounts.models import User
from safetymap.conferences import documents, presentation
from safetymap.conferences.models import (
    Conference,
    DocumentState,
    GeneratedDocument,
    Invitation,
)
from safetymap.uploads import storage

logger = logging.getLogger(__name__)
REPLACED = "The record has changed since this was made."

VERSIONS = ("full", "family")
FORMATS = {
    "pdf": ("application/pdf", documents.render_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        documents.render_docx,
    ),
}


def _sections(conference: Conference, version: str, recipient: Invitation | None):
    return presentation.record_sections(conference, recipient=recipient, family=version == "family")


def content_key(version: str, fmt: str, recipient_id: int | None, sections) -> str:
    said = f"{version}|{fmt}|{recipient_id or ''}|{sections!r}"
    return hashlib.sha256(said.encode("utf-8")).hexdigest()


def _made_for_now(conference: Conference, version: str, fmt: str, recipient: Invitation | None):
    """The content key of what the record says now, and the documents made or being made for
    it (a failed one is not counted: asking again makes a new one)."""
    key = content_key(
        version, fmt, recipient.pk if recipient else None, _sections(conference, version, recipient)
    )
    found = (
        GeneratedDocument.objects.filter(
            conference=conference, version=version, fmt=fmt, content_key=key
        )
        .filter(recipient=recipient)
        .exclude(state=DocumentState.FAILED)
    )
    return key, found


def made_for_now(
    *, conference: Conference, version: str, fmt: str, recipient: Invitation | None
) -> GeneratedDocument | None:
    """The document for what the record says now, if it is made or being made; reads only, so
    opening a download address changes nothing (the caller has checked the copy, R40)."""
    return _made_for_now(conference, version, fmt, recipient)[1].first()


@transaction.atomic
def ask_for(
    *, by: User, conference: Conference, version: str, fmt: str, recipient: Invitation | None
) -> GeneratedDocument:
    """The document for what the record says now: made already, being made, or queued now.
    (The caller has checked that ``by`` may open the conference.) Asked again here, whatever
    the caller did: the copy must be one ``by`` may have (R40, ``selectors.copy_for``)."""
    from safetymap.conferences.selectors import copy_for

    if copy_for(by, conference, recipient) != recipient:
        raise Http404
    key, current = _made_for_now(conference, version, fmt, recipient)
    found = current.select_for_update().first()
    if found is not None:
        return found
    made = GeneratedDocument.objects.create(
        conference=conference,
        version=version,
        fmt=fmt,
        recipient=recipient,
        content_key=key,
        requested_by=by,
    )
    _queue(made)
    made.refresh_from_db()  # the test run's backend makes it at once
    return made


def _queue(document: GeneratedDocument) -> None:
    # Queued in the same transaction as the row (the database backend's task row commits with
    # it, so a document is never left waiting for a task that was lost). Only an id goes in.
    from safetymap.conferences.tasks import make_record_document

    make_record_document.enqueue(document_id=document.pk)


def make(document_id: int) -> str:
    """Make one document (the worker's task). Returns its state."""
    document = (
        GeneratedDocument.objects.select_related("conference", "recipient")
        .filter(pk=document_id)
        .first()
    )
    if document is None or document.state != DocumentState.PREPARING:
        return "skipped"
    try:
        sections = _sections(document.conference, document.version, document.recipient)
        if content_key(document.version, document.fmt, document.recipient_id, sections) != (
            document.content_key
        ):
            return _failed(document, REPLACED)
        _, render = FORMATS[document.fmt]
        data = render(sections)
    except Exception:
        logger.exception("Conference document %s could not be made", document.pk)
        return _failed(document, COULD_NOT_MAKE)
    name = f"{uuid.uuid4().hex}.{document.fmt}"
    storage.write_atomically(name, data)
    with transaction.atomic():
        updated = GeneratedDocument.objects.filter(
            pk=document.pk, state=DocumentState.PREPARING
        ).update(
            state=DocumentState.READY,
            storage_name=name,
            size=len(data),
            finished_at=timezone.now(),
        )
        if not updated:
            storage.remove(name)
            return "skipped"
        _remove_older(document)
    return DocumentState.READY


COULD_NOT_MAKE = "This document could not be made. Try again."
TOOK_TOO_LONG = "This document took too long to make. Try again."


def could_not_make(document_id: int, *, took_too_long: bool) -> None:
    """The worker gave up on the document (its task failed): say so, if it is still waiting."""
    GeneratedDocument.objects.filter(pk=document_id, state=DocumentState.PREPARING).update(
        state=DocumentState.FAILED,
        failure=TOOK_TOO_LONG if took_too_long else COULD_NOT_MAKE,
        finished_at=timezone.now(),
    )


def _failed(document: GeneratedDocument, why: str) -> str:
    GeneratedDocument.objects.filter(pk=document.pk).update(
        state=DocumentState.FAILED, failure=why, finished_at=timezone.now()
    )
    return DocumentState.FAILED


def _remove_older(document: GeneratedDocument) -> None:
    """Files made for an earlier state of the record are never served again: remove them (the
    rows stay, marked as replaced, so an open status page still says what happened)."""
    older = GeneratedDocument.objects.filter(
        conference=document.conference_id,
        version=document.version,
        fmt=document.fmt,
        recipient=document.recipient_id,
        state=DocumentState.READY,
        requested_at__lte=document.requested_at,
    ).exclude(pk=document.pk)
    for old in older:
        storage.remove(old.storage_name)
    older.update(
        state=DocumentState.FAILED, storage_name="", size=0, failure=REPLACED, finished_at=None
    )


def read(document: GeneratedDocument) -> bytes:
    return storage.read(document.storage_name)
