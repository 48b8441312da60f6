"""The catalogue price engine's rules, each on a small shop built for it.

Expected values are worked out by hand from PrestaShop's rules (see ``pricing``), so a rule
that drifts shows here even where no recorded exchange reaches.
"""

from __future__ import annotations

import pytest

from connectors.prestashop.sandbox import pricing
from connectors.prestashop.sandbox.seed_catalogue import (
    add_range,
    add_settings,
    add_specific_price,
    add_tax,
    add_tax_group,
    add_tax_rule,
)
from connectors.prestashop.sandbox.seed_recorded import KEY_ALL, recorded_demo_shop
from connectors.prestashop.sandbox.shop import PROFILES, Shop
from connectors.prestashop.sandbox.tests.test_rules import call

FRANCE, US, FLORIDA, GEORGIA = 8, 21, 12, 13


def small_shop() -> Shop:
    shop = Shop(PROFILES["8.1"])
    add_settings(shop, {"PS_CURRENCY_DEFAULT": "1", "PS_COUNTRY_DEFAULT": str(US)})
    for cid, rate, digits in ((1, "1.000000", "2"), (2, "0.900000", "2"), (3, "150.0", "0")):
        shop.table("currencies")[cid] = {
            "id": str(cid),
            "conversion_rate": rate,
            "precision": digits,
        }
    shop.table("countries")[FRANCE] = {"id": str(FRANCE), "id_zone": "1"}
    shop.table("countries")[US] = {"id": str(US), "id_zone": "2"}
    for state in (FLORIDA, GEORGIA):
        shop.table("states")[state] = {"id": str(state), "id_zone": "2", "id_country": str(US)}
    shop.table("groups")[3] = {"id": "3", "reduction": "0.00"}
    shop.table("customers")[5] = {"id": "5", "id_default_group": "3"}
    shop.table("products")[1] = {
        "id": "1",
        "price": "100.000000",
        "id_tax_rules_group": "1",
        "weight": "0.500000",
    }
    shop.table("combinations")[2] = {"id": "2", "id_product": "1", "price": "10.000000"}
    return shop


def address(shop: Shop, address_id: int, country: int, state: int = 0, postcode: str = "") -> int:
    shop.table("addresses")[address_id] = {
        "id": str(address_id),
        "id_country": str(country),
        "id_state": str(state),
        "postcode": postcode,
    }
    return address_id


def standard_taxes(shop: Shop) -> str:
    group = add_tax_group(shop, "Standard")
    add_tax_rule(shop, group, FRANCE, add_tax(shop, "FR 20%", 20))
    add_tax_rule(shop, group, US, add_tax(shop, "FL 6%", 6), FLORIDA)
    return group


def test_it_taxes_by_the_rules_of_the_delivery_country_state_and_postcode() -> None:
    shop = small_shop()
    group = standard_taxes(shop)
    miami = pricing.Destination(US, FLORIDA, "33101")
    assert pricing.tax_calculator(shop, group, pricing.Destination(FRANCE)).total_rate == 20
    assert pricing.tax_calculator(shop, group, miami).total_rate == 6
    georgia = pricing.tax_calculator(shop, group, pricing.Destination(US, GEORGIA))
    assert (georgia.total_rate, georgia.method) == (0, pricing.NO_TAX)

    county = add_tax(shop, "Miami-Dade 1%", 1)
    add_tax_rule(shop, group, US, county, FLORIDA)
    shop.table("tax_rules")[max(shop.table("tax_rules"))].update(
        zipcode_from="33100", zipcode_to="33199"
    )
    combined = pricing.tax_calculator(shop, group, miami)
    assert (combined.total_rate, combined.method) == (7, pricing.COMBINE)
    assert [tax for tax, _ in combined.rates] == [county, "2"]
    assert pricing.tax_calculator(shop, group, pricing.Destination(US, FLORIDA, "32801")).rates == (
        ("2", 6.0),
    )

    shop.table("tax_rules")[max(shop.table("tax_rules"))]["behavior"] = "2"
    assert pricing.tax_calculator(shop, group, miami).total_rate == pytest.approx(7.06)
    shop.table("tax_rules")[max(shop.table("tax_rules"))]["behavior"] = "0"
    assert pricing.tax_calculator(shop, group, miami).rates == ((county, 1.0),)


def query(**values: object) -> pricing.PriceQuery:
    where = values.pop("where", pricing.Destination(FRANCE))
    return pricing.PriceQuery(where, **{"currency": 1, "group": 3, **values})  # type: ignore[arg-type]


def price(shop: Shop, attribute: int = 0, *, use_tax: bool = False, **values: object) -> float:
    product = shop.table("products")[1]
    return pricing.catalogue_price(shop, product, attribute, query(**values), use_tax=use_tax).price


