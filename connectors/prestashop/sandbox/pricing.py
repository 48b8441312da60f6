"""The catalogue price engine: tax rules, specific prices, carrier ranges and cart totals.

It follows PrestaShop's own rules rather than any recorded number: ``TaxRulesTaxManager`` picks
the tax rules of a group for the delivery country, state and postcode; ``SpecificPrice`` picks
the one specific price that applies (most specific combination, cart, quantity, then the
priority score, then the dates); ``Product::priceCalculation`` applies it with taxes, ecotax
and the customer group's reduction; ``Cart::getPackageShippingCost`` prices the carrier by its
weight or price ranges in the delivery zone; and the cart ``Calculator`` rounds per item, line
or total as ``PS_ROUND_TYPE`` says, to the currency's precision, the way ``PS_PRICE_ROUND_MODE``
says. Everything reads the shop's own tables, so a shop seeded with other taxes or prices gets
other totals by the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Decimal,
)
from typing import Any

from connectors.prestashop.sandbox.shop import Shop

Row = dict[str, Any]

# PS_PRICE_ROUND_MODE values (Tools::ps_round).
ROUND_UP_MODE, ROUND_DOWN_MODE, HALF_UP, HALF_DOWN, HALF_EVEN, HALF_ODD = range(6)
# PS_ROUND_TYPE values (Order::ROUND_ITEM / ROUND_LINE / ROUND_TOTAL).
ROUND_ITEM, ROUND_LINE, ROUND_TOTAL = 1, 2, 3
# TaxCalculator computation methods; 0 is what a group without a matching rule gives.
NO_TAX, COMBINE, ONE_AFTER_ANOTHER = 0, 1, 2
# Carrier::SHIPPING_METHOD_*.
BY_DEFAULT, BY_WEIGHT, BY_PRICE, FREE = 0, 1, 2, 3

SETTINGS_DEFAULTS = {
    "PS_TAX": "1",
    "PS_TAX_ADDRESS_TYPE": "id_address_delivery",
    "PS_PRICE_ROUND_MODE": str(HALF_UP),
    "PS_ROUND_TYPE": str(ROUND_LINE),
    "PS_CURRENCY_DEFAULT": "1",
    "PS_COUNTRY_DEFAULT": "21",
    "PS_CUSTOMER_GROUP": "3",
    "PS_UNIDENTIFIED_GROUP": "1",
    "PS_SHIPPING_HANDLING": "2",
    "PS_SHIPPING_METHOD": "1",
    "PS_SHIPPING_FREE_PRICE": "0",
    "PS_SHIPPING_FREE_WEIGHT": "0",
    "PS_USE_ECOTAX": "0",
    "PS_ECOTAX_TAX_RULES_GROUP_ID": "0",
    "PS_SPECIFIC_PRICE_PRIORITIES": "id_shop;id_currency;id_country;id_group",
    "PS_QTY_DISCOUNT_ON_COMBINATION": "0",
}
"""A fresh install's values for the settings the engine reads, when the shop has no row."""

_MODES = {
    ROUND_UP_MODE: ROUND_CEILING,
    ROUND_DOWN_MODE: ROUND_FLOOR,
    HALF_UP: ROUND_HALF_UP,
    HALF_DOWN: ROUND_HALF_DOWN,
    HALF_EVEN: ROUND_HALF_EVEN,
}
_LEADING_NUMBER = re.compile(r"^\s*-?\d+")


def setting(shop: Shop, name: str) -> str:
    """A configuration value (the ``configurations`` table, else the install default)."""
    for row in shop.table("configurations").values():
        if row.get("name") == name:
            return str(row.get("value") or "")
    return SETTINGS_DEFAULTS.get(name, "")


