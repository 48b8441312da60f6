"""The two sandboxes as a shop and an Infor tenant would be seen: place orders, read M3's state."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.infor.sandbox.state import Order
from connectors.prestashop.credentials import client_for
from connectors.prestashop.sandbox.seed_generated import DEMO_KEY
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox

Line = tuple[int, int, int]
"""``(id_product, id_product_attribute, quantity)``."""


def shop_fields(shop: ShopSandbox) -> dict[str, Any]:
    return {"baseUrl": shop.url, "apiKey": DEMO_KEY}


def place_order(
    shop: ShopSandbox, customer: int, lines: list[Line], *, address: int | None = None
) -> dict[str, Any]:
    """An order placed through the Webservice as a checkout does: a cart, then the order."""
    client = client_for(shop_fields(shop), httpx.Client(timeout=10))
    address_id = address or _address_of(shop, customer)
    rows = [{"id_product": p, "id_product_attribute": a, "quantity": q} for p, a, q in lines]
    head = {"id_currency": 1, "id_lang": 1, "id_customer": customer}
    cart = client.create("carts", {**head, "associations": {"cart_rows": rows}})
    client.create(
        "orders",
        {
            **head,
            "id_cart": cart["id"],
            "id_address_delivery": address_id,
            "id_address_invoice": address_id,
            "id_carrier": 2,
            "module": "ps_checkpayment",
            "payment": "Check",
            "conversion_rate": 1,
            "total_paid": 0,
            "total_paid_real": 0,
            "total_products": 0,
            "total_products_wt": 0,
        },
    )
    orders = shop.sandbox.shop.table("orders")
    return dict(orders[max(orders)])


def _address_of(shop: ShopSandbox, customer: int) -> int:
    found = shop.sandbox.shop.find("addresses", id_customer=str(customer))
    return int(found[0]["id"])


def order_created(order: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """The Ferry module's ``order.created`` event for ``order``."""
    return {
        "id": event_id or str(uuid.uuid4()),
        "event": "order.created",
        "occurredAt": "2026-11-27T06:00:00Z",
        "shop": {"url": "http://shop.test/", "id": 1, "version": "8.1.7"},
        "entity": {"type": "order", "id": int(order["id"])},
        "data": {
            "reference": order["reference"],
            "id_customer": int(order["id_customer"]),
            "current_state": 11,
        },
    }


def shop_order(shop: ShopSandbox, order_id: int) -> dict[str, Any]:
    return dict(shop.sandbox.shop.table("orders")[order_id])


def shop_messages(shop: ShopSandbox, order_id: int) -> list[str]:
    rows = shop.sandbox.shop.find("messages", id_order=str(order_id))
    return [str(row["message"]) for row in rows]


def infor_orders(infor: InforSandbox, reference: str) -> list[Order]:
    with infor.world.tenant.lock:
        return [o for o in infor.world.tenant.orders.values() if o.cuor == reference]


def infor_customers_with_email(infor: InforSandbox, email: str) -> list[str]:
    with infor.world.tenant.lock:
        return [
            number
            for number, customer in infor.world.tenant.customers.items()
            if customer.fields.get("MAIL", "").lower() == email.lower()
        ]
