"""Orders created through the Webservice: ``POST /api/orders`` from an existing cart.

PrestaShop runs ``PaymentModule::validateOrder`` (spec 7.1): the cart is priced by the catalogue
price engine (``pricing``: tax rules of the delivery address, specific prices, carrier ranges,
rounding), the order gets one detail row per cart row and one carrier line, state "Remote
payment accepted" when the posted ``total_paid`` matches the cart total at the currency's
precision and "Payment error" otherwise, a history row, and the stock of its products is taken.
A cart already turned into an order is a fatal error.
"""

from __future__ import annotations

import random
from typing import Any

from connectors.prestashop.sandbox.pricing import (
    PricedCart,
    PricedLine,
    convert,
    integer,
    money,
    number,
    precision,
    price_cart,
    ps_round,
    setting,
    tax_calculator,
)
from connectors.prestashop.sandbox.shop import Shop
from connectors.prestashop.sandbox.side_effects import add_payment, roll_up_stock
from connectors.prestashop.sandbox.wserrors import WebserviceError

Row = dict[str, Any]
STATE_REMOTE_PAYMENT = "11"
STATE_PAYMENT_ERROR = "8"
_rng = random.Random(11)


class CartUsed(Exception):
    """The cart is missing or already has an order (PHP fatal in the real shop)."""


def attributes_text(shop: Shop, combination: Row | None) -> str:
    """``Size: S - Color: White``: the combination's values, by group then value position."""
    if combination is None:
        return ""
    parts = []
    for link in combination.get("associations", {}).get("product_option_values", []):
        value = shop.table("product_option_values").get(integer(link.get("id")))
        if value is None:
            continue
        group = shop.table("product_options").get(integer(value.get("id_attribute_group"))) or {}
        parts.append(
            (
                integer(group.get("position")),
                integer(value.get("position")),
                f"{_text(group.get('public_name'))}: {_text(value.get('name'))}",
            )
        )
    return " - ".join(text for *_, text in sorted(parts))


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("1") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def line_name(shop: Shop, line: PricedLine) -> str:
    name = _text(line.product.get("name"))
    attributes = attributes_text(shop, line.combination)
    return f"{name} ({attributes})" if attributes else name


def place_order(
    shop: Shop,
    given: Row,
    *,
    now: str | None = None,
    reference: str | None = None,
    take_stock: bool = True,
    fresh_cart: bool = False,
) -> Row:
    """Create the order for ``given['id_cart']``; returns the stored order (no state yet).

    ``fresh_cart`` skips looking for an order already placed from the cart (a seed that has
    just made the cart knows there is none)."""
    cart = shop.table("carts").get(integer(given.get("id_cart")))
    if (
        cart is None
        or not fresh_cart
        and any(str(o.get("id_cart")) == str(cart["id"]) for o in shop.table("orders").values())
    ):
        raise CartUsed()
    items = cart.get("associations", {}).get("cart_rows", [])
    if not items:
        raise WebserviceError(400, [(85, 'Validation error: "Property Cart->cart_rows is empty"')])
    if any(shop.table("products").get(integer(i.get("id_product"))) is None for i in items):
        raise WebserviceError(404, [(92, "Invalid ID")])
    moment = now or shop.clock.text()
    cart = {**cart, **{k: v for k, v in _from_order(given).items() if not integer(cart.get(k))}}
    priced = price_cart(shop, cart, now=moment)
    order = _order(shop, given, cart, priced, moment, reference)
    rows = []
    for line in priced.lines:
        detail = _detail(shop, order, line, priced)
        shop.table("order_details")[integer(detail["id"])] = detail
        rows.append({name: detail[name] for name in ORDER_ROW_FIELDS})
        if take_stock:
            _take_stock(shop, detail["product_id"], detail["product_attribute_id"], line.quantity)
    order["associations"] = {"order_rows": rows}
    shop.table("orders")[integer(order["id"])] = order
    _carrier_line(shop, order, priced)
    return order


def _from_order(given: Row) -> Row:
    """Addresses and carrier the posted order names, for a cart saved without them."""
    names = ("id_address_delivery", "id_address_invoice", "id_carrier", "id_currency")
    return {name: given[name] for name in names if integer(given.get(name))}


ORDER_ROW_FIELDS = (
    "id",
    "product_id",
    "product_attribute_id",
    "product_quantity",
    "product_name",
    "product_reference",
    "product_ean13",
    "product_isbn",
    "product_upc",
    "product_price",
    "id_customization",
    "unit_price_tax_incl",
    "unit_price_tax_excl",
)
"""An order's ``order_rows`` are its detail rows seen through these fields."""


