"""What a query block (SPEC section 8) shows where it stands: a table, a list, a count,
a board or a chart of what the query found, or a box with its PM400 problems.

Plain Python, as the type index is: every value goes through `escape_text`
(or the shared pieces of `pmdocs.views.html`), and the HTML has no blank
line, so that it passes through Markdown as one block. The table is the index
pages' table (`pmdocs-table`, ``data-pmdocs-interactive``), which pmdocs.js
makes sortable and filterable; everything else is static HTML and SVG.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup

from pmdocs.core.derived import key_result_progress, totals_per_unit
from pmdocs.core.diagnostics import Diagnostic
from pmdocs.core.doctypes import DocType
from pmdocs.core.i18n import TYPE_NOUNS
from pmdocs.core.model import Document
from pmdocs.core.natural import natural_key
from pmdocs.core.query import (
    FieldKind,
    PageQuery,
    Query,
    QueryGroup,
    QueryResult,
    field_kinds,
    parse_query,
    run_query,
)
from pmdocs.core.query import field_value as query_value
from pmdocs.core.query_run import group_documents
from pmdocs.views import ViewContext, status_tone
from pmdocs.views.html import (
    badge,
    doc_link,
    escape_text,
    field_value,
    status_badge,
)
from pmdocs.views.render import squeeze
from pmdocs.views.risk import band_label

__all__ = [
    "count_text",
    "render_page_query",
    "render_problems",
    "render_query",
    "render_result",
    "render_type_page",
]

# Fields the core computes: shown from its value, not from the front matter.
_COMPUTED = frozenset({"score", "band", "progress", "demand", "overdue", "type", "path"})
# The chart: sizes in CSS pixels, drawn at its own size (never scaled below 12 px text).
_BAR_WIDTH = 320
_ROW = 28
_BAR = 18
_GAP = 10
_FONT = 13


def render_page_query(ctx: ViewContext, page_query: PageQuery, this_id: str | None = None) -> str:
    """One query block of a page: its result, or the box with its problems."""
    if page_query.query is None:
        return render_problems(ctx, page_query.diagnostics)
    return render_query(ctx, page_query.query, this_id)


def render_query(ctx: ViewContext, query: Query, this_id: str | None = None) -> str:
    """``query`` run over the project and shown as it asks."""
    return render_result(ctx, run_query(ctx.project, query, this_id))


def render_result(ctx: ViewContext, result: QueryResult) -> str:
    """A query's result as its ``show`` says: table, list, count, board or chart."""
    query = result.query
    show = query.show
    if show == "count":
        body = _count(ctx, result)
    elif not result.documents:
        body = (
            f'<p class="pmdocs-query__empty pmdocs-empty">{escape_text(ctx.t("query_empty"))}</p>'
        )
    elif show == "list":
        body = _list(ctx, result)
    elif show == "board":
        body = _board(ctx, result)
    elif show == "chart":
        body = _chart(ctx, result)
    elif show == "progress":
        body = _progress(ctx, result)
    elif show == "matrix":
        body = _matrix(ctx, result)
    elif show == "totals":
        body = _totals(ctx, result)
    else:
        body = _tables(ctx, result)
    note = ""
    if show not in ("count", "matrix", "totals") and len(result.documents) < result.total:
        shown = ctx.t("query_limited", shown=len(result.documents), total=result.total)
        note = f'<p class="pmdocs-query__note">{escape_text(shown)}</p>'
    heading = query.heading(ctx.language)
    title = f'<h2 class="pmdocs-query__title">{escape_text(heading)}</h2>\n' if heading else ""
    return squeeze(
        f'<div class="pmdocs-query pmdocs-query--{show}" data-show="{show}">\n'
        f"{title}{body}\n{note}\n</div>\n"
    )


