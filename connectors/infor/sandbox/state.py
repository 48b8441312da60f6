"""The tenant's data: items, stock, customers, batch and customer orders, deliveries, invoices."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from connectors.infor.sandbox.clock import SandboxClock

COMPANY = "100"
DIVISION = "AAA"
FACILITY = "A01"
WAREHOUSES = {"001": "Central warehouse", "002": "Outlet warehouse"}


@dataclass
class Item:
    itno: str
    itds: str
    fuds: str = ""
    stat: str = "20"
    unms: str = "EA"
    itgr: str = "WEB"
    itcl: str = ""
    itty: str = "FG"
    grwe: str = "0.5"
    vol3: str = "0.002"
    sapr: str = "0"
    lmdt: str = ""


@dataclass
class Balance:
    whlo: str
    itno: str
    stqt: int
    alqt: int = 0
    reqt: int = 0
    lmts: int = 0

    @property
    def av01(self) -> int:
        return self.stqt - self.alqt

    @property
    def av02(self) -> int:
        return self.stqt - self.reqt


@dataclass
class Customer:
    cuno: str
    fields: dict[str, str]
    addresses: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    lmts: int = 0


@dataclass
class BatchOrder:
    orno: str
    head: dict[str, str]
    lines: list[dict[str, str]] = field(default_factory=list)
    addresses: list[dict[str, str]] = field(default_factory=list)
    texts: list[dict[str, str]] = field(default_factory=list)
    stat: str = "10"
    errors: list[dict[str, str]] = field(default_factory=list)
    order_number: str = ""


@dataclass
class OrderLine:
    """A customer order line. Its quantity is split into portions (left to allocate, allocated,
    on a picking list, delivered, invoiced); the status is M3's two digits for the least and
    the most advanced portion, so a line half delivered and half on a picking list is 46."""

    ponr: int
    itno: str
    orqt: int
    whlo: str
    sapr: float
    status: str = "22"
    alqt: int = 0
    """Allocated and not yet on a picking list."""
    plqt: int = 0
    """On the picking list of a delivery not yet dispatched."""
    dlqt: int = 0
    ivqt: int = 0

    def settle(self) -> None:
        """Recompute the status from the portions; a deleted (9x), quotation (05) or
        preliminary (10) line keeps the status someone gave it."""
        if self.status.startswith("9") or self.status in ("05", "10"):
            return
        portions = {
            "2": self.orqt - self.alqt - self.plqt - self.dlqt,
            "3": self.alqt,
            "4": self.plqt,
            "6": self.dlqt - self.ivqt,
            "7": self.ivqt,
        }
        digits = [digit for digit, quantity in portions.items() if quantity > 0] or ["2"]
        self.status = digits[0] + digits[-1]


@dataclass
class Delivery:
    dlix: str
    orno: str
    conn: str
    pgrs: str = "40"
    etrn: str = ""
    fwno: str = "DHL"
    modl: str = "PCL"
    dsdt: str = ""
    dshm: str = ""
    lines: dict[int, int] = field(default_factory=dict)
    """Quantity of each order line (PONR) in this delivery: a split shipment is several
    deliveries of one order, each with part of the lines or part of a line's quantity."""
    ivno: str = ""
    """The invoice of this delivery, once invoiced (M3 invoices deliveries, not orders)."""

    @property
    def dispatched(self) -> bool:
        """Left the warehouse: tracking number given, delivery status 90."""
        return self.pgrs == "90"


@dataclass
class Invoice:
    ivno: str
    yea4: str
    idat: str
    dudt: str
    orno: str
    dlix: str
    cuno: str
    net: float
    vat: float


@dataclass
class Order:
    orno: str
    cuno: str
    cuor: str
    ordt: str
    rldt: str
    whlo: str
    cucd: str
    ortp: str
    created_at: float
    lines: list[OrderLine]
    ship_to: dict[str, str] = field(default_factory=dict)
    stat: str = "20"
    deliveries: list[Delivery] = field(default_factory=list)
    """In the order they were created; more than one when the order ships in parts."""
    invoices: list[Invoice] = field(default_factory=list)
    """One per invoiced delivery."""

    @property
    def orsl(self) -> str:
        return min((line.status for line in self.lines), default="00")

    @property
    def orst(self) -> str:
        return max((line.status for line in self.lines), default="00")

    @property
    def net_amount(self) -> float:
        return round(sum(line.orqt * line.sapr for line in self.lines), 2)


@dataclass
class Tenant:
    """Everything one sandbox tenant knows. Callers hold ``lock`` while they change it."""

    tenant_id: str
    clock: SandboxClock
    items: dict[str, Item] = field(default_factory=dict)
    balances: dict[tuple[str, str], Balance] = field(default_factory=dict)
    customers: dict[str, Customer] = field(default_factory=dict)
    batch_orders: dict[str, BatchOrder] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    invoices: dict[tuple[str, str], Invoice] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    """Business events (order created, shipped, invoiced...) for BOD publishing."""
    counters: dict[str, int] = field(default_factory=dict)
    last_lmts: int = 0
    hours_moved: int = 0
    clock_start: float = 0.0
    """Clock reading when the tenant was seeded; goods receipts count hours from it."""
    lock: threading.RLock = field(default_factory=threading.RLock)

    def next_number(self, series: str, start: int) -> int:
        value = self.counters.get(series, start - 1) + 1
        self.counters[series] = value
        return value

    def lmts(self) -> int:
        """M3's change timestamp: milliseconds, strictly increasing within the tenant."""
        self.last_lmts = max(self.last_lmts + 1, int(self.clock.now() * 1000))
        return self.last_lmts

    def balance(self, whlo: str, itno: str) -> Balance:
        key = (whlo, itno)
        if key not in self.balances:
            self.balances[key] = Balance(whlo, itno, 0, lmts=self.lmts())
        return self.balances[key]

    def move_stock(self, whlo: str, itno: str, *, on_hand: int = 0, allocated: int = 0) -> None:
        balance = self.balance(whlo, itno)
        balance.stqt += on_hand
        balance.alqt += allocated
        balance.lmts = self.lmts()
        self.events.append({"kind": "stock", "whlo": whlo, "itno": itno})
