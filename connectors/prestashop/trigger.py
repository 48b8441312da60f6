"""PrestaShop Trigger: events pushed by the Ferry module (webhook) or changes found by polling.

Polling reads ``date_upd`` strictly after a persisted cursor minus an overlap window, in a
stable ``date_upd, id`` order, and drops records it already emitted with the same
``date_upd``; records changed less than ``settleSeconds`` ago wait for a later poll. Dates in
the shop are naive local times of the shop's time zone (``PS_TIMEZONE``), so the cursor is kept
in that same local time; on the night clocks go back, the window widens to the repeated hour so
no change made in it is missed.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.node_base import as_node_errors, shop_client
from connectors.prestashop.query import greater_than
from connectors.prestashop.specs import spec
from workflows.sdk import ConfigIssue, ErrorClass, Item, Node, NodeContext, NodeError, NodeResult

EVENTS = [
    "order.created",
    "order.status_changed",
    "customer.created",
    "customer.updated",
    "address.created",
    "address.updated",
    "product.updated",
    "stock.changed",
]
POLLED = ["orders", "customers", "addresses", "products", "order_histories", "order_payments"]
ENTITY_RESOURCES = {
    "order": "orders",
    "customer": "customers",
    "address": "addresses",
    "product": "products",
    "stock_available": "stock_availables",
}
STAMP = "%Y-%m-%d %H:%M:%S"


class PrestaShopTrigger(Node):
    spec = spec(
        "prestashop.trigger",
        "PrestaShop Trigger",
        "Starts a run for each shop event the Ferry module sends, or for each record changed "
        "since the last poll.",
        {
            "mode": {
                "type": "string",
                "title": "Start on",
                "enum": ["webhook", "poll"],
                "default": "webhook",
            },
            "events": {
                "type": "array",
                "title": "Events",
                "items": {"type": "string", "enum": EVENTS},
                "uniqueItems": True,
                "default": ["order.created", "order.status_changed"],
            },
            "refetch": {
                "type": "boolean",
                "title": "Read the record from the shop",
                "description": "Webhooks are hints: re-read the entity so the run sees its "
                "current state.",
                "default": True,
            },
            "resource": {
                "type": "string",
                "title": "Resource to poll",
                "enum": POLLED,
                "default": "orders",
            },
            "cron": {
                "type": "string",
                "title": "Poll schedule (cron)",
                "default": "*/5 * * * *",
            },
            "timezone": {"type": "string", "title": "Schedule time zone", "default": "UTC"},
            "shopTimezone": {
                "type": "string",
                "title": "Shop time zone",
                "description": "PS_TIMEZONE of the shop (International > Localization).",
                "default": "Europe/Paris",
            },
            "overlapSeconds": {
                "type": "integer",
                "title": "Overlap window (seconds)",
                "minimum": 0,
                "maximum": 86400,
                "default": 10,
            },
            "settleSeconds": {
                "type": "integer",
                "title": "Leave alone changes younger than (seconds)",
                "description": "A record changed this recently is read by a later poll: a "
                "polling backstop behind a webhook gives the webhook's run time to finish first.",
                "minimum": 0,
                "maximum": 86400,
                "default": 0,
            },
            "startFrom": {
                "type": "string",
                "title": "First poll reads",
                "enum": ["now", "everything"],
                "default": "now",
            },
            "maxRecords": {
                "type": "integer",
                "title": "At most per poll",
                "minimum": 1,
                "maximum": 5000,
                "default": 500,
            },
            "runPerRecord": {
                "type": "boolean",
                "title": "One run per record",
                "description": "Each record found starts its own run, with its own business "
                "key: one refused record stops only its run, and it is retried or replayed on "
                "its own. Off: one run carries the whole batch.",
                "default": False,
            },
        },
        {
            "mode": {"widget": "select"},
            "events": {"widget": "select", "showWhen": {"mode": "webhook"}},
            "refetch": {"showWhen": {"mode": "webhook"}},
            "resource": {"widget": "select", "showWhen": {"mode": "poll"}},
            "cron": {"showWhen": {"mode": "poll"}, "placeholder": "*/5 * * * *"},
            "timezone": {"showWhen": {"mode": "poll"}},
            "shopTimezone": {"showWhen": {"mode": "poll"}},
            "overlapSeconds": {"showWhen": {"mode": "poll"}},
            "settleSeconds": {"showWhen": {"mode": "poll"}},
            "startFrom": {"widget": "select", "showWhen": {"mode": "poll"}},
            "maxRecords": {"showWhen": {"mode": "poll"}},
            "runPerRecord": {"showWhen": {"mode": "poll"}},
        },
        required=("mode",),
        kind="trigger",
        trigger="webhook",
        trigger_mode_field="mode",
    )

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> list[ConfigIssue]:
        issues = super().validate_config(config)
        cron = config.get("cron")
        if config.get("mode") == "poll" and isinstance(cron, str) and not croniter.is_valid(cron):
            issues.append(
                ConfigIssue("cron", f"'{cron}' is not a cron schedule such as */5 * * * *.")
            )
        zone = config.get("shopTimezone")
        if isinstance(zone, str) and zone:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                issues.append(
                    ConfigIssue(
                        "shopTimezone", f"'{zone}' is not a time zone name such as Europe/Paris."
                    )
                )
        return issues

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        if self.config.get("mode", "webhook") == "poll":
            with as_node_errors():
                records = poll(ctx, shop_client(ctx), self.config)
            return NodeResult.on("main", [Item(r) for r in records])
        out = []
        for item in inputs.get("main", []):
            event = read_event(ctx, self.config, item.json)
            if event is not None:
                out.append(Item(event))
        return NodeResult.on("main", out)


class ReadEvent(Node):
    """The webhook half of the trigger as a step, for a workflow that starts with the generic
    Webhook trigger (whose connection checks the module's signature)."""

    spec = spec(
        "prestashop.event.read",
        "PrestaShop: Read Event",
        "Keeps the Ferry module events of the chosen kinds and reads each entity from the shop.",
        {
            "events": PrestaShopTrigger.spec.config_schema["properties"]["events"],
            "refetch": PrestaShopTrigger.spec.config_schema["properties"]["refetch"],
        },
        {"events": {"widget": "select"}, "refetch": {}},
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        out = []
        for index, item in enumerate(inputs.get("main", [])):
            event = read_event(ctx, self.config, item.json)
            if event is not None:
                out.append(Item(event, item.source_node, index))
        return NodeResult.on("main", out)


def read_event(ctx: NodeContext, config: dict[str, Any], payload: Any) -> dict[str, Any] | None:
    """A module event as an item, or None when its kind is not wanted."""
    if not isinstance(payload, dict) or not isinstance(payload.get("entity"), dict):
        raise NodeError(
            "prestashop.webhook_payload",
            "The call is not a Ferry module event (no 'event' and 'entity'): point the "
            "module's Ferry URL at this workflow's hook URL.",
            error_class=ErrorClass.VALIDATION,
            field="payload",
        )
    if payload.get("event") not in config.get("events", EVENTS):
        return None
    entity = payload["entity"]
    event = {
        "eventId": payload.get("id"),
        "event": payload.get("event"),
        "occurredAt": payload.get("occurredAt"),
        "entityType": entity.get("type"),
        "entityId": entity.get("id"),
        "data": payload.get("data", {}),
    }
    resource = ENTITY_RESOURCES.get(str(entity.get("type")))
    if config.get("refetch", True) and resource and ctx.credentials:
        with as_node_errors():
            event["record"] = shop_client(ctx).get(resource, int(entity["id"]))
    return event


def shop_now(zone: str) -> datetime:
    return datetime.fromtimestamp(time.time(), ZoneInfo(zone)).replace(tzinfo=None)


def overlap_for(zone: str, overlap: int, at: datetime) -> int:
    """The overlap, widened to cover the repeated hour when clocks went back since ``at``."""
    tz = ZoneInfo(zone)
    before = (at - timedelta(hours=2)).replace(tzinfo=tz).utcoffset()
    after = at.replace(tzinfo=tz).utcoffset()
    if before is not None and after is not None and before > after:
        return max(overlap, int((before - after).total_seconds()) + overlap)
    return overlap


def poll(
    ctx: NodeContext, client: PrestaShopClient, config: dict[str, Any]
) -> list[dict[str, Any]]:
    """Records changed since the cursor; moves the cursor in ``ctx.state``."""
    resource = config.get("resource", "orders")
    zone = config.get("shopTimezone", "Europe/Paris")
    field = "date_add" if resource in ("order_histories", "order_payments") else "date_upd"
    cursor: dict[str, Any] = ctx.state.get(f"cursor:{resource}") or {}
    since = cursor.get("since")
    if since is None:
        since = (
            "0000-00-00 00:00:00"
            if config.get("startFrom") == "everything"
            else (shop_now(zone).strftime(STAMP))
        )
        if config.get("startFrom") != "everything":
            ctx.state.set(f"cursor:{resource}", {"since": since, "seen": {}})
            return []
    seen: dict[str, str] = cursor.get("seen", {})
    start = since
    if since != "0000-00-00 00:00:00":
        moment = datetime.strptime(since, STAMP)
        window = overlap_for(zone, int(config.get("overlapSeconds", 10)), moment)
        start = (moment - timedelta(seconds=window)).strftime(STAMP)
    rows = client.iterate(
        resource,
        filters={field: greater_than(start)},
        sort=[f"{field}_ASC", "id_ASC"],
        page_size=100,
    )
    out: list[dict[str, Any]] = []
    newest = since
    limit = int(config.get("maxRecords", 500))
    settle = int(config.get("settleSeconds", 0))
    # Rows come oldest first, so the first one too young ends this poll; the cursor stays
    # before it and a later poll reads it.
    youngest = (shop_now(zone) - timedelta(seconds=settle)).strftime(STAMP) if settle else None
    for row in rows:
        stamp = str(row.get(field, ""))
        if youngest is not None and stamp > youngest:
            break
        if seen.get(str(row["id"])) == stamp:
            continue
        out.append(row)
        seen[str(row["id"])] = stamp
        newest = max(newest, stamp)
        if len(out) >= limit:
            break
    horizon = newest
    if newest != "0000-00-00 00:00:00":
        # Only records inside any future window can come back; older ones need no memory.
        horizon = (datetime.strptime(newest, STAMP) - timedelta(hours=2)).strftime(STAMP)
    kept = {k: v for k, v in seen.items() if v >= horizon}
    ctx.state.set(f"cursor:{resource}", {"since": newest, "seen": kept})
    return out
