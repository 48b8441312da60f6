"""Rebuild the recorded shop's demo data and resource shapes from the recorded exchanges.

Run ``python -m connectors.prestashop.sandbox.recorded_seed`` to regenerate
``data/recorded_demo.json`` from ``tests/fixtures/recorded-8.0.jsonl``. Only what the shop
showed before the session's first write is kept as data (later answers show the session's own
changes, which a replay must produce itself); the shapes (field order, links, attributes) come
from every answer. Nothing here runs when the sandbox serves requests.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
RECORDING = PACKAGE.parent / "tests" / "fixtures" / "recorded-8.0.jsonl"
OUTPUT = PACKAGE / "data" / "recorded_demo.json"
XLINK = "{http://www.w3.org/1999/xlink}href"
_NUMERIC_TAG = re.compile(r"<(/?)(\d+)(\s*/?)>")
_LINK = re.compile(r"/api/(.+?)/?$")


CR = "\ue00d"
"""Stands in for carriage returns, which an XML parser would turn into line feeds."""


def _root(body: str) -> ET.Element | None:
    try:
        return ET.fromstring(_NUMERIC_TAG.sub(r"<\1_\2\3>", body).replace("\r", CR))
    except ET.ParseError:
        return None


def _text(node: ET.Element) -> str:
    return (node.text or "").replace(CR, "\r")


def _link_target(href: str, owner: str) -> str:
    """``http://h/api/images/products/1/2`` of owner 1 -> ``images/products/{owner}/{value}``."""
    match = _LINK.search(href)
    parts = (match.group(1) if match else "").split("/")
    parts[-1] = "{value}"
    if len(parts) > 2 and parts[-2] == owner:
        parts[-2] = "{owner}"
    return "/".join(parts)