def _order(
    shop: Shop, given: Row, cart: Row, priced: PricedCart, now: str, reference: str | None
) -> Row:
    """The order ``validateOrder`` saves from the cart; its state is set by a history row."""
    customer = shop.table("customers").get(integer(cart.get("id_customer")), {})
    currency = shop.table("currencies").get(priced.currency, {})
    zero = money(0)
    order: Row = {
        **given,
        "id": str(shop.new_id("orders")),
        "id_address_delivery": cart.get("id_address_delivery", ""),
        "id_address_invoice": cart.get("id_address_invoice", ""),
        "id_currency": str(priced.currency),
        "id_customer": cart.get("id_customer") or given.get("id_customer", ""),
        "id_carrier": cart.get("id_carrier", ""),
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
        "total_paid": money(priced.paid_incl),
        "total_paid_tax_incl": money(priced.paid_incl),
        "total_paid_tax_excl": money(priced.paid_excl),
        "total_paid_real": zero,
        "total_products": money(priced.products_excl),
        "total_products_wt": money(priced.products_incl),
        "total_shipping": money(priced.shipping_incl),
        "total_shipping_tax_incl": money(priced.shipping_incl),
        "total_shipping_tax_excl": money(priced.shipping_excl),
        "carrier_tax_rate": f"{priced.carrier_tax_rate:.3f}",
        "round_mode": str(priced.round_mode),
        "round_type": str(priced.round_type),
        "conversion_rate": money(number(currency.get("conversion_rate")) or 1.0),
        "reference": reference
        or "".join(_rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(9)),
    }
    for name in ("total_discounts", "total_wrapping"):
        for suffix in ("", "_tax_incl", "_tax_excl"):
            order[name + suffix] = zero
    return order


def _detail(shop: Shop, order: Row, line: PricedLine, priced: PricedCart) -> Row:
    """``OrderDetail::create`` for one priced cart row."""
    product, combination = line.product, line.combination
    attribute = str(combination["id"]) if combination is not None else "0"
    specific = line.specific or {}
    percent = number(specific.get("reduction")) * 100
    is_percentage = bool(specific) and specific.get("reduction_type") != "amount"
    amount = amount_excl = amount_incl = 0.0
    if specific and not is_percentage:
        amount = number(specific.get("reduction"))
        if str(specific.get("reduction_tax", "1")) != "0":
            amount_incl = amount
            amount_excl = ps_round(line.taxes.remove(amount), priced.precision)
        else:
            amount_excl = amount
            amount_incl = ps_round(line.taxes.add(amount), priced.precision)
    wholesale = number((combination or {}).get("wholesale_price")) or number(
        product.get("wholesale_price")
    )
    supplier = _product_supplier(shop, product, attribute)
    supplier_price = number(supplier.get("product_supplier_price_te")) if supplier else 0.0
    stock = sum(integer(row.get("quantity")) for row in _stock_rows(shop, product, attribute))
    group = shop.table("groups").get(priced.group) or {}
    extra_shipping = number(product.get("additional_shipping_cost"))
    return {
        "id": str(shop.new_id("order_details")),
        "id_order": order["id"],
        "product_id": product["id"],
        "product_attribute_id": attribute,
        "product_quantity_reinjected": "0",
        "group_reduction": f"{number(group.get('reduction')):.2f}",
        "discount_quantity_applied": "1" if integer(specific.get("from_quantity")) > 1 else "0",
        "download_hash": "",
        "download_deadline": "0000-00-00 00:00:00",
        "id_order_invoice": "0",
        "id_warehouse": "0",
        "id_shop": "1",
        "id_customization": "0",
        "product_name": line_name(shop, line),
        "product_quantity": str(line.quantity),
        "product_quantity_in_stock": str(line.quantity if stock >= line.quantity else stock),
        "product_quantity_return": "0",
        "product_quantity_refunded": "0",
        "product_price": money(line.unit_excl),
        "reduction_percent": f"{percent if is_percentage else 0:.2f}",
        "reduction_amount": money(amount),
        "reduction_amount_tax_incl": money(amount_incl),
        "reduction_amount_tax_excl": money(amount_excl),
        "product_quantity_discount": money(0),
        "product_ean13": (combination or {}).get("ean13") or product.get("ean13", ""),
        "product_isbn": (combination or {}).get("isbn") or product.get("isbn", ""),
        "product_upc": (combination or {}).get("upc") or product.get("upc", ""),
        "product_mpn": (combination or {}).get("mpn") or product.get("mpn", ""),
        "product_reference": (combination or {}).get("reference") or product.get("reference", ""),
        "product_supplier_reference": (supplier or {}).get("product_supplier_reference")
        or (combination or {}).get("supplier_reference")
        or product.get("supplier_reference", ""),
        "product_weight": money(line.weight),
        "tax_computation_method": str(line.taxes.method),
        "id_tax_rules_group": str(integer(product.get("id_tax_rules_group"))),
        "ecotax": money(convert(shop, number(product.get("ecotax")), priced.currency)),
        "ecotax_tax_rate": f"{_ecotax_rate(shop, product, priced):.3f}",
        "download_nb": "0",
        "unit_price_tax_incl": money(line.unit_incl),
        "unit_price_tax_excl": money(line.unit_excl),
        "total_price_tax_incl": money(line.total_incl),
        "total_price_tax_excl": money(line.total_excl),
        # The product's own extra shipping cost, taxed at the rate of the invoice's carrier,
        # and a line has no invoice yet when it is created (OrderDetail::setShippingCost).
        "total_shipping_price_tax_excl": money(extra_shipping),
        "total_shipping_price_tax_incl": money(ps_round(extra_shipping, priced.precision)),
        "purchase_supplier_price": money(supplier_price or wholesale),
        "original_product_price": money(line.original_price),
        "original_wholesale_price": money(wholesale),
        "total_refunded_tax_excl": money(0),
        "total_refunded_tax_incl": money(0),
        "associations": {"taxes": [{"id": tax_id} for tax_id, _ in line.taxes.rates]},
    }


