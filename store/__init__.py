"""The database: schema and migrations, the writer, and every query (sqlite-utils, no Scrapy).

Written by the storage stage (``pipelines.storage``) and the distributed writer; read by the
command line, the charts and the Datasette plugin. Imports only the normalisers
(``pipelines.vntext``, ``pipelines.rolenorm``, ``pipelines.timezones``): docs/architecture.md.
"""
