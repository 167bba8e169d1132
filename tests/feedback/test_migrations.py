"""The migration that made FeedbackRound.conference a foreign key keeps each round's conference."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ConferenceFactory, EpisodeFactory, UserFactory

BEFORE = [("feedback", "0001_initial")]
AFTER = [("feedback", "0002_round_conference_foreign_key")]


@pytest.mark.django_db(transaction=True)
def test_the_conference_number_becomes_the_foreign_key_and_keeps_its_conference():
    conference = ConferenceFactory()
    episode, chair = EpisodeFactory(), UserFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("feedback", "FeedbackRound")
    kept = old.objects.create(
        meeting_kind="INITIAL",
        meeting_date="2026-01-05",
        episode_id=episode.pk,
        invited_by_id=chair.pk,
        conference_id=conference.pk,
    )
    without = old.objects.create(
        meeting_kind="REVIEW",
        meeting_date="2026-02-05",
        episode_id=episode.pk,
        invited_by_id=chair.pk,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("feedback", "FeedbackRound")
    assert new.objects.get(pk=kept.pk).conference_id == conference.pk
    assert new.objects.get(pk=without.pk).conference_id is None
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