def render_problems(ctx: ViewContext, diagnostics: Iterable[Diagnostic]) -> str:
    """The box that stands where a query cannot run: each PM400 at its file:line:col."""
    items = "".join(
        f"<li><code>{escape_text(f'{d.file}:{d.line}:{d.column}')}</code> "
        f"{escape_text(d.code)} {escape_text(d.message)}</li>"
        for d in diagnostics
    )
    return (
        '<div class="admonition failure pmdocs-query-error" data-show="error">\n'
        f'<p class="admonition-title">{escape_text(ctx.t("query_failed"))}</p>\n'
        f"<ul>{items}</ul>\n</div>"
    )


# --- what a count counts


def count_text(ctx: ViewContext, count: int, type_names: Sequence[str]) -> str:
    """``12 requirements``, ``12 篇需求``; ``documents`` for several types."""
    if len(type_names) != 1:
        return ctx.count_of(count, "document")
    doc_type = ctx.project.types[type_names[0]]
    label = ctx.type_label(doc_type)
    nouns = _nouns(doc_type)
    if ctx.language == "zh":
        return f"{count} {nouns[2] if nouns else '篇'}{label}"
    if nouns is None:
        return f"{count} {label} {'document' if count == 1 else 'documents'}"
    return f"{count} {nouns[0] if count == 1 else nouns[1]}"


def _nouns(doc_type: DocType) -> tuple[str, str, str] | None:
    """The nouns of a built-in type; a type file's own type (or its override of a
    built-in, which may be labelled otherwise) is counted in documents."""
    return TYPE_NOUNS.get(doc_type.name) if doc_type.builtin else None


def _plural(ctx: ViewContext, type_names: Sequence[str]) -> str:
    """What the documents are called, as a chart title starts: ``Requirements``, ``需求``."""
    if len(type_names) != 1:
        return ctx.t("documents")
    doc_type = ctx.project.types[type_names[0]]
    nouns = _nouns(doc_type)
    if ctx.language == "zh":
        return ctx.type_label(doc_type)
    if nouns is None:
        return f"{ctx.type_label(doc_type)} documents"
    return nouns[1][:1].upper() + nouns[1][1:]


def _count(ctx: ViewContext, result: QueryResult) -> str:
    # A count counts every match: `limit` shapes what is listed, and a count lists nothing.
    text = count_text(ctx, result.total, result.query.types)
    number, _, what = text.partition(" ")
    parts = [
        f'<p class="pmdocs-count"><span class="pmdocs-count__number">{escape_text(number)}</span> '
        f'<span class="pmdocs-count__what">{escape_text(what)}</span></p>'
    ]
    if result.groups:
        items = "".join(
            f'<li data-value="{_attribute(group.value)}">{_group_label(ctx, result.query, group.value)} '
            f'<span class="pmdocs-count__of">{len(group.documents)}</span></li>'
            for group in result.groups
        )
        parts.append(f'<ul class="pmdocs-count__groups">{items}</ul>')
    return "\n".join(parts)


# --- table


def _tables(ctx: ViewContext, result: QueryResult) -> str:
    query = result.query
    if not result.groups:
        return _table(ctx, query, result.documents, None)
    return "\n".join(
        _table(ctx, query, group.documents, group)
        for group in result.groups
        if group.documents  # a section per value that has documents; the board shows every value
    )


def _table(
    ctx: ViewContext, query: Query, documents: Sequence[Document], group: QueryGroup | None
) -> str:
    kinds = field_kinds(ctx.project.types, query.types)
    caption = ""
    if group is not None:
        caption = (
            f'<caption class="pmdocs-query__caption">{_group_label(ctx, query, group.value)} '
            f'<span class="pmdocs-query__size">{len(documents)}</span></caption>\n'
        )
    headings = "".join(
        f'<th scope="col"{" data-filter" if _filterable(column, kinds) else ""}>'
        f"{escape_text(_column_label(ctx, query, column))}</th>"
        for column in query.columns
    ) + "".join(
        f'<th scope="col">{escape_text(_related_label(ctx, name))}</th>' for name in query.related
    )
    rows = []
    for document in documents:
        cells = "".join(_cell(ctx, document, column, kinds) for column in query.columns)
        cells += "".join(
            f"<td>{_related_ids(ctx, document, name)}</td>\n" for name in query.related
        )
        # A milestone past its date is marked on its row, whatever the columns.
        overdue = document.type == "milestone" and query_value(ctx.project, document, "overdue")
        marker = ' class="pmdocs-overdue" data-overdue' if overdue else ""
        rows.append(f'<tr data-id="{escape_text(document.id)}"{marker}>\n{cells}</tr>\n')
    return (
        '<div class="pmdocs-table-wrap">\n'
        f'<table class="pmdocs-table pmdocs-query-table" data-pmdocs-interactive '
        f'data-language="{escape_text(ctx.language)}">\n'
        f"{caption}<thead><tr>{headings}</tr></thead>\n"
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n</div>"
    )