def _ecotax_rate(shop: Shop, product: Row, priced: PricedCart) -> float:
    """The ecotax's own tax rate at the taxed address, for products that carry an ecotax."""
    if not number(product.get("ecotax")):
        return 0.0
    group = setting(shop, "PS_ECOTAX_TAX_RULES_GROUP_ID")
    return tax_calculator(shop, group, priced.where).total_rate


def _stock_rows(shop: Shop, product: Row, attribute: str) -> list[Row]:
    """The stock rows of a product's combination, through the product's own links."""
    links = product.get("associations", {}).get("stock_availables")
    if links is None:
        found = shop.find("stock_availables", id_product=product["id"])
        return [row for row in found if str(row.get("id_product_attribute")) == attribute]
    table = shop.table("stock_availables")
    return [
        table[integer(link.get("id"))]
        for link in links
        if str(link.get("id_product_attribute")) == attribute and integer(link.get("id")) in table
    ]


def _product_supplier(shop: Shop, product: Row, attribute: str) -> Row | None:
    """The product's default supplier's row for this combination (``ProductSupplier``)."""
    supplier = str(integer(product.get("id_supplier")))
    for row in shop.find("product_suppliers", id_product=product["id"]):
        same = str(row.get("id_product_attribute")) == attribute
        if same and str(row.get("id_supplier")) == supplier:
            return row
    return None


def _carrier_line(shop: Shop, order: Row, priced: PricedCart) -> None:
    carrier_id = shop.new_id("order_carriers")
    shop.table("order_carriers")[carrier_id] = {
        "id": str(carrier_id),
        "id_order": order["id"],
        "id_carrier": order.get("id_carrier", ""),
        "id_order_invoice": "0",
        "weight": money(priced.weight),
        "shipping_cost_tax_excl": money(priced.shipping_excl),
        "shipping_cost_tax_incl": money(priced.shipping_incl),
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


def register_payment(shop: Shop, order: Row, given: Row) -> None:
    """``validateOrder`` records the posted amount as paid when the state it was asked for
    (``PS_OS_WS_PAYMENT``, "Remote payment accepted") is a validated one, even when a wrong
    total then sends the order to "Payment error": the order keeps that amount as paid."""
    asked = shop.table("order_states").get(int(STATE_REMOTE_PAYMENT), {})
    if asked.get("logable") != "1":
        return
    digits = precision(shop, integer(order.get("id_currency")))
    amount = ps_round(number(given.get("total_paid")), digits, integer(order.get("round_mode")))
    add_payment(shop, order, amount, str(order.get("payment", "")), str(order["date_add"]))


def initial_state(shop: Shop, order: Row, given: Row) -> str:
    """Remote payment accepted when the posted ``total_paid`` is the cart's total at the
    currency's precision, payment error else (the order keeps the cart's total either way)."""
    digits = precision(shop, integer(order.get("id_currency")))
    mode = integer(order.get("round_mode"))
    posted = ps_round(number(given.get("total_paid")), digits, mode)
    due = ps_round(number(order.get("total_paid_tax_incl")), digits, mode)
    return STATE_REMOTE_PAYMENT if posted == due else STATE_PAYMENT_ERROR
