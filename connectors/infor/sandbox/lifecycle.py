"""Orders move on the sandbox clock: allocated -> picked -> delivered with tracking -> invoiced."""

from __future__ import annotations

import random
from dataclasses import dataclass

from connectors.infor.sandbox.state import BatchOrder, Delivery, Invoice, Order, OrderLine, Tenant


@dataclass
class Timing:
    """Seconds after an order's creation when each stage is reached."""

    pick_after: float = 3600.0
    deliver_after: float = 7200.0
    invoice_after: float = 10800.0
    receipts_per_hour: int = 3
    """Items that get a goods receipt each virtual hour, so stock keeps moving."""


def create_order(tenant: Tenant, batch: BatchOrder) -> Order:
    """Turn a checked batch order into a customer order (status 20) and allocate it."""
    number = f"{tenant.next_number('order', 1000000001):010d}"
    head = batch.head
    customer = tenant.customers[head["CUNO"]].fields
    whlo = head.get("WHLO") or customer.get("WHLO") or "001"
    lines = [
        OrderLine(
            ponr=index,
            itno=line["ITNO"],
            orqt=int(float(line.get("ORQT") or "1")),
            whlo=line.get("WHLO") or whlo,
            sapr=float(line.get("SAPR") or tenant.items[line["ITNO"]].sapr),
        )
        for index, line in enumerate(batch.lines, start=1)
    ]
    ship_to = batch.addresses[0] if batch.addresses else {}
    order = Order(
        orno=number,
        cuno=head["CUNO"],
        cuor=head.get("CUOR", ""),
        ordt=head.get("ORDT") or tenant.clock.date(),
        rldt=head.get("RLDT") or tenant.clock.date(),
        whlo=whlo,
        cucd=head.get("CUCD") or customer.get("CUCD", "EUR"),
        ortp=head.get("ORTP") or "WEB",
        created_at=tenant.clock.now(),
        lines=lines,
        ship_to=dict(ship_to),
    )
    tenant.orders[number] = order
    _allocate(tenant, order)
    tenant.events.append({"kind": "order", "orno": number})
    return order


def catch_up(tenant: Tenant, timing: Timing) -> None:
    """Apply everything the clock says has happened since the last look."""
    now = tenant.clock.now()
    for order in tenant.orders.values():
        if order.stat == "90":
            continue
        _allocate(tenant, order)
        age = now - order.created_at
        if order.orsl >= "33" and age >= timing.pick_after and order.delivery is None:
            _pick(tenant, order)
        if order.delivery and age >= timing.deliver_after and order.orsl == "44":
            _deliver(tenant, order, order.delivery)
        if order.delivery and order.orsl == "66" and age >= timing.invoice_after:
            if order.invoice is None:
                _invoice(tenant, order, order.delivery)
    _receive_goods(tenant, timing)


def _allocate(tenant: Tenant, order: Order) -> None:
    for line in order.lines:
        if line.status != "22":
            continue
        balance = tenant.balance(line.whlo, line.itno)
        if balance.av01 >= line.orqt:
            line.alqt = line.orqt
            line.status = "33"
            tenant.move_stock(line.whlo, line.itno, allocated=line.orqt)


def _pick(tenant: Tenant, order: Order) -> None:
    dlix = str(tenant.next_number("delivery", 50000001))
    conn = str(tenant.next_number("shipment", 7000001))
    order.delivery = Delivery(dlix=dlix, orno=order.orno, conn=conn)
    for line in order.lines:
        line.status = "44"


def _deliver(tenant: Tenant, order: Order, delivery: Delivery) -> None:
    delivery.pgrs = "90"
    delivery.etrn = f"JD{tenant.next_number('tracking', 14000001):012d}"
    delivery.dsdt = tenant.clock.date()
    delivery.dshm = tenant.clock.hhmm()
    for line in order.lines:
        line.dlqt = line.orqt
        line.alqt = 0
        line.status = "66"
        tenant.move_stock(line.whlo, line.itno, on_hand=-line.orqt, allocated=-line.orqt)
    tenant.events.append({"kind": "shipment", "orno": order.orno, "dlix": delivery.dlix})


def _invoice(tenant: Tenant, order: Order, delivery: Delivery) -> None:
    year = tenant.clock.date()[:4]
    invoice = Invoice(
        ivno=str(tenant.next_number("invoice", 300001)),
        yea4=year,
        idat=tenant.clock.date(),
        dudt=tenant.clock.date(tenant.clock.now() + 30 * 86400),
        orno=order.orno,
        dlix=delivery.dlix,
        cuno=order.cuno,
        net=order.net_amount,
        vat=round(order.net_amount * 0.2, 2),
    )
    order.invoice = invoice
    tenant.invoices[(invoice.yea4, invoice.ivno)] = invoice
    delivery.pgrs = "90"
    for line in order.lines:
        line.ivqt = line.dlqt
        line.status = "77"
    tenant.events.append({"kind": "invoice", "orno": order.orno, "ivno": invoice.ivno})


def _receive_goods(tenant: Tenant, timing: Timing) -> None:
    hours = int((tenant.clock.now() - tenant.clock_start) // 3600)
    items = sorted(tenant.items)
    while tenant.hours_moved < hours and items:
        tenant.hours_moved += 1
        rng = random.Random(tenant.hours_moved)
        for itno in rng.sample(items, min(timing.receipts_per_hour, len(items))):
            tenant.move_stock("001", itno, on_hand=rng.choice([6, 12, 24]))
