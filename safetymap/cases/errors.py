class PathwayRefused(Exception):
    """A step the rules do not allow now. ``str(error)`` says why, for the practitioner;
    ``field`` names the form field it is about, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
