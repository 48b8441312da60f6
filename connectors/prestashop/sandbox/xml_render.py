"""XML bodies exactly as the Webservice writes them: CDATA, tabs, xlinks, getter attributes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from connectors.prestashop.sandbox.definitions import AssociationDef, FieldDef, ResourceDef

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">\n'
TAIL = "</prestashop>\n"


@dataclass(frozen=True)
class XmlStyle:
    """What differs between versions and requests in XML output."""

    api_url: str
    """``http://host/api/`` as the shop sees itself."""
    empty_cdata: bool = True
    """1.7.7+ writes ``<![CDATA[]]>`` for empty values, older ones nothing."""
    numeric_tag_bug: bool = False
    languages: tuple[str, ...] = ("1",)
    language_links: bool = True
    """``xlink:href`` on every ``<language>``; when False (echo of an object just created,
    rendered from memory) only on the values the client gave."""


@dataclass(frozen=True)
class Selection:
    """Which fields and associations to show; ``None`` association fields means all."""

    fields: Sequence[FieldDef]
    associations: dict[str, list[str] | None]


def cdata(value: Any, style: XmlStyle) -> str:
    text = "" if value is None else str(value)
    if not text and not style.empty_cdata:
        return ""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def envelope(inner: str) -> str:
    return HEAD + inner + TAIL


def _href(template: str, value: Any, owner: Any, style: XmlStyle) -> str:
    return style.api_url + template.replace("{owner}", str(owner)).replace("{value}", str(value))


def field_line(field: FieldDef, row: dict[str, Any], style: XmlStyle, indent: str = "\t") -> str:
    value = row.get(field.name, "")
    if field.language:
        values = value if isinstance(value, dict) else {}
        inner = "".join(
            f'<language id="{lang}"{_language_link(lang, values.get(lang, ""), style)}>'
            f"{cdata(values.get(lang, ''), style)}</language>"
            for lang in style.languages
        )
        return f"{indent}<{field.name}>{inner}</{field.name}>\n"
    attrs = ""
    if field.link and (field.link_always or str(value) not in ("", "0")):
        attrs += f' xlink:href="{_href(field.link, value, row.get("id", ""), style)}"'
    if field.getter:
        attrs += ' notFilterable="true"'
    return f"{indent}<{field.name}{attrs}>{cdata(value, style)}</{field.name}>\n"


def _language_link(lang: str, value: Any, style: XmlStyle) -> str:
    if style.language_links or value:
        return f' xlink:href="{style.api_url}languages/{lang}"'
    return ""


def _attributes(attributes: dict[str, str]) -> str:
    return "".join(f' {k}="{v}"' for k, v in attributes.items())


def association_block(
    definition: ResourceDef,
    row: dict[str, Any],
    wanted: dict[str, list[str] | None],
    style: XmlStyle,
) -> str:
    parts = []
    for assoc in definition.associations:
        if assoc.name not in wanted:
            continue
        rows = row.get("associations", {}).get(assoc.name, [])
        parts.append(_association(assoc, rows, wanted[assoc.name], row.get("id", ""), style))
    if not parts:
        return ""
    return "<associations>\n" + "".join(parts) + "</associations>\n"


def _association(
    assoc: AssociationDef,
    rows: list[dict[str, Any]],
    names: list[str] | None,
    owner: Any,
    style: XmlStyle,
) -> str:
    head = f"<{assoc.name}{_attributes(assoc.attributes)}"
    if not rows:
        return head + "/>\n"
    fields = [f for f in assoc.fields if names is None or f.name in names]
    body = []
    for item in rows:
        link = ""
        if assoc.link:
            link = f' xlink:href="{_href(assoc.link, item.get("id", ""), owner, style)}"'
        body.append(f"\t<{assoc.item}{link}>\n")
        if assoc.numeric_tag_bug and style.numeric_tag_bug:
            body.append(f"\t<0>{cdata('', style)}</0>\n")
        else:
            body.extend(field_line(f, item, style) for f in fields)
        body.append(f"\t</{assoc.item}>\n")
    return head + ">\n" + "".join(body) + f"</{assoc.name}>\n"


def entity(
    definition: ResourceDef, row: dict[str, Any], selection: Selection, style: XmlStyle
) -> str:
    lines = [field_line(f, row, style) for f in selection.fields]
    assoc = association_block(definition, row, selection.associations, style)
    element = definition.element
    return f"<{element}>\n" + "".join(lines) + assoc + f"</{element}>\n"


def id_list(definition: ResourceDef, ids: Iterable[Any], style: XmlStyle) -> str:
    items = "".join(
        f'<{definition.element} id="{i}" xlink:href="{style.api_url}{definition.name}/{i}"/>\n'
        for i in ids
    )
    return envelope(f"<{definition.name}>\n{items}</{definition.name}>\n")


def entity_list(
    definition: ResourceDef,
    rows: Iterable[dict[str, Any]],
    selection: Selection,
    style: XmlStyle,
) -> str:
    items = "".join(entity(definition, row, selection, style) for row in rows)
    return envelope(f"<{definition.name}>\n{items}</{definition.name}>\n")


def errors(items: Sequence[tuple[int, str]]) -> str:
    body = "".join(
        f"<error>\n<code><![CDATA[{code}]]></code>\n<message><![CDATA[{message}]]></message>\n</error>\n"
        for code, message in items
    )
    return envelope(f"<errors>\n{body}</errors>\n")
