"""A type's writing guide (``pm/guide/<type>.md``), generated from the type's schema.

It lists every field (required or optional, kind, allowed values, link
targets and the label the link shows on its target) and gives the same
front matter `pmdocs new` writes, ready to copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from pmdocs.core.authoring import InputError, body_skeleton, front_matter_text, next_id
from pmdocs.core.doctypes import DocType, LinkSpec, allowed_values
from pmdocs.core.i18n import Catalog
from pmdocs.views import ViewContext

__all__ = ["GUIDE", "render_guide"]

GUIDE = Catalog(
    {
        "heading": ("How to write one", "如何编写"),
        "page_title": ("Writing guide: {type}", "写作指南：{type}"),
        "guides": ("Writing guides", "写作指南"),
        "guide_line": ("How to write one: {link}", "如何编写：{link}"),
        "guide_link": ("writing guide", "写作指南"),
        "documents": ("Documents of this type: {link}", "该类型的文档：{link}"),
        "intro": (
            "Create one with {command}, which picks the next free id and today's date, "
            "or copy the front matter below into a new Markdown file.",
            "运行 {command} 新建一篇（自动使用下一个可用编号和今天的日期），"
            "或把下面的 front matter 复制到一个新的 Markdown 文件中。",
        ),
        "title_placeholder": ("Short, specific title", "简短明确的标题"),
        "command_title": ("Title", "标题"),
        "sections": (
            "A new document starts with these sections: {sections}.",
            "新文档包含以下章节：{sections}。",
        ),
        "separator": (", ", "、"),
        "field": ("Field", "字段"),
        "required": ("Required", "必填"),
        "kind": ("Kind", "值类型"),
        "allowed": ("Allowed values", "允许的值"),
        "links_to": ("Links to", "链接到"),
        "reverse": ("Shown on the target as", "在目标页面显示为"),
        "yes": ("required", "必填"),
        "no": ("optional", "可选"),
        "text": ("text", "文本"),
        "integer": ("integer", "整数"),
        "number": ("number", "数字"),
        "boolean": ("true or false", "true 或 false"),
        "date": ("date", "日期"),
        "url": ("URL", "网址"),
        "array": ("list of {items}", "{items}列表"),
        "object": ("entry", "条目"),
        "object_keys": ("entry ({keys})", "条目（{keys}）"),
        "null": ("empty", "空"),
        "or": (" or ", " 或 "),
        "ids": ("one id or a list of ids", "一个编号或编号列表"),
        "any_type": ("any type", "任意类型"),
        "date_format": ("YYYY-MM-DD", "YYYY-MM-DD"),
        "url_rule": ("http(s), mailto or a relative link", "http(s)、mailto 或相对链接"),
        "id_rule": ("unique across the site, e.g. {example}", "全站唯一，例如 {example}"),
        "range": ("{low} to {high}", "{low} 到 {high}"),
        "at_least": ("at least {low}", "不小于 {low}"),
        "at_most": ("at most {high}", "不大于 {high}"),
        "pattern": ("matches {pattern}", "须匹配 {pattern}"),
        "none": ("—", "—"),
    }
)


def render_guide(ctx: ViewContext, doc_type: DocType) -> str:
    """The Markdown of the writing guide of ``doc_type`` below its title, in ``ctx.language``."""
    language = ctx.language

    def t(key: str, **values: object) -> str:
        text = GUIDE(key, language)
        return text.format(**values) if values else text

    command = f'`pmdocs new {doc_type.name} "{t("command_title")}"`'
    parts = [t("intro", command=command)]
    sections = _skeleton_sections(doc_type.name, language)
    if sections:
        parts.append(t("sections", sections=t("separator").join(sections)))
    parts.append(_fields_table(ctx, doc_type))
    parts.append(_fenced("yaml", _example(ctx, doc_type)))
    return "\n\n".join(parts) + "\n"


def _example(ctx: ViewContext, doc_type: DocType) -> str:
    try:
        doc_id = next_id(doc_type, ctx.project.graph.documents)  # every id in use
    except InputError:
        doc_id = GUIDE("none", ctx.language)
    title = GUIDE("title_placeholder", ctx.language)
    return front_matter_text(doc_type, doc_id, title, ctx.today, ctx.language)


def _skeleton_sections(type_name: str, language: str) -> list[str]:
    skeleton = body_skeleton(type_name, language)
    return re.findall(r"^## (.+?)\s*$", skeleton, flags=re.MULTILINE)


def _fenced(info: str, text: str) -> str:
    """A fenced code block whose fence is longer than any run of backticks inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text.rstrip()}\n{fence}"


# --- the fields table --------------------------------------------------------------------------


def _fields_table(ctx: ViewContext, doc_type: DocType) -> str:
    headers = ("field", "required", "kind", "allowed", "links_to", "reverse")
    head = "".join(f'<th scope="col">{escape(GUIDE(h, ctx.language))}</th>' for h in headers)
    rows = [_field_row(ctx, doc_type, name, schema) for name, schema in _fields(doc_type)]
    rows += [_link_row(ctx, doc_type, link) for link in doc_type.links.values()]
    return "\n".join(
        [
            f'<div class="pmdocs-guide" data-type="{escape(doc_type.name)}">',
            "<table>",
            f"<thead><tr>{head}</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</div>",
        ]
    )


def _fields(doc_type: DocType) -> Iterable[tuple[str, Mapping[str, Any]]]:
    """Required fields first (common ones, then the type's), then the optional ones."""
    required = set(doc_type.required_fields)
    fields = list(doc_type.all_fields.items())
    return [f for f in fields if f[0] in required] + [f for f in fields if f[0] not in required]


