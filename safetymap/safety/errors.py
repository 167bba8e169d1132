from safetymap.cases.errors import PathwayRefused


class SafetyRefused(PathwayRefused):
    """A change to a safety network or safety plan the rules do not allow; says why, in plain
    words, on the field it is about when there is one."""
