"""Reading a stored file: sight of the child, the purpose's gate, and an audit event."""

from __future__ import annotations

from django.http import Http404

from safetymap.access.policy import basis_for
from safetymap.accounts.models import User
from safetymap.audit.models import Action
from safetymap.audit.services import record
from safetymap.uploads import gates, storage
from safetymap.uploads.models import StoredFile


def open_file(user: User, pk: int) -> tuple[StoredFile, bytes]:
    """The file and its bytes; 'not found' for a child the person may not see, or a file the
    child did not agree they may see, exactly as for a file that does not exist."""
    stored = StoredFile.objects.filter(pk=pk).first()
    basis = basis_for(user, stored.child_id) if stored else None
    if basis is None or not gates.allows(user, stored, basis):
        raise Http404
    try:
        data = storage.read(stored.storage_name)
    except FileNotFoundError as missing:
        raise Http404 from missing
    record(
        actor=user,
        action=Action.VIEW,
        subject=stored,
        basis=basis,
        details={"child": stored.child_id, "purpose": stored.purpose},
    )
    return stored, data
