"""POST, PUT, PATCH and DELETE as the Webservice does them (spec section 5), with side effects.

Bodies are XML only; the id of a PUT/PATCH comes from the body, not the URL; PUT empties every
optional field it does not receive; a created object is echoed as held in memory. Side effects
follow section 7: a new order history moves the order's state (invoice, payment, validity), a
combination's stock row rolls up into its product's row.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from connectors.prestashop.sandbox import checkout
from connectors.prestashop.sandbox.definitions import (
    FieldDef,
    ResourceDef,
    raw_data,
    stored_default,
)
from connectors.prestashop.sandbox.shop import Shop
from connectors.prestashop.sandbox.validation import invalid_field, read_only, required_fields
from connectors.prestashop.sandbox.wserrors import WebserviceError

Row = dict[str, Any]
_hash_counter = itertools.count(1)


class FatalError(Exception):
    """A PHP fatal error: 500 without Webservice headers (an order from a used cart...)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


def _parse(body: str) -> list[ET.Element]:
    text = body[4:] if body.startswith("xml=") else body
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise _xml_error(text)
    return list(root)


def _xml_error(text: str) -> WebserviceError:
    where = "(<shop-root>/classes/webservice/WebserviceRequest.php, line 1541)"
    first_line = text.split("\n", 1)[0]
    problem = (
        "Start tag expected, '<' not found"
        if not text.lstrip().startswith("<")
        else ("Premature end of data")
    )
    return WebserviceError(
        500,
        [
            (
                3,
                "[PHP Warning #2] SimpleXMLElement::__construct(): Entity: line 1: parser error : "
                f"{problem} {where}",
            ),
            (3, f"[PHP Warning #2] SimpleXMLElement::__construct(): {first_line[:80]} {where}"),
            (3, f"[PHP Warning #2] SimpleXMLElement::__construct(): ^ {where}"),
            (
                127,
                "XML error : String could not be parsed as XML\n"
                f"XML length : {len(text)}\nOriginal XML : {text}",
            ),
        ],
    )


def _values(definition: ResourceDef, node: ET.Element) -> tuple[Row, dict[str, list[Row]] | None]:
    values: Row = {}
    associations: dict[str, list[Row]] | None = None
    for child in node:
        if child.tag == "associations":
            associations = {
                a.tag: [{sub.tag: (sub.text or "").strip() for sub in item} for item in a]
                for a in child
            }
            continue
        field = definition.field(child.tag)
        if field is None:
            continue
        if field.language:
            values[child.tag] = {lang.get("id", "1"): lang.text or "" for lang in child}
        else:
            values[child.tag] = child.text or ""
    return values, associations


def write(
    shop: Shop,
    definition: ResourceDef,
    method: str,
    record_id: str | None,
    body: str,
    query: Sequence[tuple[str, str]],
) -> tuple[int, list[Row]]:
    """Apply one write; returns the status and the rows to echo (none for DELETE)."""
    if method == "DELETE":
        delete(shop, definition, record_id, query)
        return 200, []
    entities = _parse(body)
    if method == "POST":
        return 201, [create(shop, definition, node) for node in entities]
    return 200, [update(shop, definition, node, partial=method == "PATCH") for node in entities]


def _class_name(definition: ResourceDef) -> str:
    return "".join(part.capitalize() for part in definition.element.split("_"))


def _check(definition: ResourceDef, row: Row, given: Row, *, creating: bool) -> None:
    for name in given:
        if name in read_only(definition) and not creating:
            raise WebserviceError(
                400,
                [
                    (
                        93,
                        f'parameter "{name}" not writable. '
                        "Please remove this attribute of this XML",
                    )
                ],
            )
    for name in required_fields(definition):
        value = row.get(name, "")
        empty = not any(value.values()) if isinstance(value, dict) else str(value) == ""
        if empty:
            raise WebserviceError(400, [(41, f'parameter "{name}" required')])
    for name in given:
        if invalid_field(definition, name, row.get(name)):
            message = f'Validation error: "Property {_class_name(definition)}->{name} is not valid"'
            raise WebserviceError(400, [(85, message)])


