"""The database: schema and migrations, the writer, and every query (sqlite-utils, no Scrapy).

Written by the storage stage (``pipelines.storage``) and the distributed writer; read by the
command line, the charts and the Datasette plugin. Imports only the normalisers
(``pipelines.vntext``, ``pipelines.rolenorm``, ``pipelines.timezones``): docs/architecture.md.
"""

import contextlib

# Registers the FTS5 ranking functions in C (store/fts5rank.c, used by store.search) on every
# connection opened from now on; not built (no C compiler at install): search ranks in Python.
with contextlib.suppress(ImportError):
    from store import _fts5rank  # noqa: F401
