"""Revenue reconciliation: the shop's orders of a period against M3's orders and invoices.

Amounts compared are net of tax on both sides: the order-to-cash template sends each line at
``unit_price_tax_excl``, so M3's order net amount (``NTAM``) must equal the shop's
``total_products``. Invoices carry tax, so they are reported, not compared with the shop total.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from backend.bindings.models import Binding
from backend.insights.systems import Systems, system_errors
from connectors.infor.m3 import M3Client, M3Options
from connectors.prestashop.client import PrestaShopClient

MAX_ORDERS = 500
SHIPPED_LINE_STATUS = "66"
ALL = M3Options(max_records=0)
ORDER_FIELDS = [
    "id",
    "reference",
    "date_add",
    "id_currency",
    "current_state",
    "total_products",
    "total_paid_tax_incl",
    "total_paid_real",
]


@dataclass
class ShopOrder:
    id: int
    reference: str
    day: str
    currency: str
    net: float
    total: float
    paid: bool
    shipped: bool


@dataclass
class InforOrder:
    order_number: str
    net: float
    currency: str
    status: str
    highest_line_status: str
    invoices: list[dict[str, Any]] = field(default_factory=list)

    @property
    def shipped(self) -> bool:
        return self.highest_line_status >= SHIPPED_LINE_STATUS

    @property
    def invoiced(self) -> float:
        return round(sum(float(i.get("amount") or 0) for i in self.invoices), 2)


class TooManyOrders(Exception):
    """The period holds more shop orders than one report reads."""


# -- reading both systems ------------------------------------------------------------------------


def shop_orders(client: PrestaShopClient, start: date, end: date) -> list[ShopOrder]:
    currencies = {
        int(c["id"]): str(c.get("iso_code", ""))
        for c in client.list("currencies", display=["id", "iso_code"])
    }
    states = {
        int(s["id"]): s for s in client.list("order_states", display=["id", "paid", "shipped"])
    }
    window = f"[{start.isoformat()} 00:00:00,{end.isoformat()} 23:59:59]"
    rows = client.list(
        "orders",
        display=ORDER_FIELDS,
        filters={"date_add": window},
        sort=["date_add_ASC", "id_ASC"],
        limit=MAX_ORDERS + 1,
    )
    if len(rows) > MAX_ORDERS:
        raise TooManyOrders(
            f"The period has more than {MAX_ORDERS} shop orders; choose a shorter one."
        )
    return [_shop_order(row, currencies, states) for row in rows]


def _shop_order(
    row: dict[str, Any], currencies: dict[int, str], states: dict[int, Any]
) -> ShopOrder:
    state = states.get(int(row.get("current_state") or 0), {})
    total = _money(row.get("total_paid_tax_incl"))
    return ShopOrder(
        id=int(row["id"]),
        reference=str(row.get("reference", "")),
        day=str(row.get("date_add", ""))[:10],
        currency=currencies.get(int(row.get("id_currency") or 0), ""),
        net=_money(row.get("total_products")),
        total=total,
        paid=str(state.get("paid", "0")) == "1" or _money(row.get("total_paid_real")) >= total > 0,
        shipped=str(state.get("shipped", "0")) == "1",
    )


def infor_order(m3: M3Client, reference: str) -> InforOrder | None:
    """M3's order for a shop reference: through its binding, else found by ``CUOR``."""
    number = (
        Binding.objects.filter(kind="order", shop_id=reference)
        .values_list("infor_id", flat=True)
        .first()
    )
    if number is None:
        found = list(m3.records("OIS100MI", "SearchHead", {"SQRY": f"CUOR:{reference}"}, ALL))
        if not found:
            return None
        number = found[0].get("ORNO", "")
    head = m3.execute("OIS100MI", "GetHead", {"ORNO": number}).first()
    invoices = [
        {
            "invoiceNumber": r.get("IVNO", ""),
            "date": r.get("IVDT", ""),
            "amount": _money(r.get("AMT1")),
        }
        for r in m3.records("OIS350MI", "LstInvHeadByCo", {"ORNO": number}, ALL)
    ]
    return InforOrder(
        order_number=number,
        net=_money(head.get("NTAM")),
        currency=head.get("CUCD", ""),
        status=head.get("STAT", ""),
        highest_line_status=head.get("ORST", ""),
        invoices=invoices,
    )


