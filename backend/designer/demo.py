"""Demo data for a fresh install: the ``demo`` user and workflows that show what Ferry does.

``seed_demo`` calls every seeder in ``SEEDERS`` in order with the same ``DemoContext``. A seeder
must be idempotent (find what it made last time before making it again) and reports what it
did through ``ctx.say``. Connectors add their demo data by adding a seeder's dotted path here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from backend.designer import services
from backend.designer.models import Workflow
from backend.runs.dispatch import new_run
from backend.runs.execution import execute_run_now
from backend.runs.models import FINISHED, RunMode

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo"
ORDER_MAPPING_NAME = "Demo: order webhook to mapped JSON"


@dataclass
class DemoContext:
    user: User
    say: Callable[[str], None]


def demo_user(say: Callable[[str], None]) -> User:
    """The ``demo`` superuser; its password is set only when it is created."""
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        say(f"Created user {DEMO_USERNAME!r} (password {DEMO_PASSWORD!r}, superuser).")
    else:
        say(f"User {DEMO_USERNAME!r} exists; left as it is.")
    return user


# The mapping turns a PrestaShop webservice order into the head of an M3 batch customer order
# (OIS100MI AddBatchHead fields) with its lines, ready for an Infor node to send.
ORDER_TO_M3_HEAD = """{
  "CONO": 100,
  "CUNO": "WEB" & $pad($string(order.id_customer), -7, "0"),
  "ORTP": "WEB",
  "FACI": "A01",
  "WHLO": "001",
  "CUOR": order.reference,
  "ORDT": $substring($replace(order.date_add, "-", ""), 0, 8),
  "CUCD": order.currency,
  "lines": [order.associations.order_rows.{
    "ITNO": product_reference,
    "ORQT": $number(product_quantity),
    "SAPR": $number(unit_price_tax_excl)
  }]
}"""

ORDER_MAPPING_DOCUMENT: dict[str, Any] = {
    "schemaVersion": 1,
    "nodes": [
        {
            "id": "hook",
            "type": "core.trigger.webhook",
            "typeVersion": 1,
            "name": "Order webhook",
            "config": {},
            "position": {"x": 0, "y": 0},
        },
        {
            "id": "map",
            "type": "core.jsonata.map",
            "typeVersion": 1,
            "name": "Order to M3 order head",
            "config": {"expression": ORDER_TO_M3_HEAD, "mode": "each"},
            "position": {"x": 280, "y": 0},
        },
        {
            "id": "mark",
            "type": "core.set",
            "typeVersion": 1,
            "name": "Add reference text",
            "config": {
                "fields": [
                    {"name": "YREF", "value": "'Web order ' & CUOR"},
                    {"name": "lineCount", "value": "$count(lines)"},
                ],
                "keepOtherFields": True,
            },
            "position": {"x": 560, "y": 0},
        },
    ],
    "edges": [
        {"id": "e1", "source": "hook", "sourcePort": "main", "target": "map", "targetPort": "main"},
        {"id": "e2", "source": "map", "sourcePort": "main", "target": "mark", "targetPort": "main"},
    ],
    "settings": {"businessKey": "order.reference", "timeoutSeconds": 300},
}

SAMPLE_ORDER: dict[str, Any] = {
    "order": {
        "id": 42,
        "reference": "XKBKNABJK",
        "id_customer": 7,
        "currency": "EUR",
        "current_state": 2,
        "payment": "Bank transfer",
        "total_paid_tax_incl": "61.80",
        "date_add": "2026-11-20 14:03:11",
        "associations": {
            "order_rows": [
                {
                    "product_reference": "demo_1",
                    "product_quantity": "2",
                    "unit_price_tax_excl": "16.51",
                },
                {
                    "product_reference": "demo_3",
                    "product_quantity": "1",
                    "unit_price_tax_excl": "18.00",
                },
            ]
        },
    }
}


def order_mapping_workflow(ctx: DemoContext) -> None:
    """The order webhook workflow, deployed, with one finished run executed by the engine."""
    workflow = Workflow.objects.filter(name=ORDER_MAPPING_NAME).first()
    if workflow is None:
        workflow = services.create_workflow(
            ORDER_MAPPING_NAME,
            "Maps a PrestaShop order to the head of an Infor M3 batch customer order.",
            user=ctx.user,
        )
        ctx.say(f"Created workflow {ORDER_MAPPING_NAME!r}.")
    saved = services.save_version(
        workflow, ORDER_MAPPING_DOCUMENT, user=ctx.user, message="Demo workflow"
    )
    if saved.created:
        ctx.say(f"Saved version {saved.version.number} of {ORDER_MAPPING_NAME!r}.")
    services.deploy(saved.version, ctx.user)
    ctx.say(f"Deployed version {saved.version.number}; hook /hooks/{workflow.hook_token}")
    if workflow.runs.filter(version=saved.version, status__in=FINISHED).exists():
        ctx.say("It already has a finished run of that version.")
        return
    with transaction.atomic():
        # Not rung: executed here and now, so it cannot race a worker.
        run = new_run(
            workflow, saved.version, mode=RunMode.MANUAL, payload=SAMPLE_ORDER, ring=False
        )
    outcome = execute_run_now(run)
    ctx.say(f"Ran it on a sample order: run {run.pk} {outcome.status}.")


SEEDERS: list[str] = [
    "backend.designer.demo.order_mapping_workflow",
    "backend.designer.demo_templates.templates_on_sandboxes",
]
"""Dotted paths of ``(DemoContext) -> None`` functions, run in this order."""