def _filterable(column: str, kinds: dict[str, FieldKind]) -> bool:
    """Whether the table's filter bar gets a select for the column: few values to pick from."""
    if column in ("status", "owner", "type"):
        return True
    kind = kinds.get(column)
    return kind is not None and kind.allowed is not None and not kind.is_list


def _column_label(ctx: ViewContext, query: Query, column: str) -> str:
    """A column's heading: a link field's label from its type file, else the field's label."""
    if column in ("id", "title", "status", "type"):
        return ctx.t(column)
    for name in query.types:
        link = ctx.project.types[name].links.get(column)
        if link is not None:
            return link.label(ctx.language)
    return ctx.field_label(column)


def _cell(ctx: ViewContext, document: Document, column: str, kinds: dict[str, FieldKind]) -> str:
    if column == "id":
        return f'<td class="pmdocs-id">{escape_text(document.id)}</td>\n'
    if column == "title":
        return f'<td><a href="{escape_text(ctx.href(document))}">{escape_text(document.title)}</a></td>\n'
    doc_type = ctx.project.types[document.type]
    if column == "status":
        rank = _rank(doc_type.statuses, document.status)
        return f'<td data-sort="{rank}">{badge(ctx, document)}</td>\n'
    if column in _COMPUTED:
        return f"<td>{_computed(ctx, document, column)}</td>\n"
    kind = kinds.get(column)
    sort = ""
    if kind is not None and kind.allowed is not None and not kind.is_list:
        # Allowed values sort in the type's order (P0 before P1), as the query sorts them.
        value = document.get(column)
        if value is not None:
            sort = f' data-sort="{_rank(kind.allowed, value)}"'
    return f"<td{sort}>{field_value(ctx, document, column)}</td>\n"


def _rank(order: Sequence[Any], value: Any) -> str:
    """A value's place in ``order`` as text that sorts as a number; after them when not in it."""
    try:
        place = list(order).index(value)
    except ValueError:
        place = len(order)
    return f"{place:04d}"


def _computed(ctx: ViewContext, document: Document, column: str) -> Markup:
    """A computed field's value: a type's label, a percentage, yes or no, a number."""
    value = query_value(ctx.project, document, column)
    if value is None:
        return Markup(f'<span class="pmdocs-empty">{escape_text(ctx.t("none"))}</span>')
    if column == "type":
        return Markup(escape_text(ctx.type_label(ctx.project.types[document.type])))
    if column == "band" and isinstance(value, str):
        return Markup(escape_text(band_label(value, ctx.language)))
    if column == "progress" and isinstance(value, (int, float)):
        return Markup(f"{round(value * 100)} %")
    if isinstance(value, bool):
        return Markup(escape_text(ctx.t("yes") if value else ctx.t("no")))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Markup(escape_text(value))


# --- list


def _list(ctx: ViewContext, result: QueryResult) -> str:
    related = result.query.related
    if not result.groups:
        return _items(ctx, result.documents, related)
    sections = []
    for group in result.groups:
        if not group.documents:
            continue
        sections.append(
            f'<section class="pmdocs-query__group" data-value="{_attribute(group.value)}">\n'
            f'<p class="pmdocs-query__group-title">{_group_label(ctx, result.query, group.value)} '
            f'<span class="pmdocs-query__size">{len(group.documents)}</span></p>\n'
            f"{_items(ctx, group.documents, related)}\n</section>"
        )
    return "\n".join(sections)


