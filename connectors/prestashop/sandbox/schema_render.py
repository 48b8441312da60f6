"""``schema=blank`` (an empty skeleton to fill) and ``schema=synopsis`` (the field rules)."""

from __future__ import annotations

from connectors.prestashop.sandbox.definitions import FieldDef, ResourceDef, raw_data
from connectors.prestashop.sandbox.xml_render import XmlStyle, cdata, envelope


def _attrs(values: dict[str, str]) -> str:
    return "".join(f' {k}="{v}"' for k, v in values.items())


def _line(field: FieldDef, attrs: str, style: XmlStyle) -> str:
    empty = cdata("", style)
    if field.language:
        langs = "".join(
            f'<language id="{lang}" xlink:href="{style.api_url}languages/{lang}"'
            f' format="isUnsignedId" >{empty}</language>'
            for lang in style.languages
        )
        return f"\t<{field.name}{attrs}>{langs}</{field.name}>\n"
    return f"\t<{field.name}{attrs}>{empty}</{field.name}>\n"


def render(definition: ResourceDef, kind: str, style: XmlStyle) -> str:
    synopsis = kind == "synopsis"
    rules = raw_data()["synopsis"].get(definition.name, {}) if synopsis else {}
    lines = []
    for field in definition.fields:
        if synopsis and field.name == "id":
            continue
        attrs = _attrs(rules.get(field.name, {})) if synopsis else ""
        if synopsis and field.getter and "notFilterable" not in attrs:
            attrs = ' notFilterable="true"' + attrs
        lines.append(_line(field, attrs, style))
    body = f"<{definition.element}>\n" + "".join(lines)
    if definition.associations:
        body += "<associations>\n"
        assoc_rules = rules.get("associations", {})
        for assoc in definition.associations:
            head = _attrs(assoc.attributes) if synopsis else ""
            body += f"<{assoc.name}{head}>\n\t<{assoc.item}>\n"
            for field in assoc.fields:
                attrs = ""
                if synopsis:
                    rules = dict(assoc_rules.get(assoc.name, {}).get(field.name, {}))
                    link = field.link or rules.pop("link", None)
                    rules.pop("link", None)
                    if link:
                        target = link.replace("{value}", "")
                        attrs = f' xlink:href="{style.api_url}{target}"'
                    attrs += _attrs(rules)
                body += _line(field, attrs, style)
            body += f"\t</{assoc.item}>\n</{assoc.name}>\n"
        body += "</associations>\n"
    return envelope(body + f"</{definition.element}>\n")
