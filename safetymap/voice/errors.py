from safetymap.cases.errors import PathwayRefused


class VoiceRefused(PathwayRefused):
    """A change to a child's voice record the rules do not allow; says why."""
