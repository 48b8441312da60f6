"""``manage.py seed_demo``: the demo user and demo workflows; safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from backend.designer.demo import SEEDERS, DemoContext, demo_user


class Command(BaseCommand):
    help = "Create the demo user and demo workflows (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        def say(line: str) -> None:
            self.stdout.write(line)

        context = DemoContext(user=demo_user(say), say=say)
        for path in SEEDERS:
            import_string(path)(context)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in as demo / demo."))
