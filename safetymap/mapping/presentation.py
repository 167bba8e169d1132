"""What a map page shows, worked out once from a map whose parts are already loaded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.safestring import mark_safe

from safetymap.mapping import plain_language, scaling, trajectory
from safetymap.mapping.codes import COLUMN_OF, Column
from safetymap.mapping.models import DangerStatement, SafetyGoal, SoSMap
from safetymap.mapping.services import finalise_problems, soft_cap_warning


@dataclass(frozen=True)
class StatementView:
    statement: DangerStatement
    goal: SafetyGoal | None
    warnings: tuple[str, ...]
    spreads: dict[scaling.RaterGroup, scaling.Spread]


def _warnings(*texts: str) -> tuple[str, ...]:
    found: list[str] = []
    for text in texts:
        for message in plain_language.check(text or "").messages:
            if message not in found:
                found.append(message)
    return tuple(found)


@dataclass(frozen=True)
class LiveState:
    """What changes on a map while people edit it live: counts of each part, and when an item
    or a safety goal (the parts that can be changed after they are added) last changed."""

    items: int
    last_item_change: Any
    statements: int
    goals: int
    last_goal_change: Any
    ratings: int
    responses: int

    @property
    def token(self) -> str:
        """Changes whenever anything on the map is added or saved: the live page compares it to
        decide whether there is anything new to show."""

        def stamp(moment) -> str:
            return str(moment.timestamp()) if moment else "0"

        return "-".join(
            [
                str(self.items),
                stamp(self.last_item_change),
                str(self.statements),
                str(self.goals),
                stamp(self.last_goal_change),
                str(self.ratings),
                str(self.responses),
            ]
        )


def live_state_of(sos_map: SoSMap) -> LiveState:
    """The live state of a map whose parts are already loaded."""
    items = list(sos_map.items.all())
    goals = list(sos_map.safety_goals.all())
    ratings = list(sos_map.ratings.all())
    return LiveState(
        items=len(items),
        last_item_change=max((i.changed_at for i in items), default=None),
        statements=len(sos_map.danger_statements.all()),
        goals=len(goals),
        last_goal_change=max((g.changed_at for g in goals if g.changed_at), default=None),
        ratings=len(ratings),
        responses=sum(1 for r in ratings if hasattr(r, "response")),
    )


def map_context(sos_map: SoSMap) -> dict[str, Any]:
    orientation = scaling.Orientation(settings.SAFETYMAP_SCALE["orientation"])
    ratings = [r for r in sos_map.ratings.all() if r.orientation == orientation]
    goals = {g.danger_statement_id: g for g in sos_map.safety_goals.all()}
    statements = list(sos_map.danger_statements.all())
    columns: dict[str, list] = {column: [] for column in Column.values}
    for item in sos_map.items.all():
        columns[COLUMN_OF[item.category]].append((item, _warnings(item.text)))
    views = [
        StatementView(
            statement=s,
            goal=goals.get(s.pk),
            warnings=_warnings(s.what_happened, s.worry_if_nothing_changes),
            spreads=scaling.spread_by_group(
                [r.as_rating() for r in ratings if r.danger_statement_id == s.pk], orientation
            ),
        )
        for s in statements
    ]
    overall = scaling.spread_by_group(
        [r.as_rating() for r in ratings if r.danger_statement_id is None], orientation
    )
    return {
        "map": sos_map,
        "live_token": live_state_of(sos_map).token,
        "child": sos_map.episode.child,
        "map_children": sorted(sos_map.children.all(), key=lambda c: c.full_name),
        "columns": [(Column(c).label, c, columns[c]) for c in Column.values],
        "statements": views,
        "overall": overall,
        "ratings": sorted(sos_map.ratings.all(), key=lambda r: (r.rater_group, r.rater)),
        "alerts_awaiting_action": [
            r for r in sos_map.ratings.all() if r.escalated and not hasattr(r, "response")
        ],
        "scale": settings.SAFETYMAP_SCALE,
        "finalise_problems": [] if sos_map.is_final else finalise_problems(sos_map),
        "soft_cap_warning": soft_cap_warning(sos_map, len(statements)),
    }


def latest_map_summary(maps: list[SoSMap]) -> dict[str, Any] | None:
    """The newest map's danger statements, goals and overall scale, for the case page
    (a fixed number of queries, whatever the map holds)."""
    from safetymap.mapping.selectors import map_with_everything

    if not maps:
        return None
    latest = max(maps, key=lambda m: (m.held_on, m.version))
    return map_context(map_with_everything(latest.pk))


def episode_trajectory(maps: list[SoSMap]) -> dict[str, Any] | None:
    """The overall safety scale over an episode's maps, as an accessible SVG and a table.

    ``maps`` must have their overall ratings prefetched (see cases.selectors.open_episode)."""
    orientation = scaling.Orientation(settings.SAFETYMAP_SCALE["orientation"])
    dated = [
        (sos_map.held_on, rating.as_rating())
        for sos_map in maps
        for rating in sos_map.overall_ratings
        if rating.orientation == orientation
    ]
    if not dated:
        return None
    points = trajectory.trajectory_points(dated, orientation=orientation)
    svg = trajectory.trajectory_svg(
        points, title="Overall safety scale over time", orientation=orientation
    )
    rows = trajectory.trajectory_table(points)
    groups = [g for g in scaling.RaterGroup if any(row.get(g) is not None for row in rows)]
    return {
        # The SVG is built only from numbers, dates and fixed labels, and escapes all text.
        "svg": mark_safe(svg),  # noqa: S308
        "groups": groups,
        "rows": [(row["date"], [row.get(g) for g in groups]) for row in rows],
    }
