from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse

from safetymap.core import request_context
from safetymap.core.errors import locked_record_words

logger = logging.getLogger(__name__)


class RequestIdMiddleware:
    """Gives every request an id, shown in the X-Request-ID header and written on audit events."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_context.new_request_id(
            request.headers.get("X-Request-ID"), trust_offered=settings.SAFETYMAP_TRUST_REQUEST_ID
        )
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_context.set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_context.reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


class PrivatePagesMiddleware:
    """Pages for signed-in people hold personal data: browsers and proxies must not keep them.
    Also says which browser features no page may use. Outside the session's middleware
    (config/settings.py), so error pages from there get the headers too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        try:
            signed_in = user is not None and user.is_authenticated
        except DatabaseError:
            # The session's database failed (this is its error page): whoever it was, the
            # page is not kept, and the asking must not fail the page a second time.
            signed_in = True
        if signed_in:
            response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# How the embedded database (SQLite) says another write holds it for longer than its timeout.
BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")
RETRY_AFTER_SECONDS = 5


def is_database_busy(exception: BaseException) -> bool:
    return isinstance(exception, OperationalError) and any(
        message in str(exception).lower() for message in BUSY_MESSAGES
    )


# How PostgreSQL says it ended a statement or a transaction past its limit (config/database.py).
TIMEOUT_MESSAGES = (
    "canceling statement due to statement timeout",
    "idle-in-transaction timeout",
)


def is_database_timeout(exception: BaseException) -> bool:
    return isinstance(exception, OperationalError) and any(
        message in str(exception).lower() for message in TIMEOUT_MESSAGES
    )


class DatabaseBusyMiddleware:
    """A page whose database stayed busy past its timeout answers 503 with a page that says
    nothing was saved and to try again, never a traceback. The request's transaction has been
    rolled back by then, so "nothing was saved" is true."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_timeout(exception):
            # Rolled back like a busy one, but it may be a query that is always too slow: log it
            # with its traceback, as an error page would have.
            logger.error("Database timeout on %s", request.path, exc_info=exception)
            from safetymap.core.views import service_timed_out

            return service_timed_out(request)
        if is_database_busy(exception):
            from safetymap.core.views import service_busy

            return service_busy(request)
        if isinstance(exception, DatabaseError) and (words := locked_record_words(exception)):
            # A record the database itself protects: the change is refused, as a message.
            from safetymap.core.views import locked_by_the_database

            return locked_by_the_database(request, words)
        return None


class RequestTooBigMiddleware:
    """A form bigger than the service takes (DATA_UPLOAD_MAX_MEMORY_SIZE) answers 413 with a
    page that says what the limit is, rather than Django's bare 400 (or, with DEBUG, a
    traceback). Django reads the body only when something first asks for request.POST (the CSRF
    check, usually), where the error cannot be caught; so it is asked for here, first. Files are
    not counted: the uploads service has its own limit. Every field's own limit is far below
    this one, so long text gets a field error that keeps it (tests/core/test_large_input.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parsing the body is the point
            except RequestDataTooBig:
                from safetymap.core.views import request_too_big

                return request_too_big(request)
        return self.get_response(request)


class NoNulInAddressMiddleware:
    """No page takes a NUL character from its address: no link the product makes has one, and
    PostgreSQL cannot compare text holding one, so a page searching with it would fail. Forms
    refuse NUL field by field (Django's own validator); here the address is refused whole."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            from safetymap.core.addresses import WrongAddress

            raise WrongAddress("The link you followed has a character no page uses.")
        return self.get_response(request)


class OneSubmissionMiddleware:
    """A signed-in person's form is done once however many times it is sent
    (core/submissions.py). Last in the list, so the page's own work is inside its transaction."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if request.method != "POST" or user is None or not user.is_authenticated:
            return self.get_response(request)
        from safetymap.core import submissions

        try:
            return submissions.answer_once(request, self.get_response)
        except OperationalError as error:
            # Waiting to begin the page's transaction outlasted the busy timeout (SQLite).
            if not is_database_busy(error):
                raise
            from safetymap.core.views import service_busy

            return service_busy(request)