def _items(ctx: ViewContext, documents: Iterable[Document], related: Sequence[str] = ()) -> str:
    lines = "".join(
        f'<li data-id="{escape_text(document.id)}">{doc_link(ctx, document)} {badge(ctx, document)}'
        f"{_related_lines(ctx, document, related)}</li>\n"
        for document in documents
    )
    return f'<ul class="pmdocs-query-list">\n{lines}</ul>'


# --- related: the documents of some types linked with each document


def _related_documents(ctx: ViewContext, document: Document, name: str) -> list[Document]:
    """Documents of type ``name`` linked with ``document`` in either direction, by id; for
    ``prd/design``, the designs linked with the requirements linked with it."""
    graph = ctx.project.graph
    through, _, target = name.rpartition("/")
    if not through:
        return graph.neighbours(document.id, name)
    found: dict[str, Document] = {}
    for middle in graph.neighbours(document.id, through):
        for other in graph.neighbours(middle.id, target):
            if other.id != document.id:
                found[other.id] = other
    return [found[key] for key in sorted(found, key=natural_key)]


def _related_label(ctx: ViewContext, name: str) -> str:
    """``Design``, or ``Design (through Requirement)`` for ``prd/design``."""
    types = ctx.project.types
    through, _, target = name.rpartition("/")
    label = ctx.type_label(types[target])
    if not through:
        return label
    return ctx.t("query_through", what=label, through=ctx.type_label(types[through]))


def _related_links(ctx: ViewContext, document: Document, type_name: str) -> Markup:
    """The linked documents of a type as links with their status, or a dash."""
    found = _related_documents(ctx, document, type_name)
    if not found:
        return Markup(f'<span class="pmdocs-empty">{escape_text(ctx.t("none"))}</span>')
    return Markup(", ".join(f"{doc_link(ctx, d)} {badge(ctx, d)}" for d in found))


def _related_ids(ctx: ViewContext, document: Document, type_name: str) -> str:
    """The linked documents of a type as compact links (the id, the title as its tooltip):
    a table cell per document and type stays small on a big site."""
    found = _related_documents(ctx, document, type_name)
    if not found:
        return f'<span class="pmdocs-empty">{escape_text(ctx.t("none"))}</span>'
    return " ".join(_id_link(ctx, d) for d in found)


def _related_lines(ctx: ViewContext, document: Document, related: Sequence[str]) -> str:
    """One line per related type under a document: its label, then the linked documents."""
    if not related:
        return ""
    lines = "".join(
        f'<li data-type="{escape_text(name)}">'
        f'<span class="pmdocs-query__related-label">'
        f"{escape_text(_related_label(ctx, name))}</span> "
        f"{_related_links(ctx, document, name)}</li>"
        for name in related
    )
    return f'<ul class="pmdocs-query__related">{lines}</ul>'


# --- progress


def _percent(value: float) -> str:
    return f"{round(value * 100)} %"


def _bar(ctx: ViewContext, progress: float | None) -> str:
    """A progress bar (its width the share done) and its percentage, or "no numbers yet"."""
    if progress is None:
        return (
            f'<span class="pmdocs-progress__none pmdocs-empty">'
            f"{escape_text(ctx.t('query_no_progress'))}</span>"
        )
    width = f"{progress * 100:.1f}".rstrip("0").rstrip(".")
    return (
        f'<span class="pmdocs-bar" role="img" aria-label="{_percent(progress)}">'
        f'<span class="pmdocs-bar__fill" style="width: {width}%"></span></span>'
        f'<span class="pmdocs-progress__value">{_percent(progress)}</span>'
    )


