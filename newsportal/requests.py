"""A request id on every request: in the X-Request-ID header, in every log line, on the error pages.

A reader who reports an error page quotes its reference; the log line with
the traceback carries the same id, so the two meet without showing the reader
anything internal.
"""

import logging
import re
import uuid
from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("request_id", default="-")
SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        # A proxy's id is kept (one id across nginx and Django); anything odd is replaced.
        request.id = given if SAFE_ID.match(given) else uuid.uuid4().hex
        token = current_request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, "-" outside a request."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True