def create(shop: Shop, definition: ResourceDef, node: ET.Element) -> Row:
    given, associations = _values(definition, node)
    if "id" in given:
        raise WebserviceError(400, [(91, "id is forbidden when adding a new resource")])
    row: Row = {
        f.name: dict.fromkeys(shop.languages, "") if f.language else "" for f in definition.fields
    }
    row.update(given)
    before = CREATE_DEFAULTS.get(definition.name)
    if before:
        before(shop, row)
    _check(definition, row, given, creating=True)
    if definition.name == "orders":
        return _order_from_cart(shop, definition, row, given)
    row["id"] = str(shop.new_id(definition.name))
    now = shop.clock.text()
    for stamp in ("date_add", "date_upd"):
        if definition.field(stamp) is not None:
            row[stamp] = now
    row["associations"] = {a.name: [] for a in definition.associations}
    if associations:
        _set_associations(definition, row, associations)
    stored = as_stored(definition, row)
    shop.table(definition.name)[int(row["id"])] = stored
    after = AFTER_CREATE.get(definition.name)
    if after:
        after(shop, stored)
    shop.changes.append((definition.name, "created", stored))
    # The answer shows the object as held in memory: fields not sent are still empty.
    return row


def _order_from_cart(shop: Shop, definition: ResourceDef, row: Row, given: Row) -> Row:
    """The echo is the object built from the body; the stored order is validateOrder's."""
    try:
        order = checkout.place_order(shop, given)
    except checkout.CartUsed:
        raise FatalError(
            "Cart cannot be loaded or an order has already been placed using this cart"
        )
    _new_history(shop, order, checkout.initial_state(order))
    shop.changes.append(("orders", "created", order))
    return {
        **row,
        "id": order["id"],
        "associations": {"order_rows": order["associations"]["order_rows"]},
    }


WRITABLE_VIRTUAL = frozenset({"cart_rows"})
"""Virtual associations that have a setter: a cart's rows are written with the cart."""


def _set_associations(definition: ResourceDef, row: Row, given: dict[str, list[Row]]) -> None:
    for name, items in given.items():
        association = definition.association(name)
        if association is None:
            raise WebserviceError(400, [(86, f'The association "{name}" does not exists')])
        if not association.read_only or name in WRITABLE_VIRTUAL:
            for item in items:
                for field in association.fields:
                    if field.link_always:
                        item.setdefault(field.name, "0")
            row["associations"][name] = items


def update(shop: Shop, definition: ResourceDef, node: ET.Element, *, partial: bool) -> Row:
    given, associations = _values(definition, node)
    record_id = given.get("id", "")
    if not str(record_id).strip():
        raise WebserviceError(400, [(90, "id is required when modifying a resource")])
    current = shop.table(definition.name).get(int(record_id)) if record_id.isdigit() else None
    if current is None:
        raise WebserviceError(404, [(92, "Invalid ID")])
    if partial:
        row = {**current, **given}
    else:
        row = {f.name: given.get(f.name, _emptied(f, current, shop)) for f in definition.fields}
        row["associations"] = current.get("associations", {})
    _check(definition, row, {k: v for k, v in given.items() if k != "id"}, creating=False)
    if definition.field("date_upd") is not None:
        row["date_upd"] = shop.clock.text()
    hook = BEFORE_UPDATE.get(definition.name)
    if hook:
        hook(shop, current, row)
    if associations:
        _set_associations(definition, row, associations)
    current.clear()
    current.update(as_stored(definition, row))
    after = AFTER_UPDATE.get(definition.name)
    if after:
        after(shop, current)
    shop.changes.append((definition.name, "updated", current))
    # The answer is the object in memory; the database keeps its own formatting.
    return row


def as_stored(definition: ResourceDef, row: Row) -> Row:
    """What the database gives back: decimals with their scale, zeros for empty numbers."""
    stored: Row = {}
    for name, value in row.items():
        field = definition.field(name)
        if field is not None and isinstance(value, str):
            value = _column(field, value)
        stored[name] = value
    return stored


def _column(field: FieldDef, value: str) -> str:
    if value == "":
        return stored_default(field)
    if field.kind.startswith("decimal:"):
        try:
            return f"{float(value):.{int(field.kind.split(':')[1])}f}"
        except ValueError:
            return value
    return value


def _emptied(field: FieldDef, current: Row, shop: Shop) -> Any:
    """PUT empties optional fields it did not receive; getters and dates keep their value."""
    if field.getter or field.name in ("date_add", "id"):
        return current.get(field.name, "")
    return dict.fromkeys(shop.languages, "") if field.language else ""


