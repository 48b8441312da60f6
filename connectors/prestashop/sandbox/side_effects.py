"""What a write changes beyond its own row (spec section 7), as hooks keyed by resource.

A new order history moves the order's state and, by the state's flags, makes it valid, issues
the invoice and records the payment; a combination's stock row rolls up into its product's row;
changing an order's tracking number writes it on the order's carrier line.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from connectors.prestashop.sandbox.shop import Shop
from connectors.prestashop.sandbox.wserrors import WebserviceError

Row = dict[str, Any]
_hash_counter = itertools.count(1)


def _customer_defaults(shop: Shop, row: Row) -> None:
    row["id_lang"] = row.get("id_lang") or "1"
    row["id_shop"] = row.get("id_shop") or "1"
    row["id_shop_group"] = row.get("id_shop_group") or "1"
    row["last_passwd_gen"] = shop.clock.text(timedelta(minutes=-360))
    seed = f"{row.get('email', '')}{next(_hash_counter)}"
    row["secure_key"] = hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest()
    if row.get("passwd"):
        digest = hashlib.sha256(f"{seed}{row['passwd']}".encode()).hexdigest()
        row["passwd"] = "$2y$10$" + digest[:53]


def _stock_row(shop: Shop, product: str, combination: str) -> None:
    _add_stock_row(shop, product, combination)
    _link_stock(shop, product)


def _add_stock_row(shop: Shop, product: str, combination: str) -> None:
    stock_id = shop.new_id("stock_availables")
    shop.table("stock_availables")[stock_id] = {
        "id": str(stock_id),
        "id_product": product,
        "id_product_attribute": combination,
        "id_shop": "1",
        "id_shop_group": "0",
        "quantity": "0",
        "depends_on_stock": "0",
        "out_of_stock": "2",
        "location": "",
    }


PRODUCT_DEFAULTS = {
    "condition": "new",
    "visibility": "both",
    "id_shop_default": "1",
    "type": "simple",
    "id_default_combination": "0",
}
"""Values a new Product object has before it is saved (class defaults and getters)."""


def _product_defaults(shop: Shop, row: Row) -> None:
    for name, value in PRODUCT_DEFAULTS.items():
        if row.get(name) in (None, ""):
            row[name] = value
    if row.get("position_in_category") in (None, ""):
        # Positions count from 0: a new product goes after those already in its category.
        category = str(row.get("id_category_default") or "2")
        row["position_in_category"] = str(len(products_in_category(shop, category)))


def products_in_category(shop: Shop, category: str) -> list[Row]:
    return [
        p
        for p in shop.rows("products")
        if any(
            str(c.get("id")) == category for c in p.get("associations", {}).get("categories", [])
        )
    ]


def _product_created(shop: Shop, row: Row) -> None:
    _stock_row(shop, row["id"], "0")
    row["indexed"] = "1"
    # The deprecated quantity getter reads 0 whatever the stock (spec 7.11).
    row["quantity"] = "0"
    categories = row.setdefault("associations", {}).setdefault("categories", [])
    default = str(row.get("id_category_default") or "")
    if default and all(str(c.get("id")) != default for c in categories):
        # A product always belongs to its default category.
        categories.append({"id": default})


def _link_stock(shop: Shop, product_id: str) -> None:
    """A product's read-only ``stock_availables`` association follows its stock rows."""
    product = shop.table("products").get(int(product_id or 0))
    if product is not None:
        product.setdefault("associations", {})["stock_availables"] = [
            {"id": s["id"], "id_product_attribute": s["id_product_attribute"]}
            for s in shop.find("stock_availables", id_product=product_id)
        ]


def _combination_created(shop: Shop, row: Row) -> None:
    _stock_row(shop, row["id_product"], row["id"])
    product = shop.table("products").get(int(row["id_product"] or 0))
    if product is not None:
        links = product.setdefault("associations", {}).setdefault("combinations", [])
        links.append({"id": row["id"]})
        values = product["associations"].setdefault("product_option_values", [])
        for value in row.get("associations", {}).get("product_option_values", []):
            if all(v.get("id") != value.get("id") for v in values):
                values.append({"id": value.get("id")})
        if str(product.get("cache_default_attribute", "0")) in ("", "0"):
            # The first combination becomes the product's default one.
            product["cache_default_attribute"] = row["id"]
            product["id_default_combination"] = row["id"]


def _combination_deleted(shop: Shop, row: Row) -> None:
    for stock in shop.find("stock_availables", id_product_attribute=row["id"]):
        shop.table("stock_availables").pop(int(stock["id"]))
    roll_up_stock(shop, row["id_product"])
    _link_stock(shop, row["id_product"])


def roll_up_stock(shop: Shop, product_id: str) -> None:
    """The product-level row is the sum of its combination rows (spec 7.13)."""
    rows = shop.find("stock_availables", id_product=product_id)
    parent = next((r for r in rows if str(r["id_product_attribute"]) == "0"), None)
    children = [r for r in rows if str(r["id_product_attribute"]) != "0"]
    if parent is not None and children:
        parent["quantity"] = str(sum(int(r["quantity"] or 0) for r in children))


