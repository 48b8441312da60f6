"""Resource shapes the sandbox serves: field order, links, getters, languages, associations.

Shapes come from ``data/recorded_demo.json`` (what the recorded shop showed) plus the field lists
of the spec for resources the recording only listed by id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "recorded_demo.json"

FALLBACK_FIELDS: dict[str, tuple[str, str]] = {
    "states": ("state", "id id_zone id_country iso_code name active:int"),
    "languages": ("language", "id name iso_code locale language_code active:int is_rtl:int"),
    "groups": (
        "group",
        "id reduction:decimal:2 price_display_method:int show_prices:int date_add:datetime "
        "date_upd:datetime name:lang",
    ),
    "zones": ("zone", "id name active:int"),
    "messages": ("message", "id id_cart id_order id_customer id_employee message private date_add"),
    "configurations": (
        "configuration",
        "id value name id_shop_group id_shop date_add:datetime date_upd:datetime",
    ),
    "taxes": ("tax", "id rate:decimal:3 active:int deleted:int name:lang"),
    "tax_rule_groups": (
        "tax_rule_group",
        "id name active:int deleted:int date_add:datetime date_upd:datetime",
    ),
    "tax_rules": (
        "tax_rule",
        "id id_tax_rules_group id_state id_country zipcode_from zipcode_to id_tax behavior:int "
        "description",
    ),
    "specific_prices": (
        "specific_price",
        "id id_shop_group id_shop id_cart id_product id_product_attribute id_currency id_country "
        "id_group id_customer id_specific_price_rule price:decimal:6 from_quantity:int "
        "reduction:decimal:6 reduction_tax:int reduction_type from:datetime to:datetime",
    ),
    "price_ranges": ("price_range", "id id_carrier delimiter1:decimal:6 delimiter2:decimal:6"),
    "weight_ranges": ("weight_range", "id id_carrier delimiter1:decimal:6 delimiter2:decimal:6"),
    "deliveries": (
        "delivery",
        "id id_carrier id_range_price id_range_weight id_zone id_shop id_shop_group "
        "price:decimal:6",
    ),
    "product_options": (
        "product_option",
        "id is_color_group:int group_type position:int name:lang public_name:lang",
    ),
    "product_option_values": (
        "product_option_value",
        "id id_attribute_group color position:int name:lang",
    ),
    "product_suppliers": (
        "product_supplier",
        "id id_product id_product_attribute id_supplier id_currency product_supplier_reference "
        "product_supplier_price_te:decimal:6",
    ),
}
"""Shapes of resources the recording only listed, as PrestaShop declares them: ``name:kind``
gives a column type (``lang`` for a translated field)."""
FALLBACK_LINKS = {
    "id_zone": "zones/{value}",
    "id_country": "countries/{value}",
    "id_state": "states/{value}",
    "id_carrier": "carriers/{value}",
    "id_currency": "currencies/{value}",
    "id_product": "products/{value}",
    "id_product_attribute": "combinations/{value}",
    "id_tax_rules_group": "tax_rule_groups/{value}",
    "id_tax": "taxes/{value}",
    "id_group": "groups/{value}",
    "id_customer": "customers/{value}",
    "id_cart": "carts/{value}",
    "id_shop": "shops/{value}",
    "id_shop_group": "shop_groups/{value}",
    "id_supplier": "suppliers/{value}",
    "id_attribute_group": "product_options/{value}",
    "id_range_price": "price_ranges/{value}",
    "id_range_weight": "weight_ranges/{value}",
}


def _fallback_field(spec: str) -> FieldDef:
    name, _, kind = spec.partition(":")
    if kind == "lang":
        return FieldDef(name, language=True)
    integer = name == "id" or name.startswith("id_") or kind == "int"
    return FieldDef(
        name,
        link=FALLBACK_LINKS.get(name),
        integer=integer,
        kind=kind or ("int" if integer else "text"),
    )


FORBIDDEN_METHODS: dict[str, frozenset[str]] = {
    "stock_availables": frozenset({"POST", "DELETE"}),
    "warehouses": frozenset({"DELETE"}),
    **{
        name: frozenset({"POST", "PUT", "PATCH", "DELETE"})
        for name in (
            "search",
            "stocks",
            "stock_movements",
            "supply_order_details",
            "supply_order_histories",
            "supply_order_receipt_histories",
            "supply_order_states",
            "supply_orders",
            "warehouse_product_locations",
        )
    },
}


@dataclass(frozen=True)
class FieldDef:
    name: str
    link: str | None = None
    """``orders/{value}``: rendered as ``xlink:href`` when the value is not 0 or empty."""
    getter: bool = False
    """Computed by a getter: ``notFilterable="true"``, cannot be filtered."""
    language: bool = False
    integer: bool = False
    kind: str = "text"
    """``int``, ``decimal:6``, ``datetime``, ``date`` or ``text``: decides the stored default."""
    link_always: bool = False
    """Some links are written even for id 0 (``customizations/0`` in order rows)."""
    synopsis: dict[str, str] = field(default_factory=dict)


def stored_default(field: FieldDef) -> str:
    """What the database holds for a field saved empty (NOT NULL columns get their zero)."""
    if field.kind == "datetime":
        return "0000-00-00 00:00:00"
    if field.kind == "date":
        return "0000-00-00"
    if field.kind.startswith("decimal:"):
        return "0." + "0" * int(field.kind.split(":")[1])
    if field.name in TEXT_COLUMNS:
        return ""
    return "0" if field.kind == "int" or field.integer else ""


TEXT_COLUMNS = frozenset(
    {
        "postcode",
        "phone",
        "phone_mobile",
        "vat_number",
        "dni",
        "ean13",
        "upc",
        "isbn",
        "mpn",
        "reference",
        "supplier_reference",
        "numeric_iso_code",
        "product_reference",
    }
)
"""Text columns whose values are often all digits, so a sample value cannot tell."""


@dataclass(frozen=True)
class AssociationDef:
    name: str
    item: str
    attributes: dict[str, str]
    link: str | None
    fields: tuple[FieldDef, ...]
    numeric_tag_bug: bool = False
    """8.0 on PHP 8 writes ``<0>`` instead of ``<id>`` for these items (bug #30165)."""

    @property
    def read_only(self) -> bool:
        return self.attributes.get("virtualEntity") == "true"


@dataclass(frozen=True)
class ResourceDef:
    name: str
    element: str
    fields: tuple[FieldDef, ...]
    associations: tuple[AssociationDef, ...] = ()
    description: str = ""
    has_schema: bool = True

    def field(self, name: str) -> FieldDef | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def association(self, name: str) -> AssociationDef | None:
        return next((a for a in self.associations if a.name == name), None)


@cache
def raw_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text("utf-8"))
    return data


def _fields(name: str, shape: dict[str, Any], data: dict[str, Any]) -> tuple[FieldDef, ...]:
    ints = set(data["jsonInts"].get(name, [])) | set(data["jsonInts"].get(shape["element"], []))
    synopsis = data["synopsis"].get(name, {})
    out = []
    for field_name in shape.get("order") or list(shape["fields"]):
        info = shape["fields"].get(field_name, {})
        out.append(
            FieldDef(
                field_name,
                link=info.get("link"),
                getter=bool(info.get("notFilterable")),
                language=bool(info.get("language")),
                integer=field_name in ints or field_name == "id",
                link_always=bool(info.get("linkAlways")),
                kind=info.get("kind", "int" if field_name in ints else "text"),
                synopsis=synopsis.get(field_name, {}),
            )
        )
    return tuple(out)


def _associations(
    name: str, shape: dict[str, Any], data: dict[str, Any]
) -> tuple[AssociationDef, ...]:
    out = []
    for assoc_name, spec in shape["associations"].items():
        ints = set()
        for key in (name, shape["element"]):
            ints |= set(data["jsonInts"].get(f"{key}.{assoc_name}", []))
        fields = tuple(
            FieldDef(
                f,
                link=info.get("link"),
                integer=f == "id" or f in ints,
                link_always=bool(info.get("linkAlways")),
            )
            for f, info in spec["fields"].items()
        )
        if not fields:
            fields = (FieldDef("id", integer=True),)
        out.append(
            AssociationDef(
                assoc_name,
                spec.get("item") or spec.get("attributes", {}).get("nodeType", assoc_name),
                spec.get("attributes", {}),
                spec.get("link"),
                fields,
                bool(spec.get("numericTagBug")),
            )
        )
    return tuple(out)


@cache
def definitions() -> dict[str, ResourceDef]:
    """Every resource of the root listing, by URL name."""
    data = raw_data()
    out: dict[str, ResourceDef] = {}
    for listed in data["apiResources"]:
        name = listed["name"]
        shape = data["shapes"].get(name)
        if shape and (shape.get("order") or shape["fields"]):
            fields = _fields(name, shape, data)
            associations = _associations(name, shape, data)
            element = shape["element"]
        elif name in FALLBACK_FIELDS:
            element, names = FALLBACK_FIELDS[name]
            fields = tuple(_fallback_field(spec) for spec in names.split())
            associations = ()
        else:
            element = _singular(name)
            fields = (FieldDef("id", integer=True),)
            associations = ()
        out[name] = ResourceDef(
            name, element, fields, associations, listed["description"], listed["schema"]
        )
    return out


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("ses", "xes")):
        return name[:-2]
    return name[:-1] if name.endswith("s") else name


@cache
def profiled(
    name: str, version: str, meta_keywords: bool, combination_quantity: bool
) -> ResourceDef:
    """``name``'s shape as a given PrestaShop version serves it (spec section 1)."""
    definition = definitions()[name]
    fields = list(definition.fields)
    if version.startswith("1.") and name == "products":
        # unit_price became a stored product field in 8.0; 1.7 only had unit_price_ratio.
        fields = [f for f in fields if f.name != "unit_price"]
    if not meta_keywords:
        fields = [f for f in fields if not (name == "products" and f.name == "meta_keywords")]
    if combination_quantity and name == "combinations" and definition.field("quantity") is None:
        at = next((i + 1 for i, f in enumerate(fields) if f.name == "id_product"), 1)
        fields[at:at] = [FieldDef("location"), FieldDef("quantity", integer=True, kind="int")]
    if version.startswith("9") and name == "order_payments" and not definition.field("id_employee"):
        fields.append(FieldDef("id_employee", link="employees/{value}", integer=True, kind="int"))
    return ResourceDef(
        definition.name,
        definition.element,
        tuple(fields),
        definition.associations,
        definition.description,
        definition.has_schema,
    )
