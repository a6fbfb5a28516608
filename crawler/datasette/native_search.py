"""The canned ``search`` query ranked by the C functions of ``store._fts5rank`` (when built).

The plugin's ``canned_queries`` hook puts it in place of ``metadata.json``'s ``search`` (which
ranks with ``bm25()``, slow at a million articles: docs/benchmarks.md). Same tiers, windows and
order as ``portalnews search`` (``store.search``): per group (accented, then without
diacritics) one pass over the words' 5,000 newest matches, the rows holding them next to each
other first (``portalnews_phrase()``), then the others by ``portalnews_bm25()`` with the idfs of
``portalnews_idfs(q, slot)``.
"""

from __future__ import annotations

import importlib.util

from store.search import weight_arguments

_WEIGHTS = weight_arguments()  # the weights of portalnews search


def _group(name: str, slot: int) -> str:
    return f"""{name} as (
    select rowid as id, portalnews_phrase(article_search, {_WEIGHTS}) as phrase,
      portalnews_bm25(article_search, {_WEIGHTS}, portalnews_idfs(:q, {slot})) as score
    from article_search where article_search match portalnews_fts_tier(:q, {slot})
    order by rowid desc limit 5000
  )"""


def _tiered(name: str, first: int, where: str = "") -> str:
    adjacent = "phrase < 0 and portalnews_has_phrase(:q)"
    return (f"select id, case when {adjacent} then {first} else {first + 1} end as tier,"
            f" case when {adjacent} then phrase else score end as score from {name}{where}")


SQL = f"""select null as id, null as published, null as portal, null as category,
  'Search syntax problem' as title, portalnews_query_problem(:q) as snippet, null as url
where portalnews_query_problem(:q) is not null
union all
select * from (
  with {_group("accented", 1)}, {_group("folded", 3)}, hits as (
    {_tiered("accented", 0)}
    union all
    {_tiered("folded", 2, " where id not in (select id from accented)")}
  )
  select a.id, a.published, a.portal, a.category, a.title,
    portalnews_snippet(:q, a.title, a.lead, a.body_text, h.tier < 2) as snippet, a.url
  from hits h join articles a on a.id = h.id
  order by h.tier, h.score, h.id desc
  limit 100
)"""


def available() -> bool:
    """Whether ``store._fts5rank`` was built (then every connection opened has its functions)."""
    return importlib.util.find_spec("store._fts5rank") is not None
