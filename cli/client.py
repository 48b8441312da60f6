"""A small client of Ferry's REST API that turns problem bodies into one-line errors."""

from __future__ import annotations

from typing import Any

import httpx


class ApiError(Exception):
    """An API call failed; ``str()`` is the one line the CLI prints."""

    def __init__(self, message: str, problems: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class FerryApi:
    def __init__(self, base_url: str, token: str, transport: httpx.BaseTransport | None = None):
        self.base_url = base_url.rstrip("/")
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        self.http = httpx.Client(
            base_url=self.base_url, headers=headers, timeout=30.0, transport=transport
        )

    def request(self, method: str, path: str, json: Any = None, **params: Any) -> Any:
        try:
            response = self.http.request(method, path, json=json, params=params or None)
        except httpx.HTTPError as exc:
            raise ApiError(f"cannot reach Ferry at {self.base_url}: {exc}") from None
        if response.status_code >= 400:
            raise self._error(response)
        return response.json() if response.content else None

    def _error(self, response: httpx.Response) -> ApiError:
        try:
            body = response.json()
        except ValueError:
            return ApiError(f"HTTP {response.status_code} from {response.request.url}")
        if not isinstance(body, dict):
            return ApiError(f"HTTP {response.status_code}: {body}")
        detail = body.get("detail") or body.get("title") or f"HTTP {response.status_code}"
        return ApiError(str(detail), body.get("problems"))

    def token(self, username: str, password: str) -> str:
        body = self.request(
            "POST", "/api/v1/auth/token", {"username": username, "password": password}
        )
        return str(body["token"])

    def workflows(self) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        offset = 0
        while True:
            page = self.request("GET", "/api/v1/workflows/", limit=200, offset=offset)
            results.extend(page["results"])
            if not page.get("next"):
                return results
            offset += len(page["results"])

    def find_workflow(self, name_or_id: str) -> dict[str, Any] | None:
        for workflow in self.workflows():
            if name_or_id in (workflow["id"], workflow["name"]):
                return workflow
        return None
