"""Price data of the recorded shop: what its install put in the tables the price engine reads.

The recorded shop is a fresh 8.0 install for the United States with the demo catalogue, so it
has the US localisation pack's taxes (one tax rules group per state, ids in the pack's order:
group 9 is "US-FL Rate (6%)", the group of every demo product and of the demo carrier), the
demo catalogue's specific prices (20 % off the Hummingbird t-shirt and sweater), the demo
carrier's single weight and price range at 5.00 in Europe and North America, the default
customer groups, the demo attributes, the product suppliers and names of the demo products
and the configuration values a fresh install has (handling 2.00, shipping priced by weight,
rounding half up per line). None of it is a recorded total: the engine derives those.
"""

from __future__ import annotations

from typing import Any

from connectors.prestashop.sandbox.shop import Shop

Row = dict[str, Any]
US = 21
FIRST_US_STATE = 4
"""The install's states table lists the US states from id 4, in the pack's order."""

US_STATES = (
    ("Alabama", "AL", 4.0),
    ("Alaska", "AK", 0.0),
    ("Arizona", "AZ", 6.6),
    ("Arkansas", "AR", 6.0),
    ("California", "CA", 8.25),
    ("Colorado", "CO", 2.9),
    ("Connecticut", "CT", 0.0),
    ("Delaware", "DE", 0.0),
    ("Florida", "FL", 6.0),
    ("Georgia", "GA", 4.0),
    ("Hawaii", "HI", 4.0),
    ("Idaho", "ID", 6.0),
    ("Illinois", "IL", 6.25),
    ("Indiana", "IN", 7.0),
    ("Iowa", "IA", 6.0),
    ("Kansas", "KS", 5.3),
    ("Kentucky", "KY", 6.0),
    ("Louisiana", "LA", 4.0),
    ("Maine", "ME", 5.0),
    ("Maryland", "MD", 6.0),
    ("Massachusetts", "MA", 6.25),
    ("Michigan", "MI", 6.0),
    ("Minnesota", "MN", 6.875),
    ("Mississippi", "MS", 7.0),
    ("Missouri", "MO", 4.225),
    ("Montana", "MT", 0.0),
    ("Nebraska", "NE", 5.5),
    ("Nevada", "NV", 6.85),
    ("New Hampshire", "NH", 0.0),
    ("New Jersey", "NJ", 7.0),
    ("New Mexico", "NM", 5.125),
    ("New York", "NY", 4.0),
    ("North Carolina", "NC", 5.5),
    ("North Dakota", "ND", 5.0),
    ("Ohio", "OH", 5.5),
    ("Oklahoma", "OK", 4.5),
    ("Oregon", "OR", 0.0),
    ("Pennsylvania", "PA", 6.0),
    ("Rhode Island", "RI", 7.0),
    ("South Carolina", "SC", 6.0),
    ("South Dakota", "SD", 4.0),
    ("Tennessee", "TN", 7.0),
    ("Texas", "TX", 6.25),
    ("Utah", "UT", 4.75),
    ("Vermont", "VT", 6.0),
    ("Virginia", "VA", 4.0),
    ("Washington", "WA", 6.5),
    ("West Virginia", "WV", 6.0),
    ("Wisconsin", "WI", 5.0),
    ("Wyoming", "WY", 4.0),
    ("Puerto Rico", "PR", 5.5),
    ("US Virgin Islands", "VI", None),
    ("District of Columbia", "DC", 6.0),
)
"""(name, code, sales tax rate or None) in the pack's order; the Virgin Islands have no tax."""

ZONES = (
    "Europe",
    "North America",
    "Asia",
    "Africa",
    "Oceania",
    "South America",
    "Europe (non-EU)",
    "Central America/Antilla",
)
GROUPS = ("Visitor", "Guest", "Customer")
ATTRIBUTE_GROUPS = (  # name, is colour group, type, values (name, colour)
    ("Size", "0", "select", ("S", "M", "L", "XL")),
    (
        "Color",
        "1",
        "color",
        (
            "Grey",
            "Taupe",
            "Beige",
            "White",
            "Off White",
            "Red",
            "Black",
            "Camel",
            "Orange",
            "Blue",
            "Green",
            "Yellow",
            "Brown",
            "Pink",
        ),
    ),
    ("Dimension", "0", "select", ("40x60cm", "60x90cm", "80x120cm")),
    ("Paper Type", "0", "select", ("Ruled", "Plain", "Squarred", "Doted")),
)
SETTINGS = {
    "PS_TIMEZONE": "Europe/Paris",
    "PS_COUNTRY_DEFAULT": "21",
    "PS_CURRENCY_DEFAULT": "1",
    "PS_TAX": "1",
    "PS_TAX_ADDRESS_TYPE": "id_address_delivery",
    "PS_PRICE_ROUND_MODE": "2",
    "PS_ROUND_TYPE": "2",
    "PS_SHIPPING_HANDLING": "2",
    "PS_SHIPPING_METHOD": "1",
    "PS_SHIPPING_FREE_PRICE": "0",
    "PS_SHIPPING_FREE_WEIGHT": "0",
    "PS_CUSTOMER_GROUP": "3",
    "PS_GUEST_GROUP": "2",
    "PS_UNIDENTIFIED_GROUP": "1",
    "PS_USE_ECOTAX": "0",
    "PS_SPECIFIC_PRICE_PRIORITIES": "id_shop;id_currency;id_country;id_group",
    "PS_QTY_DISCOUNT_ON_COMBINATION": "0",
}
PRODUCT_SUPPLIERS = (  # product, first combination's supplier number, supplier, reference
    (1, 46, 1, "demo_1"),
    (6, 0, 2, "demo_11"),
    (7, 0, 2, "demo_12"),
    (8, 0, 2, "demo_13"),
    (19, 0, 2, "demo_14"),
)
"""The demo's product supplier rows whose product and combinations the recording shows."""


