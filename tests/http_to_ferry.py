"""An httpx transport into Ferry's Django test client, so a sandbox's own sender code can post
to ``/hooks/<token>`` inside a test's database transaction."""

from __future__ import annotations

import httpx
from django.test import Client


class FerryTransport(httpx.BaseTransport):
    def __init__(self) -> None:
        self.client = Client()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content_type = request.headers.get("content-type", "application/octet-stream")
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() not in ("content-type", "content-length", "host")
        }
        response = self.client.generic(
            request.method,
            request.url.raw_path.decode(),
            request.read(),
            content_type=content_type,
            headers=headers,
        )
        return httpx.Response(
            response.status_code,
            headers={"Content-Type": response.get("Content-Type", "")},
            content=response.content,
        )


def ferry_http() -> httpx.Client:
    """A client whose requests Ferry answers in this thread (base URL ``http://ferry.test``)."""
    return httpx.Client(transport=FerryTransport(), base_url="http://ferry.test")
