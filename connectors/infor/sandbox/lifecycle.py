"""Orders move on the sandbox clock: allocated -> picked -> delivered with tracking -> invoiced.

A warehouse may also ship part of an order at once (``deliver_now``, the admin API's
deliveries): each such delivery has its own number, tracking number, package and, later, its
own invoice, and the lines show M3's mixed statuses (36, 46, 66, 67...) until the rest ships.
"""

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
        if age >= timing.pick_after and order.orsl >= "33" and not _open(order):
            if any(line.alqt for line in order.lines):
                _pick(tenant, order)
        if age >= timing.deliver_after:
            for delivery in _open(order):
                _deliver(tenant, order, delivery)
        if age >= timing.invoice_after:
            for delivery in order.deliveries:
                if delivery.dispatched and not delivery.ivno:
                    _invoice(tenant, order, delivery)
    _receive_goods(tenant, timing)


class NothingToDeliver(ValueError):
    """A delivery was asked for quantities the order cannot ship (yet); the text says why."""


def deliver_now(tenant: Tenant, order: Order, quantities: dict[int, int] | None) -> Delivery:
    """Pick and dispatch a delivery at once, as a warehouse shipping part of an order does.

    ``quantities`` maps order lines (PONR) to the quantity to ship; None ships everything
    allocated. Quantity comes from the line's allocation first, then from a picking list the
    clock already made (that delivery shrinks, and goes when empty). The rest of the order
    ships later, by another call or on the clock.
    """
    lines = {line.ponr: line for line in order.lines}
    wanted = quantities or {line.ponr: line.alqt + line.plqt for line in order.lines}
    for ponr, quantity in wanted.items():
        line = lines.get(ponr)
        if line is None:
            raise NothingToDeliver(f"Order {order.orno} has no line {ponr}.")
        if quantity > line.alqt + line.plqt:
            raise NothingToDeliver(
                f"Line {ponr} has {line.alqt + line.plqt} allocated and not delivered, "
                f"not {quantity}."
            )
    wanted = {ponr: quantity for ponr, quantity in wanted.items() if quantity > 0}
    if not wanted:
        raise NothingToDeliver(f"Order {order.orno} has nothing allocated left to deliver.")
    delivery = _new_delivery(tenant, order)
    for ponr, quantity in wanted.items():
        _take_from_picking_lists(order, lines[ponr], quantity)
        delivery.lines[ponr] = quantity
        lines[ponr].plqt += quantity
    order.deliveries = [d for d in order.deliveries if d.lines] + [delivery]
    _deliver(tenant, order, delivery)
    return delivery


def _take_from_picking_lists(order: Order, line: OrderLine, quantity: int) -> None:
    from_allocation = min(quantity, line.alqt)
    line.alqt -= from_allocation
    rest = quantity - from_allocation
    for delivery in _open(order):
        taken = min(rest, delivery.lines.get(line.ponr, 0))
        if taken:
            delivery.lines[line.ponr] -= taken
            if not delivery.lines[line.ponr]:
                del delivery.lines[line.ponr]
            line.plqt -= taken
            rest -= taken


def _open(order: Order) -> list[Delivery]:
    """Deliveries on a picking list, not yet dispatched."""
    return [d for d in order.deliveries if not d.dispatched]


def _allocate(tenant: Tenant, order: Order) -> None:
    for line in order.lines:
        if line.status != "22":
            continue
        balance = tenant.balance(line.whlo, line.itno)
        if balance.av01 >= line.orqt:
            line.alqt = line.orqt
            line.settle()
            tenant.move_stock(line.whlo, line.itno, allocated=line.orqt)


def _new_delivery(tenant: Tenant, order: Order) -> Delivery:
    dlix = str(tenant.next_number("delivery", 50000001))
    conn = str(tenant.next_number("shipment", 7000001))
    return Delivery(dlix=dlix, orno=order.orno, conn=conn)


def _pick(tenant: Tenant, order: Order) -> None:
    """Everything allocated goes on one picking list (a delivery, status 40)."""
    delivery = _new_delivery(tenant, order)
    for line in order.lines:
        if line.alqt:
            delivery.lines[line.ponr] = line.alqt
            line.plqt += line.alqt
            line.alqt = 0
            line.settle()
    order.deliveries.append(delivery)


def _deliver(tenant: Tenant, order: Order, delivery: Delivery) -> None:
    delivery.pgrs = "90"
    delivery.etrn = f"JD{tenant.next_number('tracking', 14000001):012d}"
    delivery.dsdt = tenant.clock.date()
    delivery.dshm = tenant.clock.hhmm()
    for line in order.lines:
        quantity = delivery.lines.get(line.ponr, 0)
        if not quantity:
            continue
        line.plqt -= quantity
        line.dlqt += quantity
        line.settle()
        tenant.move_stock(line.whlo, line.itno, on_hand=-quantity, allocated=-quantity)
    tenant.events.append({"kind": "shipment", "orno": order.orno, "dlix": delivery.dlix})


def _invoice(tenant: Tenant, order: Order, delivery: Delivery) -> None:
    """Invoice what one delivery carried; the order is invoiced (77) when every delivery is."""
    year = tenant.clock.date()[:4]
    prices = {line.ponr: line.sapr for line in order.lines}
    net = round(sum(quantity * prices[ponr] for ponr, quantity in delivery.lines.items()), 2)
    invoice = Invoice(
        ivno=str(tenant.next_number("invoice", 300001)),
        yea4=year,
        idat=tenant.clock.date(),
        dudt=tenant.clock.date(tenant.clock.now() + 30 * 86400),
        orno=order.orno,
        dlix=delivery.dlix,
        cuno=order.cuno,
        net=net,
        vat=round(net * 0.2, 2),
    )
    delivery.ivno = invoice.ivno
    order.invoices.append(invoice)
    tenant.invoices[(invoice.yea4, invoice.ivno)] = invoice
    for line in order.lines:
        line.ivqt += delivery.lines.get(line.ponr, 0)
        line.settle()
    tenant.events.append({"kind": "invoice", "orno": order.orno, "ivno": invoice.ivno})


def _receive_goods(tenant: Tenant, timing: Timing) -> None:
    hours = int((tenant.clock.now() - tenant.clock_start) // 3600)
    items = sorted(tenant.items)
    while tenant.hours_moved < hours and items:
        tenant.hours_moved += 1
        rng = random.Random(tenant.hours_moved)
        for itno in rng.sample(items, min(timing.receipts_per_hour, len(items))):
            tenant.move_stock("001", itno, on_hand=rng.choice([6, 12, 24]))
