"""OIS100MI: batch order entry, customer orders and their lines, and deleting them.

Deleting follows M3: ``DelLine`` deletes a line only while nothing of it is on a picking list,
delivered or invoiced (both digits of its status below 4: a line 36 has a delivered part),
releasing its allocation; the line stays listed with status 99. ``DelHead`` deletes an order
whose lines are all deleted, and the order keeps answering with header status 90 (deleted).
"""

from __future__ import annotations

from connectors.infor.sandbox.errors import MIError, not_found
from connectors.infor.sandbox.lifecycle import create_order
from connectors.infor.sandbox.programs import Call, Row, handles
from connectors.infor.sandbox.state import WAREHOUSES, BatchOrder, Order, OrderLine

ORDER_TYPES = frozenset({"WEB", "STD"})


def _batch(call: Call) -> BatchOrder:
    orno = call.get("ORNO")
    batch = call.tenant.batch_orders.get(orno)
    if batch is None:
        raise not_found("Batch order", orno, "WOR0203", "ORNO")
    return batch


def _open_batch(call: Call) -> BatchOrder:
    batch = _batch(call)
    if batch.stat == "90":
        raise MIError(f"Batch order {batch.orno} is already confirmed", "WOR0301", "ORNO")
    return batch


def _order(call: Call) -> Order:
    orno = call.get("ORNO")
    order = call.tenant.orders.get(orno)
    if order is None:
        raise not_found("Customer order", orno, "WOR0203", "ORNO")
    return order


@handles("OIS100MI", "AddBatchHead")
def add_batch_head(call: Call) -> list[Row]:
    cuno = call.get("CUNO")
    customer = call.tenant.customers.get(cuno)
    if customer is None:
        raise not_found("Customer", cuno, "WCU0203", "CUNO")
    if call.get("ORTP") and call.get("ORTP") not in ORDER_TYPES:
        raise not_found("Order type", call.get("ORTP"), "WOT0203", "ORTP")
    if call.get("WHLO") and call.get("WHLO") not in WAREHOUSES:
        raise not_found("Warehouse", call.get("WHLO"), "WWH0203", "WHLO")
    orno = f"T{call.tenant.next_number('batch', 1):09d}"
    call.tenant.batch_orders[orno] = BatchOrder(orno, dict(call.record))
    return [{"ORNO": orno}]


@handles("OIS100MI", "AddBatchLine")
def add_batch_line(call: Call) -> list[Row]:
    batch = _open_batch(call)
    if call.get("WHLO") and call.get("WHLO") not in WAREHOUSES:
        raise not_found("Warehouse", call.get("WHLO"), "WWH0203", "WHLO")
    batch.lines.append(dict(call.record))
    return [{"PONR": len(batch.lines), "POSX": 0}]


@handles("OIS100MI", "AddBatchAddress")
def add_batch_address(call: Call) -> list[Row]:
    if call.get("ADRT") not in call.settings.address_types:
        raise MIError(f"Address type {call.get('ADRT')} is invalid", "WAD0101", "ADRT")
    _open_batch(call).addresses.append(dict(call.record))
    return []


@handles("OIS100MI", "AddBatchText")
def add_batch_text(call: Call) -> list[Row]:
    if call.get("TYPE") not in ("1", "2"):
        raise MIError("Text type must be 1 (head) or 2 (line)", "WTX0101", "TYPE")
    _open_batch(call).texts.append(dict(call.record))
    return []


@handles("OIS100MI", "Confirm")
def confirm(call: Call) -> list[Row]:
    batch = _open_batch(call)
    batch.errors = _check(call, batch)
    if batch.errors:
        head_error = any(e["LEVL"] == "1" for e in batch.errors)
        batch.stat = "15" if head_error else "20"
        return [{"ORNO": batch.orno, "STAT": batch.stat}]
    order = create_order(call.tenant, batch)
    batch.stat, batch.order_number = "90", order.orno
    return [{"ORNO": batch.orno, "STAT": batch.stat}]


def _check(call: Call, batch: BatchOrder) -> list[dict[str, str]]:
    errors = []
    if not batch.lines:
        errors.append(_message("1", batch.orno, "The order has no lines", "OIS0101"))
    for index, line in enumerate(batch.lines, start=1):
        item = call.tenant.items.get(line.get("ITNO", ""))
        if item is None:
            text = f"Line {index}: item {line.get('ITNO', '')} does not exist"
            errors.append(_message("2", line.get("ITNO", ""), text, "WIT0203"))
        elif item.stat != "20":
            text = f"Line {index}: item {item.itno} has status {item.stat}"
            errors.append(_message("2", item.itno, text, "WIT0301"))
        quantity = line.get("ORQT", "1") or "1"
        if float(quantity) <= 0:
            errors.append(
                _message("2", quantity, f"Line {index}: quantity must be positive", "WQT0101")
            )
    return errors


def _message(level: str, data: str, text: str, msid: str) -> dict[str, str]:
    return {"LEVL": level, "MDTA": data, "TX60": text[:60], "MSID": msid}


@handles("OIS100MI", "GetOrderNo")
def get_order_no(call: Call) -> list[Row]:
    batch = _batch(call)
    if not batch.order_number:
        raise MIError(
            f"Batch order {batch.orno} has not created a customer order (status {batch.stat})",
            "OIS0275",
            "ORNO",
        )
    return [{"ORNR": batch.order_number}]