DEMO_PRODUCT_NAMES = (
    "Hummingbird printed t-shirt",
    "Hummingbird printed sweater",
    "The best is yet to come' Framed poster",
    "The adventure begins Framed poster",
    "Today is a good day Framed poster",
    "Mug The best is yet to come",
    "Mug The adventure begins",
    "Mug Today is a good day",
    "Mountain fox cushion",
    "Brown bear cushion",
    "Hummingbird cushion",
    "Mountain fox - Vector graphics",
    "Brown bear - Vector graphics",
    "Hummingbird - Vector graphics",
    "Pack Mug + Framed poster",
    "Mountain fox notebook",
    "Brown bear notebook",
    "Hummingbird notebook",
    "Customizable mug",
)
"""The demo catalogue's product names, products 1-19 in install order. The recording shows
some of them; the others are the same install's, so sorting by name orders them as it did."""

DEMO_DEFAULT_CATEGORIES = (4, 5, 9, 9, 9, 8, 8, 8, 8, 8, 8, 9, 9, 9, 8, 7, 7, 7, 8)
"""The demo catalogue's default category of products 1-19: Men 4, Women 5, Stationery 7, Home
Accessories 8, Art 9. The recording shows it for some; the others are the same install's."""


def add_settings(shop: Shop, values: dict[str, str], date: str = "") -> None:
    table = shop.table("configurations")
    for name, value in values.items():
        row_id = shop.new_id("configurations")
        table[row_id] = {
            "id": str(row_id),
            "value": value,
            "name": name,
            "id_shop_group": "",
            "id_shop": "",
            "date_add": date,
            "date_upd": date,
        }


def add_tax(shop: Shop, name: str, rate: float) -> str:
    tax_id = shop.new_id("taxes")
    shop.table("taxes")[tax_id] = {
        "id": str(tax_id),
        "rate": f"{rate:.3f}",
        "active": "1",
        "deleted": "0",
        "name": {"1": name},
    }
    return str(tax_id)


def add_tax_group(shop: Shop, name: str, date: str = "") -> str:
    group_id = shop.new_id("tax_rule_groups")
    shop.table("tax_rule_groups")[group_id] = {
        "id": str(group_id),
        "name": name,
        "active": "1",
        "deleted": "0",
        "date_add": date,
        "date_upd": date,
    }
    return str(group_id)


def add_tax_rule(
    shop: Shop, group: str, country: int, tax: str, state: int = 0, behaviour: int = 1
) -> None:
    rule_id = shop.new_id("tax_rules")
    shop.table("tax_rules")[rule_id] = {
        "id": str(rule_id),
        "id_tax_rules_group": group,
        "id_state": str(state),
        "id_country": str(country),
        "zipcode_from": "0",
        "zipcode_to": "0",
        "id_tax": tax,
        "behavior": str(behaviour),
        "description": "",
    }


def add_specific_price(shop: Shop, product: int, reduction: float, **values: Any) -> None:
    """A reduction (``reduction_type`` percentage unless given) for everyone unless narrowed."""
    row_id = shop.new_id("specific_prices")
    row: Row = {
        "id": str(row_id),
        "id_shop_group": "0",
        "id_shop": "0",
        "id_cart": "0",
        "id_product": str(product),
        "id_product_attribute": "0",
        "id_currency": "0",
        "id_country": "0",
        "id_group": "0",
        "id_customer": "0",
        "id_specific_price_rule": "0",
        "price": "-1.000000",
        "from_quantity": "1",
        "reduction": f"{reduction:.6f}",
        "reduction_tax": "1",
        "reduction_type": "percentage",
        "from": "0000-00-00 00:00:00",
        "to": "0000-00-00 00:00:00",
    }
    row.update({k: str(v) for k, v in values.items()})
    shop.table("specific_prices")[row_id] = row