def test_it_chooses_the_specific_price_prestashop_would() -> None:
    shop = small_shop()
    standard_taxes(shop)
    assert price(shop) == 100
    assert price(shop, 2) == 110
    add_specific_price(shop, 1, 0.10)
    add_specific_price(shop, 1, 0.20, id_group=3)
    add_specific_price(shop, 1, 0.30, id_customer=5)
    add_specific_price(shop, 1, 0.05, id_product_attribute=2)
    add_specific_price(shop, 1, 0.40, from_quantity=10)
    add_specific_price(shop, 1, 0.50, **{"from": "2030-01-01 00:00:00"})
    now = "2026-11-27 10:00:00"
    assert price(shop, group=1, now=now) == 90
    assert price(shop, now=now) == 80  # the group's price scores above the catalogue's
    assert price(shop, customer=5, now=now) == 70  # the customer's above the group's
    assert price(shop, 2, customer=5, now=now) == pytest.approx(104.5)  # a combination's first
    assert price(shop, customer=5, quantity=10, now=now) == 60  # then the larger quantity
    assert price(shop, customer=5, now="2030-01-01 00:00:00") == 70  # dates come after scores
    assert price(shop, group=1, now="2030-01-01 00:00:00") == 50  # the latest start wins a tie
    assert price(shop, use_tax=True, customer=5, now=now) == 84  # 100 × 1.2 − 30 %


def test_it_applies_fixed_prices_and_amounts_in_their_currency_and_tax_mode() -> None:
    shop = small_shop()
    standard_taxes(shop)
    add_specific_price(shop, 1, 12, reduction_type="amount")
    assert price(shop) == 90  # 12.00 taxes included is 10.00 before 20 % VAT
    assert price(shop, use_tax=True) == 108
    assert price(shop, currency=2) == pytest.approx(81)  # 90 € less 10.80 € with VAT (9 € without)
    add_specific_price(shop, 1, 0, price="80.000000", id_currency=2)
    assert price(shop, currency=2) == 80  # a price set in euros is not converted
    assert price(shop, currency=1) == 90


def test_it_rounds_as_the_shop_is_set_to() -> None:
    assert pricing.ps_round(2.675, 2) == 2.68
    assert pricing.ps_round(0.125, 2, pricing.HALF_EVEN) == 0.12
    assert pricing.ps_round(0.135, 2, pricing.HALF_EVEN) == 0.14
    assert pricing.ps_round(0.125, 2, pricing.HALF_ODD) == 0.13
    assert pricing.ps_round(0.121, 2, pricing.ROUND_UP_MODE) == 0.13
    assert pricing.ps_round(0.129, 2, pricing.ROUND_DOWN_MODE) == 0.12

    totals = {}
    for kind in (pricing.ROUND_ITEM, pricing.ROUND_LINE, pricing.ROUND_TOTAL):
        shop = small_shop()
        add_settings(shop, {"PS_ROUND_TYPE": str(kind)})
        for pid in (1, 2, 3):
            shop.table("products")[pid] = {"id": str(pid), "price": "0.125000"}
        quantities = {1: 3, 2: 1, 3: 1}
        rows = [{"id_product": str(p), "quantity": str(q)} for p, q in quantities.items()]
        cart = {"id": "1", "id_currency": "1", "associations": {"cart_rows": rows}}
        totals[kind] = pricing.price_cart(shop, cart).products_excl
    assert totals == {pricing.ROUND_ITEM: 0.65, pricing.ROUND_LINE: 0.64, pricing.ROUND_TOTAL: 0.63}


def test_it_rounds_to_the_precision_of_the_order_currency() -> None:
    shop = small_shop()
    shop.table("products")[1]["price"] = "0.333000"
    rows = [{"id_product": "1", "quantity": "1"}]
    cart = {"id": "1", "id_currency": "3", "associations": {"cart_rows": rows}}
    priced = pricing.price_cart(shop, cart)
    assert priced.lines[0].unit_excl == pytest.approx(49.95)  # converted, 6 decimals kept
    assert priced.products_excl == 50  # yen have no decimals


def carrier(shop: Shop, **values: str) -> dict[str, str]:
    row = {
        "id": "2",
        "is_free": "0",
        "shipping_method": "1",
        "shipping_handling": "0",
        "range_behavior": "0",
        "id_tax_rules_group": "1",
        **values,
    }
    shop.table("carriers")[2] = row
    return row


