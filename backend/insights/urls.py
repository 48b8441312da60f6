"""Routes of the cross-system pages, included under ``/api/v1/``."""

from __future__ import annotations

from django.urls import re_path

from backend.insights.views import TimelineView

urlpatterns = [
    re_path(r"^timeline/?$", TimelineView.as_view(), name="timeline"),
]
