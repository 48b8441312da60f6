"""Dead letters, replays, the effect ledger and connection limits: Ferry's durability app."""

from __future__ import annotations

from django.apps import AppConfig


class DurabilityConfig(AppConfig):
    name = "backend.durability"
    label = "durability"

    def ready(self) -> None:
        from backend.durability.resume import on_pause_changed
        from backend.monitoring.connection_health import pause_changed

        pause_changed.connect(on_pause_changed, dispatch_uid="durability-pause-changed")
