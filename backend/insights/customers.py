"""Customer 360: one customer as the shop and M3 hold them, side by side, with their orders."""

from __future__ import annotations

from typing import Any

from backend.api.problems import ProblemError
from backend.bindings.models import Binding
from backend.insights.systems import Systems, system_errors
from backend.insights.timeline import build_timeline
from connectors.infor.envelope import M3Error
from connectors.infor.m3 import M3Client, M3Options
from connectors.prestashop.client import PrestaShopClient

ALL = M3Options(max_records=0)
ORDER_LIMIT = 50
M3_ACTIVE = "20"
COMPARED = [
    "name",
    "address1",
    "address2",
    "postalCode",
    "city",
    "country",
    "phone",
    "email",
    "currency",
    "status",
]


def shop_customer(client: PrestaShopClient, key: str) -> dict[str, Any] | None:
    """The shop's customer by id or e-mail, with its first address, country code and orders."""
    filters = {"id": key} if key.isdigit() else {"email": key}
    found = client.list("customers", display="full", filters=filters, limit=1)
    if not found:
        return None
    customer = found[0]
    address = next(
        iter(
            client.list(
                "addresses",
                display="full",
                filters={"id_customer": str(customer["id"]), "deleted": "0"},
                limit=1,
            )
        ),
        {},
    )
    country = ""
    if address.get("id_country"):
        countries = client.list(
            "countries", display=["id", "iso_code"], filters={"id": str(address["id_country"])}
        )
        country = str(countries[0].get("iso_code", "")) if countries else ""
    currencies = {
        int(c["id"]): str(c.get("iso_code", ""))
        for c in client.list("currencies", display=["id", "iso_code"])
    }
    orders = client.list(
        "orders",
        display=[
            "id",
            "reference",
            "date_add",
            "current_state",
            "total_paid_tax_incl",
            "id_currency",
        ],
        filters={"id_customer": str(customer["id"])},
        sort=["date_add_DESC"],
        limit=ORDER_LIMIT,
    )
    states = _state_names(client)
    record: dict[str, Any] = {
        "id": str(customer["id"]),
        "name": f"{customer.get('firstname', '')} {customer.get('lastname', '')}".strip(),
        "address1": str(address.get("address1", "")),
        "address2": str(address.get("address2", "")),
        "postalCode": str(address.get("postcode", "")),
        "city": str(address.get("city", "")),
        "country": country,
        "phone": str(address.get("phone") or address.get("phone_mobile") or ""),
        "email": str(customer.get("email", "")),
        "currency": currencies.get(int(orders[0].get("id_currency") or 0), "") if orders else "",
        "status": "active" if str(customer.get("active", "0")) == "1" else "inactive",
    }
    record["orders"] = [
        {
            "id": int(o["id"]),
            "reference": o.get("reference", ""),
            "date": str(o.get("date_add", "")),
            "status": states.get(int(o.get("current_state") or 0), str(o.get("current_state", ""))),
            "total": str(o.get("total_paid_tax_incl", "")),
            "currency": currencies.get(int(o.get("id_currency") or 0), ""),
        }
        for o in orders
    ]
    return record


def _state_names(client: PrestaShopClient) -> dict[int, str]:
    names: dict[int, str] = {}
    for state in client.list("order_states", display=["id", "name"], language=1):
        name = state.get("name", "")
        if isinstance(name, list):  # language lists when the shop ignores ``language``
            name = name[0].get("value", "") if name else ""
        names[int(state["id"])] = str(name)
    return names


def infor_customer(m3: M3Client, shop: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    """M3's customer: through the customer binding of the shop id, else searched by e-mail."""
    number = None
    if shop is not None:
        number = (
            Binding.objects.filter(kind="customer", shop_id=shop["id"])
            .values_list("infor_id", flat=True)
            .first()
        )
    email = shop["email"] if shop is not None else ("" if key.isdigit() else key)
    if number is None and email:
        found = list(m3.records("CRS610MI", "SearchCustomer", {"SQRY": f"MAIL:{email}"}, ALL))
        number = found[0].get("CUNO") if found else None
    if not number:
        return None
    try:
        data = m3.execute("CRS610MI", "GetBasicData", {"CUNO": number}).first()
    except M3Error:
        return None
    orders = list(m3.records("OIS100MI", "LstHead", {"CUNO": number}, ALL))
    return {
        "id": number,
        "name": data.get("CUNM", ""),
        "address1": data.get("CUA1", ""),
        "address2": data.get("CUA2", ""),
        "postalCode": data.get("PONO", ""),
        "city": data.get("TOWN", ""),
        "country": data.get("CSCD", ""),
        "phone": data.get("PHNO", ""),
        "email": data.get("MAIL", ""),
        "currency": data.get("CUCD", ""),
        "status": "active" if data.get("STAT", "") == M3_ACTIVE else "inactive",
        "orders": [
            {
                "orderNumber": o.get("ORNO", ""),
                "reference": o.get("CUOR", ""),
                "date": o.get("ORDT", ""),
                "status": o.get("STAT", ""),
                "highestLineStatus": o.get("ORST", ""),
            }
            for o in orders[:ORDER_LIMIT]
        ],
    }


def differences(shop: dict[str, Any] | None, infor: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each compared field with both values and whether they differ (spaces and case ignored)."""
    rows = []
    for name in COMPARED:
        left = str((shop or {}).get(name, "") or "")
        right = str((infor or {}).get(name, "") or "")
        same = " ".join(left.split()).lower() == " ".join(right.split()).lower()
        rows.append({"field": name, "shop": left, "infor": right, "differs": not same})
    return rows


def customer_360(systems: Systems, key: str) -> dict[str, Any]:
    with system_errors("The shop"):
        shop = shop_customer(systems.shop, key)
    with system_errors("Infor"):
        infor = infor_customer(systems.m3, shop, key)
    if shop is None and infor is None:
        raise ProblemError(404, "Not found", f"Neither the shop nor M3 knows a customer {key!r}.")
    email = (shop or infor or {}).get("email") or key
    return {
        "key": key,
        "shop": shop,
        "infor": infor,
        "fields": differences(shop, infor),
        "timeline": build_timeline(str(email))["entries"],
    }
