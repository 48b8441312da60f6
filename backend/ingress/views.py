"""``POST /hooks/<token>`` as a Django view (the test client and WSGI servers reach this one).

Under the ASGI server the same requests are answered by ``backend.ingress.fast_path`` before
Django sees them; both call ``intake.accept_hook``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from backend.ingress.intake import Reply, accept_hook, not_post, too_large


@csrf_exempt
def receive_hook(request: HttpRequest, token: str) -> JsonResponse:
    if request.method != "POST":
        return _response(not_post())
    limit = settings.FERRY_WEBHOOK_MAX_BYTES
    if _declared_length(request) > limit:
        return _response(too_large())
    body = request.read(limit + 1)
    if len(body) > limit:
        return _response(too_large())
    headers = {name.lower(): value for name, value in request.headers.items()}
    return _response(accept_hook(token, body, headers))


def _response(reply: Reply) -> JsonResponse:
    response = JsonResponse(reply.body, status=reply.status, content_type=reply.content_type)
    for name, value in reply.headers.items():
        response[name] = value
    return response


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
