"""The child's voice pages: recording each tool through its form, showing the child's own words,
and R27 (the child's permission to share) on every page, list, picture and booklet."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from safetymap.voice.models import ChildVoiceRecord, Drawing, SharingOverride
from tests.factories import (
    ChildVoiceRecordFactory,
    UserFactory,
    WordsAndPicturesFactory,
    png_bytes,
)
from tests.forms import date_fields
from tests.queries import assert_queries_do_not_grow
from tests.uploads.helpers import allocated, upload, with_grant

pytestmark = pytest.mark.django_db


COMMON = {
    **date_fields("held_on", datetime.date(2026, 10, 5)),
    "parental_consent": "YES",
    "share_scope": "ALL_PROFESSIONALS",
    "verbatim": "on",
}


@pytest.fixture
def worker_and_child():
    worker, child, _ = allocated()
    return worker, child


def test_three_houses_are_recorded_and_shown_in_the_childs_own_words(
    client: Client, worker_and_child
):
    worker, child = worker_and_child
    client.force_login(worker)
    response = client.post(
        f"/children/{child.pk}/voice/new/three-houses/",
        {
            **COMMON,
            "worries_name": "The grumpy house",
            "worries": "When Dad shouts at night\n\nWhen there is no food",
            "good_things": "Nan's pancakes",
            "dreams": "A dog called Biscuit",
            "who_frightens": "Dad when he drinks",
        },
    )
    item = ChildVoiceRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/voice/{item.pk}/"
    page = client.get(f"/voice/{item.pk}/").content.decode()
    assert f"In {child.first_name}&#x27;s own words" in page
    assert "“When Dad shouts at night”" in page and "“When there is no food”" in page
    assert "The grumpy house" in page and "Dad when he drinks" in page
    assert AuditEvent.objects.filter(action=Action.CREATE, subject_id=str(item.pk)).exists()


def test_words_not_word_for_word_are_marked_as_the_workers(client: Client, worker_and_child):
    worker, child = worker_and_child
    item = ChildVoiceRecordFactory(child=child, practitioner=worker, verbatim=False)
    client.force_login(worker)
    page = client.get(f"/voice/{item.pk}/").content.decode()
    assert "not word for word" in page and "“When Dad shouts at night”" not in page


@pytest.mark.parametrize(
    "slug,fields,saved",
    [
        ("fairy-wizard", {"figure": "WIZARD", "dreams": "To fly"}, "To fly"),
        (
            "safety-house",
            {"lives_with_me": "Mum\nNan", "path_position": "7", "path_words": "Nearly home"},
            "Nearly home",
        ),
        ("own-words", {"words": "I like it when Nan picks me up"}, "I like it when Nan"),
    ],
)
def test_each_tool_has_its_own_page(client: Client, worker_and_child, slug, fields, saved):
    worker, child = worker_and_child
    client.force_login(worker)
    assert client.get(f"/children/{child.pk}/voice/new/{slug}/").status_code == 200
    response = client.post(f"/children/{child.pk}/voice/new/{slug}/", {**COMMON, **fields})
    assert response.status_code == 302
    assert saved in client.get(response["Location"]).content.decode()


def test_a_form_with_problems_shows_them_and_saves_nothing(client: Client, worker_and_child):
    worker, child = worker_and_child
    client.force_login(worker)
    response = client.post(
        f"/children/{child.pk}/voice/new/safety-house/",
        {**COMMON, "parental_consent": "NO"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Say why this went ahead without a parent or carer" in page
    assert "Enter at least one part of the child" in page
    response = client.post(
        f"/children/{child.pk}/voice/new/safety-house/",
        {**COMMON, "lives_with_me": "Mum", "path_position": "12"},
    )
    assert "must be 0 to 10" in response.content.decode()
    assert not ChildVoiceRecord.objects.exists()


def test_a_record_can_be_changed_and_the_change_is_audited(client: Client, worker_and_child):
    worker, child = worker_and_child
    item = ChildVoiceRecordFactory(child=child, practitioner=worker)
    client.force_login(worker)
    assert client.get(f"/voice/{item.pk}/change/").status_code == 200
    response = client.post(
        f"/voice/{item.pk}/change/", {**COMMON, "revision": "1", "worries": "Only one worry now"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.worries == "Only one worry now"
    assert AuditEvent.objects.filter(action=Action.UPDATE, subject_id=str(item.pk)).exists()


# --- R27 on every output -----------------------------------------------------------------------


def test_r27_the_record_page_honours_the_childs_permission(client: Client, worker_and_child):
    worker, child = worker_and_child
    shared = ChildVoiceRecordFactory(child=child, practitioner=worker)
    parents_only = ChildVoiceRecordFactory(child=child, practitioner=worker, share_scope="PARENTS")
    other = with_grant(child)
    client.force_login(other)
    assert client.get(f"/voice/{shared.pk}/").status_code == 200
    assert client.get(f"/voice/{parents_only.pk}/").status_code == 404
    client.force_login(worker)
    assert client.get(f"/voice/{parents_only.pk}/").status_code == 200


def test_r27_a_named_exclusion_never_sees_it(client: Client, worker_and_child):
    worker, child = worker_and_child
    other = with_grant(child, email="named.teacher@fictional.example")
    item = ChildVoiceRecordFactory(
        child=child, practitioner=worker, share_exclusions="Named.Teacher@fictional.example"
    )
    client.force_login(other)
    assert client.get(f"/voice/{item.pk}/").status_code == 404
    assert f"/voice/{item.pk}/" not in client.get(f"/children/{child.pk}/voice/").content.decode()


def test_r27_the_list_and_the_child_page_show_only_what_the_child_agreed(
    client: Client, worker_and_child
):
    worker, child = worker_and_child
    shared = ChildVoiceRecordFactory(child=child, practitioner=worker)
    private = ChildVoiceRecordFactory(
        child=child, practitioner=worker, share_scope="NONE", tool="SAFETY_HOUSE"
    )
    WordsAndPicturesFactory(
        child=child, drafted_by=worker, title="Secret story", share_scope="NONE"
    )
    client.force_login(with_grant(child))
    listing = client.get(f"/children/{child.pk}/voice/").content.decode()
    assert f"/voice/{shared.pk}/" in listing and f"/voice/{private.pk}/" not in listing
    assert "Secret story" not in listing
    child_page = client.get(f"/children/{child.pk}/").content.decode()
    assert "1 piece of direct work and 0 Words and Pictures" in child_page
    client.force_login(worker)
    listing = client.get(f"/children/{child.pk}/voice/").content.decode()
    assert f"/voice/{private.pk}/" in listing and "Secret story" in listing
    child_page = client.get(f"/children/{child.pk}/").content.decode()
    assert "2 pieces of direct work and 1 Words and Pictures" in child_page


def test_r27_a_drawing_is_served_only_to_those_who_may_see_its_record(
    client: Client, worker_and_child
):
    worker, child = worker_and_child
    item = ChildVoiceRecordFactory(child=child, practitioner=worker, share_scope="PARENTS")
    client.force_login(worker)
    response = client.post(
        f"/voice/{item.pk}/drawings/new/",
        {"file": upload(png_bytes()), "caption": "My three houses"},
    )
    assert response.status_code == 302
    drawing = Drawing.objects.get()
    page = client.get(f"/voice/{item.pk}/").content.decode()
    assert f"/files/{drawing.file_id}/" in page and 'alt="My three houses"' in page
    assert client.get(f"/files/{drawing.file_id}/").status_code == 200
    client.force_login(with_grant(child))
    assert client.get(f"/files/{drawing.file_id}/").status_code == 404
    item.share_scope = "ALL_PROFESSIONALS"
    item.save()
    assert client.get(f"/files/{drawing.file_id}/").status_code == 200


def test_a_drawing_that_is_not_a_picture_is_refused_on_the_form(client: Client, worker_and_child):
    worker, child = worker_and_child
    item = ChildVoiceRecordFactory(child=child, practitioner=worker)
    client.force_login(worker)
    response = client.post(
        f"/voice/{item.pk}/drawings/new/",
        {"file": upload(b"<svg><script>alert(1)</script></svg>", "x.png"), "caption": "x"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "web page or an SVG drawing" in page and 'href="#id_file"' in page
    assert not Drawing.objects.exists()


def test_r27_a_safeguarding_override_is_recorded_with_its_reason_and_audited(
    client: Client, worker_and_child
):
    worker, child = worker_and_child
    item = ChildVoiceRecordFactory(child=child, practitioner=worker, share_scope="NONE")
    other = with_grant(child)
    client.force_login(other)
    assert client.get(f"/voice/{item.pk}/").status_code == 404
    client.force_login(worker)
    empty = client.post(f"/voice/{item.pk}/share/", {"audience": "PROFESSIONALS"})
    assert "govuk-error-summary" in empty.content.decode()
    response = client.post(
        f"/voice/{item.pk}/share/",
        {"audience": "PROFESSIONALS", "reason": "The police need to know what Amara said."},
    )
    assert response.status_code == 302
    override = SharingOverride.objects.get()
    assert override.reason.startswith("The police") and override.recorded_by == worker
    event = AuditEvent.objects.get(details__safeguarding_override="PROFESSIONALS")
    assert event.subject_id == str(item.pk) and "police" not in str(event.details)
    client.force_login(other)
    assert client.get(f"/voice/{item.pk}/").status_code == 200


def test_r27_only_those_who_hold_the_work_may_override(client: Client, worker_and_child):
    worker, child = worker_and_child
    item = ChildVoiceRecordFactory(child=child, practitioner=worker)
    client.force_login(with_grant(child, Role.SOCIAL_WORKER))
    response = client.post(f"/voice/{item.pk}/share/", {"audience": "FAMILY", "reason": "Because"})
    assert "Only the worker who recorded this" in response.content.decode()
    assert not SharingOverride.objects.exists()


def test_reads_are_audited(client: Client, worker_and_child):
    worker, child = worker_and_child
    item = ChildVoiceRecordFactory(child=child, practitioner=worker)
    client.force_login(worker)
    client.get(f"/voice/{item.pk}/")
    client.get(f"/children/{child.pk}/voice/")
    assert AuditEvent.objects.filter(
        action=Action.VIEW, subject_type="voice.ChildVoiceRecord", subject_id=str(item.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action=Action.VIEW, child_id=child.pk, details__page="child's voice"
    ).exists()


def test_someone_who_cannot_see_the_child_gets_not_found(client: Client, worker_and_child):
    worker, child = worker_and_child
    item = ChildVoiceRecordFactory(child=child, practitioner=worker)
    client.force_login(UserFactory(roles=[Role.SOCIAL_WORKER]))
    assert client.get(f"/voice/{item.pk}/").status_code == 404
    assert client.get(f"/children/{child.pk}/voice/").status_code == 404
    response = client.post(f"/children/{child.pk}/voice/new/own-words/", {**COMMON, "words": "x"})
    assert response.status_code == 404 and not ChildVoiceRecord.objects.filter(words="x").exists()


# --- Query counts --------------------------------------------------------------------------------


def test_the_voice_pages_do_not_grow_their_queries_with_the_record(
    client: Client, worker_and_child
):
    worker, child = worker_and_child
    item = ChildVoiceRecordFactory(child=child, practitioner=worker)
    booklet = WordsAndPicturesFactory(child=child, drafted_by=worker)
    client.force_login(worker)

    def grow():
        from safetymap.uploads.services import store_upload
        from safetymap.voice.models import WordsAndPicturesPage

        for n in range(3):
            other = ChildVoiceRecordFactory(child=child, practitioner=worker)
            SharingOverride.objects.create(
                voice_record=other, audience="FAMILY", reason="r", recorded_by=worker
            )
            WordsAndPicturesFactory(child=child, drafted_by=worker)
            stored = store_upload(worker, child, upload(png_bytes()), "voice-drawing")
            Drawing.objects.create(record=item, file=stored, caption=f"Drawing {n}")
            picture = store_upload(worker, child, upload(png_bytes()), "words-and-pictures")
            WordsAndPicturesPage.objects.create(
                booklet=booklet, position=n + 1, text="A page", picture=picture
            )

    def pages():
        for url in (
            f"/children/{child.pk}/voice/",
            f"/voice/{item.pk}/",
            f"/words-and-pictures/{booklet.pk}/",
            f"/children/{child.pk}/",
        ):
            assert client.get(url).status_code == 200

    assert_queries_do_not_grow(pages, grow)


def test_only_those_who_hold_the_work_change_the_childs_words(client: Client, worker_and_child):
    worker, child = worker_and_child
    item = ChildVoiceRecordFactory(child=child, practitioner=worker)
    other = with_grant(child, Role.SOCIAL_WORKER)
    client.force_login(other)
    assert client.get(f"/voice/{item.pk}/").status_code == 200  # may read it (ALL_PROFESSIONALS)
    response = client.post(
        f"/voice/{item.pk}/change/", {**COMMON, "revision": "1", "worries": "Changed"}
    )
    assert "Only the worker who recorded this" in response.content.decode()
    item.refresh_from_db()
    assert item.worries != "Changed"
    client.force_login(other)
    page = client.get(f"/voice/{item.pk}/").content.decode()
    assert "Change this record" not in page and "Add to the map" not in page
    client.force_login(worker)
    assert "Change this record" in client.get(f"/voice/{item.pk}/").content.decode()


def test_a_drawing_whose_record_fails_leaves_no_file_behind(worker_and_child, monkeypatch):
    from safetymap.uploads.models import StoredFile
    from safetymap.voice import services

    worker, child = worker_and_child
    item = ChildVoiceRecordFactory(child=child, practitioner=worker)

    def broken(**kwargs):
        raise RuntimeError("the audit trail is unavailable")

    monkeypatch.setattr(services, "record", broken)
    with pytest.raises(RuntimeError):
        services.add_drawing(by=worker, item=item, file=upload(png_bytes()), caption="x")
    from django.conf import settings

    assert not StoredFile.objects.exists() and not Drawing.objects.exists()
    assert not [p for p in settings.SAFETYMAP_UPLOAD_ROOT.rglob("*") if p.is_file()]


def test_r27_the_hook_for_conference_papers_gives_what_the_child_agreed_for_them(
    worker_and_child,
):
    from safetymap.voice.selectors import shared_for

    worker, child = worker_and_child
    conference = ChildVoiceRecordFactory(child=child, practitioner=worker, share_scope="CONFERENCE")
    network = ChildVoiceRecordFactory(child=child, practitioner=worker, share_scope="NETWORK")
    invitee = with_grant(child)  # stands in for a conference invitee until issue 7
    assert shared_for(invitee, child.pk, "CONFERENCE").records == [conference]
    assert {r.pk for r in shared_for(worker, child.pk, "NETWORK").records} == {
        conference.pk,
        network.pk,
    }
    assert AuditEvent.objects.filter(details__audience="CONFERENCE", child_id=child.pk).exists()
