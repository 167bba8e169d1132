from safetymap.cases.errors import PathwayRefused


class UploadRefused(PathwayRefused):
    """A file the service will not keep; ``str(error)`` says why, in words for the page."""
