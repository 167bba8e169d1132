"""R24 alerts, sent by the worker, never in the request that saved the rating."""

from __future__ import annotations

from django_tasks import task

from safetymap.worker.mail import send_once


@task()
def alert_low_rating(rating_id: int) -> int:
    """Email the team manager(s) of the child's allocated team and the map's facilitator (the
    chair at a conference) that a professional rated safety at or below the threshold."""
    from safetymap.mapping.models import ScaleRating

    rating = ScaleRating.objects.select_related("map__episode__child", "map__facilitator").get(
        pk=rating_id
    )
    episode = rating.map.episode
    people = {rating.map.facilitator}
    for allocation in episode.allocations.filter(ended_on__isnull=True).select_related(
        "team__manager"
    ):
        if allocation.team.manager:
            people.add(allocation.team.manager)
    recipients = sorted(p.email for p in people if p.is_active)
    send_once(
        f"low-rating:{rating.pk}",
        f"Safetymap: a safety rating of {rating.value} needs your attention",
        f"{rating.rater} rated safety at {rating.value} out of 10 on the map of "
        f"{rating.map.held_on:%-d %B %Y} for child {episode.child.la_child_id}.\n\n"
        "Open Safetymap to see their reason and record what action is being taken.",
        recipients,
    )
    return len(recipients)
