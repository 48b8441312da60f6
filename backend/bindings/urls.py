"""Routes of the cross-reference API, included under ``/api/v1/``."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

from backend.bindings.views import (
    BindingViewSet,
    RateViewSet,
    StatusTableViewSet,
    UnresolvedViewSet,
)

router = SimpleRouter()
router.trailing_slash = "/?"
# Registered before "bindings" so "unresolved" is never read as a binding id.
router.register("bindings/unresolved", UnresolvedViewSet, basename="unresolved")
router.register("bindings", BindingViewSet, basename="binding")
router.register("rates", RateViewSet, basename="rate")
router.register("status-tables", StatusTableViewSet, basename="status-table")

urlpatterns = router.urls