def _row(cells: Iterable[str], name: str) -> str:
    return f'<tr data-field="{escape(name)}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _field_row(ctx: ViewContext, doc_type: DocType, name: str, schema: Mapping[str, Any]) -> str:
    language = ctx.language
    required = name in doc_type.required_fields
    none = escape(GUIDE("none", language))
    cells = [
        _field_cell(ctx, name),
        escape(GUIDE("yes" if required else "no", language)),
        escape(_kind(schema, language)),
        _allowed(ctx, doc_type, name, schema),
        none,
        none,
    ]
    return _row(cells, name)


def _link_row(ctx: ViewContext, doc_type: DocType, link: LinkSpec) -> str:
    language = ctx.language
    targets = [
        escape(GUIDE("any_type", language))
        if target == "any"
        else f"{escape(_type_label(ctx, target))} (<code>{escape(target)}</code>)"
        for target in link.targets
    ]
    cells = [
        f"<code>{escape(link.name)}</code><br>{escape(link.label(language))}",
        escape(GUIDE("yes" if link.name in doc_type.required_fields else "no", language)),
        escape(GUIDE("ids", language)),
        escape(GUIDE("none", language)),
        ", ".join(targets),
        escape(link.reverse(language)),
    ]
    return _row(cells, link.name)


def _type_label(ctx: ViewContext, name: str) -> str:
    doc_type = ctx.project.types.get(name)
    return ctx.type_label(doc_type) if doc_type else name


def _field_cell(ctx: ViewContext, name: str) -> str:
    label = ctx.field_label(name)
    return f"<code>{escape(name)}</code><br>{escape(label)}"


def _kind(schema: Mapping[str, Any], language: str) -> str:
    """What kind of value a field holds, in words: text, date, list of text, ..."""
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        kinds = dict.fromkeys(_kind(branch, language) for branch in branches)
        return GUIDE("or", language).join(kinds)
    if schema.get("format") == "date":
        return GUIDE("date", language)
    if schema.get("format") in ("uri", "uri-reference"):
        return GUIDE("url", language)
    kinds = schema.get("type", "string")
    names = [_kind_name(str(kind), schema, language) for kind in _as_list(kinds)]
    return GUIDE("or", language).join(names)


def _kind_name(kind: str, schema: Mapping[str, Any], language: str) -> str:
    if kind == "string":
        return GUIDE("text", language)
    if kind == "array":
        items = schema.get("items")
        item_kind = (
            _kind(items, language) if isinstance(items, Mapping) else GUIDE("text", language)
        )
        return GUIDE("array", language).format(items=item_kind)
    if kind == "object":
        keys = list((schema.get("properties") or {}).keys())
        if keys:
            return GUIDE("object_keys", language).format(keys=", ".join(map(str, keys)))
        return GUIDE("object", language)
    if kind in ("integer", "number", "boolean", "null"):
        return GUIDE(kind, language)
    return kind


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _allowed(ctx: ViewContext, doc_type: DocType, name: str, schema: Mapping[str, Any]) -> str:
    """The allowed values as HTML: the enum, a range, a pattern, the date or URL rule."""
    language = ctx.language
    parts: list[str] = []
    if name == "type":
        parts.append(f"<code>{escape(doc_type.name)}</code>")
    elif name == "id":
        try:
            example = next_id(doc_type, ())
        except InputError:
            example = doc_type.id_pattern
        rule = GUIDE("id_rule", language).format(example=f"<code>{escape(example)}</code>")
        parts.append(f"<code>{escape(doc_type.id_pattern)}</code><br>{rule}")
    elif name == "status":
        parts.append(_values_text((s, ctx.status_label(s, doc_type)) for s in doc_type.statuses))
    elif name in doc_type.value_labels:
        values = allowed_values(schema) or []
        parts.append(_values_text((v, doc_type.value_label(name, v, language)) for v in values))
    else:
        parts.extend(_constraints(schema, language))
    description = doc_type.description(name, language)
    if description and name not in ("type", "id", "status"):
        parts.append(escape(" ".join(description.split())))
    return "<br>".join(parts) if parts else escape(GUIDE("none", language))


def _values_text(labelled: Iterable[tuple[Any, Any]]) -> str:
    """``<code>draft</code> (草稿), ...``; a label only where it says more than its value."""
    parts = []
    for value, label in labelled:
        text, shown = str(value), str(label)
        code = f"<code>{escape(text)}</code>"
        same = shown.lower() in (text.lower(), text.replace("-", " "))
        parts.append(code if same else f"{code} ({escape(shown)})")
    return ", ".join(parts)


def _constraints(schema: Mapping[str, Any], language: str) -> list[str]:
    if "enum" in schema:
        return [", ".join(f"<code>{escape(str(value))}</code>" for value in schema["enum"])]
    if schema.get("format") == "date":
        return [escape(GUIDE("date_format", language))]
    if schema.get("format") in ("uri", "uri-reference"):
        return [escape(GUIDE("url_rule", language))]
    found = []
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        found.append(escape(GUIDE("range", language).format(low=low, high=high)))
    elif low is not None:
        found.append(escape(GUIDE("at_least", language).format(low=low)))
    elif high is not None:
        found.append(escape(GUIDE("at_most", language).format(high=high)))
    if "pattern" in schema:
        code = f"<code>{escape(str(schema['pattern']))}</code>"
        found.append(escape(GUIDE("pattern", language)).format(pattern=code))
    for branch in schema.get("anyOf") or schema.get("oneOf") or ():
        found.extend(_constraints(branch, language))
    return found
