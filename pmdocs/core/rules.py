"""Team rules: coverage gaps a team chooses to treat as problems (PM300, PM301).

The ``rules`` option of the plugin lists rules such as "every P0 or P1
requirement is linked with a design and a release" or "every open risk has a
mitigation". Each rule names a document type, optionally narrows it with
``where``, and requires linked types (``require``, a link in either direction
counts) and/or filled fields (``require_fields``). Every document that breaks
a rule gets one diagnostic per missing item.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pmdocs.core.diagnostics import Diagnostic, Severity, did_you_mean
from pmdocs.core.doctypes import ConfigError, DocType, TypeSet, allowed_values
from pmdocs.core.frontmatter import Position
from pmdocs.core.graph import Graph
from pmdocs.core.model import Document

__all__ = [
    "MISSING_FIELD",
    "MISSING_LINK",
    "RULE_KEYS",
    "Rule",
    "check_rules",
    "matches",
    "parse_rules",
]

MISSING_LINK = "PM300"
MISSING_FIELD = "PM301"
RULE_KEYS = ("name", "type", "where", "require", "require_fields", "severity")

Scalar = str | int | float | bool
_START = Position(1, 1)


@dataclass(frozen=True)
class Rule:
    """One team rule, as written in ``mkdocs.yml`` (checked against the types later).

    ``index`` is the rule's 1-based place in the list; ``where`` holds
    ``(field, allowed values)`` pairs that must all match.
    """

    index: int
    type: str
    where: tuple[tuple[str, tuple[Scalar, ...]], ...] = ()
    require: tuple[str, ...] = ()
    require_fields: tuple[str, ...] = ()
    severity: Severity = Severity.ERROR
    name: str = ""
    source: str = "mkdocs.yml"

    @property
    def label(self) -> str:
        """How messages name the rule: its ``name``, else its number and what it covers."""
        if self.name:
            return f"rule '{self.name}'"
        conditions = " and ".join(
            f"{field} is {' or '.join(str(v) for v in values)}" for field, values in self.where
        )
        scope = f"{self.type} where {conditions}" if conditions else f"every {self.type}"
        return f"rule {self.index} ({scope})"


def parse_rules(value: Any, config_name: str = "mkdocs.yml") -> tuple[Rule, ...]:
    """Read the ``rules`` option: a list of mappings; `ConfigError` for anything else."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ConfigError(config_name, "pmdocs rules must be a list of rules, each a mapping")
    return tuple(_parse_rule(entry, index, config_name) for index, entry in enumerate(value, 1))


def _parse_rule(entry: Any, index: int, config_name: str) -> Rule:
    def fail(message: str) -> ConfigError:
        return ConfigError(config_name, f"pmdocs rules, rule {index}: {message}")

    if not isinstance(entry, dict):
        raise fail("must be a mapping with type and require or require_fields")
    unknown = [str(key) for key in entry if key not in RULE_KEYS]
    if unknown:
        hint = did_you_mean(unknown[0], RULE_KEYS)
        raise fail(f"unknown key {', '.join(unknown)}{hint}; keys: {', '.join(RULE_KEYS)}")
    doc_type = entry.get("type")
    if not isinstance(doc_type, str) or not doc_type:
        raise fail("type must name a document type, e.g. type: prd")
    require = _names(entry.get("require"), "require", fail)
    require_fields = _names(entry.get("require_fields"), "require_fields", fail)
    if not require and not require_fields:
        raise fail("needs require (types to link) or require_fields (fields to fill)")
    return Rule(
        index=index,
        type=doc_type,
        where=_where(entry.get("where"), fail),
        require=require,
        require_fields=require_fields,
        severity=_severity(entry.get("severity"), fail),
        name=_name(entry.get("name"), fail),
        source=config_name,
    )