def _number_text(value: Any) -> str:
    """A number as people read it: ``12,500``, ``0.42``; anything else as written."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _progress(ctx: ViewContext, result: QueryResult) -> str:
    """One bar per document of its ``progress``; a metric says baseline → current → target,
    an objective lists its key results' bars; then the related documents."""
    related = result.query.related
    items = []
    for document in result.documents:
        progress = query_value(ctx.project, document, "progress")
        shown = progress if isinstance(progress, (int, float)) else None
        parts = [
            f'<li class="pmdocs-progress__item" data-id="{escape_text(document.id)}"'
            f"{'' if shown is None else f' data-progress={chr(34)}{shown:.4f}{chr(34)}'}>"
            f'<div class="pmdocs-progress__head">{doc_link(ctx, document)} {badge(ctx, document)}'
            f"</div>",
            f'<div class="pmdocs-progress__line">{_bar(ctx, shown)}</div>',
        ]
        numbers = _metric_numbers(ctx, document)
        if numbers:
            parts.append(f'<p class="pmdocs-progress__numbers">{numbers}</p>')
        key_results = document.get("key_results")
        if isinstance(key_results, list) and key_results:
            parts.append(_key_results(ctx, key_results))
        parts.append(_related_lines(ctx, document, related))
        parts.append("</li>\n")
        items.append("".join(parts))
    return f'<ul class="pmdocs-progress">\n{"".join(items)}</ul>'


def _metric_numbers(ctx: ViewContext, document: Document) -> str:
    """``Baseline 30 → Current 42 → Target 60 %``, of the numbers the document has."""
    shown = []
    for name in ("baseline", "current", "target"):
        value = document.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            shown.append(
                f'<span data-field="{name}">{escape_text(ctx.field_label(name))} '
                f"<strong>{escape_text(_number_text(value))}</strong></span>"
            )
    if not shown or "key_results" in document.data:
        return ""
    unit = document.get("unit")
    suffix = f' <span class="pmdocs-progress__unit">{escape_text(unit)}</span>' if unit else ""
    return " → ".join(shown) + suffix


def _key_results(ctx: ViewContext, key_results: list[Any]) -> str:
    rows = []
    for key_result in key_results:
        if not isinstance(key_result, dict):
            continue
        text = key_result.get("text")
        numbers = ""
        current, target = key_result.get("current"), key_result.get("target")
        if current is not None and target is not None:
            numbers = escape_text(
                ctx.t(
                    "query_progress_of",
                    current=_number_text(current),
                    target=_number_text(target),
                )
            )
        of = f' <span class="pmdocs-progress__of">{numbers}</span>' if numbers else ""
        rows.append(
            f'<li class="pmdocs-progress__kr"><span class="pmdocs-progress__kr-text">'
            f"{escape_text('' if text is None else text)}</span> "
            f"{_bar(ctx, key_result_progress(key_result))}"
            f"{of}</li>"
        )
    return f'<ul class="pmdocs-progress__krs">{"".join(rows)}</ul>'


# --- matrix


def _matrix(ctx: ViewContext, result: QueryResult) -> str:
    """Rows by ``group_by``, columns by ``across``: each cell the number of documents with both
    values, and their ids as links when there are few; every allowed value of either field
    gets its row or column."""
    query = result.query
    assert query.group_by is not None and query.across is not None
    across = Query(types=query.types, group_by=query.across)
    column_groups = run_query_groups(ctx, across, result.documents)
    place: dict[str, list[int]] = {}
    for index, group in enumerate(column_groups):
        for document in group.documents:
            place.setdefault(document.path, []).append(index)
    heads = "".join(
        f'<th scope="col" data-value="{_attribute(group.value)}">'
        f"{_group_label(ctx, across, group.value)}</th>"
        for group in column_groups
    )
    rows = []
    for group in result.groups:
        cells: list[list[Document]] = [[] for _ in column_groups]
        for document in group.documents:
            for index in place.get(document.path, ()):
                cells[index].append(document)
        tds = "".join(_matrix_cell(ctx, cell) for cell in cells)
        rows.append(
            f'<tr data-value="{_attribute(group.value)}"><th scope="row">'
            f"{_group_label(ctx, query, group.value)}</th>{tds}</tr>\n"
        )
    corner = escape_text(
        f"{_column_label(ctx, query, query.group_by)} × {_column_label(ctx, query, query.across)}"
    )
    return (
        '<div class="pmdocs-table-wrap">\n<table class="pmdocs-table pmdocs-matrix">\n'
        f'<thead><tr><th scope="col">{corner}</th>{heads}</tr></thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n</div>"
    )


