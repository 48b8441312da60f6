"""Routes of the cross-system pages, included under ``/api/v1/``."""

from __future__ import annotations

from django.urls import re_path

from backend.insights import views

urlpatterns = [
    re_path(r"^timeline/?$", views.TimelineView.as_view(), name="timeline"),
    re_path(r"^customers/(?P<key>[^/]{1,200})/?$", views.CustomerView.as_view(), name="customer"),
    re_path(r"^reconciliation/?$", views.ReconciliationView.as_view(), name="reconciliation"),
    re_path(r"^tour/order/?$", views.TourOrderView.as_view(), name="tour-order"),
    re_path(r"^tour/progress/?$", views.TourProgressView.as_view(), name="tour-progress"),
    re_path(r"^tour/ship/?$", views.TourShipView.as_view(), name="tour-ship"),
]
