"""Top-level URL map: API, webhooks, OpenAPI, and the single-page app for everything else."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from backend.monitoring import health_views
from backend.spa import spa_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("backend.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("backend.ingress.urls")),
    path("healthz", health_views.healthz, name="healthz"),
    path("readyz", health_views.readyz, name="readyz"),
    path("metrics", health_views.metrics, name="metrics"),
    re_path(r"^(?!api/|hooks/|admin/|static/|ws/).*$", spa_view),
]

# Under /api/ errors are problem bodies (JSON); elsewhere Django's pages.
handler404 = "backend.api.problems.api_not_found"
handler500 = "backend.api.problems.api_server_error"