def run_query_groups(
    ctx: ViewContext, query: Query, documents: Sequence[Document]
) -> tuple[QueryGroup, ...]:
    """``documents`` grouped as ``query.group_by`` groups them, in the field's order."""
    return group_documents(ctx.project, query, documents)


# A matrix cell lists its documents up to this many; a fuller cell gives its count alone,
# so that a big site's matrix stays the size of its rows and columns.
_CELL_LISTED = 5


def _matrix_cell(ctx: ViewContext, cell: Sequence[Document]) -> str:
    if not cell:
        return f'<td data-count="0"><span class="pmdocs-empty">{escape_text(ctx.t("none"))}</span></td>'
    listed = ""
    if len(cell) <= _CELL_LISTED:
        listed = " " + " ".join(_id_link(ctx, d) for d in cell)
    return (
        f'<td data-count="{len(cell)}"><span class="pmdocs-matrix__count">{len(cell)}</span>'
        f"{listed}</td>"
    )


def _id_link(ctx: ViewContext, document: Document) -> str:
    """A compact link for a matrix cell: the id, with the title as its tooltip."""
    return (
        f'<a class="pmdocs-ref" href="{escape_text(ctx.href(document))}" '
        f'title="{escape_text(document.title)}">{escape_text(document.id)}</a>'
    )


# --- totals


def _totals(ctx: ViewContext, result: QueryResult) -> str:
    """The sum of ``sum`` per ``unit`` (never across units), per ``group_by`` value when
    given, with a last row of the totals; one column per unit."""
    query = result.query
    assert query.sum is not None
    number, unit = query.sum, query.unit

    def pairs(documents: Iterable[Document]) -> list[tuple[Any, Any]]:
        project = ctx.project
        return [
            (
                query_value(project, d, number),
                "" if unit is None else (query_value(project, d, unit) or None),
            )
            for d in documents
        ]

    overall = totals_per_unit(pairs(result.documents))
    units = list(overall)
    if not units:
        return f'<p class="pmdocs-empty">{escape_text(ctx.t("query_empty"))}</p>'
    head_units = "".join(
        f'<th scope="col" data-unit="{escape_text(u)}">{escape_text(u or ctx.t("total"))}</th>'
        for u in units
    )

    def row(label: Markup | str, sums: dict[str, float], attribute: str) -> str:
        cells = "".join(
            f'<td data-sort="{sums[u]}">{escape_text(_number_text(sums[u]))}</td>'
            if u in sums
            else f'<td><span class="pmdocs-empty">{escape_text(ctx.t("none"))}</span></td>'
            for u in units
        )
        return f'<tr data-value="{attribute}"><th scope="row">{label}</th>{cells}</tr>\n'

    rows = []
    field = ""
    if query.group_by is not None:
        field = escape_text(_column_label(ctx, query, query.group_by))
        for group in result.groups:
            if group.documents:
                rows.append(
                    row(
                        _group_label(ctx, query, group.value),
                        totals_per_unit(pairs(group.documents)),
                        _attribute(group.value),
                    )
                )
    rows.append(row(escape_text(ctx.t("total")), overall, ""))
    what = escape_text(_column_label(ctx, query, number))
    return (
        '<div class="pmdocs-table-wrap">\n<table class="pmdocs-table pmdocs-totals">\n'
        f"<caption>{what}</caption>\n"
        f'<thead><tr><th scope="col">{field}</th>{head_units}</tr></thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n</div>"
    )


