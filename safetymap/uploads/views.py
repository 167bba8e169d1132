from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from safetymap.access.decorators import capability_required
from safetymap.access.policy import Capability
from safetymap.uploads import selectors


@capability_required(Capability.USE_CASE_WORK)
def serve(request: HttpRequest, pk: int) -> HttpResponse:
    """A stored picture, only through here: checked, audited, never cached, never sniffed."""
    stored, data = selectors.open_file(request.user, pk)
    response = HttpResponse(data, content_type=stored.content_type)
    response["Content-Disposition"] = f'inline; filename="picture-{stored.pk}.{stored.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = str(len(data))
    return response
