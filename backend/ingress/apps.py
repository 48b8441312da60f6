from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class IngressConfig(AppConfig):
    name = "backend.ingress"
    label = "ingress"

    def ready(self) -> None:
        from backend.designer.models import Workflow

        # A deploy, pause or token change must reach the hook cache of this process at once.
        post_save.connect(_forget_hook, sender=Workflow, dispatch_uid="ingress-forget-hook")
        post_delete.connect(_forget_hook, sender=Workflow, dispatch_uid="ingress-forget-deleted")


def _forget_hook(sender: Any, instance: Any, **kwargs: Any) -> None:
    from backend.ingress.hooks import forget

    forget()
