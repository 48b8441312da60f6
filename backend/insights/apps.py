"""Django app: views across both systems (order timeline, customer 360, reconciliation, tour)."""

from __future__ import annotations

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "backend.insights"
    label = "insights"
    default_auto_field = "django.db.models.BigAutoField"
