"""Top-level URL map: API, webhooks, OpenAPI, and the single-page app for everything else."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("backend.ingress.urls")),
]