# --- board


def _board(ctx: ViewContext, result: QueryResult) -> str:
    """One column per value of ``group_by`` in the field's order (every allowed value,
    even without documents), those without a value last; the roadmap board's look."""
    columns = []
    for group in result.groups:
        label = _group_label(ctx, result.query, group.value)
        if group.documents:
            cards = "".join(
                f'<li class="pmdocs-board__card pmdocs-tl--{_tone(document)}" '
                f'data-id="{escape_text(document.id)}">'
                f'<div class="pmdocs-board__name">{doc_link(ctx, document)}</div>'
                f'<div class="pmdocs-board__meta">{badge(ctx, document)}</div></li>\n'
                for document in group.documents
            )
            content = f'<ul class="pmdocs-board__cards">\n{cards}</ul>'
        else:
            content = f'<p class="pmdocs-empty">{escape_text(ctx.t("none"))}</p>'
        columns.append(
            f'<section class="pmdocs-board__column" data-value="{_attribute(group.value)}">\n'
            f'<h3 class="pmdocs-board__title">{label} '
            f'<span class="pmdocs-board__count">{len(group.documents)}</span></h3>\n'
            f"{content}\n</section>"
        )
    return '<div class="pmdocs-board pmdocs-query-board">\n' + "\n".join(columns) + "\n</div>"


def _tone(document: Document) -> str:
    return status_tone(document.status)


# --- chart


def _chart(ctx: ViewContext, result: QueryResult) -> str:
    """Horizontal bars of the number of documents per ``group_by`` value, and the same
    numbers as a table for screen readers."""
    query = result.query
    assert query.group_by is not None  # the core gives board and chart a group_by
    groups = result.groups
    labels = [_group_text(ctx, query, group.value) for group in groups]
    counts = [len(group.documents) for group in groups]
    most = max(counts, default=0) or 1
    label_width = min(max((_text_width(label) for label in labels), default=0), 230) + _GAP * 2
    count_width = _text_width(str(most)) + _GAP * 2
    width = label_width + _BAR_WIDTH + count_width
    height = _ROW * len(groups) + _GAP
    field = _column_label(ctx, query, query.group_by)
    title = ctx.t("query_by", what=_plural(ctx, query.types), field=_in_sentence(ctx, field))
    summary = ", ".join(f"{label}: {count}" for label, count in zip(labels, counts, strict=True))
    rows = []
    for index, (group, label, count) in enumerate(zip(groups, labels, counts, strict=True)):
        y = _GAP // 2 + index * _ROW
        middle = y + _ROW // 2
        bar = round(_BAR_WIDTH * count / most)
        rows.append(
            f'<g class="pmdocs-chart__row" data-value="{_attribute(group.value)}" data-count="{count}">'
            f'<text class="pmdocs-chart__label" x="{label_width - _GAP}" y="{middle}" '
            f'text-anchor="end" dominant-baseline="central">{escape_text(_clip(label))}</text>'
            f'<rect class="pmdocs-chart__bar" x="{label_width}" y="{middle - _BAR // 2}" '
            f'width="{bar}" height="{_BAR}" rx="2"><title>{escape_text(label)}: {count}</title></rect>'
            f'<text class="pmdocs-chart__value" x="{label_width + bar + _GAP // 2}" y="{middle}" '
            f'dominant-baseline="central">{count}</text></g>\n'
        )
    svg = (
        f'<svg class="pmdocs-chart__svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="{_FONT}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape_text(title)}: {escape_text(summary)}</title>\n{''.join(rows)}</svg>"
    )
    cells = "".join(
        f'<tr><th scope="row">{escape_text(label)}</th><td>{count}</td></tr>'
        for label, count in zip(labels, counts, strict=True)
    )
    numbers = (
        f'<table class="pmdocs-chart__numbers">'
        f"<caption>{escape_text(title)}</caption>"
        f'<thead><tr><th scope="col">{escape_text(field)}</th>'
        f'<th scope="col">{escape_text(ctx.t("query_count"))}</th></tr></thead>'
        f"<tbody>{cells}</tbody></table>"
    )
    return (
        f'<figure class="pmdocs-chart">\n<div class="pmdocs-chart__scroll">{svg}</div>\n'
        f"{numbers}\n</figure>"
    )


