"""The tenant a fresh sandbox starts with: one company, two warehouses, items, stock, customers."""

from __future__ import annotations

import random

from connectors.infor.sandbox.clock import SandboxClock
from connectors.infor.sandbox.references import m3_item_number, shop_references
from connectors.infor.sandbox.state import Balance, Customer, Item, Tenant

_NOUNS = ["Mug", "Poster", "Notebook", "T-shirt", "Cushion", "Lamp", "Frame", "Bottle", "Bag"]
_ADJECTIVES = ["Blue", "Vintage", "Large", "Classic", "Organic", "Slim", "Bright", "Nordic"]
_TOWNS = [
    ("75001", "Paris", "FR"),
    ("69002", "Lyon", "FR"),
    ("10115", "Berlin", "DE"),
    ("1012", "Amsterdam", "NL"),
    ("28001", "Madrid", "ES"),
    ("00118", "Roma", "IT"),
]
_PEOPLE = [
    "Jane Doe",
    "Luc Martin",
    "Anna Schmidt",
    "Pieter de Vries",
    "Lucia Garcia",
    "Marco Rossi",
    "Emma Laurent",
    "Jonas Weber",
]


def seed_tenant(tenant_id: str, clock: SandboxClock, seed: int = 4) -> Tenant:
    """A deterministic tenant: the same seed gives the same data."""
    rng = random.Random(seed)
    tenant = Tenant(tenant_id, clock, clock_start=clock.now())
    for n, reference in shop_references():
        itno = m3_item_number(reference)
        if itno is None or itno in tenant.items:
            continue
        name = f"{_ADJECTIVES[n % len(_ADJECTIVES)]} {_NOUNS[n % len(_NOUNS)]} {n}"
        if reference.count("-") == 2:
            name += " / " + reference.rsplit("-", 1)[1]
        tenant.items[itno] = Item(
            itno,
            name[:30],
            fuds=f"{name} (M3 master data)",
            sapr=f"{5 + (n * 7) % 90}.90",
            itcl=f"C{n % 7:02d}",
            lmdt=clock.date(clock.now() - 86400 * (n % 40)),
        )
        for whlo, quantity in (
            ("001", rng.choice([0, 3, 12, 40, 120])),
            ("002", rng.randint(0, 9)),
        ):
            tenant.balances[(whlo, itno)] = Balance(whlo, itno, quantity, lmts=tenant.lmts())
    for n in range(1, 41):
        _add_customer(tenant, n)
    return tenant


def _add_customer(tenant: Tenant, n: int) -> None:
    name = _PEOPLE[n % len(_PEOPLE)]
    pono, town, country = _TOWNS[n % len(_TOWNS)]
    cuno = f"WEB{n:07d}"
    fields = {
        "CUNM": f"{name} {n}",
        "CUA1": f"{n} Rue du Port",
        "CUA2": "",
        "CUA3": "",
        "CUA4": "",
        "PONO": pono,
        "TOWN": town,
        "CSCD": country,
        "ECAR": "",
        "PHNO": f"+33 1 00 00 {n:02d}",
        "MAIL": f"customer{n}@example.test",
        "STAT": "20",
        "CUCD": "EUR",
        "LNCD": "GB",
        "TEPY": "30D",
        "MODL": "PCL",
        "TEDL": "DAP",
        "WHLO": "001",
        "ORTP": "WEB",
        "LMDT": tenant.clock.date(),
        "YREF": "",
    }
    tenant.customers[cuno] = Customer(cuno, fields, lmts=tenant.lmts())
    tenant.counters["customer"] = n
