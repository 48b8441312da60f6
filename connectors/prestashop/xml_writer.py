"""Request bodies for writes: the Webservice accepts XML only (JSON bodies give 500 code 127).

Values go in CDATA without surrounding whitespace, because PrestaShop keeps whitespace inside a
tag as part of the value. Language fields are ``{lang_id: text}`` or ``[{"id", "value"}]``;
associations are ``{"categories": [{"id": 2}, ...]}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
ROOT_OPEN = '<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">'


def cdata(value: Any) -> str:
    """A value as CDATA; ``]]>`` inside the text is split so it cannot end the section."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "1" if value else "0"
    else:
        text = str(value)
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _languages(value: Any) -> str | None:
    if isinstance(value, Mapping):
        pairs: Iterable[tuple[Any, Any]] = value.items()
    elif isinstance(value, list) and all(isinstance(v, Mapping) and "id" in v for v in value):
        pairs = [(v["id"], v.get("value", "")) for v in value]
    else:
        return None
    return "".join(f'<language id="{int(lang)}">{cdata(text)}</language>' for lang, text in pairs)


def _field(name: str, value: Any) -> str:
    languages = _languages(value)
    inner = languages if languages is not None else cdata(value)
    return f"<{name}>{inner}</{name}>"


def _associations(associations: Mapping[str, Any]) -> str:
    parts = []
    for name, rows in associations.items():
        item = _item_name(name)
        body = "".join(
            f"<{item}>" + "".join(_field(k, v) for k, v in row.items()) + f"</{item}>"
            for row in rows
        )
        parts.append(f"<{name}>{body}</{name}>")
    return "<associations>" + "".join(parts) + "</associations>"


def _item_name(association: str) -> str:
    # Association items are named after the singular: categories/category, order_rows/order_row.
    irregular = {"product_bundle": "product", "accessories": "product"}
    if association in irregular:
        return irregular[association]
    if association.endswith("ies"):
        return association[:-3] + "y"
    return association[:-1] if association.endswith("s") else association


def entity(element: str, fields: Mapping[str, Any]) -> str:
    """One ``<element>…</element>``, fields in the order given."""
    body = []
    for name, value in fields.items():
        if name == "associations" and isinstance(value, Mapping):
            body.append(_associations(value))
        else:
            body.append(_field(name, value))
    return f"<{element}>" + "".join(body) + f"</{element}>"


def document(element: str, *records: Mapping[str, Any]) -> str:
    """A complete request body; several records make a bulk write."""
    inner = "".join(entity(element, record) for record in records)
    return f"{HEADER}{ROOT_OPEN}\n{inner}\n</prestashop>\n"
