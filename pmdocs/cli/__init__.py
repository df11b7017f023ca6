"""The ``pmdocs`` command line: one module per command, over the core and the views."""

from pmdocs.cli import check, diff, export, new, query, schema, stage, types
from pmdocs.cli.main import main

__all__ = ["check", "diff", "export", "main", "new", "query", "schema", "stage", "types"]
