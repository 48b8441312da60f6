"""Websocket consumers relaying live run events to signed-in browsers."""

from __future__ import annotations

import asyncio
from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from backend.runs.events import publisher, run_group, workflow_group

UNAUTHENTICATED = 4401
"""Close code for sockets without a signed-in session (4000-4999 are the application's)."""


class RunEventsConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    """Relays the events of one run (``ws/runs/<id>/``) or of one workflow's runs."""

    group = ""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=UNAUTHENTICATED)
            return
        kwargs = self.scope["url_route"]["kwargs"]
        if "run_id" in kwargs:
            self.group = run_group(str(kwargs["run_id"]))
        else:
            self.group = workflow_group(str(kwargs["workflow_id"]))
        publisher.attach(asyncio.get_running_loop())
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Clients only listen; anything they send is ignored."""

    async def run_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
