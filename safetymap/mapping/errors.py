from safetymap.cases.errors import PathwayRefused


class MapRefused(PathwayRefused):
    """A change to a map the rules do not allow; says why, on the field it is about."""
