"""The pmdocs plugin's options in ``mkdocs.yml``, as MkDocs reads them.

Their values are checked again, with the command line's rules, by
`pmdocs.core.config.settings_from_options`, so that `pmdocs check` and the
build refuse the same options.
"""

from __future__ import annotations

import datetime

from mkdocs.config import base
from mkdocs.config import config_options as c

__all__ = ["PmdocsConfig"]


class PmdocsConfig(base.Config):
    prefix = c.Type(str, default="pm")
    language = c.Optional(c.Choice(("en", "zh")))
    schemas = c.Optional(c.Type(str))
    today = c.Optional(c.Type((str, datetime.date)))
    rules = c.Type(list, default=[])
    segment_weights = c.Optional(c.Type(dict))
    roadmap_window = c.Optional(c.Type((str, list)))
    changes_since = c.Optional(c.Type((str, int)))
    staleness = c.Optional(c.Type((dict, bool)))
