"""The MkDocs plugin: the only part of pmdocs that imports MkDocs."""

from pmdocs.plugin.events import PmdocsPlugin

__all__ = ["PmdocsPlugin"]
