"""Webhook ingress URLs, included at the site root."""

from __future__ import annotations

from django.urls import path

from backend.ingress.views import receive_hook

urlpatterns = [path("hooks/<str:token>", receive_hook, name="hook")]
