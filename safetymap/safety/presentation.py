"""What the plan pages show, worked out from a plan already read in full (see
``selectors.open_plan``): no queries here.

"Safety shown over time" is a table (rules down, check dates across) and a small SVG strip of
the same results. The strip tells kept, partly kept and broken apart by shape and letter as well
as colour (WCAG 1.4.1), and has a title and description; the table is the full alternative.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import mark_safe

from safetymap.core.display import govuk_date
from safetymap.safety import lifecycle
from safetymap.safety.codes import BREACHES, RuleOutcome

# Words on the buttons that move a plan on (the end of a plan has a page of its own, with a
# reason; SUPERSEDED happens only when a newer version is agreed).
MOVE_WORDS = {
    lifecycle.Status.NETWORK_INFORMED: "The safety network has been informed",
    lifecycle.Status.AGREED: "Mark the plan as agreed",
    lifecycle.Status.ACTIVE: "Start using the plan",
    lifecycle.Status.UNDER_REVIEW: "Put the plan under review",
    lifecycle.Status.DRAFT: "Go back to the draft",
}


def moves(plan) -> list[tuple[str, str]]:
    """The lifecycle buttons offered on the plan page: (status, words)."""
    if plan.stage == lifecycle.Status.UNDER_REVIEW:
        words = {**MOVE_WORDS, lifecycle.Status.ACTIVE: "Carry on with the plan as it is"}
    else:
        words = MOVE_WORDS
    return [(s.value, words[s]) for s in lifecycle.moves_from(plan.stage) if s in words]


@dataclass(frozen=True)
class RuleRun:
    rule: Any
    cells: list[tuple[str, str]]  # per check: (outcome value or "", words)
    kept: int
    checked: int


SYMBOLS = {
    RuleOutcome.KEPT: ("K", "#00703c"),
    RuleOutcome.PARTLY: ("P", "#594d00"),
    RuleOutcome.BROKEN: ("B", "#d4351c"),
}


def over_time(plan) -> dict[str, Any]:
    checks = list(plan.checks.all())
    rules = list(plan.rules.all())
    runs = []
    for rule in rules:
        cells = []
        for check in checks:
            result = next((r for r in check.results.all() if r.rule_id == rule.pk), None)
            if result is None:
                cells.append(("", "Not checked"))
            else:
                cells.append((result.outcome, result.get_outcome_display()))
        outcomes = [value for value, _ in cells if value]
        runs.append(
            RuleRun(rule, cells, sum(1 for o in outcomes if o == RuleOutcome.KEPT), len(outcomes))
        )
    return {
        "checks": checks,
        "runs": runs,
        "strip": mark_safe(strip_svg(runs, [c.checked_on for c in checks])) if checks else "",  # noqa: S308
    }


def strip_svg(runs: list[RuleRun], dates: list) -> str:
    """A row of marks per rule, one per check. Built only from numbers, fixed letters and
    escaped text, so the string is safe to mark safe."""
    cell, gap, label_width, top = 22, 4, 80, 24
    width = label_width + len(dates) * (cell + gap) + 10
    height = top + len(runs) * (cell + gap) + 10
    description = "; ".join(
        f"Rule {run.rule.number}: kept at {run.kept} of {run.checked} checks"
        + (f", last {run.cells[-1][1].lower()}" if run.cells and run.cells[-1][0] else "")
        for run in runs
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sm-safety-strip" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="strip-title strip-desc">',
        '<title id="strip-title">Rules kept at each check</title>',
        f'<desc id="strip-desc">{html.escape(description)}. '
        "K is kept, P partly kept, B broken.</desc>",
    ]
    for index, run in enumerate(runs):
        y = top + index * (cell + gap)
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="13" fill="#0b0c0c">Rule {run.rule.number}</text>'
        )
        for column, (value, _words) in enumerate(run.cells):
            x = label_width + column * (cell + gap)
            if not value:
                parts.append(
                    f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="none" '
                    'stroke="#505a5f" stroke-dasharray="3 3"/>'
                )
                continue
            letter, colour = SYMBOLS[RuleOutcome(value)]
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{colour}"/>'
                f'<text x="{x + 6}" y="{y + 16}" font-size="14" font-weight="bold" '
                f'fill="#ffffff">{letter}</text>'
            )
    for column, day in enumerate(dates):
        x = label_width + column * (cell + gap)
        parts.append(
            f'<text x="{x}" y="14" font-size="10" fill="#0b0c0c">{day.day}/{day.month}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def plan_context(plan) -> dict[str, Any]:
    steps = list(plan.steps.all())
    done = sum(1 for s in steps if s.status == "DONE")
    tasks = list(plan.reconvene_tasks.all())
    checks = list(plan.checks.all())
    return {
        "plan": plan,
        "episode": plan.episode,
        "child": plan.episode.child,
        "steps": steps,
        "steps_done": done,
        "open_tasks": [t for t in tasks if not t.is_done],
        "done_tasks": [t for t in tasks if t.is_done],
        "breaches": [
            (check, [r for r in check.results.all() if r.outcome in BREACHES]) for check in checks
        ],
        "unaddressed": [b for b in plan.bottom_lines.all() if not b.addressed],
        "over_time": over_time(plan),
        "review_due_text": govuk_date(plan.review_due),
    }
