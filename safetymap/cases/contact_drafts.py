"""A contact being recorded, kept in the person's session while they step away from the form to
find a child or record a new one, so nothing typed is lost and no JavaScript is needed.

Each draft has its own id (in the address and a hidden field), so two contacts taken down in two
tabs at once (two phone calls) do not mix. Only what was typed is kept, as the form sent it; it
is checked only when the contact is saved, by the form and the service as any other.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest, QueryDict

SESSION_KEY = "contact_drafts"
MAX_DRAFTS = 10  # a person taking many calls at once; older drafts are forgotten first
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "submission_key", "action", "remove", "draft"})


def draft_id(request: HttpRequest) -> str:
    """The draft this page is about (sent in the address or the form), or a new one."""
    sent = request.POST.get("draft") or request.GET.get("draft") or ""
    if 8 <= len(sent) <= 32 and sent.replace("-", "").replace("_", "").isalnum():
        return sent
    return secrets.token_urlsafe(9)


def typed(data: QueryDict) -> dict[str, list[str]]:
    """What the contact form sent, less the form's own machinery."""
    return {name: data.getlist(name) for name in data if name not in NOT_KEPT}


def load(request: HttpRequest, draft: str) -> dict[str, list[str]]:
    return dict(request.session.get(SESSION_KEY, {}).get(draft, {}))


def save(request: HttpRequest, draft: str, values: dict[str, list[str]]) -> None:
    drafts = dict(request.session.get(SESSION_KEY, {}))
    drafts.pop(draft, None)
    drafts[draft] = values
    request.session[SESSION_KEY] = dict(list(drafts.items())[-MAX_DRAFTS:])


def add_child(request: HttpRequest, draft: str, child_id: int) -> None:
    values = load(request, draft)
    children = values.get("children", [])
    if str(child_id) not in children:
        values["children"] = [*children, str(child_id)]
    save(request, draft, values)


def forget(request: HttpRequest, draft: str) -> None:
    drafts = dict(request.session.get(SESSION_KEY, {}))
    if drafts.pop(draft, None) is not None:
        request.session[SESSION_KEY] = drafts


def as_data(values: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, items in values.items():
        data.setlist(name, items)
    return data