def _stock_updated(shop: Shop, row: Row) -> None:
    if str(row.get("id_product_attribute", "0")) != "0":
        roll_up_stock(shop, str(row["id_product"]))


def _history_created(shop: Shop, row: Row) -> None:
    order = shop.table("orders").get(int(row["id_order"] or 0))
    if order is not None:
        apply_state(shop, order, row["id_order_state"])
    row["id_employee"] = row.get("id_employee") or ""


def _history_checked(shop: Shop, row: Row) -> None:
    order_id = str(row.get("id_order", ""))
    if order_id.isdigit() and int(order_id) not in shop.table("orders"):
        raise WebserviceError(
            400, [(85, 'Validation error: "Property OrderHistory->id_order is not valid"')]
        )


PAYMENT_MODULE_NAMES = {
    "ps_checkpayment": "Payments by check",
    "ps_wirepayment": "Bank wire",
    "ps_cashondelivery": "Cash on delivery (COD)",
}
"""A payment row names the module's display name, not the order's ``payment`` text."""


def status_changed(order: Row, state_id: str) -> Row:
    """What the Ferry module's ``order.status_changed`` event carries, as its hook sees it."""
    return {
        "id": order["id"],
        "reference": order.get("reference", ""),
        "id_customer": int(order.get("id_customer") or 0),
        "current_state": int(state_id or 0),
        "previous_state": int(order.get("current_state") or 0),
    }


def apply_state(shop: Shop, order: Row, state_id: str, *, from_object: bool = False) -> None:
    """What ``OrderHistory::changeIdOrderState`` does to the order (spec 7.2).

    ``from_object`` is a state change through the order itself (PATCH/PUT ``current_state``):
    PrestaShop then saves the order object, which writes ``total_paid_real`` as a PHP float.
    """
    state = shop.table("order_states").get(int(state_id or 0), {})
    now = shop.clock.text()
    shop.changes.append(("orders", "status_changed", status_changed(order, state_id)))
    order["current_state"] = str(state_id)
    order["date_upd"] = now
    if state.get("logable") == "1":
        order["valid"] = "1"
    if state.get("invoice") == "1" and str(order.get("invoice_number", "0")) in ("0", ""):
        _invoice(shop, order, now)
    if state.get("paid") == "1":
        # A paid state records what is left to pay on the invoice, under the module's name.
        paid = sum(
            float(p.get("amount") or 0)
            for p in shop.find("order_payments", order_reference=order["reference"])
        )
        rest = float(order.get("total_paid_tax_incl") or 0) - paid
        if rest > 0.000001:
            module = str(order.get("module", ""))
            method = PAYMENT_MODULE_NAMES.get(module, str(order.get("payment", "")))
            add_payment(shop, order, rest, method, now)
            if from_object:
                order["total_paid_real"] = _php_float(order["total_paid_real"])


def _invoice(shop: Shop, order: Row, now: str) -> None:
    number = 1 + max((int(r.get("number") or 0) for r in shop.rows("order_invoices")), default=0)
    invoice_id = shop.new_id("order_invoices")
    shop.table("order_invoices")[invoice_id] = {
        "id": str(invoice_id),
        "id_order": order["id"],
        "number": str(number),
        "delivery_number": "0",
        "delivery_date": "0000-00-00 00:00:00",
        "total_discount_tax_excl": order.get("total_discounts_tax_excl", "0.000000"),
        "total_discount_tax_incl": order.get("total_discounts_tax_incl", "0.000000"),
        "total_paid_tax_excl": order.get("total_paid_tax_excl", ""),
        "total_paid_tax_incl": order.get("total_paid_tax_incl", ""),
        "total_products": order.get("total_products", ""),
        "total_products_wt": order.get("total_products_wt", ""),
        "total_shipping_tax_excl": order.get("total_shipping_tax_excl", ""),
        "total_shipping_tax_incl": order.get("total_shipping_tax_incl", ""),
        "shipping_tax_computation_method": "1",
        "total_wrapping_tax_excl": order.get("total_wrapping_tax_excl", ""),
        "total_wrapping_tax_incl": order.get("total_wrapping_tax_incl", ""),
        "shop_address": shop.name,
        "note": "",
        "date_add": now,
    }
    order["invoice_number"] = str(number)
    order["invoice_date"] = now
    # Order::setInvoice attaches the order's lines and carrier lines to the new invoice.
    for resource in ("order_details", "order_carriers"):
        for line in shop.find(resource, id_order=order["id"]):
            line["id_order_invoice"] = str(invoice_id)


def _php_float(text: str) -> str:
    """PHP's float-to-string: ``21.300000`` becomes ``21.3``."""
    try:
        value = float(text)
    except ValueError:
        return text
    return repr(value).removesuffix(".0") if value == int(value) else repr(value)


