"""Share your experience: practice stories, moderated before anything is published."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from safetymap.access.policy import AccessRefused
from safetymap.accounts.roles import Role
from safetymap.audit.models import AuditEvent
from safetymap.partnership import services
from safetymap.partnership.models import PracticeStory, StoryStatus
from safetymap.partnership.services import PartnershipRefused
from tests.factories import UserFactory
from tests.partnership.factories import PracticeStoryFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


def lead():
    return UserFactory(roles=[Role.PRACTICE_LEAD])


def story_answers(**changes) -> dict:
    return {
        "title": "A fictional network meeting",
        "working_well": "The family chose the network.",
        "worried_about": "Nobody knew the worry.",
        "needs_to_happen": "Read the danger statement together.",
        **changes,
    }


def test_anyone_signed_in_shares_a_story_which_waits_for_moderation(client: Client):
    author = UserFactory(roles=[Role.SYSTEM_ADMINISTRATOR])  # even without training capabilities
    client.force_login(author)
    page = client.get(reverse("partnership:story-new")).content.decode()
    assert "Do not name any child, family member or worker" in page
    response = client.post(reverse("partnership:story-new"), story_answers(), follow=True)
    assert "A practice lead will read your story before it is published" in (
        response.content.decode()
    )
    story = PracticeStory.objects.get()
    assert story.status == StoryStatus.PENDING and story.author == author
    assert AuditEvent.objects.filter(subject_type="partnership.PracticeStory").exists()


def test_a_story_needs_all_three_questions_and_not_too_much(client: Client):
    client.force_login(UserFactory())
    page = client.post(
        reverse("partnership:story-new"), story_answers(worried_about="", working_well="w" * 3001)
    ).content.decode()
    assert "Enter what you were worried about" in page
    assert "What worked well must be 3000 characters or fewer" in page
    assert not PracticeStory.objects.exists()


def test_an_unpublished_story_is_seen_only_by_its_author_and_moderators(client: Client):
    story = PracticeStoryFactory()
    url = reverse("partnership:story", args=[story.pk])
    client.force_login(UserFactory(roles=[Role.SOCIAL_WORKER]))
    assert client.get(url).status_code == 404
    client.force_login(story.author)
    assert client.get(url).status_code == 200
    client.force_login(lead())
    assert client.get(url).status_code == 200


def test_a_practice_lead_publishes_a_story_for_everyone_signed_in(client: Client):
    story = PracticeStoryFactory(title="Fictional published story")
    services.publish_story(by=lead(), story=story)
    client.force_login(UserFactory(roles=[Role.SOCIAL_WORKER]))
    page = client.get(reverse("partnership:stories")).content.decode()
    assert "Fictional published story" in page
    assert client.get(reverse("partnership:story", args=[story.pk])).status_code == 200


def test_nobody_publishes_their_own_story():
    moderator = lead()
    story = PracticeStoryFactory(author=moderator)
    with pytest.raises(PartnershipRefused, match="Someone else must moderate your own story"):
        services.publish_story(by=moderator, story=story)


def test_returning_a_story_needs_a_reason_the_author_then_sees(client: Client):
    story = PracticeStoryFactory()
    with pytest.raises(PartnershipRefused, match="Enter why the story is returned"):
        services.return_story(by=lead(), story=story, reason="")
    services.return_story(by=lead(), story=story, reason="Please take out the school's name.")
    client.force_login(story.author)
    page = client.get(reverse("partnership:story", args=[story.pk])).content.decode()
    assert "Please take out the school&#x27;s name." in page
    assert story.title in client.get(reverse("partnership:stories")).content.decode()


def test_a_story_is_moderated_once():
    story = PracticeStoryFactory()
    services.publish_story(by=lead(), story=story)
    with pytest.raises(PartnershipRefused, match="already been moderated"):
        services.return_story(by=lead(), story=story, reason="Changed my mind")


def test_only_practice_leads_and_partnership_administrators_moderate():
    with pytest.raises(AccessRefused):
        services.publish_story(by=UserFactory(roles=[Role.TRAINER]), story=PracticeStoryFactory())


def test_moderating_through_the_page_shows_a_refusal(client: Client):
    story = PracticeStoryFactory()
    client.force_login(lead())
    url = reverse("partnership:story-moderate", args=[story.pk])
    page = client.post(url, {"decision": "RETURN", "reason": ""}).content.decode()
    assert "Enter why the story is returned to its author" in page
    client.post(url, {"decision": "PUBLISH"})
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED


def test_script_in_a_story_is_shown_escaped(client: Client):
    story = PracticeStoryFactory(title=SCRIPT, working_well=SCRIPT, status=StoryStatus.PUBLISHED)
    client.force_login(lead())
    for url in (
        reverse("partnership:stories"),
        reverse("partnership:story", args=[story.pk]),
        reverse("partnership:story-moderate", args=[story.pk]),
    ):
        page = client.get(url).content.decode()
        assert SCRIPT not in page and "&lt;script&gt;" in page, url


def test_story_lists_queries_do_not_grow(client: Client):
    moderator = lead()
    PracticeStoryFactory(status=StoryStatus.PUBLISHED)
    PracticeStoryFactory()
    PracticeStoryFactory(author=moderator)
    client.force_login(moderator)
    pages = [reverse("partnership:stories"), reverse("partnership:story-moderation")]

    def grow():
        PracticeStoryFactory.create_batch(3, status=StoryStatus.PUBLISHED)
        PracticeStoryFactory.create_batch(3)
        PracticeStoryFactory.create_batch(2, author=moderator, status=StoryStatus.RETURNED)

    assert_queries_do_not_grow(lambda: [client.get(url) for url in pages], grow)
