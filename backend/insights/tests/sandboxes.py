"""Both sandboxes served in threads, connections to them, and orders placed in each directly."""

from __future__ import annotations

import json
from typing import Any

import httpx

from backend.connections.models import Connection
from backend.connections.services import save_connection
from connectors.infor import runtime
from connectors.infor.m3 import M3Client
from connectors.infor.sales_orders import OrderDefaults, create_sales_order
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.prestashop.credentials import client_for
from connectors.prestashop.sandbox.seed_generated import DEMO_KEY
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox

M3_CUSTOMER = "WEB0000001"


def connect(shop: ShopSandbox, infor: InforSandbox) -> tuple[Connection, Connection]:
    ionapi = json.dumps(httpx.get(f"{infor.base_url}/ionapi").json())
    shop_connection = save_connection(
        None,
        name="Sandbox shop",
        credential_type_id="prestashop.shop",
        fields={"baseUrl": shop.url, "apiKey": DEMO_KEY},
    )
    infor_connection = save_connection(
        None, name="Sandbox M3", credential_type_id="infor.ionapi", fields={"ionapi": ionapi}
    )
    return shop_connection, infor_connection


def shop_order(shop: ShopSandbox, customer: int = 7, product: int = 1) -> dict[str, Any]:
    """A cart and its order through the Webservice, as the tour places them."""
    client = client_for({"baseUrl": shop.url, "apiKey": DEMO_KEY}, httpx.Client(timeout=10))
    address = client.find_one("addresses", {"id_customer": str(customer)})
    assert address is not None
    head = {"id_currency": 1, "id_lang": 1, "id_customer": customer}
    rows = [{"id_product": product, "id_product_attribute": 0, "quantity": 1}]
    cart = client.create("carts", {**head, "associations": {"cart_rows": rows}})
    order = client.create(
        "orders",
        {
            **head,
            "id_cart": cart["id"],
            "id_address_delivery": address["id"],
            "id_address_invoice": address["id"],
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
    return dict(shop.sandbox.shop.table("orders")[int(order["id"])])


def m3_order(infor: InforSandbox, reference: str, item: str, price: float) -> str:
    """An M3 customer order for ``reference`` at ``price``; returns its number."""
    http = httpx.Client(timeout=10)
    ionapi = json.dumps(httpx.get(f"{infor.base_url}/ionapi").json())
    client = M3Client(runtime.gateway_for({"ionapi": ionapi}, http))
    order = {
        "customer": M3_CUSTOMER,
        "reference": reference,
        "currency": "USD",
        "lines": [{"item": item, "quantity": 1, "price": price}],
    }
    defaults = OrderDefaults(order_type="WEB", facility="A01", warehouse="001")
    return str(create_sales_order(client, order, defaults)["orderNumber"])


def advance(infor: InforSandbox, seconds: int) -> None:
    httpx.post(f"{infor.base_url}/admin/clock", json={"advance": seconds}).raise_for_status()
