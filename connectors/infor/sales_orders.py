"""Customer orders in M3: created through OIS100MI's batch entry, read back with their status,
deliveries (tracking) and invoices. Plain functions over ``M3Client``; the nodes wrap them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connectors.infor.envelope import M3Error
from connectors.infor.m3 import M3Client, M3Options
from connectors.infor.status_codes import (
    describe_header_status,
    describe_line_status,
    shop_status,
)
from workflows.sdk import ErrorClass, NodeError

ALL = M3Options(max_records=0)
ADDRESS_FIELDS = {
    "name": "CUNM",
    "line1": "CUA1",
    "line2": "CUA2",
    "line3": "CUA3",
    "line4": "CUA4",
    "postalCode": "PONO",
    "city": "TOWN",
    "country": "CSCD",
    "state": "ECAR",
    "phone": "PHNO",
}


@dataclass(frozen=True)
class OrderDefaults:
    """Values taken when the order itself does not say."""

    order_type: str = ""
    facility: str = ""
    warehouse: str = ""
    address_type: str = "1"
    """ADRT of the one-off delivery address; 1 is commonly delivery, unverified per tenant."""
    send_prices: bool = True


class OrderRejected(NodeError):
    """M3 kept the batch order back; its LstErrMsgOrder messages say why."""


def find_by_reference(client: M3Client, customer: str, reference: str) -> dict[str, str] | None:
    """The customer order whose CUOR is the shop's reference, if M3 has one."""
    for head in client.records("OIS100MI", "LstHead", {"CUNO": customer}, ALL):
        if head.get("CUOR") == reference:
            return head
    return None


def create_sales_order(
    client: M3Client, order: dict[str, Any], defaults: OrderDefaults
) -> dict[str, Any]:
    """Create the order unless one with its reference exists; returns the order numbers."""
    customer, reference = str(order["customer"]), str(order["reference"])
    existing = find_by_reference(client, customer, reference)
    if existing:
        return _outcome(existing["ORNO"], "", customer, reference, created=False)
    orno = client.execute("OIS100MI", "AddBatchHead", _head(order, defaults)).first()["ORNO"]
    try:
        _add_lines(client, orno, order, defaults)
        _add_address_and_text(client, orno, order, defaults)
    except M3Error:
        # A half-built batch would sit in OIS275 forever; the retry builds a new one.
        client.execute("OIS100MI", "DelBatchHead", {"ORNO": orno})
        raise
    client.execute("OIS100MI", "Confirm", {"ORNO": orno})
    try:
        number = client.execute("OIS100MI", "GetOrderNo", {"ORNO": orno}).first().get("ORNR", "")
    except M3Error:
        number = ""
    if not number:
        raise _rejection(client, orno, reference)
    return _outcome(number, orno, customer, reference, created=True)


def _outcome(
    number: str, temporary: str, customer: str, reference: str, *, created: bool
) -> dict[str, Any]:
    return {
        "orderNumber": number,
        "temporaryNumber": temporary,
        "customer": customer,
        "reference": reference,
        "created": created,
    }


def _head(order: dict[str, Any], defaults: OrderDefaults) -> dict[str, Any]:
    return {
        "CUNO": order["customer"],
        "CUOR": order["reference"],
        "ORTP": order.get("orderType") or defaults.order_type,
        "FACI": order.get("facility") or defaults.facility,
        "WHLO": order.get("warehouse") or defaults.warehouse,
        "ORDT": order.get("orderDate"),
        "RLDT": order.get("requestedDeliveryDate"),
        "CUCD": order.get("currency"),
        "YREF": order.get("yourReference"),
        "MODL": order.get("deliveryMethod"),
        "TEDL": order.get("deliveryTerms"),
    }


def _add_lines(client: M3Client, orno: str, order: dict[str, Any], defaults: OrderDefaults) -> None:
    transactions = []
    for line in order.get("lines") or []:
        record = {
            "ORNO": orno,
            "ITNO": line.get("item"),
            "ORQT": line.get("quantity"),
            "WHLO": line.get("warehouse") or order.get("warehouse") or defaults.warehouse,
            "SAPR": line.get("price") if defaults.send_prices else None,
        }
        transactions.append(("AddBatchLine", record))
    for result in client.bulk("OIS100MI", transactions, ALL):
        result.raise_for_error()


