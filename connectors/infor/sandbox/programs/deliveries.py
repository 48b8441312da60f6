"""Deliveries, packages and shipments: OIS100MI/LstDelLineByCO, MWS410/411/423MI, DRS100MI.

An order shipped in parts has several deliveries; each answers for its own lines, quantities,
tracking number and package.
"""

from __future__ import annotations

from connectors.infor.sandbox.errors import MIError, not_found
from connectors.infor.sandbox.programs import Call, Row, handles
from connectors.infor.sandbox.state import Delivery, Order


def _delivery(call: Call) -> tuple[Delivery, Order]:
    dlix = call.get("DLIX")
    for order in call.tenant.orders.values():
        for delivery in order.deliveries:
            if delivery.dlix == dlix:
                return delivery, order
    raise not_found("Delivery", dlix, "WDL0203", "DLIX")


@handles("OIS100MI", "LstDelLineByCO")
def list_delivery_lines(call: Call) -> list[Row]:
    order = call.tenant.orders.get(call.get("ORNO"))
    if order is None:
        raise not_found("Customer order", call.get("ORNO"), "WOR0203", "ORNO")
    line = next((x for x in order.lines if str(x.ponr) == call.get("PONR")), None)
    if line is None:
        raise not_found("Order line", call.get("PONR"), "WOL0203", "PONR")
    return [
        {
            "DLIX": delivery.dlix,
            "PGRS": delivery.pgrs,
            "TRQT": delivery.lines[line.ponr],
            "PLQT": delivery.lines[line.ponr],
            "MODL": delivery.modl,
        }
        for delivery in order.deliveries
        if line.ponr in delivery.lines
    ]


@handles("MWS410MI", "GetHead")
def get_delivery(call: Call) -> list[Row]:
    delivery, order = _delivery(call)
    return [
        {
            "DLIX": delivery.dlix,
            "ETRN": delivery.etrn,
            "FWNO": delivery.fwno,
            "MODL": delivery.modl,
            "CONN": delivery.conn,
            "DSDT": delivery.dsdt,
            "DSHM": delivery.dshm,
            "PGRS": delivery.pgrs,
            "PIST": "90" if delivery.etrn else "10",
            "IVNO": delivery.ivno,
            "NBOL": "",
            "NRUL": 1,
            "RIDN": order.orno,
        }
    ]


@handles("MWS411MI", "LstDelLnByOrd")
def list_delivery_lines_by_order(call: Call) -> list[Row]:
    if call.get("RORC") != call.settings.customer_order_category:
        raise MIError(f"Order category {call.get('RORC')} is invalid", "WRO0101", "RORC")
    order = call.tenant.orders.get(call.get("RIDN"))
    if order is None:
        raise not_found("Customer order", call.get("RIDN"), "WOR0203", "RIDN")
    return [
        {
            "DLIX": delivery.dlix,
            "ITNO": line.itno,
            "TRQT": delivery.lines[line.ponr],
            "PLQT": delivery.lines[line.ponr],
            "RIDL": line.ponr,
        }
        for delivery in order.deliveries
        for line in order.lines
        if line.ponr in delivery.lines
    ]


def _packages(delivery: Delivery, order: Order) -> list[Row]:
    weight = sum(delivery.lines.values()) * 0.5
    return [
        {
            "PANR": f"PK{delivery.dlix}",
            "SSCC": f"00{int(delivery.dlix):016d}",
            "ETRN": delivery.etrn,
            "GRWE": weight,
            "VOL3": 0.01,
            "DSDT": delivery.dsdt,
            "PGRS": delivery.pgrs,
            "INOU": 1,
            "CONN": delivery.conn,
            "PACO": "BOX",
        }
    ]


@handles("MWS423MI", "LstPackDel")
def list_packages_of_delivery(call: Call) -> list[Row]:
    if not call.get("DLIX"):
        return []
    return _packages(*_delivery(call))


@handles("MWS423MI", "LstPackages")
def list_packages(call: Call) -> list[Row]:
    packages = _packages(*_delivery(call))
    return [p for p in packages if p["PACO"] == call.get("PACO")]


@handles("DRS100MI", "GetShipment")
def get_shipment(call: Call) -> list[Row]:
    for order in call.tenant.orders.values():
        for delivery in order.deliveries:
            if delivery.conn == call.get("CONN"):
                return [
                    {
                        "CONN": delivery.conn,
                        "FWNO": delivery.fwno,
                        "DSDT": delivery.dsdt,
                        "DSHM": delivery.dshm,
                        "ARDT": "",
                    }
                ]
    raise not_found("Shipment", call.get("CONN"), "WSH0203", "CONN")
