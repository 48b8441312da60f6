"""``--seed generated``: a realistic, deterministic shop for demos and load.

300 products (every third with combinations), 500 customers with addresses in six countries,
3 currencies, 1,000 orders spread over the order states. The same seed number always gives the
same shop; building it takes a fraction of a second.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from typing import Any

from connectors.prestashop.sandbox import checkout, seed_catalogue
from connectors.prestashop.sandbox.definitions import definitions
from connectors.prestashop.sandbox.seed_catalogue import (
    FIRST_US_STATE,
    US_STATES,
    add_range,
    add_specific_price,
    add_tax,
    add_tax_group,
    add_tax_rule,
)
from connectors.prestashop.sandbox.seed_recorded import ORDER_STATES, order_state_row
from connectors.prestashop.sandbox.shop import PROFILES, ApiKey, Shop

Row = dict[str, Any]
DEMO_KEY = "FERRYSANDBOXDEMOKEY0000000000001"
READONLY_KEY = "FERRYSANDBOXREADONLYKEY000000002"

# The states an order paid by check went through to reach each state, as its history shows.
STATE_PATHS = {
    "2": ("1", "2"),
    "3": ("1", "2", "3"),
    "4": ("1", "2", "3", "4"),
    "5": ("1", "2", "3", "4", "5"),
    "6": ("1", "6"),
    "7": ("1", "2", "3", "4", "7"),
    "8": ("1", "8"),
    "9": ("1", "2", "9"),
    "12": ("1", "12"),
}
COUNTRIES = (  # id, iso, name, zone, currency id, zip format
    (8, "FR", "France", 1, 2, "NNNNN"),
    (1, "DE", "Germany", 1, 2, "NNNNN"),
    (6, "ES", "Spain", 1, 2, "NNNNN"),
    (17, "GB", "United Kingdom", 1, 3, "LLNN NLL"),
    (21, "US", "United States", 2, 1, "NNNNN"),
    (4, "CA", "Canada", 2, 1, "LNL NLN"),
)
CURRENCIES = (
    (1, "USD", "US Dollar", "$", "840", "1.000000"),
    (2, "EUR", "Euro", "€", "978", "0.920000"),
    (3, "GBP", "British Pound", "£", "826", "0.790000"),
)
FIRST = (
    "Anna",
    "Ben",
    "Chloé",
    "David",
    "Emma",
    "Farid",
    "Greta",
    "Hugo",
    "Inès",
    "Jonas",
    "Klara",
    "Luca",
    "Maya",
    "Noah",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
)
LAST = (
    "Martin",
    "Schmidt",
    "García",
    "Smith",
    "Dubois",
    "Müller",
    "López",
    "Brown",
    "Moreau",
    "Weber",
    "Fernández",
    "Taylor",
    "Laurent",
    "Fischer",
    "Wilson",
    "Bernard",
)
CITIES = {
    "FR": "Lyon",
    "DE": "Berlin",
    "ES": "Madrid",
    "GB": "Leeds",
    "US": "Austin",
    "CA": "Ottawa",
}
NOUNS = ("mug", "t-shirt", "sweater", "poster", "notebook", "cushion", "tote bag", "cap", "scarf")
WEIGHTS = {  # kg
    "mug": 0.35,
    "t-shirt": 0.2,
    "sweater": 0.5,
    "poster": 0.3,
    "notebook": 0.25,
    "cushion": 0.6,
    "tote bag": 0.15,
    "cap": 0.1,
    "scarf": 0.2,
}
CATEGORIES = {  # default category per product kind, with the demo catalogue's ids
    "t-shirt": 3,  # Clothes
    "sweater": 3,
    "tote bag": 6,  # Accessories
    "cap": 6,
    "scarf": 6,
    "notebook": 7,  # Stationery
    "mug": 8,  # Home Accessories
    "cushion": 8,
    "poster": 9,  # Art
}
REDUCED_RATE_NOUNS = frozenset({"poster", "notebook"})
"""Printed matter takes the reduced VAT rate in the European countries."""
VAT = {  # country id: (standard rate, reduced rate)
    8: (20.0, 5.5),
    1: (19.0, 7.0),
    6: (21.0, 10.0),
    17: (20.0, 0.0),
    4: (5.0, 5.0),
}
US_ADDRESS_STATES = ("TX", "NY", "CA", "FL")
"""US customers live in these states; each has its own sales tax rule."""
SETTINGS = {
    **seed_catalogue.SETTINGS,
    "PS_TIMEZONE": "Europe/Paris",
    "PS_SHIPPING_FREE_PRICE": "150",
}
ADJECTIVES = (
    "Hummingbird",
    "Mountain fox",
    "Brown bear",
    "Adventure",
    "Today is a good day",
    "Minimalist",
    "Vintage",
    "Ocean",
    "Forest",
)
SIZES = ("S", "M", "L", "XL")
COLOURS = ("White", "Black", "Blue", "Red")
COLOUR_VALUES = {"White": 8, "Black": 11, "Blue": 14, "Red": 10}
"""The demo attributes' value ids (``seed_catalogue.ATTRIBUTE_GROUPS``)."""