def _add_address_and_text(
    client: M3Client, orno: str, order: dict[str, Any], defaults: OrderDefaults
) -> None:
    address = order.get("deliveryAddress")
    if isinstance(address, dict) and address:
        record: dict[str, Any] = {"ORNO": orno, "ADRT": defaults.address_type}
        record |= {m3: address.get(name) for name, m3 in ADDRESS_FIELDS.items()}
        client.execute("OIS100MI", "AddBatchAddress", record)
    note = str(order.get("text") or "")
    for start in range(0, len(note), 60):
        chunk = {"ORNO": orno, "TYPE": 1, "TYTR": 1, "PARM": note[start : start + 60]}
        client.execute("OIS100MI", "AddBatchText", chunk)


def _rejection(client: M3Client, orno: str, reference: str) -> OrderRejected:
    messages = [
        {
            "level": m.get("LEVL", ""),
            "data": m.get("MDTA", ""),
            "text": m.get("TX60", ""),
            "messageId": m.get("MSID", ""),
        }
        for m in client.records("OIS100MI", "LstErrMsgOrder", {"ORNO": orno}, ALL)
    ]
    said = "; ".join(m["text"] for m in messages) or "M3 gave no reason"
    return OrderRejected(
        "infor.m3.order_rejected",
        f"M3 rejected order {reference} (batch {orno}): {said}.",
        error_class=ErrorClass.VALIDATION,
        details={"temporaryNumber": orno, "messages": messages},
    )


class NotCancellable(Exception):
    """Part of the order has gone too far in M3 to be deleted: a person has to decide."""

    def __init__(self, number: str, reason: str, lines: list[dict[str, str]]) -> None:
        super().__init__(reason)
        self.number = number
        self.reason = reason
        self.lines = lines


def cancel_order(client: M3Client, number: str, reason_code: str = "") -> dict[str, Any]:
    """Delete a customer order in M3 (OIS100MI DelLine for each line, then DelHead).

    M3 deletes a line only while nothing of it is on a picking list, delivered or invoiced
    (both status digits below 4). Every line is checked before any is deleted, so an order that
    cannot be cancelled whole is left untouched and ``NotCancellable`` says which lines stop
    it. Lines already deleted and an order already deleted (status 90) are skipped, so calling
    it again finishes what an interrupted call began.
    """
    head = client.execute("OIS100MI", "GetHead", {"ORNO": number}).first()
    if head.get("STAT", "").strip() == "90":
        return _cancelled(number, head, deleted_lines=0, already=True)
    lines = list(client.records("OIS100MI", "LstLine", {"ORNO": number}, ALL))
    blocking = [line for line in lines if _progressed(line.get("ORST", ""))]
    if blocking:
        raise NotCancellable(number, _blocked_reason(number, blocking), blocking)
    open_lines = [line for line in lines if not line.get("ORST", "").startswith("9")]
    for line in open_lines:
        record = {"ORNO": number, "PONR": line.get("PONR"), "POSX": line.get("POSX")}
        if reason_code:
            record["RSCD"] = reason_code
        try:
            client.execute("OIS100MI", "DelLine", record)
        except M3Error:
            if not _deleted_meanwhile(client, number, str(line.get("PONR", ""))):
                raise
    try:
        client.execute("OIS100MI", "DelHead", {"ORNO": number})
    except M3Error:
        # Another run cancelling the same order at the same moment got there first.
        again = client.execute("OIS100MI", "GetHead", {"ORNO": number}).first()
        if again.get("STAT", "").strip() != "90":
            raise
    return _cancelled(number, head, deleted_lines=len(open_lines), already=False)


def _deleted_meanwhile(client: M3Client, number: str, ponr: str) -> bool:
    """Why M3 refused a line we saw deletable: another run deleted it (True, go on), or the
    warehouse moved first (``NotCancellable``); False for any other reason."""
    lines = list(client.records("OIS100MI", "LstLine", {"ORNO": number}, ALL))
    blocking = [line for line in lines if _progressed(line.get("ORST", ""))]
    deleted = [line.get("PONR", "") for line in lines if line.get("ORST", "").startswith("9")]
    if blocking:
        reason = _blocked_reason(number, blocking)
        if deleted:
            reason += f" Lines {', '.join(deleted)} were deleted before M3 refused."
        raise NotCancellable(number, reason, blocking)
    return ponr in deleted


def _progressed(status: str) -> bool:
    # 4 picking list, 6 delivered, 7 invoiced: M3 keeps such a line; 9x is already deleted.
    # The first digit is the least advanced part of the line, the second the most advanced:
    # a line 36 is part allocated, part delivered, and the delivered part cannot be undone.
    status = status.strip()
    if not status or status.startswith("9"):
        return False
    return any("4" <= digit <= "8" for digit in status[:2])