@handles("OIS100MI", "LstErrMsgOrder")
def list_error_messages(call: Call) -> list[Row]:
    return list(_batch(call).errors)


@handles("OIS100MI", "GetBatchHead")
def get_batch_head(call: Call) -> list[Row]:
    batch = _batch(call)
    order = call.tenant.orders.get(batch.order_number)
    return [
        {
            "ORNO": batch.orno,
            "CUNO": batch.head.get("CUNO", ""),
            "CUOR": batch.head.get("CUOR", ""),
            "STAT": batch.stat,
            "ORSL": order.orsl if order else "",
            "ORST": order.orst if order else "",
        }
    ]


@handles("OIS100MI", "DelBatchHead")
def delete_batch_head(call: Call) -> list[Row]:
    batch = _open_batch(call)
    del call.tenant.batch_orders[batch.orno]
    return []


def _head(order: Order) -> Row:
    return {
        "ORNO": order.orno,
        "STAT": order.stat,
        "ORSL": order.orsl,
        "ORST": order.orst,
        "CUNO": order.cuno,
        "CUOR": order.cuor,
        "ORDT": order.ordt,
        "RLDT": order.rldt,
        "WHLO": order.whlo,
        "CUCD": order.cucd,
        "NTAM": order.net_amount,
        "ORTP": order.ortp,
    }


def _line(line: OrderLine) -> Row:
    return {
        "PONR": line.ponr,
        "POSX": 0,
        "ITNO": line.itno,
        "ORQT": line.orqt,
        "ORST": line.status,
        "ALQT": line.alqt,
        "DLQT": line.dlqt,
        "IVQT": line.ivqt,
        "SAPR": line.sapr,
        "NLAM": round(line.orqt * line.sapr, 2),
        "WHLO": line.whlo,
    }


@handles("OIS100MI", "GetHead")
def get_head(call: Call) -> list[Row]:
    return [_head(_order(call))]


@handles("OIS100MI", "LstHead")
def list_heads(call: Call) -> list[Row]:
    cuno = call.get("CUNO")
    if cuno not in call.tenant.customers:
        raise not_found("Customer", cuno, "WCU0203", "CUNO")
    low, high = call.get("ORSL") or "00", call.get("ORST") or "99"
    orders = [o for o in call.tenant.orders.values() if o.cuno == cuno]
    return [_head(o) for o in sorted(orders, key=lambda o: o.orno) if low <= o.orst <= high]


@handles("OIS100MI", "SearchHead")
def search_heads(call: Call) -> list[Row]:
    # The query syntax of real tenants is not documented; the sandbox accepts FIELD:value
    # pairs (CUOR, CUNO, ORNO) or a bare word matched against those three fields.
    terms = call.get("SQRY").split()
    found = []
    for order in sorted(call.tenant.orders.values(), key=lambda o: o.orno):
        values = {"CUOR": order.cuor, "CUNO": order.cuno, "ORNO": order.orno}
        if all(_matches(term, values) for term in terms):
            found.append(_head(order))
    return found


def _matches(term: str, values: dict[str, str]) -> bool:
    name, _, wanted = term.partition(":")
    if wanted:
        return values.get(name.upper(), "") == wanted
    return any(term.lower() in value.lower() for value in values.values())


@handles("OIS100MI", "DelLine")
def delete_line(call: Call) -> list[Row]:
    order = _live_order(call)
    line = _order_line(call, order)
    if line.status.startswith("9"):
        raise MIError(
            f"Line {line.ponr} of order {order.orno} is already deleted", "OIS0351", "PONR"
        )
    # The second digit is the line's most advanced part: a line 36 has a delivered part.
    if max(line.status[:2]) >= "4":
        raise MIError(
            f"Line {line.ponr} has status {line.status} ({_progress(line.status)}) and cannot "
            "be deleted",
            "OIS0350",
            "PONR",
        )
    if line.alqt:
        call.tenant.move_stock(line.whlo, line.itno, allocated=-line.alqt)
    line.alqt = 0
    line.status = "99"
    return []


@handles("OIS100MI", "DelHead")
def delete_head(call: Call) -> list[Row]:
    order = _live_order(call)
    left = [str(line.ponr) for line in order.lines if not line.status.startswith("9")]
    if left:
        raise MIError(
            f"Order {order.orno} still has lines {', '.join(left)}; delete them first",
            "OIS0352",
            "ORNO",
        )
    order.stat = "90"
    return []


def _live_order(call: Call) -> Order:
    order = _order(call)
    if order.stat == "90":
        raise MIError(f"Customer order {order.orno} is deleted", "WOR0302", "ORNO")
    return order


def _order_line(call: Call, order: Order) -> OrderLine:
    for line in order.lines:
        if str(line.ponr) == call.get("PONR"):
            return line
    raise not_found("Order line", f"{order.orno}/{call.get('PONR')}", "WOL0203", "PONR")


def _progress(status: str) -> str:
    # The most advanced part of the line stops a delete, in the words of M3's status table.
    return {"4": "on a picking list", "6": "delivered", "7": "invoiced"}.get(
        max(status[:2]), "in progress"
    )


@handles("OIS100MI", "GetLine")
def get_line(call: Call) -> list[Row]:
    return [_line(_order_line(call, _order(call)))]


@handles("OIS100MI", "LstLine")
def list_lines(call: Call) -> list[Row]:
    return [_line(line) for line in _order(call).lines]