def _kind(value: str) -> str:
    """The column type a value suggests: what a saved empty field becomes in the database."""
    if re.match(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", value):
        return "datetime"
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return "date"
    decimal = re.match(r"^-?\d+\.(\d+)$", value)
    if decimal:
        return f"decimal:{len(decimal.group(1))}"
    # Phone numbers and codes are digits too: an INT column holds short numbers without a
    # leading zero.
    return "int" if re.match(r"^-?(0|[1-9]\d{0,8})$", value) else "text"


class Collector:
    """Accumulates shapes and pre-write rows across the recorded answers."""

    def __init__(self) -> None:
        self.shapes: dict[str, dict[str, Any]] = {}
        self.rows: dict[str, dict[int, dict[str, Any]]] = {}
        self.ids: dict[str, list[int]] = {}
        """Ids in the order the shop listed them (there is no default ORDER BY)."""
        self.json_ints: dict[str, set[str]] = {}
        self.natural = True
        """Whether the answer being read has neither sort nor filter: its order is the table's."""

    def shape(self, resource: str, element: str) -> dict[str, Any]:
        return self.shapes.setdefault(
            resource, {"element": element, "fields": {}, "associations": {}}
        )

    def entity(self, resource: str, node: ET.Element, keep_values: bool) -> None:
        shape = self.shape(resource, node.tag)
        values: dict[str, Any] = {}
        owner = node.findtext("id") or ""
        order = [child.tag for child in node if child.tag != "associations"]
        if len(order) > len(shape.get("order", [])):
            shape["order"] = order
        for child in node:
            if child.tag == "associations":
                values["associations"] = self.associations(shape, child, owner)
                continue
            field = shape["fields"].setdefault(child.tag, {})
            if child.get("notFilterable"):
                field["notFilterable"] = True
            if len(child) and child[0].tag == "language":
                field["language"] = True
                values[child.tag] = {lang.get("id"): _text(lang) for lang in child}
                continue
            value = _text(child)
            if value and "kind" not in field:
                field["kind"] = _kind(value)
            if child.get(XLINK):
                field["link"] = _link_target(child.get(XLINK, ""), owner)
                if value in ("", "0"):
                    field["linkAlways"] = True
            values[child.tag] = value
        record_id = values.get("id")
        if keep_values and record_id and str(record_id).isdigit():
            row = self.rows.setdefault(resource, {}).setdefault(int(record_id), {})
            for key, value in values.items():
                row.setdefault(key, value)

    def associations(self, shape: dict[str, Any], node: ET.Element, owner: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for assoc in node:
            spec = shape["associations"].setdefault(assoc.tag, {"fields": {}})
            spec["attributes"] = dict(assoc.attrib.items())
            rows = []
            for item in assoc:
                spec["item"] = item.tag
                row: dict[str, Any] = {}
                if item.get(XLINK):
                    spec["link"] = _link_target(item.get(XLINK, ""), owner)
                    row["id"] = item.get(XLINK, "").rstrip("/").rsplit("/", 1)[-1]
                for sub in item:
                    if sub.tag.startswith("_"):
                        spec["numericTagBug"] = True
                        continue
                    field = spec["fields"].setdefault(sub.tag, {})
                    if sub.get(XLINK):
                        field["link"] = _link_target(sub.get(XLINK, ""), owner)
                        if (sub.text or "0") == "0":
                            field["linkAlways"] = True
                    row[sub.tag] = sub.text or ""
                rows.append(row)
            out[assoc.tag] = rows
        return out

    def body(self, resource: str, body: str, keep_values: bool) -> None:
        root = _root(body)
        if root is None or not len(root) or root[0].tag in ("errors", "api"):
            return
        top = root[0]
        if top.tag == resource:
            for node in top:
                if node.get("id"):
                    self.shape(resource, node.tag)
                else:
                    self.entity(resource, node, keep_values)
            if keep_values and self.natural:
                ids = [int(n.get("id") or n.findtext("id") or 0) for n in top]
                self.merge_order(resource, ids)
            return
        self.entity(resource, top, keep_values)

    def merge_order(self, resource: str, ids: list[int]) -> None:
        """Fold one listing into the natural order: each new id goes after its predecessor."""
        order = self.ids.setdefault(resource, [])
        previous: int | None = None
        for row_id in ids:
            if row_id not in order:
                order.insert(order.index(previous) + 1 if previous is not None else 0, row_id)
            previous = row_id

    def json_body(self, body: str, keep_values: bool) -> None:
        try:
            payload = json.loads(body)
        except ValueError:
            return
        if not isinstance(payload, dict) or "errors" in payload:
            return
        for key, value in payload.items():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    ints = self.json_ints.setdefault(key, set())
                    ints.update(k for k, v in item.items() if type(v) is int)
                    for assoc, rows in (item.get("associations") or {}).items():
                        for sub in rows if isinstance(rows, list) else []:
                            if isinstance(sub, dict):
                                nested = self.json_ints.setdefault(f"{key}.{assoc}", set())
                                nested.update(k for k, v in sub.items() if type(v) is int)
                    if keep_values and len(value) > 0 and "id" in item:
                        self.json_row(key, item)
                if keep_values and self.natural and isinstance(value, list):
                    resource = next(
                        (r for r, s in self.shapes.items() if key in (r, s["element"])), key
                    )
                    self.merge_order(resource, [int(i["id"]) for i in value if "id" in i])

    def json_row(self, key: str, item: dict[str, Any]) -> None:
        resource = next((r for r, s in self.shapes.items() if key in (r, s["element"])), key)
        shape = self.shapes.get(resource)
        order = [name for name in item if name != "associations"]
        if shape is not None and len(order) > len(shape.get("order", [])):
            shape["order"] = order
        row = self.rows.setdefault(resource, {}).setdefault(int(item["id"]), {})
        for name, value in item.items():
            if name == "associations":
                if isinstance(value, dict):
                    links = {
                        a: [{k: str(v) for k, v in r.items()} for r in rows if isinstance(r, dict)]
                        for a, rows in value.items()
                        if isinstance(rows, list)
                    }
                    row.setdefault("associations", links)
                    associations = shape["associations"] if shape is not None else {}
                    for assoc, rows in links.items():
                        spec = associations.setdefault(assoc, {"fields": {}})
                        for sub in rows:
                            for sub_name in sub:
                                spec["fields"].setdefault(sub_name, {})
                continue
            if isinstance(value, list):
                value = {str(v["id"]): v["value"] for v in value}
            elif resource in self.shapes and self.shapes[resource]["fields"].get(name, {}).get(
                "language"
            ):
                value = {"1": value}
            if not isinstance(value, dict):
                value = "" if value is None else str(value)
            row.setdefault(name, value)


def collect(exchanges: list[dict[str, Any]]) -> dict[str, Any]:
    collector = Collector()
    first_write = min(
        e["seq"]
        for e in exchanges
        if e["request"]["method"] in ("POST", "PUT", "PATCH") and e["response"]["status"] < 300
    )
    api_resources: list[dict[str, Any]] = []
    synopsis: dict[str, Any] = {}
    for exchange in exchanges:
        request, response = exchange["request"], exchange["response"]
        body = response["body"] or ""
        path = request["path_and_query"].split("?")[0]
        resource = _resource_of(request["path_and_query"], path)
        if exchange["name"] == "root-xml":
            api_resources = _api_listing(body)
        if "schema=synopsis" in request["path_and_query"] and response["status"] == 200:
            synopsis[resource] = _synopsis(body)
        if response["status"] >= 300 or not resource or "schema=" in request["path_and_query"]:
            continue
        keep = exchange["seq"] < first_write and request["method"] == "GET"
        collector.natural = not re.search(r"sort=|filter\[", request["path_and_query"])
        if body.startswith("<"):
            collector.body(resource, body, keep)
        elif body.startswith("{"):
            collector.json_body(body, keep)
    return {
        "apiResources": api_resources,
        "shapes": collector.shapes,
        "synopsis": synopsis,
        "jsonInts": {k: sorted(v) for k, v in collector.json_ints.items()},
        "ids": collector.ids,
        "rows": {k: [v[i] for i in sorted(v)] for k, v in sorted(collector.rows.items())},
    }


def _resource_of(path_and_query: str, path: str) -> str:
    if path.startswith("/webservice/dispatcher.php"):
        match = re.search(r"url=([a-z_]+)", path_and_query)
        return match.group(1) if match else ""
    parts = path.removeprefix("/api").strip("/").split("/")
    return parts[0] if parts and parts[0] else ""


def _synopsis(body: str) -> dict[str, Any]:
    """Per field, the attributes ``schema=synopsis`` shows (required, format, maxSize...)."""
    root = _root(body)
    if root is None or not len(root):
        return {}
    fields: dict[str, Any] = {}
    for child in root[0]:
        if child.tag == "associations":
            fields["associations"] = {
                assoc.tag: {
                    sub.tag: {
                        ("link" if k == XLINK else k): (_schema_link(v) if k == XLINK else v)
                        for k, v in sub.attrib.items()
                    }
                    for item in assoc
                    for sub in item
                }
                for assoc in child
            }
            continue
        fields[child.tag] = {k: v for k, v in child.attrib.items() if k != XLINK}
    return fields


def _schema_link(href: str) -> str:
    """``http://h/api/products/`` (a schema's empty link) -> ``products/{value}``."""
    return href.rstrip("/").split("/api/", 1)[-1] + "/{value}"


def _api_listing(body: str) -> list[dict[str, Any]]:
    root = _root(body)
    api = root.find("api") if root is not None else None
    listing = []
    for node in api if api is not None else []:
        description = node.find("description")
        listing.append(
            {
                "name": node.tag,
                "description": (description.text or "").strip() if description is not None else "",
                "schema": node.find("schema") is not None,
            }
        )
    return listing


def main() -> None:
    exchanges = [json.loads(line) for line in RECORDING.read_text("utf-8").splitlines()]
    exchanges.sort(key=lambda e: e["seq"])
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(json.dumps(collect(exchanges), indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
