"""Database schema, created and evolved by sqlite-utils migrations (applied in order, once each).

Add a migration by appending a decorated function at the end; never edit an applied one.
``docs/schema.md`` describes every table.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("portalnews")
# Each migration spells out its tables although several look alike (`duplicates` pairs them):
# an applied migration is frozen, so none may call a helper that a later change could alter.


@migrations(name="0001_foundation")
def foundation(db: Database) -> None:
    """Portals, articles with their versions, images, tags, crawl runs and failures."""
    db["portals"].create(
        {
            "id": str,
            "name": str,
            "base_url": str,
            "platform": str,
            "province": str,
            "kind": str,
            "first_seen": str,
            "last_crawled": str,
        },
        pk="id",
    )
    db["articles"].create(
        {
            "id": int,
            "portal": str,
            "source_id": str,
            "url": str,
            "platform": str,
            "title": str,
            "lead": str,
            "body_text": str,
            "body_html": str,
            "author": str,
            "source": str,
            "category": str,
            "category_url": str,
            "attachments": str,
            "published": str,
            "published_precision": str,
            "published_raw": str,
            "published_tz_source": str,
            "updated": str,
            "updated_precision": str,
            "updated_raw": str,
            "updated_tz_source": str,
            "time_meta": str,
            "content_hash": str,
            "first_seen": str,
            "fetched_at": str,
            "versions": int,
        },
        pk="id",
        foreign_keys=[("portal", "portals", "id")],
        not_null={"portal", "source_id", "url", "title", "body_text", "content_hash"},
        defaults={"versions": 1},
    )
    db["articles"].create_index(["portal", "source_id"], unique=True)
    db["articles"].create_index(["url"])
    db["articles"].create_index(["published"])
    db["article_versions"].create(
        {
            "id": int,
            "article_id": int,
            "content_hash": str,
            "title": str,
            "lead": str,
            "body_text": str,
            "fetched_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_versions"].create_index(["article_id", "content_hash"], unique=True)
    db["images"].create(
        {"article_id": int, "position": int, "url": str, "caption": str},
        pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["tags"].create(
        {"article_id": int, "tag": str, "tag_key": str},
        pk=("article_id", "tag"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["tags"].create_index(["tag_key"])
    db["crawl_runs"].create(
        {
            "id": int,
            "portal": str,
            "spider": str,
            "started_at": str,
            "finished_at": str,
            "finish_reason": str,
            "articles_new": int,
            "articles_updated": int,
            "articles_unchanged": int,
            "failures": int,
            "stats": str,
        },
        pk="id",
    )
    db["failures"].create(
        {
            "id": int,
            "run_id": int,
            "portal": str,
            "url": str,
            "stage": str,
            "reason": str,
            "http_status": int,
            "failed_at": str,
        },
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )
    db["failures"].create_index(["url"])
    # Full-text index: published text plus diacritic-free shadow columns (đ folded to d),
    # maintained by the storage code in the same transaction as the article.
    db.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5("
        "title, lead, body, title_ascii, lead_ascii, body_ascii, "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )


@migrations(name="0002_article_dates")
def article_dates(db: Database) -> None:
    """Dates mentioned in article bodies (events), with their sentence and precision."""
    db["article_dates"].create(
        {
            "article_id": int,
            "position": int,
            "raw": str,
            "value": str,
            "precision": str,
            "end": str,
            "tz_source": str,
            "year_inferred": int,
            "relative": int,
            "weekday_consistent": int,
            "sentence": str,
            "span_start": int,
            "span_end": int,
        },
        pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_dates"].create_index(["value"])
    db["article_dates"].create_index(["end"])


@migrations(name="0010_people")
def people(db: Database) -> None:
    """Persons, positions and their mentions in articles (written by ``store.people``)."""
    db["persons"].create(
        {"id": int, "name": str, "name_key": str, "name_ascii": str, "province": str,
         "first_seen": str, "last_seen": str},
        pk="id",
    )
    db["persons"].create_index(["name_key"])
    db["persons"].create_index(["name_ascii"])
    db["positions"].create(
        {"id": int, "position_key": str, "title": str, "modifiers": str, "organ": str,
         "level": str, "locality": str, "label": str, "label_ascii": str},
        pk="id",
        not_null={"position_key", "title"},
    )
    db["positions"].create_index(["position_key"], unique=True)
    db["mentions"].create(
        {"id": int, "article_id": int, "portal": str, "person_id": int, "position_id": int,
         "status": str, "raw": str, "sentence": str, "span_start": int, "span_end": int,
         "article_date": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("person_id", "persons", "id"),
                      ("position_id", "positions", "id")],
    )
    db["mentions"].create_index(["article_id"])
    db["mentions"].create_index(["person_id"])
    db["mentions"].create_index(["position_id", "article_date"])


@migrations(name="0020_query_indexes")
def query_indexes(db: Database) -> None:
    """Indexes for the filters of search, export, stats and Datasette facets."""
    db["articles"].create_index(["category"], if_not_exists=True)
    db["articles"].create_index(["portal", "published"], if_not_exists=True)
    db["portals"].create_index(["province"], if_not_exists=True)
    db["crawl_runs"].create_index(["portal", "started_at"], if_not_exists=True)
    db["failures"].create_index(["run_id"], if_not_exists=True)
    db["failures"].create_index(["portal", "failed_at"], if_not_exists=True)


@migrations(name="0030_portal_checks")
def portal_checks(db: Database) -> None:
    """Health checks of registered portals (written by ``portalnews portals check``)."""
    db["portal_checks"].create(
        {"id": int, "portal": str, "checked_at": str, "url": str, "http_status": int,
         "final_url": str, "redirected": int, "platform": str, "platform_evidence": str,
         "tls_error": str, "error": str, "elapsed_ms": int},
        pk="id",
        not_null={"portal", "checked_at", "url"},
    )
    db["portal_checks"].create_index(["portal", "checked_at"])


@migrations(name="0040_scheduled_runs")
def scheduled_runs(db: Database) -> None:
    """``portalnews run`` invocations, and each portal run's batch and health verdict."""
    db["run_batches"].create(
        {"id": int, "started_at": str, "finished_at": str, "status": str, "exit_code": int,
         "portals": int, "portals_ok": int, "portals_warning": int, "portals_failed": int,
         "articles_new": int, "articles_updated": int, "failures": int, "pid": int,
         "report": str},
        pk="id",
    )
    db["crawl_runs"].add_column("batch_id", int, fk="run_batches", fk_col="id")
    db["crawl_runs"].add_column("health", str)
    db["crawl_runs"].add_column("problems", str)
    db["crawl_runs"].create_index(["batch_id"])