def _blocked_reason(number: str, lines: list[dict[str, str]]) -> str:
    said = ", ".join(
        f"line {line.get('PONR', '?')} ({line.get('ITNO', '')}) is "
        f"{describe_line_status(line.get('ORST', ''))} ({line.get('ORST', '')})"
        for line in lines
    )
    return f"Infor order {number} cannot be cancelled: {said}."


def _cancelled(
    number: str, head: dict[str, str], *, deleted_lines: int, already: bool
) -> dict[str, Any]:
    return {
        "orderNumber": number,
        "reference": head.get("CUOR", ""),
        "customer": head.get("CUNO", ""),
        "cancelled": True,
        "alreadyCancelled": already,
        "deletedLines": deleted_lines,
    }


def order_status(client: M3Client, number: str) -> dict[str, Any]:
    head = client.execute("OIS100MI", "GetHead", {"ORNO": number}).first()
    lines = list(client.records("OIS100MI", "LstLine", {"ORNO": number}, ALL))
    stat, low, high = head.get("STAT", ""), head.get("ORSL", ""), head.get("ORST", "")
    return {
        "orderNumber": number,
        "reference": head.get("CUOR", ""),
        "customer": head.get("CUNO", ""),
        "status": stat,
        "statusText": describe_header_status(stat),
        "lowestLineStatus": low,
        "highestLineStatus": high,
        "shopStatus": shop_status(stat, low, high),
        "lines": [
            {
                "line": int(line.get("PONR") or 0),
                "item": line.get("ITNO", ""),
                "quantity": _number(line.get("ORQT")),
                "status": line.get("ORST", ""),
                "statusText": describe_line_status(line.get("ORST", "")),
                "allocated": _number(line.get("ALQT")),
                "delivered": _number(line.get("DLQT")),
                "invoiced": _number(line.get("IVQT")),
            }
            for line in lines
        ],
    }


def deliveries(client: M3Client, number: str) -> dict[str, Any]:
    numbers: list[str] = []
    for line in client.records("OIS100MI", "LstLine", {"ORNO": number}, ALL):
        record = {"ORNO": number, "PONR": line.get("PONR"), "POSX": line.get("POSX")}
        for delivery_line in client.records("OIS100MI", "LstDelLineByCO", record, ALL):
            dlix = delivery_line.get("DLIX", "")
            if dlix and dlix not in numbers:
                numbers.append(dlix)
    found = [_delivery(client, dlix) for dlix in numbers]
    tracking = sorted(
        {d["trackingNumber"] for d in found if d["trackingNumber"]}
        | {p["trackingNumber"] for d in found for p in d["packages"] if p["trackingNumber"]}
    )
    return {"orderNumber": number, "deliveries": found, "trackingNumbers": tracking}


def _delivery(client: M3Client, dlix: str) -> dict[str, Any]:
    head = client.execute("MWS410MI", "GetHead", {"DLIX": dlix}).first()
    packages = client.records("MWS423MI", "LstPackDel", {"DLIX": dlix}, ALL)
    return {
        "deliveryNumber": dlix,
        "trackingNumber": head.get("ETRN", ""),
        "carrier": head.get("FWNO", ""),
        "deliveryMethod": head.get("MODL", ""),
        "shipment": head.get("CONN", ""),
        "departureDate": head.get("DSDT", ""),
        "status": head.get("PGRS", ""),
        "packages": [
            {
                "packageNumber": p.get("PANR", ""),
                "sscc": p.get("SSCC", ""),
                "trackingNumber": p.get("ETRN", ""),
                "weight": _number(p.get("GRWE")),
            }
            for p in packages
        ],
    }


def invoices(client: M3Client, number: str) -> dict[str, Any]:
    rows = client.records("OIS350MI", "LstInvHeadByCo", {"ORNO": number}, ALL)
    return {
        "orderNumber": number,
        "invoices": [
            {
                "invoiceNumber": r.get("IVNO", ""),
                "year": r.get("YEA4", ""),
                "date": r.get("IVDT", ""),
                "dueDate": r.get("DUDT", ""),
                "amount": _number(r.get("AMT1")),
                "currency": r.get("CUCD", ""),
                "deliveryNumber": r.get("DLIX", ""),
            }
            for r in rows
        ],
    }


def _number(value: str | None) -> float | int:
    try:
        number = float(value or 0)
    except ValueError:
        return 0
    return int(number) if number.is_integer() else number