def number(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def integer(value: Any) -> int:
    """MySQL's reading of a text as a number: its leading digits, 0 when there are none."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    match = _LEADING_NUMBER.match(str(value or ""))
    return int(match.group(0)) if match else 0


def ps_round(value: float, precision: int, mode: int = HALF_UP) -> float:
    """``Tools::ps_round``: decimal rounding of the value PHP prints, so 2.675 gives 2.68."""
    exact = Decimal(repr(float(value)))
    quantum = Decimal(1).scaleb(-precision)
    if mode == HALF_ODD:
        down = exact.quantize(quantum, rounding=ROUND_DOWN)
        if abs(exact - down) * 2 != quantum:
            return float(exact.quantize(quantum, rounding=ROUND_HALF_UP))
        last = int(down.scaleb(precision)) % 2
        return float(down if last else down + quantum.copy_sign(exact))
    return float(exact.quantize(quantum, rounding=_MODES.get(mode, ROUND_HALF_UP)))


def round_mode(shop: Shop) -> int:
    return integer(setting(shop, "PS_PRICE_ROUND_MODE"))


def money(value: float, decimals: int = 6) -> str:
    """A DECIMAL(20,6) column as MySQL returns it."""
    return f"{value + 0.0:.{decimals}f}"


# --- Currencies -------------------------------------------------------------------------------


def default_currency(shop: Shop) -> int:
    return integer(setting(shop, "PS_CURRENCY_DEFAULT")) or 1


def conversion_rate(shop: Shop, currency_id: int) -> float:
    if currency_id in (0, default_currency(shop)):
        return 1.0
    row = shop.table("currencies").get(currency_id)
    return number(row.get("conversion_rate")) if row else 1.0


def convert(shop: Shop, amount: float, currency_id: int, *, to_currency: bool = True) -> float:
    """``Tools::convertPrice``: from the default currency into ``currency_id`` (or back)."""
    rate = conversion_rate(shop, currency_id)
    if rate in (0.0, 1.0):
        return amount
    return amount * rate if to_currency else amount / rate


def precision(shop: Shop, currency_id: int) -> int:
    """The computing precision: the currency's own number of decimals (2 when unknown)."""
    row = shop.table("currencies").get(currency_id) or {}
    value = str(row.get("precision", ""))
    return int(value) if value.isdigit() else 2


# --- Taxes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Destination:
    """Where the goods go, which is what tax rules and carrier zones look at."""

    country: int
    state: int = 0
    postcode: str = ""


def destination(shop: Shop, address_id: Any) -> Destination:
    """An address's country, state and postcode; the shop's country when there is none."""
    address = shop.table("addresses").get(integer(address_id))
    if address is None:
        return Destination(integer(setting(shop, "PS_COUNTRY_DEFAULT")))
    return Destination(
        integer(address.get("id_country")),
        integer(address.get("id_state")),
        str(address.get("postcode") or ""),
    )


@dataclass(frozen=True)
class Taxes:
    """The taxes one tax rules group applies at one destination (``TaxCalculator``)."""

    rates: tuple[tuple[str, float], ...] = ()
    """(tax id, rate in %) in the order the rules were chosen."""
    method: int = NO_TAX

    @property
    def total_rate(self) -> float:
        if self.method == ONE_AFTER_ANOTHER:
            factor = 1.0
            for _, rate in self.rates:
                factor *= 1 + abs(rate) / 100
            return (factor - 1) * 100
        return float(sum(abs(rate) for _, rate in self.rates))

    def add(self, price: float) -> float:
        return price * (1 + self.total_rate / 100)

    def remove(self, price: float) -> float:
        return price / (1 + self.total_rate / 100)


def taxes_enabled(shop: Shop) -> bool:
    return setting(shop, "PS_TAX") not in ("", "0")


def _zip_matches(rule: Row, postcode: int) -> bool:
    low, high = integer(rule.get("zipcode_from")), integer(rule.get("zipcode_to"))
    return low <= postcode <= high or (high == 0 and low in (0, postcode))


def tax_calculator(shop: Shop, group_id: Any, where: Destination) -> Taxes:
    """The rules of ``group_id`` for this destination, most specific first.

    A rule for a postcode range beats one for a state, which beats one for the whole country;
    the first rule's behaviour decides whether the taxes add up (combine) or compound (one after
    another), and a rule with behaviour "this tax only" stops the list.
    """
    if not taxes_enabled(shop):
        return Taxes((), COMBINE)
    group = shop.table("tax_rule_groups").get(integer(group_id))
    if group is None or str(group.get("active", "1")) == "0" or str(group.get("deleted")) == "1":
        return Taxes()
    postcode = integer(where.postcode)
    group_key = str(integer(group_id))
    rules = [
        rule
        for rule in shop.table("tax_rules").values()
        if str(rule.get("id_tax_rules_group")) == group_key
        and integer(rule.get("id_country")) == where.country
        and integer(rule.get("id_state")) in (0, where.state)
        and _zip_matches(rule, postcode)
    ]
    rules.sort(
        key=lambda r: (
            integer(r.get("zipcode_from")),
            integer(r.get("zipcode_to")),
            integer(r.get("id_state")),
            integer(r.get("id_country")),
        ),
        reverse=True,
    )
    chosen: list[tuple[str, float]] = []
    behaviour = NO_TAX
    for index, rule in enumerate(rules):
        tax = shop.table("taxes").get(integer(rule.get("id_tax"))) or {}
        chosen.append((str(integer(rule.get("id_tax"))), number(tax.get("rate"))))
        if index == 0:
            behaviour = integer(rule.get("behavior"))
        if integer(rule.get("behavior")) == 0:
            break
    return Taxes(tuple(chosen), behaviour)


# --- Specific prices --------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceQuery:
    """Who buys, where, how many and when: everything a catalogue price depends on."""

    where: Destination
    currency: int
    group: int
    quantity: int = 1
    customer: int = 0
    cart: int = 0
    real_quantity: int = 0
    """The quantity of the product in the whole cart, all combinations together."""
    shop_id: int = 1
    now: str = ""
    """``YYYY-MM-DD HH:MM:SS`` shop time; dated specific prices compare with it."""


def _priorities(shop: Shop) -> list[str]:
    return ["id_customer", *setting(shop, "PS_SPECIFIC_PRICE_PRIORITIES").split(";")]


def _in_dates(row: Row, now: str) -> bool:
    start, end = str(row.get("from") or ""), str(row.get("to") or "")
    minute = now[:16] + ":00" if now else now
    open_start = start in ("", "0000-00-00 00:00:00") or minute >= start
    open_end = end in ("", "0000-00-00 00:00:00") or minute <= end
    return open_start and open_end


def specific_price(shop: Shop, product_id: int, attribute: int, query: PriceQuery) -> Row | None:
    """``SpecificPrice::getSpecificPrice``: the one specific price that applies, or None.

    Candidates match the product (or all products), the combination (or none), the shop,
    currency, country, group, customer and cart (each 0 = any), the dates, and start at a
    quantity the buyer reaches. The winner is the most specific combination, then cart, then
    the highest starting quantity, then the best priority score (customer, then the shop's
    ``PS_SPECIFIC_PRICE_PRIORITIES``), then the latest end and start.
    """
    rows = shop.table("specific_prices")
    if not rows:
        return None
    per_combination = setting(shop, "PS_QTY_DISCOUNT_ON_COMBINATION") not in ("", "0")
    quantity = query.quantity
    if not (per_combination or not query.cart or not query.real_quantity):
        quantity = max(1, query.real_quantity)
    wanted = {
        "id_product": product_id,
        "id_product_attribute": attribute,
        "id_shop": query.shop_id,
        "id_currency": query.currency,
        "id_country": query.where.country,
        "id_group": query.group,
        "id_customer": query.customer,
        "id_cart": query.cart,
    }
    candidates = []
    for row in rows.values():
        if str(row.get("id_product")) not in ("0", str(product_id)):
            continue  # the common case, decided without parsing every column
        if any(integer(row.get(name)) not in (0, value) for name, value in wanted.items()):
            continue
        starts_at = integer(row.get("from_quantity"))
        if (starts_at if starts_at > 1 else 0) > quantity or not _in_dates(row, query.now):
            continue
        candidates.append(row)
    if not candidates:
        return None
    weights = {name: 2 ** (k + 1) for k, name in enumerate(reversed(_priorities(shop))) if name}

    def rank(row: Row) -> tuple[Any, ...]:
        score = sum(
            weight
            for name, weight in weights.items()
            if name in wanted and integer(row.get(name)) == wanted[name]
        )
        return (
            -integer(row.get("id_product_attribute")),
            -integer(row.get("id_cart")),
            -integer(row.get("from_quantity")),
            integer(row.get("id_specific_price_rule")),
            -score,
            _negated(str(row.get("to") or "")),
            _negated(str(row.get("from") or "")),
            integer(row.get("id")),
        )

    return min(candidates, key=rank)


def _negated(text: str) -> tuple[int, ...]:
    """Sorts date texts descending inside an ascending sort key."""
    return tuple(-ord(c) for c in text)


# --- Catalogue prices -------------------------------------------------------------------------


def _group_reduction(shop: Shop, group_id: int) -> float:
    group = shop.table("groups").get(group_id) or {}
    return number(group.get("reduction"))


@dataclass
class CataloguePrice:
    """One ``Product::priceCalculation`` result and what it was made of."""

    price: float
    specific: Row | None
    taxes: Taxes
    reduction: float = 0.0
    """The specific price's reduction, in the same tax mode as ``price``."""


def catalogue_price(
    shop: Shop,
    product: Row,
    attribute: int,
    query: PriceQuery,
    *,
    use_tax: bool,
    decimals: int = 6,
    use_reduction: bool = True,
    use_group_reduction: bool = True,
    with_ecotax: bool = True,
) -> CataloguePrice:
    """A product's (or combination's) price for this buyer, as ``priceCalculation`` does it."""
    product_id = integer(product.get("id"))
    combination = shop.table("combinations").get(attribute) if attribute else None
    specific = specific_price(shop, product_id, attribute, query)
    fixed = specific is not None and number(specific.get("price")) >= 0
    price = (
        number(specific.get("price"))
        if specific is not None and fixed
        else number(product.get("price"))
    )
    if not (specific is not None and fixed and integer(specific.get("id_currency"))):
        price = convert(shop, price, query.currency)
    if combination is not None and (
        specific is None or not integer(specific.get("id_product_attribute")) or not fixed
    ):
        price += convert(shop, number(combination.get("price")), query.currency)
    taxes = tax_calculator(shop, product.get("id_tax_rules_group"), query.where)
    if use_tax:
        price = taxes.add(price)
    ecotax = number(combination.get("ecotax")) if combination is not None else 0.0
    ecotax = ecotax if ecotax > 0 else number(product.get("ecotax"))
    if with_ecotax and ecotax:
        ecotax = convert(shop, ecotax, query.currency)
        if use_tax:
            ecotax_group = setting(shop, "PS_ECOTAX_TAX_RULES_GROUP_ID")
            ecotax = tax_calculator(shop, ecotax_group, query.where).add(ecotax)
        price += ecotax
    reduction = 0.0
    if specific is not None:
        reduction = _reduction(shop, specific, price, taxes, query.currency, use_tax)
        if use_reduction:
            price -= reduction
    if use_group_reduction:
        price -= price * _group_reduction(shop, query.group) / 100
    price = max(ps_round(price, decimals, round_mode(shop)), 0.0)
    return CataloguePrice(price, specific, taxes, reduction)


def _reduction(
    shop: Shop, specific: Row, price: float, taxes: Taxes, currency: int, use_tax: bool
) -> float:
    amount = number(specific.get("reduction"))
    if specific.get("reduction_type") != "amount":
        return price * amount
    if not integer(specific.get("id_currency")):
        amount = convert(shop, amount, currency)
    tax_included = str(specific.get("reduction_tax", "1")) != "0"
    if not use_tax and tax_included:
        return taxes.remove(amount)
    if use_tax and not tax_included:
        return taxes.add(amount)
    return amount


# --- Carts ------------------------------------------------------------------------------------


@dataclass
class PricedLine:
    """One cart row priced the way ``CartRow`` does it."""

    product: Row
    combination: Row | None
    quantity: int
    unit_excl: float
    unit_incl: float
    initial_excl: float
    initial_incl: float
    """Row totals before the line rounding, which the order total adds up."""
    total_excl: float
    total_incl: float
    original_price: float
    """The catalogue price before any reduction, tax excluded (``original_product_price``)."""
    specific: Row | None
    taxes: Taxes
    weight: float
    virtual: bool


@dataclass
class PricedCart:
    lines: list[PricedLine]
    currency: int
    precision: int
    round_mode: int
    round_type: int
    products_excl: float
    products_incl: float
    shipping_excl: float
    shipping_incl: float
    carrier_tax_rate: float
    weight: float
    paid_excl: float
    paid_incl: float
    group: int
    where: Destination = field(default_factory=lambda: Destination(0))


def customer_group(shop: Shop, customer_id: Any) -> int:
    customer = shop.table("customers").get(integer(customer_id))
    if customer is not None and integer(customer.get("id_default_group")):
        return integer(customer.get("id_default_group"))
    return integer(setting(shop, "PS_UNIDENTIFIED_GROUP")) or 1


def line_weight(product: Row, combination: Row | None) -> float:
    impact = number(combination.get("weight")) if combination is not None else 0.0
    return number(product.get("weight")) + impact


def price_cart(shop: Shop, cart: Row, *, now: str = "") -> PricedCart:
    """Every row of ``cart`` priced, its shipping and its totals (``Cart::getOrderTotal``)."""
    currency = integer(cart.get("id_currency")) or default_currency(shop)
    digits = precision(shop, currency)
    mode = round_mode(shop)
    kind = integer(setting(shop, "PS_ROUND_TYPE")) or ROUND_LINE
    # Taxes follow the delivery address unless the shop taxes by invoice address.
    taxed_at = setting(shop, "PS_TAX_ADDRESS_TYPE") or "id_address_delivery"
    where = destination(shop, cart.get(taxed_at) or cart.get("id_address_delivery"))
    group = customer_group(shop, cart.get("id_customer"))
    items = cart.get("associations", {}).get("cart_rows", [])
    in_cart: dict[int, int] = {}
    for item in items:
        key = integer(item.get("id_product"))
        in_cart[key] = in_cart.get(key, 0) + integer(item.get("quantity"))
    ecotax = setting(shop, "PS_USE_ECOTAX") not in ("", "0")
    lines = []
    for item in items:
        product = shop.table("products").get(integer(item.get("id_product")))
        if product is None:
            continue
        attribute = integer(item.get("id_product_attribute"))
        quantity = integer(item.get("quantity")) or 1
        query = PriceQuery(
            where,
            currency,
            group,
            quantity,
            integer(cart.get("id_customer")),
            integer(cart.get("id")),
            in_cart[integer(product["id"])],
            now=now,
        )
        incl = catalogue_price(shop, product, attribute, query, use_tax=True, with_ecotax=ecotax)
        excl = catalogue_price(shop, product, attribute, query, use_tax=False, with_ecotax=ecotax)
        original = catalogue_price(
            shop,
            product,
            attribute,
            PriceQuery(where, currency, group, now=now),
            use_tax=False,
            use_reduction=False,
        )
        lines.append(
            _line(product, attribute, shop, quantity, incl, excl, original, kind, digits, mode)
        )
    products_excl = ps_round(sum(line.total_excl for line in lines), digits, mode)
    products_incl = ps_round(sum(line.total_incl for line in lines), digits, mode)
    weight = sum(line.weight * line.quantity for line in lines)
    carrier = shop.table("carriers").get(integer(cart.get("id_carrier")))
    delivered = destination(shop, cart.get("id_address_delivery"))
    shipping = carrier_cost(
        shop, carrier, lines, where, currency, products_incl, weight, delivered=delivered
    )
    ship_excl, ship_incl, carrier_rate = shipping
    paid_excl = sum(line.initial_excl for line in lines) + ps_round(ship_excl, digits, mode)
    paid_incl = sum(line.initial_incl for line in lines) + ps_round(ship_incl, digits, mode)
    return PricedCart(
        lines,
        currency,
        digits,
        mode,
        kind,
        products_excl,
        products_incl,
        ship_excl,
        ship_incl,
        carrier_rate,
        weight,
        ps_round(paid_excl, digits, mode),
        ps_round(paid_incl, digits, mode),
        group,
        where,
    )


def _line(
    product: Row,
    attribute: int,
    shop: Shop,
    quantity: int,
    incl: CataloguePrice,
    excl: CataloguePrice,
    original: CataloguePrice,
    kind: int,
    digits: int,
    mode: int,
) -> PricedLine:
    combination = shop.table("combinations").get(attribute) if attribute else None
    if kind == ROUND_ITEM:
        initial_incl = ps_round(incl.price, digits, mode) * quantity
        initial_excl = ps_round(excl.price, digits, mode) * quantity
        total_incl, total_excl = initial_incl, initial_excl
    else:
        initial_incl, initial_excl = incl.price * quantity, excl.price * quantity
        total_incl, total_excl = initial_incl, initial_excl
        if kind == ROUND_LINE:
            total_incl = ps_round(initial_incl, digits, mode)
            total_excl = ps_round(initial_excl, digits, mode)
    return PricedLine(
        product,
        combination,
        quantity,
        excl.price,
        incl.price,
        initial_excl,
        initial_incl,
        total_excl,
        total_incl,
        original.price,
        excl.specific,
        excl.taxes,
        line_weight(product, combination),
        str(product.get("is_virtual")) == "1",
    )


# --- Shipping ---------------------------------------------------------------------------------


def zone_of(shop: Shop, where: Destination) -> int:
    """The state's zone when it has one, else the country's (``Address::getZoneById``)."""
    state = shop.table("states").get(where.state) or {}
    if integer(state.get("id_zone")):
        return integer(state.get("id_zone"))
    country = shop.table("countries").get(where.country) or {}
    return integer(country.get("id_zone"))


def shipping_method(shop: Shop, carrier: Row) -> int:
    if str(carrier.get("is_free")) == "1":
        return FREE
    method = integer(carrier.get("shipping_method"))
    if method == BY_DEFAULT:
        return BY_WEIGHT if setting(shop, "PS_SHIPPING_METHOD") not in ("", "0") else BY_PRICE
    return method


def _range_price(
    shop: Shop, carrier: Row, ranges: str, column: str, amount: float, zone: int
) -> float | None:
    """The delivery price of the range ``amount`` falls in (lower bound included), or, for a
    carrier that takes out-of-range orders, its highest price; None when it cannot deliver."""
    carrier_id = integer(carrier.get("id"))
    own = {
        integer(r["id"]): r
        for r in shop.table(ranges).values()
        if integer(r.get("id_carrier")) == carrier_id
    }
    prices = {
        integer(d.get(column)): number(d.get("price"))
        for d in shop.table("deliveries").values()
        if integer(d.get("id_carrier")) == carrier_id
        and integer(d.get("id_zone")) == zone
        and integer(d.get(column)) in own
    }
    for range_id, price in prices.items():
        bounds = own[range_id]
        if number(bounds.get("delimiter1")) <= amount < number(bounds.get("delimiter2")):
            return price
    if str(carrier.get("range_behavior")) == "1" and prices:
        return max(prices.values())
    return None


def carrier_cost(
    shop: Shop,
    carrier: Row | None,
    lines: Iterable[PricedLine],
    where: Destination,
    currency: int,
    products_incl: float,
    weight: float,
    *,
    delivered: Destination | None = None,
) -> tuple[float, float, float]:
    """(cost tax excluded, cost tax included, carrier tax rate) for these lines.

    ``where`` is the taxed address, ``delivered`` the delivery one when it differs (its zone
    picks the prices).

    Free carriers, virtual-only carts and orders above the free-shipping price or weight cost
    nothing. Otherwise the carrier's range for the cart weight (or its total with taxes, in
    the default currency) in the delivery zone gives the price, plus the handling fee when the
    carrier charges it and each product's additional shipping cost, in the cart's currency.
    """
    if carrier is None:
        return 0.0, 0.0, 0.0
    rate = tax_calculator(shop, carrier.get("id_tax_rules_group"), where).total_rate
    physical = [line for line in lines if not line.virtual]
    method = shipping_method(shop, carrier)
    if not physical or method == FREE:
        return 0.0, 0.0, rate
    free_price = convert(shop, number(setting(shop, "PS_SHIPPING_FREE_PRICE")), currency)
    free_weight = number(setting(shop, "PS_SHIPPING_FREE_WEIGHT"))
    if (free_price > 0 and products_incl >= free_price) or (0 < free_weight <= weight):
        return 0.0, 0.0, rate
    zone = zone_of(shop, delivered or where)
    if method == BY_WEIGHT:
        cost = _range_price(shop, carrier, "weight_ranges", "id_range_weight", weight, zone)
    else:
        total = sum(line.total_incl for line in physical)
        in_default = convert(shop, total, currency, to_currency=False)
        cost = _range_price(shop, carrier, "price_ranges", "id_range_price", in_default, zone)
    if cost is None:
        return 0.0, 0.0, rate
    if str(carrier.get("shipping_handling")) == "1":
        cost += number(setting(shop, "PS_SHIPPING_HANDLING"))
    cost += sum(
        number(line.product.get("additional_shipping_cost")) * line.quantity for line in physical
    )
    cost = convert(shop, cost, currency)
    digits, mode = precision(shop, currency), round_mode(shop)
    return ps_round(cost, digits, mode), ps_round(cost * (1 + rate / 100), digits, mode), rate


# --- The ``price[...]`` virtual field ---------------------------------------------------------


def virtual_price(shop: Shop, product: Row, attribute: int | None, options: dict[str, str]) -> str:
    """One ``price[<name>][...]`` field (``WebserviceRequest::specificPriceCalculation``).

    ``attribute`` is the combination being read (None for a product, which can name one with
    ``product_attribute``). The defaults are the Webservice's own: the shop's country without a
    state, the default currency, the customer group, quantity 1, taxes as ``PS_TAX`` says,
    reductions on, no group reduction, and as many decimals as ``PS_PRICE_ROUND_MODE``'s value
    (a PrestaShop quirk).
    """

    def option(name: str, default: str) -> int:
        return integer(options.get(name, default))

    query = PriceQuery(
        Destination(
            option("country", setting(shop, "PS_COUNTRY_DEFAULT")),
            option("state", "0"),
            str(option("county", "0")),
        ),
        option("currency", setting(shop, "PS_CURRENCY_DEFAULT")),
        option("group", setting(shop, "PS_CUSTOMER_GROUP")),
        option("quantity", "1"),
        now=shop.clock.text(),
    )
    # A combination prices itself whatever ``product_attribute`` says.
    chosen = attribute if attribute is not None else option("product_attribute", "0")
    price = catalogue_price(
        shop,
        product,
        chosen,
        query,
        use_tax=bool(option("use_tax", setting(shop, "PS_TAX"))),
        decimals=option("decimals", setting(shop, "PS_PRICE_ROUND_MODE")),
        use_reduction=bool(option("use_reduction", "1")) or bool(option("only_reduction", "0")),
        use_group_reduction=False,
        with_ecotax=bool(option("use_ecotax", setting(shop, "PS_USE_ECOTAX"))),
    )
    if option("only_reduction", "0"):
        decimals = option("decimals", setting(shop, "PS_PRICE_ROUND_MODE"))
        return money(ps_round(price.reduction, decimals, round_mode(shop)))
    return money(price.price)