def _blank(resource: str) -> Row:
    return {f.name: {"1": ""} if f.language else "" for f in definitions()[resource].fields}


def _row(resource: str, row_id: int, **values: Any) -> Row:
    row = _blank(resource)
    row.update({k: (v if isinstance(v, dict) else str(v)) for k, v in values.items()})
    row["id"] = str(row_id)
    row.setdefault("associations", {})
    return row


def _money(value: float) -> str:
    return f"{value:.6f}"


class Builder:
    def __init__(self, seed_number: int, profile: str) -> None:
        self.rng = random.Random(seed_number)
        self.shop = Shop(PROFILES[profile], name="Ferry Demo Shop")
        # In the past of any clock that runs the demo, so "changed since now" starts empty.
        self.start = datetime(2024, 1, 5, 9, 0, 0)
        self.us_states: list[int] = []
        self.tax_groups: dict[str, str] = {}

    def when(self, index: int, total: int) -> str:
        moment = self.start + timedelta(minutes=int(index * 300 * 24 * 60 / total))
        return moment.strftime("%Y-%m-%d %H:%M:%S")

    def reference_data(self) -> None:
        for state_id in ORDER_STATES:
            self.shop.table("order_states")[state_id] = order_state_row(state_id)
        for cid, iso, name, symbol, numeric, rate in CURRENCIES:
            self.shop.table("currencies")[cid] = _row(
                "currencies",
                cid,
                names={"1": name},
                name=name,
                symbol={"1": symbol},
                iso_code=iso,
                numeric_iso_code=numeric,
                precision="2",
                conversion_rate=rate,
                deleted="0",
                active="1",
                unofficial="0",
                modified="0",
                pattern={"1": ""},
            )
        for cid, iso, name, zone, currency, zip_format in COUNTRIES:
            self.shop.table("countries")[cid] = _row(
                "countries",
                cid,
                id_zone=zone,
                id_currency=currency,
                call_prefix="0",
                iso_code=iso,
                active=1,
                contains_states=0,
                need_identification_number=0,
                need_zip_code=1,
                zip_code_format=zip_format,
                display_tax_label=1,
                name={"1": name},
            )
        for cid, name, method in ((1, "Pick up in store", 0), (2, "Express", 1), (3, "Economy", 2)):
            self.shop.table("carriers")[cid] = _row(
                "carriers",
                cid,
                deleted=0,
                is_module=0,
                id_tax_rules_group=1,
                id_reference=cid,
                name=name,
                active=1,
                is_free=int(cid == 1),
                url="https://track.example/@",
                shipping_handling=int(cid == 2),
                range_behavior=0,
                shipping_method=method,
                max_weight=_money(0),
                need_range=0,
                position=cid - 1,
                delay={"1": "2-3 days"},
            )
        self.prices()

    def prices(self) -> None:
        """Taxes, carrier ranges and groups: what the price engine prices orders with."""
        shop = self.shop
        seed_catalogue.add_settings(shop, SETTINGS, self.when(0, 1))
        seed_catalogue.add_zones_and_groups(shop, self.when(0, 1))
        seed_catalogue.add_attributes(shop)
        for index, (name, code, _) in enumerate(US_STATES):
            if code in US_ADDRESS_STATES:
                state_id = FIRST_US_STATE + index
                shop.table("states")[state_id] = _row(
                    "states",
                    state_id,
                    id_zone=2,
                    id_country=21,
                    iso_code=code,
                    name=name,
                    active=1,
                )
                self.us_states.append(state_id)
        standard = add_tax_group(shop, "Standard rate", self.when(0, 1))
        reduced = add_tax_group(shop, "Reduced rate", self.when(0, 1))
        for country, rates in VAT.items():
            iso = next(c[1] for c in COUNTRIES if c[0] == country)
            for group, rate in zip((standard, reduced), rates, strict=True):
                add_tax_rule(shop, group, country, add_tax(shop, f"VAT {iso} {rate:g}%", rate))
        for state_id in self.us_states:
            _, code, sales_tax = US_STATES[state_id - FIRST_US_STATE]
            percent = sales_tax or 0.0
            tax = add_tax(shop, f"Sales-taxes US-{code} {percent:g}%", percent)
            for group in (standard, reduced):
                add_tax_rule(shop, group, 21, tax, state_id)
        self.tax_groups = {"standard": standard, "reduced": reduced}
        # Express by weight (kg), Economy by order value; prices for Europe and North America.
        express = ((0, 1, 5.9, 9.9), (1, 3, 8.9, 14.9), (3, 1e4, 12.9, 19.9))
        economy = ((0, 50, 4.9, 6.9), (50, 100, 2.9, 4.9), (100, 1e4, 0, 0))
        for low, high, europe, america in express:
            add_range(shop, 2, "weight", low, high, {1: europe, 2: america})
        for low, high, europe, america in economy:
            add_range(shop, 3, "price", low, high, {1: europe, 2: america})

    def products(self, count: int = 300) -> None:
        combination_id = 0
        placed = dict.fromkeys(CATEGORIES.values(), 0)
        for pid in range(1, count + 1):
            noun = self.rng.choice(NOUNS)
            name = f"{self.rng.choice(ADJECTIVES)} {noun}"
            price = round(self.rng.uniform(5, 120), 1)
            rate = "reduced" if noun in REDUCED_RATE_NOUNS else "standard"
            has_combinations = pid % 3 == 0
            product = _row(
                "products",
                pid,
                id_category_default=CATEGORIES[noun],
                id_tax_rules_group=self.tax_groups[rate],
                reference=f"SKU-{pid:05d}",
                weight=_money(WEIGHTS[noun]),
                additional_shipping_cost=_money(0),
                ecotax=_money(0),
                is_virtual=0,
                ean13=f"{3760000000000 + pid:013d}",
                price=_money(price),
                wholesale_price=_money(price * 0.4),
                active=1,
                product_type="combinations" if has_combinations else "standard",
                type="simple",
                state=1,
                minimal_quantity=1,
                available_for_order=1,
                show_price=1,
                indexed=1,
                visibility="both",
                condition="new",
                date_add=self.when(pid, count),
                date_upd=self.when(pid, count),
                name={"1": name.capitalize()},
                link_rewrite={"1": name.lower().replace(" ", "-")},
            )
            # Every product is in Home and in its default category.
            product["associations"]["categories"] = [{"id": "2"}, {"id": str(CATEGORIES[noun])}]
            # Its position is the one in its default category, counting from 0.
            product["position_in_category"] = str(placed[CATEGORIES[noun]])
            placed[CATEGORIES[noun]] += 1
            self.shop.table("products")[pid] = product
            stock_rows = [self._stock(pid, 0, 0)]
            if has_combinations:
                links = []
                for size in SIZES:
                    combination_id += 1
                    colour = self.rng.choice(COLOURS)
                    self.shop.table("combinations")[combination_id] = _row(
                        "combinations",
                        combination_id,
                        id_product=pid,
                        reference=f"SKU-{pid:05d}-{colour[:2].upper()}{size}",
                        price=_money(2.0 if size == "XL" else 0),
                        weight=_money(0.05 if size == "XL" else 0),
                        associations={
                            "product_option_values": [
                                {"id": str(SIZES.index(size) + 1)},
                                {"id": str(COLOUR_VALUES[colour])},
                            ]
                        },
                        minimal_quantity=1,
                        default_on=1 if size == "S" else "",
                        available_date="0000-00-00",
                    )
                    links.append({"id": str(combination_id)})
                    stock_rows.append(self._stock(pid, combination_id, self.rng.randint(0, 80)))
                product["associations"]["combinations"] = links
                stock_rows[0]["quantity"] = str(sum(int(r["quantity"]) for r in stock_rows[1:]))
            else:
                stock_rows[0]["quantity"] = str(self.rng.randint(0, 300))
            product["associations"]["stock_availables"] = [
                {"id": r["id"], "id_product_attribute": r["id_product_attribute"]}
                for r in stock_rows
            ]
            self._specific_prices(pid)

    def _specific_prices(self, pid: int) -> None:
        """Sales, quantity discounts, a customer-group price and a dated promotion."""
        if pid % 7 == 0:
            add_specific_price(self.shop, pid, 0.15)
        if pid % 11 == 0:
            add_specific_price(self.shop, pid, 0.1, from_quantity=3)
        if pid % 13 == 0:
            add_specific_price(self.shop, pid, 2.0, reduction_type="amount", id_group=3)
        if pid % 17 == 0:
            add_specific_price(
                self.shop,
                pid,
                0.25,
                **{"from": "2024-11-25 00:00:00", "to": "2024-12-02 23:59:59"},
            )

    def _stock(self, product: int, combination: int, quantity: int) -> Row:
        sid = self.shop.new_id("stock_availables")
        row = _row(
            "stock_availables",
            sid,
            id_product=product,
            id_product_attribute=combination,
            id_shop=1,
            id_shop_group=0,
            quantity=quantity,
            depends_on_stock=0,
            out_of_stock=2,
            location="",
        )
        self.shop.table("stock_availables")[sid] = row
        return row

    def customers(self, count: int = 500) -> None:
        for cid in range(1, count + 1):
            first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
            country = COUNTRIES[cid % len(COUNTRIES)]
            email = f"{first}.{last}.{cid}@example.com".lower()
            secure = hashlib.md5(email.encode(), usedforsecurity=False).hexdigest()
            created = self.when(cid, count)
            self.shop.table("customers")[cid] = _row(
                "customers",
                cid,
                id_default_group=3,
                id_lang=1,
                secure_key=secure,
                deleted=0,
                passwd="$2y$10$" + secure * 2,
                lastname=last,
                firstname=first,
                email=email,
                id_gender=self.rng.choice((1, 2)),
                newsletter=int(cid % 4 == 0),
                optin=0,
                active=1,
                is_guest=0,
                id_shop=1,
                id_shop_group=1,
                date_add=created,
                date_upd=created,
                last_passwd_gen=created,
            )
            self.shop.table("customers")[cid]["associations"] = {"groups": [{"id": "3"}]}
            self.shop.table("addresses")[cid] = _row(
                "addresses",
                cid,
                id_customer=cid,
                id_country=country[0],
                id_state=self.us_states[cid % len(self.us_states)] if country[1] == "US" else 0,
                alias="Home",
                lastname=last,
                firstname=first,
                address1=f"{cid} {last} Street",
                postcode=country[5].replace("N", "1").replace("L", "A"),
                city=CITIES[country[1]],
                phone=f"+1555{cid:07d}",
                deleted=0,
                date_add=created,
                date_upd=created,
            )

    def orders(self, count: int = 1000) -> None:
        """Orders placed from carts and priced by the shop's own rules, over 300 days."""
        states = list(ORDER_STATES)
        products = self.shop.rows("products")
        for oid in range(1, count + 1):
            customer = self.rng.randint(1, 500)
            state = str(self.rng.choice(states))
            created = self.when(oid, count)
            reference = "".join(self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(9))
            currency = COUNTRIES[customer % len(COUNTRIES)][4]
            cart_rows = []
            for product in self.rng.sample(products, self.rng.choice((1, 1, 1, 2, 3))):
                links = product["associations"].get("combinations", [])
                attribute = self.rng.choice(links)["id"] if links else "0"
                cart_rows.append(
                    {
                        "id_product": product["id"],
                        "id_product_attribute": attribute,
                        "id_address_delivery": str(customer),
                        "id_customization": "0",
                        "quantity": str(self.rng.randint(1, 3)),
                    }
                )
            self.shop.table("carts")[oid] = _row(
                "carts",
                oid,
                id_address_delivery=customer,
                id_address_invoice=customer,
                id_currency=currency,
                id_customer=customer,
                id_lang=1,
                id_shop_group=1,
                id_shop=1,
                id_carrier=self.rng.choice((2, 2, 3)),
                secure_key=self.shop.table("customers")[customer]["secure_key"],
                date_add=created,
                date_upd=created,
                associations={"cart_rows": cart_rows},
            )
            given = {
                "id_cart": str(oid),
                "id_lang": "1",
                "module": "ps_checkpayment",
                "payment": "Payment by check",
            }
            order = checkout.place_order(
                self.shop,
                given,
                now=created,
                reference=reference,
                take_stock=False,
                fresh_cart=True,
            )
            self._settle(order, state, created)

    def _settle(self, order: Row, state: str, when: str) -> None:
        """The order as its history left it: the history rows of the way it came to ``state``
        (half an hour apart), then state, validity, invoice and what was paid."""
        moment = datetime.strptime(when, "%Y-%m-%d %H:%M:%S")
        histories = self.shop.table("order_histories")
        for step, step_state in enumerate(STATE_PATHS.get(state, (state,))):
            history_id = len(histories) + 1  # the seed writes them all, in order
            changed = (moment + timedelta(minutes=30 * step)).strftime("%Y-%m-%d %H:%M:%S")
            histories[history_id] = {
                "id": str(history_id),
                "id_employee": "0" if step == 0 else "1",
                "id_order_state": step_state,
                "id_order": order["id"],
                "date_add": changed,
            }
            order["date_upd"] = changed
        flags = self.shop.table("order_states")[int(state)]
        order["current_state"] = state
        order["valid"] = flags["logable"]
        if flags["invoice"] == "1":
            order["invoice_number"] = order["id"]
            order["invoice_date"] = when
        if flags["paid"] == "1":
            order["total_paid_real"] = order["total_paid_tax_incl"]


def generated_shop(seed_number: int = 1, profile: str = "8.1") -> Shop:
    builder = Builder(seed_number, profile)
    builder.reference_data()
    builder.products()
    builder.customers()
    builder.orders()
    shop = builder.shop
    shop.keys = {
        DEMO_KEY: ApiKey(DEMO_KEY),
        READONLY_KEY: ApiKey(
            READONLY_KEY,
            permissions={
                r: frozenset({"GET", "HEAD"}) for r in ("orders", "products", "stock_availables")
            },
        ),
    }
    return shop
