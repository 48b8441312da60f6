"""CRS610MI: customers and their addresses."""

from __future__ import annotations

from connectors.infor.sandbox.errors import MIError, not_found
from connectors.infor.sandbox.programs import Call, Row, handles
from connectors.infor.sandbox.state import Customer

TEMPLATES = frozenset({"WEBCUST", "STDCUST"})
BASIC_FIELDS = (
    "CUNM",
    "CUA1",
    "CUA2",
    "CUA3",
    "CUA4",
    "PONO",
    "TOWN",
    "CSCD",
    "ECAR",
    "PHNO",
    "MAIL",
    "YREF",
    "STAT",
    "LNCD",
    "CUCD",
)
ADDRESS_FIELDS = ("CUNM", "CUA1", "CUA2", "CUA3", "CUA4", "PONO", "TOWN", "CSCD", "PHNO")


def _customer(call: Call) -> Customer:
    cuno = call.get("CUNO")
    customer = call.tenant.customers.get(cuno)
    if customer is None:
        raise not_found("Customer", cuno, "WCU0203", "CUNO")
    return customer


def _row(customer: Customer) -> Row:
    return {"CUNO": customer.cuno, **customer.fields, "LMTS": customer.lmts}


def _changed(call: Call, customer: Customer) -> None:
    customer.fields["LMDT"] = call.tenant.clock.date()
    customer.lmts = call.tenant.lmts()
    call.tenant.events.append({"kind": "customer", "cuno": customer.cuno})


@handles("CRS610MI", "Add")
def add_customer(call: Call) -> list[Row]:
    if call.get("CUTM") not in TEMPLATES:
        raise not_found("Customer template", call.get("CUTM"), "WCU0503", "CUTM")
    cuno = call.get("CUNO")
    if cuno and cuno in call.tenant.customers:
        raise MIError(f"Customer {cuno} already exists", "WCU0201", "CUNO")
    if not cuno:
        cuno = f"WEB{call.tenant.next_number('customer', 1):07d}"
    template = {
        "STAT": "20",
        "CUCD": "EUR",
        "LNCD": "GB",
        "TEPY": "30D",
        "MODL": "PCL",
        "TEDL": "DAP",
        "WHLO": "001",
        "ORTP": "WEB",
    }
    fields = dict.fromkeys(BASIC_FIELDS, "") | template
    fields |= {name: call.get(name) for name in BASIC_FIELDS if call.get(name)}
    customer = Customer(cuno, fields)
    call.tenant.customers[cuno] = customer
    _changed(call, customer)
    return [{"CUNO": cuno, "ERRM": ""}]


@handles("CRS610MI", "ChgBasicData")
def change_customer(call: Call) -> list[Row]:
    customer = _customer(call)
    for name in BASIC_FIELDS:
        if call.get(name):
            customer.fields[name] = call.get(name)
    _changed(call, customer)
    return [{"CUNO": customer.cuno}]


@handles("CRS610MI", "GetBasicData")
def get_customer(call: Call) -> list[Row]:
    return [_row(_customer(call))]


@handles("CRS610MI", "LstByNumber")
def list_customers(call: Call) -> list[Row]:
    start = call.get("CUNO")
    since = int(float(call.get("LMTS") or "0"))
    customers = sorted(call.tenant.customers.values(), key=lambda c: c.cuno)
    return [_row(c) for c in customers if c.cuno >= start and c.lmts > since]


@handles("CRS610MI", "SearchCustomer")
def search_customers(call: Call) -> list[Row]:
    # Real tenants take a search-engine query; the sandbox accepts FIELD:value pairs
    # (MAIL, CUNM, TOWN, CSCD) or words matched anywhere in name, e-mail and town.
    terms = call.get("SQRY").split()
    found = []
    for customer in sorted(call.tenant.customers.values(), key=lambda c: c.cuno):
        if all(_matches(term, customer) for term in terms):
            found.append(_row(customer))
    return found


def _matches(term: str, customer: Customer) -> bool:
    name, _, wanted = term.partition(":")
    if wanted:
        return customer.fields.get(name.upper(), "").lower() == wanted.lower()
    text = " ".join(customer.fields.get(k, "") for k in ("CUNM", "MAIL", "TOWN")).lower()
    return term.lower() in text


@handles("CRS610MI", "AddAddress")
def add_address(call: Call) -> list[Row]:
    customer = _customer(call)
    key = (call.get("ADRT"), call.get("ADID"))
    if key in customer.addresses:
        raise MIError(f"Address {key[1]} already exists", "WAD0201", "ADID")
    customer.addresses[key] = {name: call.get(name) for name in ADDRESS_FIELDS}
    _changed(call, customer)
    return []


@handles("CRS610MI", "GetAddress")
def get_address(call: Call) -> list[Row]:
    customer = _customer(call)
    key = (call.get("ADRT"), call.get("ADID"))
    if key not in customer.addresses:
        raise not_found("Address", key[1], "WAD0203", "ADID")
    return [{"CUNO": customer.cuno, "ADRT": key[0], "ADID": key[1], **customer.addresses[key]}]


@handles("CRS610MI", "LstAddresses")
def list_addresses(call: Call) -> list[Row]:
    customer = _customer(call)
    return [
        {"CUNO": customer.cuno, "ADRT": adrt, "ADID": adid, **fields}
        for (adrt, adid), fields in sorted(customer.addresses.items())
        if not call.get("ADRT") or call.get("ADRT") == adrt
    ]