@migrations(name="0050_date_results")
def date_results(db: Database) -> None:
    """The whole date result of publish and update times (flags, range end, error) as JSON."""
    db["articles"].add_column("published_result", str)
    db["articles"].add_column("updated_result", str)


@migrations(name="0060_search_indexes")
def search_indexes(db: Database) -> None:
    """Covering indexes for the filtered article ids of search (no article row read)."""
    db["articles"].create_index(["category", "portal", "published"], if_not_exists=True)
    db["mentions"].create_index(["person_id", "article_id"], if_not_exists=True)


@migrations(name="0070_crawl_ledger")
def crawl_ledger(db: Database) -> None:
    """Every candidate article URL of a run with its final state (written by ``crawler.ledger``)."""
    db["crawl_ledger"].create(
        {"id": int, "run_id": int, "portal": str, "url": str, "identity": str, "source_id": str,
         "channel": str, "found_on": str, "state": str, "reason": str, "http_status": int,
         "article_id": int, "final_url": str, "first_seen": str, "settled_at": str},
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id")],
        not_null={"run_id", "portal", "url", "state"},
    )
    db["crawl_ledger"].create_index(["run_id", "url"], unique=True)
    db["crawl_ledger"].create_index(["run_id", "state"])
    db["crawl_ledger"].create_index(["portal", "url"])


@migrations(name="0080_portal_province")
def portal_province(db: Database) -> None:
    """Where the portal's province comes from (registry, setting, its own page) and how it was
    named (a province merged on 1 July 2025 keeps its old name here)."""
    db["portals"].add_column("province_named", str)
    db["portals"].add_column("province_source", str)
    db["portals"].add_column("province_evidence", str)


@migrations(name="0090_scale_indexes")
def scale_indexes(db: Database) -> None:
    """A person's timeline from one index range: each mention carries its article's title and
    URL (written with the mention, kept equal to the article's), in an index holding every
    column the timeline shows, ordered by person and date."""
    db["mentions"].add_column("article_title", str)
    db["mentions"].add_column("article_url", str)
    db.execute("UPDATE mentions SET (article_title, article_url) ="
               " (SELECT title, url FROM articles WHERE articles.id = mentions.article_id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_mentions_timeline ON mentions (person_id,"
               " article_date, article_id, id, position_id, status, portal, article_title,"
               " article_url, sentence)")


@migrations(name="0100_chart_indexes")
def chart_indexes(db: Database) -> None:
    """Covering indexes for charts: a post's holders counted from ``mentions`` and articles per
    portal and week counted from ``articles`` without reading their rows."""
    db["mentions"].create_index(["position_id", "person_id", "status", "article_date"],
                                if_not_exists=True)
    db["articles"].create_index(["portal", "published", "published_precision"],
                                if_not_exists=True)


def apply_migrations(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied."""
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending
