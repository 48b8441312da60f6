"""POST, PUT, PATCH and DELETE as the Webservice does them (spec section 5).

Bodies are XML only; the id of a PUT/PATCH comes from the body, not the URL; PUT empties every
optional field it does not receive; a created object is echoed as held in memory, while the
database keeps its own formatting. What a write changes elsewhere is in ``side_effects``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from connectors.prestashop.sandbox import checkout
from connectors.prestashop.sandbox.definitions import FieldDef, ResourceDef, stored_default
from connectors.prestashop.sandbox.shop import Shop
from connectors.prestashop.sandbox.side_effects import (
    AFTER_CREATE,
    AFTER_DELETE,
    AFTER_UPDATE,
    BEFORE_UPDATE,
    CREATE_DEFAULTS,
    SETTERS,
    new_history,
)
from connectors.prestashop.sandbox.validation import invalid_field, read_only, required_fields
from connectors.prestashop.sandbox.wserrors import WebserviceError

Row = dict[str, Any]


class FatalError(Exception):
    """A PHP fatal error: 500 without Webservice headers (an order from a used cart...)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


def _parse(body: str) -> list[ET.Element]:
    text = body[4:] if body.startswith("xml=") else body
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise _xml_error(text)
    return list(root)


def _xml_error(text: str) -> WebserviceError:
    where = "(<shop-root>/classes/webservice/WebserviceRequest.php, line 1541)"
    first_line = text.split("\n", 1)[0]
    problem = (
        "Start tag expected, '<' not found"
        if not text.lstrip().startswith("<")
        else ("Premature end of data")
    )
    return WebserviceError(
        500,
        [
            (
                3,
                "[PHP Warning #2] SimpleXMLElement::__construct(): Entity: line 1: parser error : "
                f"{problem} {where}",
            ),
            (3, f"[PHP Warning #2] SimpleXMLElement::__construct(): {first_line[:80]} {where}"),
            (3, f"[PHP Warning #2] SimpleXMLElement::__construct(): ^ {where}"),
            (
                127,
                "XML error : String could not be parsed as XML\n"
                f"XML length : {len(text)}\nOriginal XML : {text}",
            ),
        ],
    )


def _values(definition: ResourceDef, node: ET.Element) -> tuple[Row, dict[str, list[Row]] | None]:
    values: Row = {}
    associations: dict[str, list[Row]] | None = None
    for child in node:
        if child.tag == "associations":
            associations = {
                a.tag: [{sub.tag: (sub.text or "").strip() for sub in item} for item in a]
                for a in child
            }
            continue
        field = definition.field(child.tag)
        if field is None:
            continue
        if field.language:
            values[child.tag] = {lang.get("id", "1"): lang.text or "" for lang in child}
        else:
            values[child.tag] = child.text or ""
    return values, associations


def write(
    shop: Shop,
    definition: ResourceDef,
    method: str,
    record_id: str | None,
    body: str,
    query: Sequence[tuple[str, str]],
) -> tuple[int, list[Row]]:
    """Apply one write; returns the status and the rows to echo (none for DELETE)."""
    if method == "DELETE":
        delete(shop, definition, record_id, query)
        return 200, []
    entities = _parse(body)
    if method == "POST":
        created = [create(shop, definition, node) for node in entities]
        if _fatal_product_write(shop, definition, method, entities):
            raise FatalError()
        return 201, created
    if _fatal_product_write(shop, definition, method, entities):
        raise FatalError()
    return 200, [update(shop, definition, node, partial=method == "PATCH") for node in entities]


def _fatal_product_write(
    shop: Shop, definition: ResourceDef, method: str, entities: list[ET.Element]
) -> bool:
    """The 8.0 snapshot's product bugs: a POST without ``unit_price`` is saved and then the
    answer dies; a PATCH dies before anything is saved (the recording reads the old price)."""
    if not shop.profile.product_write_fatal or definition.name != "products":
        return False
    return method == "PATCH" or (
        method == "POST" and any(node.find("unit_price") is None for node in entities)
    )


def _class_name(definition: ResourceDef) -> str:
    return "".join(part.capitalize() for part in definition.element.split("_"))


