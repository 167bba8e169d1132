"""Shared by the uploads and voice tests: people with and without sight of a child."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safetymap.access.models import AccessGrant
from safetymap.accounts.roles import Role
from tests.factories import AllocationFactory, UserFactory


def allocated():
    """(worker, child): a social worker allocated to a fictional child."""
    allocation = AllocationFactory()
    return allocation.worker, allocation.episode.child, allocation


def with_grant(child, *roles: Role, **fields):
    """Someone who can see the child through a live grant but does not hold the work."""
    user = UserFactory(roles=list(roles or [Role.FRONT_DOOR_PRACTITIONER]), **fields)
    now = timezone.now()
    AccessGrant.objects.create(
        user=user,
        child=child,
        basis="FRONT_DOOR_ENQUIRY",
        reason="Fictional enquiry",
        starts_at=now - datetime.timedelta(minutes=1),
        expires_at=now + datetime.timedelta(hours=1),
    )
    return user


def upload(data: bytes, name: str = "drawing.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)
