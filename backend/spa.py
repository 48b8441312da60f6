"""The single-page app: ``frontend/dist/index.html`` for every browser path that is not API."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

MISSING_BUILD_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ferry</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Ferry's web interface is not built yet</h1>
<p>Run <code>make run</code> (or <code>make frontend-build</code>) in the Ferry checkout,
then reload this page. The API under <a href="/api/docs/">/api/</a> works without it.</p>
</body></html>
"""


@require_safe
@ensure_csrf_cookie
def spa_view(request: HttpRequest) -> HttpResponse:
    """Serve the built app; the CSRF cookie it sets is what the app's POSTs send back."""
    index = settings.FRONTEND_DIST / "index.html"
    try:
        html = index.read_text(encoding="utf-8")
    except FileNotFoundError:
        # Not a 500: a fresh checkout without ``npm run build`` should explain itself.
        response = HttpResponse(MISSING_BUILD_PAGE, status=503)
    else:
        response = HttpResponse(html)
    # The page names hashed asset files, so it must be fetched again after every build.
    response["Cache-Control"] = "no-cache"
    return response