def _money(value: Any) -> float:
    try:
        return round(float(value or 0), 2)
    except (TypeError, ValueError):
        return 0.0


# -- comparing -----------------------------------------------------------------------------------


def compare(pairs: list[tuple[ShopOrder, InforOrder | None]], tolerance: float) -> dict[str, Any]:
    """Rows per order, every mismatch, and totals per day and currency."""
    rows: list[dict[str, Any]] = []
    mismatches: list[dict[str, Any]] = []
    totals: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {
            "shopOrders": 0,
            "shopNet": 0.0,
            "inforOrders": 0,
            "inforNet": 0.0,
            "invoiced": 0.0,
        }
    )
    for shop, infor in pairs:
        found = order_mismatches(shop, infor, tolerance)
        mismatches.extend(found)
        rows.append(
            {
                "shop": asdict(shop),
                "infor": None if infor is None else {**asdict(infor), "invoiced": infor.invoiced},
                "problems": [m["kind"] for m in found],
            }
        )
        total = totals[(shop.day, shop.currency)]
        total["shopOrders"] += 1
        total["shopNet"] = round(total["shopNet"] + shop.net, 2)
        if infor is not None:
            total["inforOrders"] += 1
            total["inforNet"] = round(total["inforNet"] + infor.net, 2)
            total["invoiced"] = round(total["invoiced"] + infor.invoiced, 2)
    days = [
        {
            "day": day,
            "currency": currency,
            **values,
            "difference": round(values["shopNet"] - values["inforNet"], 2),
        }
        for (day, currency), values in sorted(totals.items())
    ]
    return {"orders": rows, "mismatches": mismatches, "totals": days}


def order_mismatches(
    shop: ShopOrder, infor: InforOrder | None, tolerance: float
) -> list[dict[str, Any]]:
    base = {
        "reference": shop.reference,
        "shopOrderId": shop.id,
        "day": shop.day,
        "currency": shop.currency,
    }
    if infor is None:
        return [
            {
                **base,
                "kind": "missing_in_infor",
                "orderNumber": None,
                "detail": "No M3 order has this reference.",
            }
        ]
    base["orderNumber"] = infor.order_number
    found = []
    if abs(shop.net - infor.net) > tolerance:
        found.append(
            {
                **base,
                "kind": "amount_differs",
                "detail": f"Shop net {shop.net:.2f}, M3 net {infor.net:.2f} {infor.currency}.",
            }
        )
    if infor.currency and shop.currency and infor.currency != shop.currency:
        found.append(
            {
                **base,
                "kind": "currency_differs",
                "detail": f"Shop {shop.currency}, M3 {infor.currency}.",
            }
        )
    if (infor.shipped or shop.shipped) and not infor.invoices:
        found.append(
            {
                **base,
                "kind": "shipped_not_invoiced",
                "detail": "Shipped, and M3 has no invoice for it.",
            }
        )
    if infor.invoices and not shop.paid:
        found.append(
            {
                **base,
                "kind": "invoiced_unpaid",
                "detail": f"Invoiced {infor.invoiced:.2f} in M3; the shop has no payment for it.",
            }
        )
    return found


def reconcile(systems: Systems, start: date, end: date, tolerance: float) -> dict[str, Any]:
    """The whole report; a system that is down is a 502 problem naming it."""
    with system_errors("The shop"):
        orders = shop_orders(systems.shop, start, end)
    with system_errors("Infor"):
        pairs = [(order, infor_order(systems.m3, order.reference)) for order in orders]
    report = compare(pairs, tolerance)
    return {"from": start.isoformat(), "to": end.isoformat(), "tolerance": tolerance, **report}


CSV_COLUMNS = ["day", "currency", "reference", "shopOrderId", "orderNumber", "kind", "detail"]


def mismatches_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(report["mismatches"])
    return out.getvalue()
