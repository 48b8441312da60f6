"""Dead letters, replays, the effect ledger and connection limits: Ferry's durability app."""

from __future__ import annotations

from django.apps import AppConfig


class DurabilityConfig(AppConfig):
    name = "backend.durability"
    label = "durability"