def add_range(
    shop: Shop, carrier: int, by: str, low: float, high: float, prices: dict[int, float]
) -> None:
    """A weight (``by="weight"``) or price range of a carrier with its price per zone."""
    resource = "weight_ranges" if by == "weight" else "price_ranges"
    range_id = shop.new_id(resource)
    shop.table(resource)[range_id] = {
        "id": str(range_id),
        "id_carrier": str(carrier),
        "delimiter1": f"{low:.6f}",
        "delimiter2": f"{high:.6f}",
    }
    for zone, price in prices.items():
        delivery_id = shop.new_id("deliveries")
        shop.table("deliveries")[delivery_id] = {
            "id": str(delivery_id),
            "id_carrier": str(carrier),
            "id_range_price": str(range_id) if by == "price" else "0",
            "id_range_weight": str(range_id) if by == "weight" else "0",
            "id_zone": str(zone),
            "id_shop": "",
            "id_shop_group": "",
            "price": f"{price:.6f}",
        }


def add_zones_and_groups(shop: Shop, date: str = "") -> None:
    for zone_id, name in enumerate(ZONES, start=1):
        shop.table("zones")[zone_id] = {"id": str(zone_id), "name": name, "active": "1"}
    for group_id, name in enumerate(GROUPS, start=1):
        shop.table("groups")[group_id] = {
            "id": str(group_id),
            "reduction": "0.00",
            "price_display_method": "0",
            "show_prices": "1",
            "date_add": date,
            "date_upd": date,
            "name": {"1": name},
        }


def add_attributes(shop: Shop) -> None:
    value_id = 0
    for group_id, (name, colour, kind, values) in enumerate(ATTRIBUTE_GROUPS, start=1):
        ids = []
        for position, value in enumerate(values):
            value_id += 1
            ids.append({"id": str(value_id)})
            shop.table("product_option_values")[value_id] = {
                "id": str(value_id),
                "id_attribute_group": str(group_id),
                "color": "",
                "position": str(position),
                "name": {"1": value},
            }
        shop.table("product_options")[group_id] = {
            "id": str(group_id),
            "is_color_group": colour,
            "group_type": kind,
            "position": str(group_id - 1),
            "name": {"1": name},
            "public_name": {"1": name},
            "associations": {"product_option_values": ids},
        }


def recorded_catalogue(shop: Shop) -> None:
    """Everything above, into the recorded-demo shop (dated when its demo products were)."""
    installed = str(shop.table("products").get(1, {}).get("date_add") or "")
    add_settings(shop, SETTINGS, installed)
    add_zones_and_groups(shop, installed)
    states = shop.table("states")
    for index, (name, code, rate) in enumerate(US_STATES):
        state_id = FIRST_US_STATE + index
        states[state_id] = {
            "id": str(state_id),
            "id_zone": "2",
            "id_country": str(US),
            "iso_code": code,
            "name": name,
            "active": "1",
        }
        if rate is not None:
            tax = add_tax(shop, f"Sales-taxes US-{code} {rate:g}%", rate)
            group = add_tax_group(shop, f"US-{code} Rate ({rate:g}%)", installed)
            add_tax_rule(shop, group, US, tax, state_id)
    add_specific_price(shop, 1, 0.2)
    add_specific_price(shop, 2, 0.2)
    for by in ("weight", "price"):
        add_range(shop, 2, by, 0, 10000, {1: 5.0, 2: 5.0})
    add_attributes(shop)
    _product_suppliers(shop)
    for product_id, name in enumerate(DEMO_PRODUCT_NAMES, start=1):
        product = shop.table("products").get(product_id)
        if product is not None and not product.get("name", {}).get("1"):
            product["name"] = {"1": name}
    for product_id, category in enumerate(DEMO_DEFAULT_CATEGORIES, start=1):
        product = shop.table("products").get(product_id)
        if product is not None and not int(product.get("id_category_default") or 0):
            product["id_category_default"] = str(category)


def _product_suppliers(shop: Shop) -> None:
    for product_id, first, supplier, reference in PRODUCT_SUPPLIERS:
        product = shop.table("products").get(product_id, {})
        links = product.get("associations", {}).get("combinations", [])
        combinations = sorted(int(link["id"]) for link in links) or [0]
        for offset, combination in enumerate(combinations):
            row_id = shop.new_id("product_suppliers")
            suffix = f"_{first + offset}" if combination else ""
            shop.table("product_suppliers")[row_id] = {
                "id": str(row_id),
                "id_product": str(product_id),
                "id_product_attribute": str(combination),
                "id_supplier": str(supplier),
                "id_currency": "1",
                "product_supplier_reference": reference + suffix,
                "product_supplier_price_te": "5.490000",
            }
