"""``--seed recorded-demo``: the recorded 8.0 shop's demo data, same ids, values and keys.

Rows the recording showed are used as shown; ids it only listed get the values a fresh demo
install has where the spec gives them (order states) and neutral values otherwise.
"""

from __future__ import annotations

import copy
from typing import Any

from connectors.prestashop.sandbox.definitions import definitions, raw_data
from connectors.prestashop.sandbox.seed_catalogue import recorded_catalogue
from connectors.prestashop.sandbox.shop import PROFILES, ApiKey, Shop

Row = dict[str, Any]

KEY_ALL = "RECORDEDDEMOALLPERMISSIONSKEY001"
KEY_READONLY = "RECORDEDDEMOREADONLYKEY000000002"
KEY_INACTIVE = "RECORDEDDEMOINACTIVEKEY000000003"
READ = frozenset({"GET", "HEAD"})

# id: name, template, flags (unremovable delivery hidden send_email invoice logable shipped paid
# pdf_delivery pdf_invoice), module, color; from the default install (spec 7.3).
ORDER_STATES = {
    1: ("Awaiting check payment", "cheque", "1001000000", "ps_checkpayment", "#34209E"),
    2: ("Payment accepted", "payment", "1001110101", "", "#3498D8"),
    3: ("Processing in progress", "preparation", "1101110111", "", "#3498D8"),
    4: ("Shipped", "shipped", "1101111111", "", "#01b887"),
    5: ("Delivered", "", "1100111111", "", "#01b887"),
    6: ("Canceled", "order_canceled", "1001000000", "", "#2C3E50"),
    7: ("Refunded", "refund", "1001100001", "", "#ED2B2B"),
    8: ("Payment error", "payment_error", "1001000000", "", "#ED2B2B"),
    9: ("On backorder (paid)", "outofstock", "1001100101", "", "#3498D8"),
    10: ("Awaiting bank wire payment", "bankwire", "1001000000", "ps_wirepayment", "#34209E"),
    11: ("Remote payment accepted", "payment", "1001110101", "", "#3498D8"),
    12: ("On backorder (not paid)", "outofstock", "1001000000", "", "#34209E"),
    13: (
        "Awaiting Cash On Delivery validation",
        "cashondelivery",
        "1000000000",
        "ps_cashondelivery",
        "#34209E",
    ),
}
FLAG_NAMES = (
    "unremovable delivery hidden send_email invoice logable shipped paid pdf_delivery pdf_invoice"
).split()


def order_state_row(state_id: int) -> Row:
    name, template, flags, module, color = ORDER_STATES[state_id]
    row: Row = {"id": str(state_id), "module_name": module, "color": color, "deleted": "0"}
    row.update(dict(zip(FLAG_NAMES, flags, strict=True)))
    row["name"] = {"1": name}
    row["template"] = {"1": template}
    return row


def _blank(resource: str, row_id: int) -> Row:
    definition = definitions()[resource]
    row: Row = {}
    for f in definition.fields:
        row[f.name] = {"1": ""} if f.language else ("0" if f.integer else "")
    row["id"] = str(row_id)
    return row


def _complete(resource: str, row: Row, template: Row | None) -> Row:
    full = copy.deepcopy(template) if template else _blank(resource, int(row["id"]))
    full.update(copy.deepcopy(row))
    for f in definitions()[resource].fields:
        if f.name not in full:
            full[f.name] = {"1": ""} if f.language else ""
    return full


def recorded_demo_shop(profile: str = "8.0") -> Shop:
    data = raw_data()
    shop = Shop(PROFILES[profile], name="SandboxRef")
    shop.keys = {
        KEY_ALL: ApiKey(KEY_ALL),
        KEY_READONLY: ApiKey(
            KEY_READONLY,
            permissions=dict.fromkeys(("orders", "products", "stock_availables"), READ),
        ),
        KEY_INACTIVE: ApiKey(KEY_INACTIVE, active=False),
    }
    rows: dict[str, dict[int, Row]] = {
        resource: {int(r["id"]): r for r in items} for resource, items in data["rows"].items()
    }
    listed: dict[str, list[int]] = {r: list(ids) for r, ids in data["ids"].items()}
    everything = {
        "products": range(1, 20),
        "countries": range(1, 242),
        "states": range(1, 353),
        "carriers": range(1, 5),
        "order_states": range(1, 14),
        "customers": range(1, 3),
        "addresses": range(1, 7),
    }
    for resource, ids in everything.items():
        listed[resource] = listed.get(resource, []) + [
            i for i in ids if i not in listed.get(resource, [])
        ]
    for resource in sorted(set(rows) | set(listed)):
        known = rows.get(resource, {})
        template = _template(resource, known) if resource in TEMPLATED else None
        table = shop.table(resource)
        order = listed.get(resource, [])
        for row_id in order + sorted(set(known) - set(order)):
            seen = known.get(row_id)
            if resource == "order_states" and seen is None:
                seen = order_state_row(row_id)
            table[row_id] = _complete(resource, seen or {"id": str(row_id)}, template)
    recorded_catalogue(shop)
    _seed_histories(shop)
    _seed_carts(shop)
    _derive_order_details(shop)
    _derive_order_carriers(shop)
    _derive_combinations(shop)
    _derive_stock(shop)
    _fix_links(shop)
    return shop


TEMPLATED = frozenset({"carriers", "order_carriers", "countries", "states", "stock_availables"})
"""Resources whose unseen rows copy a recorded sibling (their values are not identities)."""


