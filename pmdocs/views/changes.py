"""What changed: ``pm/changes.md``, the history line of a card, and `pmdocs diff`'s reports.

The roadmap's slips come first everywhere (items, milestones and releases
whose dates moved, then what joined or left the roadmap), then every other
change, the page grouping them by function.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pmdocs.core.changes import Comparison, DocumentChange, FieldChange, SiteHistory, site_history
from pmdocs.core.diagnostics import one_line
from pmdocs.core.doctypes import FUNCTIONS, TypeSet
from pmdocs.core.i18n import CHANGES
from pmdocs.core.model import Document
from pmdocs.core.natural import natural_key
from pmdocs.views import ViewContext
from pmdocs.views.html import badge, doc_link, escape_markdown, escape_text

__all__ = [
    "history_line",
    "moved_by",
    "render_page",
    "report_json",
    "report_markdown",
    "report_text",
]


def moved_by(days: int, language: str = "en") -> str:
    """``14 days later``, ``1 day earlier``, ``推迟 14 天``."""
    if abs(days) == 1:
        return CHANGES("one_day_later" if days > 0 else "one_day_earlier", language)
    return CHANGES("later" if days > 0 else "earlier", language).format(days=abs(days))


def _value(value: Any) -> str:
    """A field's value as one line of text: text as written, anything else as JSON."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return one_line(value)
    return one_line(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _since_label(comparison: Comparison) -> str:
    until = comparison.until if comparison.until is not None else "the working tree"
    return f"{comparison.since}..{until}" if comparison.until else f"{comparison.since} to {until}"


def _counts(comparison: Comparison) -> str:
    return (
        f"{len(comparison.added)} added, {len(comparison.removed)} removed, "
        f"{len(comparison.changed)} changed"
    )


# --- pmdocs diff --------------------------------------------------------------


def report_json(comparison: Comparison) -> str:
    return json.dumps(comparison.as_json(), ensure_ascii=False, indent=2) + "\n"


def report_text(comparison: Comparison) -> str:
    """For people at a terminal: one line per document, one indented line per change."""
    lines = [f"pmdocs diff {_since_label(comparison)}: {_counts(comparison)}"]
    for document in comparison.added:
        lines.append(f"added    {_named(document)}")
    for document in comparison.removed:
        lines.append(f"removed  {_named(document)}")
    for change in comparison.changed:
        lines.append(f"changed  {_named(change.after)}")
        lines += [f"    {line}" for line in _change_lines(change, markdown=False)]
    lines += [_note(u.file, u.side, comparison, u.code, u.message) for u in comparison.unreadable]
    return "\n".join(lines) + "\n"


def _note(file: str, side: str, comparison: Comparison, code: str, message: str) -> str:
    revision = comparison.since if side == "from" else (comparison.until or "the working tree")
    return one_line(f"note: {file} could not be read at {revision}: {code} {message}")


def _named(document: Document) -> str:
    return one_line(f"{document.id} {document.title} ({document.type})")


def _change_lines(change: DocumentChange, markdown: bool) -> list[str]:
    quote = _code if markdown else _value
    lines = []
    for name, field_change in change.fields.items():
        moved = f" ({_signed(field_change.days)})" if field_change.days is not None else ""
        lines.append(
            f"{_name(name, markdown)}: {quote(field_change.before)} → "
            f"{quote(field_change.after)}{moved}"
        )
    for name, link_change in change.links.items():
        parts = [f"+{i}" for i in link_change.added] + [f"−{i}" for i in link_change.removed]
        lines.append(f"{_name(name, markdown)}: {' '.join(_plain(p, markdown) for p in parts)}")
    if change.body:
        lines.append("body changed")
    return lines


def _signed(days: int | None) -> str:
    days = days or 0
    unit = "day" if abs(days) == 1 else "days"
    return f"{days:+d} {unit}"


def _name(name: str, markdown: bool) -> str:
    return escape_markdown(name) if markdown else one_line(name)


def _plain(text: str, markdown: bool) -> str:
    return escape_markdown(text) if markdown else one_line(text)


def _code(value: Any) -> str:
    """A value in Markdown, shown literally (never as Markdown or HTML of its own)."""
    return escape_markdown(_value(value))


def report_markdown(comparison: Comparison, types: TypeSet) -> str:
    """For a pull-request comment or a GitHub job summary: the roadmap's slips first."""
    parts = [f"## PM documents: {escape_markdown(_since_label(comparison))}\n"]
    parts.append(f"{_counts(comparison)}.\n")
    slips = comparison.slips()
    if slips:
        parts.append("### Roadmap slips\n")
        parts.append("| Document | Field | From | To | Moved |\n|---|---|---|---|---|")
        for slip in slips:
            for name, moved in slip.moves.items():
                parts.append(
                    f"| {_md_named(slip.change.after)} | {escape_markdown(name)} | "
                    f"{_code(moved.before)} | {_code(moved.after)} | {_signed(moved.days)} |"
                )
        parts.append("")
    for heading, documents in (
        ("Added to the roadmap", comparison.added_to_roadmap()),
        ("Dropped from the roadmap", comparison.dropped_from_roadmap()),
        ("Added", comparison.added),
        ("Removed", comparison.removed),
    ):
        if documents:
            parts.append(f"### {heading}\n")
            parts += [f"- {_md_named(d)} ({escape_markdown(d.type)})" for d in documents]
            parts.append("")
    if comparison.changed:
        parts.append("### Changed\n")
        for change in comparison.changed:
            parts.append(f"- {_md_named(change.after)} ({escape_markdown(change.type)})")
            parts += [f"  - {line}" for line in _change_lines(change, markdown=True)]
        parts.append("")
    if comparison.unreadable:
        parts.append("### Files that could not be read\n")
        parts += [
            "- " + escape_markdown(_note(u.file, u.side, comparison, u.code, u.message)[6:])
            for u in comparison.unreadable
        ]
        parts.append("")
    return "\n".join(parts).rstrip("\n") + "\n"


def _md_named(document: Document) -> str:
    return f"**{escape_markdown(document.id)}** {escape_markdown(one_line(document.title))}"


# --- pm/changes.md ------------------------------------------------------------


def render_page(ctx: ViewContext) -> str:
    """The page: why there is nothing to show, or the slips, then the changes by function."""
    history = site_history(ctx.project, ctx.today)
    language = ctx.language
    since = history.since or ""
    comparison = history.comparison
    if comparison is None:
        problem = history.problem or "no_git"
        text = CHANGES(problem, language).format(since=since)
        return (
            f"# {escape_markdown(CHANGES('title', language))}\n\n"
            f'<p class="pmdocs-changes__none" data-problem="{problem}">{escape_text(text)}</p>\n'
        )
    heading = CHANGES("since", language).format(since=since)
    parts = [f"# {escape_markdown(heading)}\n"]
    summary = CHANGES("summary", language).format(
        since=since,
        added=len(comparison.added),
        removed=len(comparison.removed),
        changed=len(comparison.changed),
    )
    if comparison.is_empty:
        summary = CHANGES("nothing", language).format(since=since)
    parts.append(f'<p class="pmdocs-changes__summary">{escape_text(summary)}</p>\n')
    if comparison.is_empty and not comparison.unreadable:
        return "\n".join(parts)
    parts.append(f"## {escape_markdown(CHANGES('slips', language))}\n")
    parts.append(_slips_table(ctx, comparison))
    for key, documents in (
        ("added_to_roadmap", comparison.added_to_roadmap()),
        ("dropped_from_roadmap", comparison.dropped_from_roadmap()),
    ):
        if documents:
            parts.append(f"## {escape_markdown(CHANGES(key, language))}\n")
            parts.append(_list(ctx, (_entry(ctx, d, None) for d in documents)))
    parts += _by_function(ctx, comparison)
    if comparison.unreadable:
        notes = "".join(
            f"<li>{escape_text(_unreadable_note(ctx, history, u.file, u.side, u.message))}</li>"
            for u in comparison.unreadable
        )
        parts.append(f'<ul class="pmdocs-changes__unreadable">{notes}</ul>\n')
    return "\n".join(parts)


def _unreadable_note(
    ctx: ViewContext, history: SiteHistory, file: str, side: str, message: str
) -> str:
    revision = history.since if side == "from" else CHANGES("working_tree", ctx.language)
    return CHANGES("unreadable", ctx.language).format(file=file, side=revision, message=message)


def _slips_table(ctx: ViewContext, comparison: Comparison) -> str:
    slips = comparison.slips()
    if not slips:
        return f'<p class="pmdocs-changes__no-slips">{escape_text(CHANGES("slips_none", ctx.language))}</p>\n'
    t = CHANGES
    head = "".join(
        f"<th>{escape_text(t(key, ctx.language))}</th>"
        for key in ("document", "field", "from", "to", "moved")
    )
    rows = []
    for slip in slips:
        document = _current(ctx, slip.change.after)
        for name, moved in slip.moves.items():
            rows.append(
                f'<tr data-id="{escape_text(document.id)}" data-days="{moved.days}">'
                f"<td>{doc_link(ctx, document)}</td>"
                f"<td>{escape_text(ctx.field_label(name))}</td>"
                f"<td>{escape_text(_value(moved.before))}</td>"
                f"<td>{escape_text(_value(moved.after))}</td>"
                f"<td>{escape_text(moved_by(moved.days or 0, ctx.language))}</td></tr>"
            )
    return (
        '<div class="pmdocs-table-wrap"><table class="pmdocs-table pmdocs-changes__slips">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>\n"
    )


def _current(ctx: ViewContext, document: Document) -> Document:
    """The document as this build has it, whose page the site holds."""
    return ctx.project.graph.get(document.id) or document


def _by_function(ctx: ViewContext, comparison: Comparison) -> list[str]:
    """One section per function (in SPEC order) with its added, removed and changed documents."""
    types = ctx.project.types
    function_of = {name: types[name].function for name in types}
    entries: dict[str, list[tuple[str, str]]] = {}
    for document in comparison.added:
        entries.setdefault(function_of.get(document.type, ""), []).append(
            (document.id, _entry(ctx, document, "added"))
        )
    for document in comparison.removed:
        entries.setdefault(function_of.get(document.type, ""), []).append(
            (document.id, _removed_entry(ctx, document))
        )
    for change in comparison.changed:
        entries.setdefault(function_of.get(change.type, ""), []).append(
            (change.id, _changed_entry(ctx, change))
        )
    parts = []
    for function in FUNCTIONS:
        found = entries.get(function.key)
        if not found:
            continue
        parts.append(f"## {escape_markdown(function.labels(ctx.language))}\n")
        found.sort(key=lambda entry: natural_key(entry[0]))
        parts.append(_list(ctx, (html for _, html in found)))
    return parts


def _list(ctx: ViewContext, items: Iterable[str]) -> str:
    return '<ul class="pmdocs-changes__list">' + "".join(items) + "</ul>\n"


def _entry(ctx: ViewContext, document: Document, kind: str | None) -> str:
    current = _current(ctx, document)
    tag = (
        f' <span class="pmdocs-changes__kind">{escape_text(CHANGES(kind, ctx.language))}</span>'
        if kind
        else ""
    )
    return f'<li data-id="{escape_text(current.id)}">{doc_link(ctx, current)} {badge(ctx, current)}{tag}</li>'


def _removed_entry(ctx: ViewContext, document: Document) -> str:
    """A removed document has no page any more: its id and title, struck through."""
    return (
        f'<li data-id="{escape_text(document.id)}"><del>{escape_text(document.id)} '
        f"{escape_text(document.title)}</del> "
        f'<span class="pmdocs-changes__kind">{escape_text(CHANGES("removed", ctx.language))}</span></li>'
    )


def _changed_entry(ctx: ViewContext, change: DocumentChange) -> str:
    current = _current(ctx, change.after)
    details = [_field_detail(ctx, change.type, name, fc) for name, fc in change.fields.items()]
    for name, links in change.links.items():
        label = ctx.field_label(name)
        if links.added:
            details.append(
                CHANGES("links_added", ctx.language).format(field=label, ids=", ".join(links.added))
            )
        if links.removed:
            details.append(
                CHANGES("links_removed", ctx.language).format(
                    field=label, ids=", ".join(links.removed)
                )
            )
    if change.body:
        details.append(CHANGES("body_changed", ctx.language))
    shown = "".join(f"<li>{escape_text(detail)}</li>" for detail in details)
    return (
        f'<li data-id="{escape_text(current.id)}">{doc_link(ctx, current)} {badge(ctx, current)}'
        f"<ul>{shown}</ul></li>"
    )


def _field_detail(ctx: ViewContext, document_type: str, name: str, change: FieldChange) -> str:
    if name == "path":
        return CHANGES("moved_file", ctx.language).format(path=change.before)
    before, after = _value(change.before), _value(change.after)
    doc_type = ctx.project.types.get(document_type)
    if name == "status" and doc_type is not None:  # as the badges name them
        before, after = (
            ctx.status_label(s, doc_type) if isinstance(s, str) else shown
            for s, shown in ((change.before, before), (change.after, after))
        )
    text = f"{ctx.field_label(name)}: {before} → {after}"
    if change.days is not None:
        text += f" ({moved_by(change.days, ctx.language)})"
    return text


# --- the card -----------------------------------------------------------------


def history_line(ctx: ViewContext, document: Document) -> str:
    """``Changed 12 days ago · End 14 days later since v1.4``; empty when git knows nothing.

    Days count from the last commit that changed the file to pmdocs' today;
    a file never committed, or a site outside git, gets no line.
    """
    history = site_history(ctx.project, ctx.today)
    parts = []
    changed_on = history.changed_on(document.path)
    language = ctx.language
    if changed_on is not None:
        days = (ctx.today - changed_on).days
        if days <= 0:
            parts.append(CHANGES("changed_today", language))
        elif days == 1:
            parts.append(CHANGES("changed_yesterday", language))
        else:
            parts.append(CHANGES("changed_days_ago", language).format(days=days))
    change = history.comparison.change_of(document.id) if history.comparison else None
    if change is not None:
        for name, moved in change.date_moves().items():
            parts.append(
                CHANGES("moved_since", language).format(
                    field=ctx.field_label(name),
                    moved=moved_by(moved.days or 0, language),
                    since=history.since,
                )
            )
    if not parts:
        return ""
    return f'<p class="pmdocs-card__history">{escape_text(" · ".join(parts))}</p>\n'
