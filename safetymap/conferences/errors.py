from safetymap.cases.errors import PathwayRefused


class ConferenceRefused(PathwayRefused):
    """A conference step the rules do not allow now; says why, in plain words, on the field it is
    about when there is one. Nothing is saved."""