def _names(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise fail(f"{key} must be a list of names, e.g. {key}: [{_EXAMPLES[key]}]")
    return tuple(dict.fromkeys(value))


_EXAMPLES = {"require": "design, release", "require_fields": "mitigation"}


def _where(value: Any, fail: Any) -> tuple[tuple[str, tuple[Scalar, ...]], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise fail("where must map fields to allowed values, e.g. where: {priority: [P0, P1]}")
    conditions = []
    for field, allowed in value.items():
        values = allowed if isinstance(allowed, list) else [allowed]
        if not values or not all(_is_scalar(item) for item in values):
            raise fail(f"where.{field} must be a value or a list of values")
        conditions.append((str(field), tuple(values)))
    return tuple(conditions)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def _severity(value: Any, fail: Any) -> Severity:
    if value is None:
        return Severity.ERROR
    try:
        return Severity(value)
    except ValueError:
        raise fail(f"severity must be error or warning, not {value!r}") from None


def _name(value: Any, fail: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise fail("name must be a short text")
    return value.strip()


def check_rules(
    rules: Sequence[Rule], types: TypeSet, documents: Iterable[Document], graph: Graph
) -> list[Diagnostic]:
    """Every breach of ``rules`` among ``documents``; `ConfigError` for a rule the types refute."""
    for rule in rules:
        _check_against_types(rule, types)
    documents = list(documents)
    diagnostics: list[Diagnostic] = []
    for rule in rules:
        for document in documents:
            if document.type == rule.type and matches(rule, document):
                diagnostics.extend(_breaches(rule, document, graph))
    return diagnostics


def _check_against_types(rule: Rule, types: TypeSet) -> None:
    def fail(message: str) -> ConfigError:
        return ConfigError(rule.source, f"pmdocs rules, rule {rule.index}: {message}")

    def known_type(name: str, key: str) -> DocType:
        if name not in types:
            hint = did_you_mean(name, types)
            raise fail(f"{key} names unknown type '{name}'{hint}; types: {', '.join(types)}")
        return types[name]

    doc_type = known_type(rule.type, "type")
    for name in rule.require:
        if not _can_link(doc_type, known_type(name, "require")):
            raise fail(
                f"require names {name}, but no link field connects {doc_type.name} and {name}"
            )
    for field, values in rule.where:
        _check_where_field(doc_type, field, values, fail)
    fields = doc_type.known_fields
    for field in rule.require_fields:
        if field not in fields:
            hint = did_you_mean(field, fields)
            raise fail(f"require_fields names '{field}', not a field of {doc_type.name}{hint}")


def _can_link(one: DocType, other: DocType) -> bool:
    """Whether a link field of either type may point at the other."""
    return any(spec.allows(other.name) for spec in one.links.values()) or any(
        spec.allows(one.name) for spec in other.links.values()
    )


def _check_where_field(doc_type: DocType, field: str, values: Sequence[Scalar], fail: Any) -> None:
    schema = doc_type.all_fields.get(field)
    if schema is None:
        hint = did_you_mean(field, doc_type.all_fields)
        raise fail(f"where names '{field}', not a field of {doc_type.name}{hint}")
    if schema.get("type") != "boolean" and any(isinstance(value, bool) for value in values):
        # mkdocs.yml is read as YAML 1.1, where NO, off and yes are booleans.
        raise fail(f"where.{field}: YAML read a value as true/false; quote it, e.g. 'NO'")
    allowed = allowed_values(schema)
    if allowed is None:
        return
    wrong = [value for value in values if value not in allowed]
    if wrong:
        shown = ", ".join(str(value) for value in allowed)
        raise fail(f"where.{field}: {wrong[0]!r} is not one of {shown}")


def matches(rule: Rule, document: Document) -> bool:
    """Whether ``document`` is one the rule is about: every ``where`` field holds an allowed value.

    A list field (such as ``tags``) matches when any of its items is allowed.
    """
    for field, allowed in rule.where:
        value = document.get(field)
        present = value if isinstance(value, list) else [value]
        if not any(_same(item, option) for item in present for option in allowed):
            return False
    return True


def _same(value: Any, option: Scalar) -> bool:
    # `True == 1` in Python; a boolean only matches a boolean.
    return isinstance(value, bool) == isinstance(option, bool) and value == option


def _breaches(rule: Rule, document: Document, graph: Graph) -> list[Diagnostic]:
    diagnostics = []
    for required_type in rule.require:
        if not graph.neighbours(document.id, required_type):
            message = f"no linked {required_type}; {rule.label} requires at least one"
            diagnostics.append(_diagnostic(rule, document, MISSING_LINK, message, None))
    for field in rule.require_fields:
        if not _filled(document, field):
            message = f"'{field}' is missing or empty; {rule.label} requires it"
            diagnostics.append(_diagnostic(rule, document, MISSING_FIELD, message, field))
    return diagnostics


def _filled(document: Document, field: str) -> bool:
    if field in document.links:
        return bool(document.links[field])
    value = document.get(field)
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value != [] and value != {}


def _diagnostic(
    rule: Rule, document: Document, code: str, message: str, field: str | None
) -> Diagnostic:
    """At line 1, like a missing required field: nothing is written where the gap is."""
    return Diagnostic.at(_START, code, document.file, message, document.id, field, rule.severity)
