"""pmdocs: docs-as-code for product management on MkDocs."""

__version__ = "0.1.0"
