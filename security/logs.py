"""Request logs: one line per request, as text or as JSON lines (LOG_FORMAT=json)."""

import json
import logging
import time

logger = logging.getLogger("portfolio.requests")

REQUEST_FIELDS = ("method", "path", "status", "duration_ms")


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the request fields if any."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    """Logs method, path (without the query string, which may hold personal data), status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
        }
        logger.info("%(method)s %(path)s %(status)s %(duration_ms)sms", fields, extra=fields)
        return response


class OncePerInterval(logging.Filter):
    """Lets one record per logger and message through every `seconds`, without its traceback.

    For outages that fail every request the same way (the cache server down: django-redis logs
    each ignored error with its traceback): the log says once a minute that it is still down,
    with the error's own one-line text, instead of a traceback per request.
    """

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = seconds
        self.last = {}

    def filter(self, record):
        key = (record.name, record.msg)
        now = time.monotonic()
        if now - self.last.get(key, float("-inf")) < self.seconds:
            return False
        self.last[key] = now
        if record.exc_info:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()}: {type(error).__name__}: {error}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True
