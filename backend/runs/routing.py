"""Websocket URL routes for live run events."""

from __future__ import annotations

from django.urls import path

from backend.runs.consumers import RunEventsConsumer

websocket_urlpatterns = [
    path("ws/runs/<uuid:run_id>/", RunEventsConsumer.as_asgi()),
    path("ws/workflows/<uuid:workflow_id>/", RunEventsConsumer.as_asgi()),
]