def add_payment(shop: Shop, order: Row, value: float, method: str, now: str) -> None:
    """``Order::addOrderPayment``: a payment row on the order's reference, counted as paid."""
    payment_id = shop.new_id("order_payments")
    amount = f"{value:.6f}"
    currency = shop.table("currencies").get(int(order.get("id_currency") or 0), {})
    shop.table("order_payments")[payment_id] = {
        "id": str(payment_id),
        "order_reference": order["reference"],
        "id_currency": order.get("id_currency", ""),
        "amount": amount,
        "payment_method": method,
        "conversion_rate": currency.get("conversion_rate", "1.000000"),
        "transaction_id": "",
        "card_number": "",
        "card_brand": "",
        "card_expiration": "",
        "card_holder": "",
        "date_add": now,
    }
    order["total_paid_real"] = f"{float(order.get('total_paid_real') or 0) + value:.6f}"


def _order_updating(shop: Shop, before: Row, after: Row) -> None:
    if str(after.get("current_state")) != str(before.get("current_state")):
        state = after["current_state"]
        after["current_state"] = before.get("current_state")
        new_history(shop, after, state)
    tracking = after.get("shipping_number", "")
    if tracking != before.get("shipping_number", "") and tracking:
        for carrier in shop.find("order_carriers", id_order=after["id"]):
            carrier["tracking_number"] = tracking


def new_history(shop: Shop, order: Row, state: str, *, from_object: bool = True) -> None:
    """A history row moving ``order`` to ``state``; ``from_object`` as in ``apply_state``
    (``validateOrder`` sets the first state through the history, not the order object)."""
    history_id = shop.new_id("order_histories")
    shop.table("order_histories")[history_id] = {
        "id": str(history_id),
        "id_employee": "0",
        "id_order_state": str(state),
        "id_order": order["id"],
        "date_add": shop.clock.text(),
    }
    apply_state(shop, order, state, from_object=from_object)


def _order_carrier_updated(shop: Shop, row: Row) -> None:
    order = shop.table("orders").get(int(row.get("id_order") or 0))
    if order is not None:
        order["shipping_number"] = row.get("tracking_number", "")


def _position_in_category(
    shop: Shop, product: Row, stored: Row | None, value: str
) -> list[tuple[int, str]]:
    """``Product::setWsPositionInCategory``: moves the product within its default category.

    Positions below 1 or beyond the category's size are refused (134, 135). Otherwise the
    setter lists the category's products behind a null first element so that list indexes
    are positions, and reading ``['id_product']`` of that null is a PHP warning on PHP 8
    (PHP 7.3 and older say nothing); the products then get positions 1..n, this one moved
    to ``value`` if it had a position above 0.
    """
    position = _leading_int(value)
    if position <= 0:
        return [(134, "You cannot set 0 or a negative position, the minimum is 1.")]
    category = str(product.get("id_category_default") or "")
    members = sorted(
        products_in_category(shop, category),
        key=lambda p: (_leading_int(str(p.get("position_in_category", ""))), int(p["id"])),
    )
    if position > len(members):
        return [
            (
                135,
                "You cannot set a position greater than the total number of products in the "
                "category, starting at 1.",
            )
        ]
    ordered: list[Row | None] = [None, *members]
    # A product being created has no position yet (its getter reads nothing).
    current = _leading_int(str(stored.get("position_in_category", ""))) if stored else 0
    if current and current < len(ordered):
        moved = ordered.pop(current)
        ordered.insert(position, moved)
    for index, member in enumerate(ordered):
        if member is not None:
            member["position_in_category"] = str(index)
    if not shop.profile.query_warnings:
        return []
    return [
        (
            3,
            "[PHP Warning #2] Trying to access array offset on value of type null "
            "(<shop-root>/classes/Product.php, line 7050)",
        )
    ]


def _leading_int(text: str) -> int:
    digits = ""
    for char in text.strip():
        if not char.isdigit():
            break
        digits += char
    return int(digits) if digits else 0


SETTERS: dict[tuple[str, str], Callable[[Shop, Row, Row | None, str], list[tuple[int, str]]]] = {
    ("products", "position_in_category"): _position_in_category,
}
"""Fields whose setter does more than store the value, and what it reports."""

CREATE_DEFAULTS: dict[str, Callable[[Shop, Row], None]] = {
    "customers": _customer_defaults,
    "products": _product_defaults,
    "order_histories": _history_checked,
}
AFTER_CREATE: dict[str, Callable[[Shop, Row], None]] = {
    "products": _product_created,
    "combinations": _combination_created,
    "order_histories": _history_created,
}
BEFORE_UPDATE: dict[str, Callable[[Shop, Row, Row], None]] = {"orders": _order_updating}
AFTER_UPDATE: dict[str, Callable[[Shop, Row], None]] = {
    "stock_availables": _stock_updated,
    "order_carriers": _order_carrier_updated,
}
AFTER_DELETE: dict[str, Callable[[Shop, Row], None]] = {"combinations": _combination_deleted}
