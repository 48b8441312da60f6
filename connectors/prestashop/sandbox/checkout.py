"""Orders created through the Webservice: ``POST /api/orders`` from an existing cart.

PrestaShop runs ``PaymentModule::validateOrder`` (spec 7.1): the order gets its lines from the
cart, state "Remote payment accepted" when ``total_paid`` matches the cart's total and "Payment
error" otherwise, a history row, a carrier line, and the stock of its products is taken. A cart
already turned into an order is a fatal error. Prices here are the catalogue's base price plus
the combination's impact, without taxes or discounts: the sandbox has no price engine.
"""

from __future__ import annotations

import random
from typing import Any

from connectors.prestashop.sandbox.shop import Shop
from connectors.prestashop.sandbox.side_effects import roll_up_stock
from connectors.prestashop.sandbox.wserrors import WebserviceError

Row = dict[str, Any]
SHIPPING = 7.0
STATE_REMOTE_PAYMENT = "11"
STATE_PAYMENT_ERROR = "8"
_rng = random.Random(11)


class CartUsed(Exception):
    """The cart is missing or already has an order (PHP fatal in the real shop)."""


def _money(value: float) -> str:
    return f"{value:.6f}"


def _line_price(shop: Shop, product: Row, combination_id: str) -> float:
    price = float(product.get("price") or 0)
    combination = shop.table("combinations").get(int(combination_id or 0))
    if combination is not None:
        price += float(combination.get("price") or 0)
    return price


def _name(product: Row, combination_id: str) -> str:
    name = product.get("name", {})
    text = str(next(iter(name.values()), "")) if isinstance(name, dict) else str(name)
    return f"{text} ({combination_id})" if combination_id not in ("", "0") else text


def place_order(shop: Shop, given: Row) -> Row:
    """Create the order for ``given['id_cart']``; returns the stored order."""
    cart = shop.table("carts").get(int(given.get("id_cart") or 0))
    if cart is None or shop.find("orders", id_cart=cart["id"]):
        raise CartUsed()
    lines = cart.get("associations", {}).get("cart_rows", [])
    if not lines:
        raise WebserviceError(400, [(85, 'Validation error: "Property Cart->cart_rows is empty"')])
    products = [shop.table("products").get(int(line.get("id_product") or 0)) for line in lines]
    if any(product is None for product in products):
        raise WebserviceError(404, [(92, "Invalid ID")])
    rows = [_order_row(shop, line, p) for line, p in zip(lines, products, strict=True) if p]
    order = _order(shop, given, rows)
    shop.table("orders")[int(order["id"])] = order
    for row in rows:
        _take_stock(
            shop, row["product_id"], row["product_attribute_id"], int(row["product_quantity"])
        )
        shop.table("order_details")[int(row["id"])] = _detail(row, order["id"])
    _carrier_line(shop, order)
    return order


def _order_row(shop: Shop, line: Row, product: Row) -> Row:
    attribute = str(line.get("id_product_attribute") or "0")
    unit = _money(_line_price(shop, product, attribute))
    return {
        "id": str(shop.new_id("order_details")),
        "product_id": product["id"],
        "product_attribute_id": attribute,
        "product_quantity": str(int(line.get("quantity") or 1)),
        "product_name": _name(product, attribute),
        "product_reference": product.get("reference", ""),
        "product_ean13": product.get("ean13", ""),
        "product_isbn": "",
        "product_upc": "",
        "product_price": unit,
        "id_customization": "0",
        "unit_price_tax_incl": unit,
        "unit_price_tax_excl": unit,
    }


def _order(shop: Shop, given: Row, rows: list[Row]) -> Row:
    """The order ``validateOrder`` saves; its state is set afterwards by a history row."""
    now = shop.clock.text()
    products = sum(float(r["unit_price_tax_excl"]) * int(r["product_quantity"]) for r in rows)
    total = products + SHIPPING
    customer = shop.table("customers").get(int(given.get("id_customer") or 0), {})
    zero = _money(0)
    order: Row = {
        **given,
        "id": str(shop.new_id("orders")),
        "current_state": "0",
        "invoice_number": "0",
        "invoice_date": "0000-00-00 00:00:00",
        "delivery_number": "0",
        "delivery_date": "0000-00-00 00:00:00",
        "valid": "0",
        "date_add": now,
        "date_upd": now,
        "shipping_number": "",
        "note": "",
        "id_shop_group": "1",
        "id_shop": "1",
        "secure_key": customer.get("secure_key", ""),
        "recyclable": "0",
        "gift": "0",
        "gift_message": "",
        "mobile_theme": "0",
        "total_paid": _money(float(given.get("total_paid") or 0)),
        "total_paid_tax_incl": _money(total),
        "total_paid_tax_excl": _money(total),
        "total_paid_real": zero,
        "total_products": _money(products),
        "total_products_wt": _money(products),
        "total_shipping": _money(SHIPPING),
        "total_shipping_tax_incl": _money(SHIPPING),
        "total_shipping_tax_excl": _money(SHIPPING),
        "carrier_tax_rate": "0.000",
        "round_mode": "2",
        "round_type": "2",
        "conversion_rate": _money(float(given.get("conversion_rate") or 1)),
        "reference": "".join(_rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(9)),
        "associations": {"order_rows": rows},
    }
    for name in ("total_discounts", "total_wrapping"):
        for suffix in ("", "_tax_incl", "_tax_excl"):
            order[name + suffix] = zero
    return order


def _detail(row: Row, order_id: str) -> Row:
    quantity = int(row["product_quantity"])
    return {
        **row,
        "id_order": order_id,
        "product_quantity_in_stock": row["product_quantity"],
        "total_price_tax_incl": _money(float(row["unit_price_tax_incl"]) * quantity),
        "total_price_tax_excl": _money(float(row["unit_price_tax_excl"]) * quantity),
        "id_shop": "1",
    }


def _carrier_line(shop: Shop, order: Row) -> None:
    carrier_id = shop.new_id("order_carriers")
    shop.table("order_carriers")[carrier_id] = {
        "id": str(carrier_id),
        "id_order": order["id"],
        "id_carrier": order.get("id_carrier", ""),
        "id_order_invoice": "0",
        "weight": _money(0),
        "shipping_cost_tax_excl": _money(SHIPPING),
        "shipping_cost_tax_incl": _money(SHIPPING),
        "tracking_number": "",
        "date_add": order["date_add"],
    }


def _take_stock(shop: Shop, product_id: str, attribute: str, quantity: int) -> None:
    for stock in shop.find(
        "stock_availables", id_product=product_id, id_product_attribute=attribute
    ):
        stock["quantity"] = str(int(stock["quantity"] or 0) - quantity)
    if attribute != "0":
        roll_up_stock(shop, product_id)


def initial_state(order: Row) -> str:
    """Remote payment accepted when the posted total matches the cart, payment error else."""
    if abs(float(order["total_paid"]) - float(order["total_paid_tax_incl"])) < 0.01:
        return STATE_REMOTE_PAYMENT
    return STATE_PAYMENT_ERROR
