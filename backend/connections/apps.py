from __future__ import annotations

from django.apps import AppConfig


class ConnectionsConfig(AppConfig):
    name = "backend.connections"
    label = "connections"

    def ready(self) -> None:
        from backend.connections import infor_runtime

        # Every process (web, worker, embedded) shares Infor tokens and quota from the start.
        infor_runtime.install()
