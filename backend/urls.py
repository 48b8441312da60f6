"""Top-level URL map: API, webhooks, OpenAPI, and the single-page app for everything else."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path

from backend.spa import spa_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("backend.ingress.urls")),
    re_path(r"^(?!api/|hooks/|admin/|static/|ws/).*$", spa_view),
]
