"""MMS200MI and MMS060MI, plus OIS100MI's balance lists: items and their stock."""

from __future__ import annotations

from connectors.infor.sandbox.errors import MIError, not_found
from connectors.infor.sandbox.programs import Call, Row, handles
from connectors.infor.sandbox.state import WAREHOUSES, Balance, Item


def _item(call: Call) -> Item:
    itno = call.get("ITNO")
    item = call.tenant.items.get(itno)
    if item is None:
        raise not_found("Item number", itno, "WIT0203", "ITNO")
    return item


def _warehouse(call: Call) -> str:
    whlo = call.get("WHLO")
    if whlo not in WAREHOUSES:
        raise not_found("Warehouse", whlo, "WWH0203", "WHLO")
    return whlo


def _item_row(item: Item) -> Row:
    return {
        "ITNO": item.itno,
        "ITDS": item.itds,
        "FUDS": item.fuds,
        "STAT": item.stat,
        "UNMS": item.unms,
        "ITGR": item.itgr,
        "ITCL": item.itcl,
        "ITTY": item.itty,
        "GRWE": item.grwe,
        "VOL3": item.vol3,
        "LMDT": item.lmdt,
    }


def _balance_row(balance: Balance, item: Item | None = None) -> Row:
    return {
        "WHLO": balance.whlo,
        "ITNO": balance.itno,
        "STQT": balance.stqt,
        "QUQT": 0,
        "RJQT": 0,
        "ALQT": balance.alqt,
        "AVAL": balance.av01,
        "AV01": balance.av01,
        "AV02": balance.av02,
        "REQT": balance.reqt,
        "ORQT": balance.alqt,
        "PLQT": 0,
        "LMTS": balance.lmts,
        "ITDS": item.itds if item else "",
        "UNMS": item.unms if item else "",
        "STAT": item.stat if item else "",
        "LMDT": "",
    }


@handles("MMS200MI", "Get")
@handles("MMS200MI", "GetItmBasic")
def get_item(call: Call) -> list[Row]:
    return [_item_row(_item(call))]


@handles("MMS200MI", "LstItmByItm")
def list_items(call: Call) -> list[Row]:
    start = call.get("ITNO")
    return [_item_row(call.tenant.items[i]) for i in sorted(call.tenant.items) if i >= start]


@handles("MMS200MI", "LstItmByChgDate")
def list_items_changed(call: Call) -> list[Row]:
    low, high = call.get("FLMD") or "00000000", call.get("TLMD") or "99999999"
    items = sorted(call.tenant.items.values(), key=lambda i: (i.lmdt, i.itno))
    return [_item_row(item) for item in items if low <= item.lmdt <= high]


@handles("MMS200MI", "AddItmBasic")
def add_item(call: Call) -> list[Row]:
    itno = call.get("ITNO")
    if itno in call.tenant.items:
        raise MIError(f"Item number {itno} already exists", "WIT0201", "ITNO")
    call.tenant.items[itno] = Item(
        itno,
        call.get("ITDS"),
        fuds=call.get("FUDS"),
        stat=call.get("STAT"),
        unms=call.get("UNMS"),
        itty=call.get("ITTY"),
        lmdt=call.tenant.clock.date(),
    )
    call.tenant.events.append({"kind": "item", "itno": itno})
    return []


@handles("MMS200MI", "UpdItmBasic")
def update_item(call: Call) -> list[Row]:
    item = _item(call)
    for name in ("ITDS", "FUDS", "STAT", "ITGR", "ITCL", "GRWE", "VOL3"):
        if call.get(name):
            setattr(item, name.lower(), call.get(name))
    item.lmdt = call.tenant.clock.date()
    call.tenant.events.append({"kind": "item", "itno": item.itno})
    return []


@handles("MMS200MI", "GetItmPrice")
def get_item_price(call: Call) -> list[Row]:
    item = _item(call)
    return [{"ITNO": item.itno, "SAPR": item.sapr, "CUCD": "EUR"}]


@handles("MMS200MI", "GetItmWhsBal")
def get_balance(call: Call) -> list[Row]:
    whlo, item = _warehouse(call), _item(call)
    balance = call.tenant.balances.get((whlo, item.itno))
    if balance is None:
        raise MIError(f"Item {item.itno} is not connected to warehouse {whlo}", "WIW0203", "ITNO")
    return [_balance_row(balance, item)]


@handles("MMS200MI", "LstSumWhsBal")
def list_balances(call: Call) -> list[Row]:
    whlo, start = _warehouse(call), call.get("POPN")
    rows = []
    for (balance_whlo, itno), balance in sorted(call.tenant.balances.items()):
        if balance_whlo != whlo or itno < start:
            continue
        if call.get("INVF") == "1" and balance.stqt == 0:
            continue
        rows.append(_balance_row(balance, call.tenant.items.get(itno)))
    return rows


@handles("OIS100MI", "LstWarehBalance")
def list_warehouse_balances(call: Call) -> list[Row]:
    item = _item(call)
    rows = []
    for whlo in sorted(WAREHOUSES):
        balance = call.tenant.balances.get((whlo, item.itno))
        if balance:
            rows.append({**_balance_row(balance, item), "LMDT": call.tenant.clock.date()})
    return rows


@handles("OIS100MI", "LstNewBalances")
def list_new_balances(call: Call) -> list[Row]:
    since = int(float(call.get("LMTS") or "0"))
    changed = [b for b in call.tenant.balances.values() if b.lmts > since]
    return [_balance_row(b) for b in sorted(changed, key=lambda b: b.lmts)]


@handles("MMS060MI", "LstViaItem")
def list_balance_ids(call: Call) -> list[Row]:
    item = _item(call)
    rows = []
    for whlo in sorted(WAREHOUSES):
        balance = call.tenant.balances.get((whlo, item.itno))
        if balance and (not call.get("WHLO") or call.get("WHLO") == whlo):
            rows.append({**_balance_row(balance, item), "STAT": "2"})
    return rows


@handles("MMS060MI", "LstNewItemBal")
def list_new_balance_ids(call: Call) -> list[Row]:
    item = _item(call)
    since = int(float(call.get("LMTS") or "0"))
    rows = []
    for whlo in sorted(WAREHOUSES):
        balance = call.tenant.balances.get((whlo, item.itno))
        if balance and balance.lmts > since:
            rows.append({**_balance_row(balance, item), "STAT": "2"})
    return rows
