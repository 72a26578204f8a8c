"""Hand a document over to nginx (X-Accel-Redirect) once Wagtail's view has checked it may be served.

Wagtail's document view calls `sendfile(request, filename, mimetype=…)` from the module named by
SENDFILE_BACKEND; nginx's internal location (deploy/nginx.conf) sends the file itself.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse


def sendfile(request, filename, mimetype="application/octet-stream", **kwargs):
    """An empty response whose X-Accel-Redirect names the file under the documents' folder."""
    relative = Path(filename).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    response = HttpResponse(content_type=mimetype)
    response["X-Accel-Redirect"] = settings.SENDFILE_URL + quote(
        relative.as_posix().removeprefix("documents/")
    )
    return response