def _in_sentence(ctx: ViewContext, label: str) -> str:
    """A field's label inside an English sentence: ``by priority``, but ``by ID``."""
    if ctx.language == "zh" or label[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def _text_width(text: str) -> int:
    """About how wide ``text`` is at the chart's font size: CJK characters are twice as wide."""
    wide = sum(1 for character in text if ord(character) > 0x2E80)
    return round((len(text) - wide) * _FONT * 0.6 + wide * _FONT * 1.05)


def _clip(label: str, most: int = 36) -> str:
    """A label short enough for the chart; the bar's own title and the table keep it whole."""
    return label if len(label) <= most else f"{label[: most - 1]}…"


# --- the values of group_by


def _group_doc_type(ctx: ViewContext, query: Query, field: str) -> DocType | None:
    """The first queried type that has the field: its labels name the field's values."""
    for name in query.types:
        doc_type = ctx.project.types[name]
        if field in doc_type.all_fields or field in doc_type.links:
            return doc_type
    return None


def _group_text(ctx: ViewContext, query: Query, value: Any) -> str:
    """A group's value as text in the page's language."""
    field = query.group_by
    if value is None or field is None:
        return ctx.t("query_not_set")
    if isinstance(value, bool):
        return ctx.t("yes") if value else ctx.t("no")
    if field == "type" and value in ctx.project.types:
        return ctx.type_label(ctx.project.types[value])
    if field == "band" and isinstance(value, str):
        return band_label(value, ctx.language)
    doc_type = _group_doc_type(ctx, query, field)
    if doc_type is not None:
        if field == "status":
            return ctx.status_label(value, _status_type(ctx, query, value) or doc_type)
        if field in doc_type.value_labels:
            return str(doc_type.value_label(field, value, ctx.language))
    return str(value)


def _status_type(ctx: ViewContext, query: Query, status: Any) -> DocType | None:
    for name in query.types:
        doc_type = ctx.project.types[name]
        if status in doc_type.statuses:
            return doc_type
    return None


def _group_label(ctx: ViewContext, query: Query, value: Any) -> Markup:
    """A group's value as HTML: a status as its badge, a linked document as a link."""
    field = query.group_by
    if value is not None and field == "status":
        doc_type = _status_type(ctx, query, value)
        if doc_type is not None:
            return status_badge(ctx, doc_type, value)
    if value is not None and field is not None and isinstance(value, str):
        doc_type = _group_doc_type(ctx, query, field)
        if doc_type is not None and field in doc_type.links:
            target = ctx.project.graph.get(value)
            if target is not None:
                return doc_link(ctx, target)
    return Markup(escape_text(_group_text(ctx, query, value)))


def _attribute(value: Any) -> str:
    """A group's value as an attribute (``data-value``); empty for documents without one."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape_text(value)


def render_type_page(ctx: ViewContext, type_name: str) -> str | None:
    """The sections of a type page made of the queries its type file lists under ``page:``;
    None for a type without them.

    A type file's queries were checked when the types were loaded, so each
    one runs; one that no longer does shows its problems in its place. A
    built-in type's section that names values a team's override of another
    type dropped is left out.
    """
    doc_type = ctx.project.types[type_name]
    if not doc_type.page:
        return None
    sections = []
    for text in doc_type.page:
        query, diagnostics = parse_query(text, ctx.project.types, doc_type.source)
        if query is None:
            if doc_type.builtin:
                continue  # a built-in section whose types a team's override changed
            sections.append(render_problems(ctx, diagnostics))
        else:
            sections.append(render_query(ctx, query))
    return "\n\n".join(sections)
