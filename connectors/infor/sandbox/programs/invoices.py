"""OIS350MI: customer invoices of an order, one per invoiced delivery."""

from __future__ import annotations

from connectors.infor.sandbox.errors import not_found
from connectors.infor.sandbox.programs import Call, Row, handles
from connectors.infor.sandbox.state import Invoice, Order


def _order(call: Call) -> Order:
    order = call.tenant.orders.get(call.get("ORNO"))
    if order is None:
        raise not_found("Customer order", call.get("ORNO"), "WOR0203", "ORNO")
    return order


def _invoice(call: Call) -> tuple[Invoice, Order]:
    invoice = call.tenant.invoices.get((call.get("YEA4"), call.get("IVNO")))
    if invoice is None:
        raise not_found("Invoice", call.get("IVNO"), "WIV0203", "IVNO")
    return invoice, call.tenant.orders[invoice.orno]


def _row(invoice: Invoice, order: Order) -> Row:
    total = round(invoice.net + invoice.vat, 2)
    return {
        "IVNO": invoice.ivno,
        "IVDT": invoice.idat,
        "IDAT": invoice.idat,
        "YEA4": invoice.yea4,
        "DLIX": invoice.dlix,
        "CUNO": invoice.cuno,
        "PYNO": invoice.cuno,
        "AMT1": total,
        "AMT2": total,
        "IVAV": total,
        "RAFC": total,
        "CUCD": order.cucd,
        "DUDT": invoice.dudt,
        "INPX": "",
        "ORST": order.orst,
        "INST": 1,
    }


@handles("OIS350MI", "LstInvHeadByCo")
@handles("OIS350MI", "LstAllInvByCO")
def list_invoices(call: Call) -> list[Row]:
    order = _order(call)
    return [_row(invoice, order) for invoice in order.invoices]


@handles("OIS350MI", "GetInvHead")
def get_invoice(call: Call) -> list[Row]:
    return [_row(*_invoice(call))]


@handles("OIS350MI", "LstInvLine")
def list_invoice_lines(call: Call) -> list[Row]:
    invoice, order = _invoice(call)
    delivery = next(d for d in order.deliveries if d.dlix == invoice.dlix)
    return [
        {
            "ORNO": order.orno,
            "DLIX": invoice.dlix,
            "ITNO": line.itno,
            "IVQT": delivery.lines[line.ponr],
            "AMT1": round(delivery.lines[line.ponr] * line.sapr, 2),
            "VTAM": round(delivery.lines[line.ponr] * line.sapr * 0.2, 2),
        }
        for line in order.lines
        if line.ponr in delivery.lines
    ]
