from __future__ import annotations


class PathwayRefused(Exception):
    """A step the rules do not allow now. ``str(error)`` says why, for the practitioner;
    ``field`` names the form field it is about, if any. When several rules refuse at once,
    ``problems`` lists each (message, field), so the page can show them all together."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.problems: list[tuple[str, str | None]] = [(message, field)]

    @classmethod
    def several(cls, problems: list[tuple[str, str | None]]) -> PathwayRefused:
        refusal = cls(*problems[0])
        refusal.problems = list(problems)
        return refusal