def ship(shop: Shop, row: dict[str, str], quantity: int, where: pricing.Destination) -> float:
    cart = {
        "id": "1",
        "id_currency": "1",
        "id_carrier": "2",
        "id_address_delivery": str(address(shop, 9, where.country, where.state)),
        "associations": {"cart_rows": [{"id_product": "1", "quantity": str(quantity)}]},
    }
    return pricing.price_cart(shop, cart).shipping_excl


def test_it_prices_carriers_by_their_ranges_in_the_delivery_zone() -> None:
    shop = small_shop()
    standard_taxes(shop)
    express = carrier(shop)
    add_range(shop, 2, "weight", 0, 1, {1: 5.0, 2: 9.0})
    add_range(shop, 2, "weight", 1, 3, {1: 8.0, 2: 12.0})
    france, florida = pricing.Destination(FRANCE), pricing.Destination(US, FLORIDA)
    assert ship(shop, express, 1, france) == 5  # 0.5 kg
    assert ship(shop, express, 2, france) == 8  # 1 kg starts the next range
    assert ship(shop, express, 2, florida) == 12
    assert ship(shop, express, 6, france) == 0  # 3 kg: no range, the carrier cannot deliver
    express["range_behavior"] = "1"
    assert ship(shop, express, 6, france) == 8  # or charges its highest range
    express["shipping_handling"] = "1"
    assert ship(shop, express, 1, france) == 7  # plus the 2.00 handling of a fresh install
    add_settings(shop, {"PS_SHIPPING_FREE_WEIGHT": "1"})
    assert ship(shop, express, 2, france) == 0

    shop = small_shop()
    standard_taxes(shop)
    economy = carrier(shop, shipping_method="2")
    add_range(shop, 2, "price", 0, 150, {1: 4.0})
    add_range(shop, 2, "price", 150, 10000, {1: 1.0})
    assert ship(shop, economy, 1, france) == 4  # 120.00 with VAT
    assert ship(shop, economy, 2, france) == 1  # 240.00 with VAT


def test_it_totals_an_order_from_its_lines_and_shipping() -> None:
    shop = small_shop()
    standard_taxes(shop)
    carrier(shop, shipping_handling="1")
    add_range(shop, 2, "weight", 0, 10, {2: 5.0})
    add_specific_price(shop, 1, 0.2)
    shop.table("products")[1]["price"] = "23.900000"
    cart = {
        "id": "1",
        "id_currency": "1",
        "id_carrier": "2",
        "id_customer": "5",
        "id_address_delivery": str(address(shop, 7, US, FLORIDA, "33101")),
        "associations": {"cart_rows": [{"id_product": "1", "quantity": "2"}]},
    }
    priced = pricing.price_cart(shop, cart)
    line = priced.lines[0]
    assert (line.unit_excl, line.unit_incl) == (19.12, 20.2672)
    assert (line.total_excl, line.total_incl) == (38.24, 40.53)
    assert (priced.shipping_excl, priced.shipping_incl, priced.carrier_tax_rate) == (7, 7.42, 6)
    # The order total adds the unrounded lines: 40.5344 + 7.42 = 47.9544.
    assert (priced.products_incl, priced.paid_incl, priced.paid_excl) == (40.53, 47.95, 45.24)


def test_it_adds_the_price_fields_a_request_asks_for() -> None:
    shop = recorded_demo_shop()
    florida = "price[ttc][use_tax]=1&price[ttc][state]=12&price[ht][use_tax]=0"
    answer = call(shop, "GET", f"products/1?{florida}", KEY_ALL)
    assert answer.status == 200
    assert answer.body.endswith(
        "\t<ttc><![CDATA[20.270000]]></ttc>\n\t<ht><![CDATA[19.120000]]></ht>\n"
        "<associations>\n" + answer.body.split("<associations>\n", 1)[1]
    )
    # Without a state the shop's own country has no rule in the Florida tax group.
    listed = call(shop, "GET", "products?display=[id,ttc]&price[ttc][use_tax]=1", KEY_ALL)
    assert "<ttc><![CDATA[19.120000]]></ttc>" in listed.body
    assert "<price>" not in listed.body
    as_json = call(
        shop, "GET", "combinations/2?display=[id,p]&price[p][use_tax]=0&output_format=JSON", KEY_ALL
    )
    assert as_json.body == '{"combinations":[{"id":2,"p":"19.120000"}]}'
    refused = call(shop, "GET", "products/1?display=[id,ttc]", KEY_ALL)
    assert refused.status == 500
    assert "<code><![CDATA[35]]>" in refused.body
    badly_named = call(shop, "GET", "products/1?price[a.b][use_tax]=1", KEY_ALL)
    assert badly_named.status == 400
    assert "<code><![CDATA[128]]>" in badly_named.body
