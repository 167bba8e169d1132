from __future__ import annotations

from safetymap.core.errors import Refused


class PathwayRefused(Refused):
    """A step the rules do not allow now (see core.errors.Refused for its parts)."""