def delete(
    shop: Shop, definition: ResourceDef, record_id: str | None, query: Sequence[tuple[str, str]]
) -> None:
    bulk = next((v for k, v in query if k == "id"), None)
    errors: list[tuple[int, str]] = []
    if record_id is not None:
        ids = [record_id]
    elif bulk:
        ids = [i for i in re.split(r"[|,]", bulk.strip("[]")) if i]
    else:
        errors.append(
            (
                3,
                "[PHP Warning #2] Undefined array key 1 "
                "(<shop-root>/classes/webservice/WebserviceRequest.php, line 1482)",
            )
        )
        ids = ["0"]
    table = shop.table(definition.name)
    missing = [i for i in ids if not i.isdigit() or int(i) not in table]
    if missing:
        raise WebserviceError(404, [*errors, (87, f"Id(s) not exists: {', '.join(missing)}")])
    for i in ids:
        removed = table.pop(int(i))
        hook = AFTER_DELETE.get(definition.name)
        if hook:
            hook(shop, removed)


# -- side effects -----------------------------------------------------------------------------


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


def _product_created(shop: Shop, row: Row) -> None:
    _stock_row(shop, row["id"], "0")
    row["indexed"] = "1"


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


def apply_state(shop: Shop, order: Row, state_id: str, *, from_object: bool = False) -> None:
    """What ``OrderHistory::changeIdOrderState`` does to the order (spec 7.2).

    ``from_object`` is a state change through the order itself (PATCH/PUT ``current_state``):
    PrestaShop then saves the order object, which writes ``total_paid_real`` as a PHP float.
    """
    state = shop.table("order_states").get(int(state_id or 0), {})
    now = shop.clock.text()
    shop.changes.append(("orders", "status_changed", order))
    order["current_state"] = str(state_id)
    order["date_upd"] = now
    if state.get("logable") == "1":
        order["valid"] = "1"
    if state.get("invoice") == "1" and str(order.get("invoice_number", "0")) in ("0", ""):
        _invoice(shop, order, now)
    if state.get("paid") == "1" and not shop.find(
        "order_payments", order_reference=order["reference"]
    ):
        _payment(shop, order, now)
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


def _php_float(text: str) -> str:
    """PHP's float-to-string: ``21.300000`` becomes ``21.3``."""
    try:
        value = float(text)
    except ValueError:
        return text
    return repr(value).removesuffix(".0") if value == int(value) else repr(value)


def _payment(shop: Shop, order: Row, now: str) -> None:
    payment_id = shop.new_id("order_payments")
    amount = order.get("total_paid_tax_incl", "0")
    currency = shop.table("currencies").get(int(order.get("id_currency") or 0), {})
    shop.table("order_payments")[payment_id] = {
        "id": str(payment_id),
        "order_reference": order["reference"],
        "id_currency": order.get("id_currency", ""),
        "amount": amount,
        "payment_method": PAYMENT_MODULE_NAMES.get(
            order.get("module", ""), order.get("payment", "")
        ),
        "conversion_rate": currency.get("conversion_rate", "1.000000"),
        "transaction_id": "",
        "card_number": "",
        "card_brand": "",
        "card_expiration": "",
        "card_holder": "",
        "date_add": now,
    }
    order["total_paid_real"] = amount


def _order_updating(shop: Shop, before: Row, after: Row) -> None:
    if str(after.get("current_state")) != str(before.get("current_state")):
        state = after["current_state"]
        after["current_state"] = before.get("current_state")
        _new_history(shop, after, state)
    tracking = after.get("shipping_number", "")
    if tracking != before.get("shipping_number", "") and tracking:
        for carrier in shop.find("order_carriers", id_order=after["id"]):
            carrier["tracking_number"] = tracking


def _new_history(shop: Shop, order: Row, state: str) -> None:
    history_id = shop.new_id("order_histories")
    shop.table("order_histories")[history_id] = {
        "id": str(history_id),
        "id_employee": "0",
        "id_order_state": str(state),
        "id_order": order["id"],
        "date_add": shop.clock.text(),
    }
    apply_state(shop, order, state, from_object=True)


def _order_carrier_updated(shop: Shop, row: Row) -> None:
    order = shop.table("orders").get(int(row.get("id_order") or 0))
    if order is not None:
        order["shipping_number"] = row.get("tracking_number", "")


CREATE_DEFAULTS: dict[str, Callable[[Shop, Row], None]] = {
    "customers": _customer_defaults,
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


def synopsis_of(name: str) -> dict[str, Any]:
    result: dict[str, Any] = raw_data()["synopsis"].get(name, {})
    return result