def _check(definition: ResourceDef, row: Row, given: Row, *, creating: bool) -> None:
    for name in given:
        if name in read_only(definition) and not creating:
            raise WebserviceError(
                400,
                [
                    (
                        93,
                        f'parameter "{name}" not writable. '
                        "Please remove this attribute of this XML",
                    )
                ],
            )
    for name in required_fields(definition):
        value = row.get(name, "")
        empty = not any(value.values()) if isinstance(value, dict) else str(value) == ""
        if empty:
            raise WebserviceError(400, [(41, f'parameter "{name}" required')])
    for name in given:
        if invalid_field(definition, name, row.get(name)):
            message = f'Validation error: "Property {_class_name(definition)}->{name} is not valid"'
            raise WebserviceError(400, [(85, message)])


def _checked_with_setters(
    shop: Shop, definition: ResourceDef, row: Row, given: Row, stored: Row | None = None
) -> None:
    """``saveEntityFromXml`` walks the resource's fields in order and runs a field's setter as
    soon as it meets it, so what a setter reports comes before a read-only field's error 93;
    any error it reports stops the object from being saved."""
    creating = stored is None
    reported: list[tuple[int, str]] = []
    for field in definition.fields:
        if field.name in read_only(definition) and field.name in given and not creating:
            break
        setter = SETTERS.get((definition.name, field.name))
        if setter is not None and str(given.get(field.name, "")) != "":
            reported += setter(shop, row, stored, str(given[field.name]))
    try:
        _check(definition, row, given, creating=creating)
    except WebserviceError as error:
        raise WebserviceError(error.status, [*reported, *error.errors])
    if reported:
        raise WebserviceError(500, reported)


def create(shop: Shop, definition: ResourceDef, node: ET.Element) -> Row:
    given, associations = _values(definition, node)
    if "id" in given:
        raise WebserviceError(400, [(91, "id is forbidden when adding a new resource")])
    row: Row = {
        f.name: dict.fromkeys(shop.languages, "") if f.language else "" for f in definition.fields
    }
    row.update(given)
    before = CREATE_DEFAULTS.get(definition.name)
    if before:
        before(shop, row)
    _checked_with_setters(shop, definition, row, given)
    if definition.name == "orders":
        return _order_from_cart(shop, definition, row, given)
    row["id"] = str(shop.new_id(definition.name))
    now = shop.clock.text()
    for stamp in ("date_add", "date_upd"):
        if definition.field(stamp) is not None:
            row[stamp] = now
    row["associations"] = {a.name: [] for a in definition.associations}
    if associations:
        _set_associations(definition, row, associations)
    stored = as_stored(definition, row)
    shop.table(definition.name)[int(row["id"])] = stored
    after = AFTER_CREATE.get(definition.name)
    if after:
        after(shop, stored)
    shop.changes.append((definition.name, "created", stored))
    # The answer shows the object as held in memory: fields not sent are still empty.
    return row


def _order_from_cart(shop: Shop, definition: ResourceDef, row: Row, given: Row) -> Row:
    """The echo is the object built from the body; the stored order is validateOrder's."""
    try:
        order = checkout.place_order(shop, given)
    except checkout.CartUsed:
        raise FatalError(
            "Cart cannot be loaded or an order has already been placed using this cart"
        )
    state = checkout.initial_state(shop, order, given)
    checkout.register_payment(shop, order, given)
    new_history(shop, order, state, from_object=False)
    shop.changes.append(("orders", "created", order))
    return {
        **row,
        "id": order["id"],
        "associations": {"order_rows": order["associations"]["order_rows"]},
    }


WRITABLE_VIRTUAL = frozenset({"cart_rows"})
"""Virtual associations that have a setter: a cart's rows are written with the cart."""


def _set_associations(definition: ResourceDef, row: Row, given: dict[str, list[Row]]) -> None:
    for name, items in given.items():
        association = definition.association(name)
        if association is None:
            raise WebserviceError(400, [(86, f'The association "{name}" does not exists')])
        if not association.read_only or name in WRITABLE_VIRTUAL:
            for item in items:
                for field in association.fields:
                    if field.link_always:
                        item.setdefault(field.name, "0")
            row["associations"][name] = items