def _derive_order_details(shop: Shop) -> None:
    """Order detail rows the recording did not show, from their order's ``order_rows``."""
    details = shop.table("order_details")
    template = _template("order_details", {k: v for k, v in details.items() if len(v) > 20})
    for order in shop.rows("orders"):
        for line in order.get("associations", {}).get("order_rows", []):
            row = details.get(int(line["id"]))
            if row is None or len(row) > 20 and row.get("id_order") == order["id"]:
                continue
            full = copy.deepcopy(template) if template else _blank("order_details", int(line["id"]))
            full.update({k: v for k, v in row.items() if v not in ("", "0")})
            full.update(
                id=line["id"],
                id_order=order["id"],
                product_id=line["product_id"],
                product_attribute_id=line["product_attribute_id"],
                product_quantity=line["product_quantity"],
                product_name=line["product_name"],
                product_reference=line["product_reference"],
                product_price=line["product_price"],
                unit_price_tax_incl=line["unit_price_tax_incl"],
                unit_price_tax_excl=line["unit_price_tax_excl"],
            )
            details[int(line["id"])] = full


def _seed_histories(shop: Shop) -> None:
    """Each demo order's history row; the install used ids up to 7 (the recording's first new
    history got id 8)."""
    for order in shop.rows("orders"):
        history_id = int(order["id"])
        shop.table("order_histories")[history_id] = {
            "id": str(history_id),
            "id_employee": "0",
            "id_order_state": order["current_state"],
            "id_order": order["id"],
            "date_add": order["date_add"],
        }
    shop.next_ids["order_histories"] = 8


def _seed_carts(shop: Shop) -> None:
    """The carts the demo orders were placed from (orders point at them by ``id_cart``)."""
    for order in shop.rows("orders"):
        cart_id = int(order["id_cart"])
        lines = [
            {
                "id_product": line["product_id"],
                "id_product_attribute": line["product_attribute_id"],
                "id_address_delivery": order["id_address_delivery"],
                "id_customization": "0",
                "quantity": line["product_quantity"],
            }
            for line in order.get("associations", {}).get("order_rows", [])
        ]
        cart = _blank("carts", cart_id)
        cart.update(
            {
                key: order[key]
                for key in (
                    "id_address_delivery",
                    "id_address_invoice",
                    "id_currency",
                    "id_customer",
                    "id_lang",
                    "id_shop_group",
                    "id_shop",
                    "id_carrier",
                    "secure_key",
                    "date_add",
                    "date_upd",
                )
                if key in cart
            }
        )
        cart["associations"] = {"cart_rows": lines}
        shop.table("carts")[cart_id] = cart


def _derive_order_carriers(shop: Shop) -> None:
    """One order carrier per demo order, same id, carrier 2 (README of the recording)."""
    for carrier in shop.rows("order_carriers"):
        order = shop.table("orders").get(int(carrier["id"]))
        if order is not None and carrier.get("id_order") != order["id"]:
            carrier["id_order"] = order["id"]
            carrier["date_add"] = order["date_add"]
            carrier["shipping_cost_tax_excl"] = order["total_shipping_tax_excl"]
            carrier["shipping_cost_tax_incl"] = order["total_shipping_tax_incl"]


def _derive_combinations(shop: Shop) -> None:
    """A product's ``combinations`` association names the combinations that belong to it."""
    combinations = shop.table("combinations")
    for product in shop.rows("products"):
        for link in product.get("associations", {}).get("combinations", []):
            combination = combinations.get(int(link["id"]))
            if combination is not None:
                combination["id_product"] = product["id"]


def _derive_stock(shop: Shop) -> None:
    """Rows 1-19 are the products' own rows, 20+ the combinations' (README of the recording)."""
    combinations = shop.table("combinations")
    for stock in shop.rows("stock_availables"):
        stock_id = int(stock["id"])
        if stock_id <= 19:
            stock["id_product"], stock["id_product_attribute"] = str(stock_id), "0"
        elif stock_id - 19 in combinations:
            combination = combinations[stock_id - 19]
            stock["id_product"] = combination["id_product"]
            stock["id_product_attribute"] = str(stock_id - 19)


def _template(resource: str, known: dict[int, Row]) -> Row | None:
    """The most complete recorded row, used for fields of rows shown only partly."""
    if not known:
        return None
    best = max(known.values(), key=len)
    template = copy.deepcopy(best)
    template.pop("associations", None)
    return template


def _fix_links(shop: Shop) -> None:
    """Associations the recording could not show (the ``<0>`` bug hid customer groups)."""
    for customer in shop.rows("customers"):
        customer.setdefault("associations", {})["groups"] = [{"id": customer["id_default_group"]}]
    for carrier in shop.rows("carriers"):
        carrier["id_reference"] = carrier["id"]
        carrier["active"] = "0" if int(carrier["id"]) >= 3 else "1"
    for product in shop.rows("products"):
        product.setdefault("associations", {})
        # Every demo product is in Home (2) and its default category, as the full reads show.
        known = {str(c["id"]) for c in product["associations"].get("categories", [])}
        if not known:
            wanted = dict.fromkeys(["2", str(product.get("id_category_default") or "2")])
            product["associations"]["categories"] = [{"id": c} for c in wanted]
        product["associations"]["stock_availables"] = [
            {"id": s["id"], "id_product_attribute": s["id_product_attribute"]}
            for s in shop.find("stock_availables", id_product=product["id"])
        ]
