"""The authorization server: token (password, client credentials, refresh) and revocation."""

from __future__ import annotations

import base64
import binascii
import urllib.parse
from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connectors.infor.sandbox.world import World


def oauth_error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status)


async def token(request: Request) -> Response:
    world: World = request.app.state.world
    settings = world.settings
    if request.path_params["tenant"] != settings.tenant_id:
        return Response(status_code=404)
    form = await _form(request)
    client_id, client_secret = _client(request, form)
    if (client_id, client_secret) != (settings.client_id, settings.client_secret):
        return oauth_error(401, "invalid_client", "Client authentication failed.")
    wait = world.tokens.quota.spend(settings.token_requests_per_minute)
    if wait:
        headers = {"Retry-After": str(int(wait) + 1)}
        return JSONResponse({"error": "too_many_requests"}, 429, headers=headers)
    grant_type = str(form.get("grant_type", ""))
    grant = None
    if grant_type == "password":
        keys = (form.get("username"), form.get("password"))
        expected = (settings.service_account_access_key, settings.service_account_secret_key)
        if keys != expected:
            return oauth_error(400, "invalid_grant", "Invalid service account credentials.")
        identity = str(form["username"])
    elif grant_type == "client_credentials":
        identity = client_id
    elif grant_type == "refresh_token":
        grant = world.tokens.grants.get(str(form.get("refresh_token", "")))
        if grant is None or grant.revoked:
            return oauth_error(400, "invalid_grant", "The refresh token is unknown or revoked.")
        identity = grant.identity
    else:
        return oauth_error(400, "unsupported_grant_type", f"Grant {grant_type!r} is unsupported.")
    access, issued = world.tokens.issue(identity, settings.token_lifetime, grant)
    body: dict[str, object] = {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": settings.token_lifetime,
    }
    if settings.issue_refresh_tokens and grant_type != "client_credentials":
        body["refresh_token"] = issued.refresh_token
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


async def revoke(request: Request) -> Response:
    world: World = request.app.state.world
    if request.method == "GET":
        form = dict(request.query_params)
    else:
        form = await _form(request)
    client_id, client_secret = _client(request, form)
    settings = world.settings
    if (client_id, client_secret) != (settings.client_id, settings.client_secret):
        return oauth_error(401, "invalid_client", "Client authentication failed.")
    if not form.get("token"):
        return oauth_error(400, "invalid_request", "The token parameter is missing.")
    world.tokens.revoke(str(form["token"]))
    return Response(status_code=200)


async def _form(request: Request) -> dict[str, str]:
    # Token requests are application/x-www-form-urlencoded; no multipart parser is needed.
    body = (await request.body()).decode("utf-8", errors="replace")
    return dict(urllib.parse.parse_qsl(body))


def _client(request: Request, form: Mapping[str, str]) -> tuple[str, str]:
    """Client credentials from HTTP Basic or the form (Infor's own samples use both)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        client_id, _, secret = decoded.partition(":")
        return client_id, secret
    return str(form.get("client_id", "")), str(form.get("client_secret", ""))
