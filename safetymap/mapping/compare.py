"""What changed between two versions of a map: the wording of danger statements and safety
goals, items added and removed, and how each person's scaling moved. Pure functions over the
plain content that services.content_of() gives."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Wording:
    label: str
    changed: bool
    pieces: tuple[tuple[str, str], ...]  # ("same" | "removed" | "added", words)


@dataclass(frozen=True)
class Movement:
    rater: str
    group: str
    about: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    wording: tuple[Wording, ...]
    items_added: tuple[dict, ...]
    items_removed: tuple[dict, ...]
    movements: tuple[Movement, ...]


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """Word-level differences, so a reader sees exactly which words changed."""
    a, b = before.split(), after.split()
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("added", " ".join(b[j1:j2])))
    return tuple(pieces)


def _wording(label: str, before: str, after: str) -> Wording:
    return Wording(label, before != after, word_diff(before, after))


def compare(before: dict[str, Any], after: dict[str, Any]) -> Comparison:
    wording: list[Wording] = []
    old = {s["seq_no"]: s for s in before["danger_statements"]}
    new = {s["seq_no"]: s for s in after["danger_statements"]}
    for seq in sorted(old.keys() | new.keys()):
        wording.append(
            _wording(
                f"Danger statement {seq}",
                old.get(seq, {}).get("text", ""),
                new.get(seq, {}).get("text", ""),
            )
        )
    old_goals = {g["danger_statement"]: g for g in before["safety_goals"]}
    new_goals = {g["danger_statement"]: g for g in after["safety_goals"]}
    for seq in sorted(old_goals.keys() | new_goals.keys()):

        def text(goal: dict | None) -> str:
            if not goal:
                return ""
            return f"{goal['what_will_be_happening']} For {goal['for_how_long']}."

        wording.append(
            _wording(f"Safety goal {seq}", text(old_goals.get(seq)), text(new_goals.get(seq)))
        )
    key = lambda item: (item["category"], item["text"])  # noqa: E731
    old_items = {key(i): i for i in before["items"]}
    new_items = {key(i): i for i in after["items"]}
    ratings: dict[tuple[str, str, Any], list[int | None]] = {}
    for index, content in enumerate((before, after)):
        for r in content["ratings"]:
            slot = ratings.setdefault((r["rater"], r["group"], r["danger_statement"]), [None, None])
            slot[index] = r["value"]
    movements = tuple(
        Movement(rater, group, f"Danger statement {ds}" if ds else "Overall", values[0], values[1])
        for (rater, group, ds), values in sorted(
            ratings.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2] or 0)
        )
    )
    return Comparison(
        wording=tuple(wording),
        items_added=tuple(i for k, i in new_items.items() if k not in old_items),
        items_removed=tuple(i for k, i in old_items.items() if k not in new_items),
        movements=movements,
    )
