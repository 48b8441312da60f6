"""PrestaShop: Add Order Message — a private note on an order (the back office's order messages).

Kept in its own module so the order-to-cash template can write the Infor order number back to
the shop without touching the other PrestaShop nodes.
"""

from __future__ import annotations

from typing import Any

from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.node_base import PrestaShopNode, pick, required_int
from connectors.prestashop.query import equals
from connectors.prestashop.specs import path_field, spec
from workflows.sdk import ErrorClass, NodeContext, NodeError

MAX_MESSAGE = 1600
"""PrestaShop's Message::$message is validated as a message of at most 1600 characters."""


class AddOrderMessage(PrestaShopNode):
    spec = spec(
        "prestashop.order.add_message",
        "PrestaShop: Add Order Message",
        "Adds a message to an order (private by default, so the customer never sees it); the "
        "same text is never added twice to one order.",
        {
            "orderIdPath": path_field("Order id from item field", "orderId", "Dotted path."),
            "orderId": {"type": ["integer", "null"], "title": "Fixed order id", "default": None},
            "messagePath": path_field("Message from item field", "message", "Dotted path."),
            "message": {"type": "string", "title": "Fixed message", "default": ""},
            "private": {"type": "boolean", "title": "Private (staff only)", "default": True},
        },
        {"private": {}},
        side_effects="idempotent",
    )

    def handle(self, ctx: NodeContext, client: PrestaShopClient, data: Any) -> list[Any]:
        order_id = required_int(pick(data, self.config, "orderId"), "orderId", "The order id")
        text = str(pick(data, self.config, "message") or "").strip()
        if not text or len(text) > MAX_MESSAGE:
            raise NodeError(
                "prestashop.input",
                f"The message is empty or longer than {MAX_MESSAGE} characters: map it into "
                "'message' of the incoming item or set it in the node.",
                error_class=ErrorClass.VALIDATION,
                field="message",
            )
        order = client.get("orders", order_id)
        key = ctx.effect_key("prestashop.message", order_id, text)

        def existing() -> dict[str, Any] | None:
            for found in client.iterate("messages", filters={"id_order": equals(order_id)}):
                if str(found.get("message", "")).strip() == text:
                    return dict(found)
            return None

        def add() -> dict[str, Any]:
            # A replay after a lost answer finds the message instead of adding it again.
            found = existing()
            if found is not None:
                return found
            fields = {
                "id_order": order_id,
                "id_cart": order.get("id_cart", 0),
                "id_customer": order.get("id_customer", 0),
                "id_employee": 0,
                "message": text,
                "private": 1 if self.config.get("private", True) else 0,
            }
            return dict(client.create("messages", fields))

        if ctx.effects is None:
            message = add()
        else:
            # An attempt that failed half way (the shop down for a minute) leaves its ledger
            # row pending; the next attempt asks the shop whether the message is there.
            outcome = ctx.once(
                key,
                "prestashop.order.add_message",
                {"orderId": order_id},
                lambda: {"result": add()},
                reconcile=lambda _key, _request: _found(existing()),
            )
            message = outcome["result"]
        return [{"orderId": order_id, "messageId": message.get("id"), "message": text}]


def _found(message: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if message is None else {"result": message}
