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

from connectors.prestashop.sandbox.definitions import definitions
from connectors.prestashop.sandbox.seed_recorded import ORDER_STATES, order_state_row
from connectors.prestashop.sandbox.shop import PROFILES, ApiKey, Shop

Row = dict[str, Any]
DEMO_KEY = "FERRYSANDBOXDEMOKEY0000000000001"
READONLY_KEY = "FERRYSANDBOXREADONLYKEY000000002"

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
        for cid, name, active in ((1, "Pick up in store", 1), (2, "Express", 1), (3, "Economy", 1)):
            self.shop.table("carriers")[cid] = _row(
                "carriers",
                cid,
                deleted=0,
                is_module=0,
                id_tax_rules_group=1,
                id_reference=cid,
                name=name,
                active=active,
                is_free=int(cid == 1),
                url="https://track.example/@",
                shipping_handling=1,
                position=cid - 1,
                delay={"1": "2-3 days"},
            )

    def products(self, count: int = 300) -> None:
        combination_id = 0
        for pid in range(1, count + 1):
            name = f"{self.rng.choice(ADJECTIVES)} {self.rng.choice(NOUNS)}"
            price = round(self.rng.uniform(5, 120), 1)
            has_combinations = pid % 3 == 0
            product = _row(
                "products",
                pid,
                id_category_default=2,
                id_tax_rules_group=1,
                reference=f"SKU-{pid:05d}",
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
        states = list(ORDER_STATES)
        simple = [p for p in self.shop.rows("products") if p["product_type"] == "standard"]
        for oid in range(1, count + 1):
            customer = self.rng.randint(1, 500)
            country = COUNTRIES[customer % len(COUNTRIES)]
            product = self.rng.choice(simple)
            quantity = self.rng.randint(1, 3)
            products = float(product["price"]) * quantity
            shipping = 7.0
            state = str(self.rng.choice(states))
            flags = self.shop.table("order_states")[int(state)]
            created = self.when(oid, count)
            reference = "".join(self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(9))
            total = _money(products * 1.2 + shipping)
            self.shop.table("orders")[oid] = _row(
                "orders",
                oid,
                id_address_delivery=customer,
                id_address_invoice=customer,
                id_cart=oid,
                id_currency=country[4],
                id_lang=1,
                id_customer=customer,
                id_carrier=2,
                current_state=state,
                module="ps_checkpayment",
                invoice_number=oid if flags["invoice"] == "1" else 0,
                invoice_date=created if flags["invoice"] == "1" else "0000-00-00 00:00:00",
                delivery_number=0,
                delivery_date="0000-00-00 00:00:00",
                valid=flags["logable"],
                date_add=created,
                date_upd=created,
                id_shop_group=1,
                id_shop=1,
                secure_key=self.shop.table("customers")[customer]["secure_key"],
                payment="Payment by check",
                recyclable=0,
                gift=0,
                mobile_theme=0,
                total_discounts=_money(0),
                total_discounts_tax_incl=_money(0),
                total_discounts_tax_excl=_money(0),
                total_paid=total,
                total_paid_tax_incl=total,
                total_paid_tax_excl=_money(products + shipping),
                total_paid_real=total if flags["paid"] == "1" else _money(0),
                total_products=_money(products),
                total_products_wt=_money(products * 1.2),
                total_shipping=_money(shipping),
                total_shipping_tax_incl=_money(shipping * 1.2),
                total_shipping_tax_excl=_money(shipping),
                carrier_tax_rate="20.000",
                total_wrapping=_money(0),
                total_wrapping_tax_incl=_money(0),
                total_wrapping_tax_excl=_money(0),
                round_mode=2,
                round_type=2,
                conversion_rate=self.shop.table("currencies")[country[4]]["conversion_rate"],
                reference=reference,
            )
            row = {
                "id": str(oid),
                "product_id": product["id"],
                "product_attribute_id": "0",
                "product_quantity": str(quantity),
                "product_name": product["name"]["1"],
                "product_reference": product["reference"],
                "product_ean13": product["ean13"],
                "product_isbn": "",
                "product_upc": "",
                "product_price": product["price"],
                "id_customization": "0",
                "unit_price_tax_incl": _money(float(product["price"]) * 1.2),
                "unit_price_tax_excl": product["price"],
            }
            self.shop.table("orders")[oid]["associations"] = {"order_rows": [row]}
            self.shop.table("carts")[oid] = _row(
                "carts",
                oid,
                id_address_delivery=customer,
                id_address_invoice=customer,
                id_currency=country[4],
                id_customer=customer,
                id_lang=1,
                id_shop_group=1,
                id_shop=1,
                id_carrier=2,
                date_add=created,
                date_upd=created,
            )
            self.shop.table("carts")[oid]["associations"] = {
                "cart_rows": [
                    {
                        "id_product": product["id"],
                        "id_product_attribute": "0",
                        "id_address_delivery": str(customer),
                        "id_customization": "0",
                        "quantity": str(quantity),
                    }
                ]
            }
            self.shop.table("order_carriers")[oid] = _row(
                "order_carriers",
                oid,
                id_order=oid,
                id_carrier=2,
                id_order_invoice=0,
                weight=_money(0.3),
                shipping_cost_tax_excl=_money(shipping),
                shipping_cost_tax_incl=_money(shipping * 1.2),
                tracking_number="",
                date_add=created,
            )


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
