"""Every page that shows a child's case data writes an audit event naming that child.

Generated over the URL declarations (tests/access/urls_*.py), as the authorisation tests are:
every GET of a child-record app's page that opens (200) for a person allocated to the child
must leave at least one event with that child's ``AuditEvent.child_id``, or the privacy
officer's "who has accessed this record" report would miss the read.
"""

from __future__ import annotations

import pytest
from django.test import Client

from safetymap.audit.models import Action, AuditEvent
from tests.access.parts_of_a_record import PARTS
from tests.access.test_every_url import (
    ACCESS,
    CHILD_RECORD_URLS,
    NEED_MORE_THAN_THE_DECLARED_OBJECT,
    _role_with,
    path_for,
)
from tests.factories import UserFactory

# Pages whose declared object sends the person back to the record, saying why, rather than
# opening (core.views.not_now): there is nothing of theirs to show, so no read. Each checked to
# send them back, so a page that starts to open here is checked like the rest.
SENT_BACK_WITH_THE_DECLARED_OBJECT = {
    "conferences:my-report": "no agency report was asked of the person's organisation",
    "mapping:goal-review": "the episode has no map with safety goals to review",
    # The step's service refuses it for the declared record, so the page does too, before the
    # form (core.views.form_page ``may``): nothing of the record is shown.
    "conferences:child-views": "the person is neither the chair nor the social work side",
    "conferences:decision": "the conference has not been held",
    "conferences:held": "the conference's invitations have not gone",
    "conferences:stop": "only the conference's chair postpones or cancels it",
    "conferences:invite-family": "the conference has no date yet",
    "conferences:invite-professional": "the conference has no date yet",
    "mapping:escalation-response": "only the meeting's lead, a chair or a manager records it",
    "safety:check-add": "the plan is not yet one the family and network follow",
    "safety:concern-add": "the plan is not yet one the family and network follow",
}


# Pages that need a second object besides the declared one, which the access tests make up,
# are made whole with tests/access/parts_of_a_record.py, so these are checked too. The rest of
# NEED_MORE_THAN_THE_DECLARED_OBJECT: a team's queue (a list, as My work is) and a transfer's
# decline are for the receiving team's managers; the others read through a selector that
# audits both records or the file already (comparing maps: mapping.selectors.open_map;
# merging: people.selectors.merge_pair; an upload: uploads.selectors).
GET_PAGES = sorted(
    name
    for name in CHILD_RECORD_URLS
    if name not in ACCESS.post_only
    and (name not in NEED_MORE_THAN_THE_DECLARED_OBJECT or name in PARTS)
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", GET_PAGES)
def test_every_page_showing_a_childs_record_writes_an_audit_event_naming_the_child(
    client: Client, name: str
):
    from safetymap.people.models import Child
    from tests.factories import AllocationFactory, EpisodeFactory

    person = UserFactory(roles=[_role_with(ACCESS.needs_capability[name])])
    client.force_login(person)
    kwargs = PARTS.get(name, ACCESS.real_object[name])()
    child = Child.objects.latest("pk")  # the record the object belongs to, made just now
    episode = child.episodes.first() or EpisodeFactory(child=child)
    AllocationFactory(episode=episode, worker=person)
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    response = client.get(path_for(name, kwargs))

    if name in SENT_BACK_WITH_THE_DECLARED_OBJECT:
        assert response.status_code == 302, (name, SENT_BACK_WITH_THE_DECLARED_OBJECT[name])
        return
    assert response.status_code == 200, (name, response.status_code)
    assert AuditEvent.objects.filter(
        id__gt=before, child_id=child.pk, actor=person, action=Action.VIEW
    ).exists(), f"{name} shows {child}'s record and wrote no audit event naming the child"