def update(shop: Shop, definition: ResourceDef, node: ET.Element, *, partial: bool) -> Row:
    given, associations = _values(definition, node)
    record_id = given.get("id", "")
    if not str(record_id).strip():
        raise WebserviceError(400, [(90, "id is required when modifying a resource")])
    current = shop.table(definition.name).get(int(record_id)) if record_id.isdigit() else None
    if current is None:
        raise WebserviceError(404, [(92, "Invalid ID")])
    if partial:
        row = {**current, **given}
    else:
        row = {f.name: given.get(f.name, _emptied(f, current, shop)) for f in definition.fields}
        row["associations"] = current.get("associations", {})
    fields = {k: v for k, v in given.items() if k != "id"}
    _checked_with_setters(shop, definition, row, fields, current)
    if definition.field("date_upd") is not None:
        row["date_upd"] = shop.clock.text()
    hook = BEFORE_UPDATE.get(definition.name)
    if hook:
        hook(shop, current, row)
    if associations:
        _set_associations(definition, row, associations)
    if definition.name == "carriers" and _carrier_has_orders(shop, current):
        return _new_carrier_version(shop, definition, current, row)
    current.clear()
    current.update(as_stored(definition, row))
    after = AFTER_UPDATE.get(definition.name)
    if after:
        after(shop, current)
    shop.changes.append((definition.name, "updated", current))
    # The answer is the object in memory; the database keeps its own formatting.
    return row


def _carrier_has_orders(shop: Shop, carrier: Row) -> bool:
    used = str(carrier["id"])
    return any(str(o.get("id_carrier")) == used for o in shop.rows("orders")) or any(
        str(c.get("id_carrier")) == used for c in shop.rows("order_carriers")
    )


def _new_carrier_version(shop: Shop, definition: ResourceDef, current: Row, row: Row) -> Row:
    """A carrier that orders point at is never changed: the edit becomes a copy with a new id
    and the same ``id_reference``, and the old one is soft-deleted (spec 7.14)."""
    new_id = str(shop.new_id("carriers"))
    row = {**row, "id": new_id, "id_reference": current.get("id_reference") or current["id"]}
    row["deleted"] = "0"
    stored = as_stored(definition, row)
    shop.table("carriers")[int(new_id)] = stored
    current["deleted"] = "1"
    shop.changes.append(("carriers", "created", stored))
    return row


def as_stored(definition: ResourceDef, row: Row) -> Row:
    """What the database gives back: decimals with their scale, zeros for empty numbers."""
    stored: Row = {}
    for name, value in row.items():
        field = definition.field(name)
        if field is not None and isinstance(value, str):
            value = _column(field, value)
        stored[name] = value
    return stored


def _column(field: FieldDef, value: str) -> str:
    if value == "":
        # A getter reads what it finds; only real columns get the database's zero.
        return "" if field.getter else stored_default(field)
    if field.kind.startswith("decimal:"):
        try:
            return f"{float(value):.{int(field.kind.split(':')[1])}f}"
        except ValueError:
            return value
    return value


def _emptied(field: FieldDef, current: Row, shop: Shop) -> Any:
    """PUT empties optional fields it did not receive; getters and dates keep their value."""
    if field.getter or field.name in ("date_add", "id"):
        return current.get(field.name, "")
    return dict.fromkeys(shop.languages, "") if field.language else ""


def delete(
    shop: Shop, definition: ResourceDef, record_id: str | None, query: Sequence[tuple[str, str]]
) -> None:
    bulk = next((v for k, v in query if k == "id"), None)
    errors: list[tuple[int, str]] = []
    if record_id is not None:
        ids = [record_id]
    elif bulk:
        ids = [i for i in re.split(r"[|,]", bulk.strip("[]")) if i]
    else:
        errors.append(
            (
                3,
                "[PHP Warning #2] Undefined array key 1 "
                "(<shop-root>/classes/webservice/WebserviceRequest.php, line 1482)",
            )
        )
        ids = ["0"]
    table = shop.table(definition.name)
    missing = [i for i in ids if not i.isdigit() or int(i) not in table]
    if missing:
        raise WebserviceError(404, [*errors, (87, f"Id(s) not exists: {', '.join(missing)}")])
    for i in ids:
        removed = table.pop(int(i))
        hook = AFTER_DELETE.get(definition.name)
        if hook:
            hook(shop, removed)
