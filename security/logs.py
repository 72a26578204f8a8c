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
