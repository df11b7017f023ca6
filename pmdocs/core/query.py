"""Queries on any page (SPEC section 8): find the blocks, check them, run them.

The public interface, for `pmdocs check`, `pmdocs query` and the renderers:

- ``find_query_blocks(markdown) -> list[QueryBlock]``: the fenced blocks whose
  info string is ``pmdocs``, with their YAML, lines, offsets and indentation
  (`pmdocs.core.query_blocks`);
- ``parse_query(block, types, file, first_line_offset=0, this_document=None,
  *, graph=None) -> (Query | None, [Diagnostic])``: the checked `Query`, or
  PM400 diagnostics at file:line:col in the page (`pmdocs.core.query_parse`);
- ``run_query(project, query, this_id=None) -> QueryResult``: documents
  matched, sorted and limited, the total before the limit, and `QueryGroup`
  per ``group_by`` value (`pmdocs.core.query_run`);
- ``field_value(project, document, name)``: a document's value of any field a
  query may name, derived ones included, for renderers;
- ``Project.queries_of(docs_path) -> [PageQuery]``: every block of a page with
  its query (or None) and diagnostics, parsed once with the project.
"""

from __future__ import annotations

from pmdocs.core.query_blocks import QueryBlock, find_query_blocks, may_hold_query_blocks
from pmdocs.core.query_parse import (
    KEYS,
    OPERATORS,
    SHOWS,
    Condition,
    FieldKind,
    PageQuery,
    Query,
    field_kinds,
    page_queries,
    parse_query,
)
from pmdocs.core.query_run import QueryGroup, QueryResult, field_value, run_query

__all__ = [
    "KEYS",
    "OPERATORS",
    "SHOWS",
    "Condition",
    "FieldKind",
    "PageQuery",
    "Query",
    "QueryBlock",
    "QueryGroup",
    "QueryResult",
    "field_kinds",
    "field_value",
    "find_query_blocks",
    "may_hold_query_blocks",
    "page_queries",
    "parse_query",
    "run_query",
]
