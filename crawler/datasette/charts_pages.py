"""Datasette pages of ``portalnews serve`` that draw charts (docs/charts.md).

``/-/charts`` lists them: a person's career (``/-/charts/person/ID`` or ``?name=``), a post's
holders (``/-/charts/holders?role=``), activity of every portal (``/-/charts/activity``) and of
one (``/-/charts/portal/ID``), crawl health (``/-/charts/health``) and the provinces
(``/-/charts/provinces``). The specifications are the ones ``portalnews chart`` writes; the
browser draws them with Vega, Vega-Lite and vega-embed served by this plugin at
``/-/charts/vega.js`` (from vl-convert's bundle): no CDN. Persons, portals, positions and runs
link to their pages from table rows and canned queries.
"""

from __future__ import annotations

import asyncio
import html
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup
from sqlite_utils import Database

from crawler.charts.base import ChartError

PAGES = (
    ("activity", "Articles per portal per week"),
    ("health", "Crawl health per run and portal"),
    ("provinces", "The 34 provinces by articles"),
    ("provinces?by=health", "The 34 provinces by crawl health"),
)


def _page(title: str, body: str, status: int = 200) -> Response:
    return Response.html(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title>"
        "<link rel=\"stylesheet\" href=\"/-/static/app.css\">"
        "<style>#chart{margin:1em 0} .chart-error{color:#b00}</style></head><body>"
        "<div class=\"not-footer\"><section class=\"content\">"
        "<p class=\"crumbs\"><a href=\"/\">home</a> / <a href=\"/-/charts\">charts</a></p>"
        f"<h1>{html.escape(title)}</h1>{body}</section></div></body></html>", status=status)


def _chart_page(spec: dict[str, Any], links: dict[str, str]) -> Response:
    data = json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")
    related = " · ".join(f"<a href=\"{html.escape(href)}\">{html.escape(label)}</a>"
                         for label, href in links.items())
    body = (
        (f"<p>{related}</p>" if related else "") +
        "<div id=\"chart\"></div>"
        f"<script type=\"application/json\" id=\"spec\">{data}</script>"
        "<script src=\"/-/charts/vega.js\"></script>"
        "<script>"
        "const spec = JSON.parse(document.getElementById('spec').textContent);"
        "vegaEmbed('#chart', spec, {actions: false, renderer: 'svg'}).then(() => {"
        " const box = document.querySelector('#chart svg').getBoundingClientRect();"
        " document.body.dataset.chart = Math.round(box.width) + 'x' + Math.round(box.height);"
        "}).catch(err => {"
        " document.body.dataset.chartError = String(err);"
        " document.getElementById('chart').textContent = 'The chart could not be drawn: ' + err;"
        "});</script>")
    return _page(spec["title"]["text"], body)


async def _build(datasette: Any, build: Callable[[Database], dict[str, Any]],
                 links: dict[str, str] | None = None) -> Response:
    """Build the specification on Datasette's read connection; an error page when empty."""
    db = datasette.get_database()
    try:
        spec = await db.execute_fn(lambda conn: build(Database(conn)))
    except ChartError as exc:
        return _page("Nothing to draw", f"<p class=\"chart-error\">{html.escape(str(exc))}</p>",
                     status=404)
    return _chart_page(spec, links or {})


async def index(datasette: Any) -> Response:
    """The list of charts."""
    items = "".join(f"<li><a href=\"/-/charts/{path}\">{html.escape(label)}</a></li>"
                    for path, label in PAGES)
    forms = (
        "<form action=\"/-/charts/person\"><label>A person's career: "
        "<input name=\"name\" placeholder=\"Nông Đức Thịnh\"></label> <input type=\"submit\"></form>"
        "<form action=\"/-/charts/holders\"><label>A post's holders: "
        "<input name=\"role\" placeholder=\"Bí thư Tỉnh ủy Thái Nguyên\"></label> "
        "<input type=\"submit\"></form>")
    return _page("Charts", f"<ul>{items}</ul>{forms}")


async def person(datasette: Any, request: Any) -> Response:
    """``/-/charts/person/ID`` or ``/-/charts/person?name=NAME``."""
    from crawler.charts.person import person_chart

    pid = request.url_vars.get("id")
    name = request.args.get("name", "")
    return await _build(datasette, lambda db: person_chart(
        db, name, person_id=int(pid) if pid else None))


async def holders(datasette: Any, request: Any) -> Response:
    """``/-/charts/holders?role=ROLE[&locality=]``."""
    from crawler.charts.holders import holders_chart

    role = request.args.get("role", "")
    locality = request.args.get("locality") or None
    if not role.strip():
        return _page("Nothing to draw", "<p class=\"chart-error\">give a post: ?role=Bí thư Tỉnh ủy"
                     "</p>", status=400)
    return await _build(datasette, lambda db: holders_chart(db, role, locality=locality))


async def activity(datasette: Any) -> Response:
    """Every portal by weeks."""
    from crawler.charts.activity import activity_chart

    return await _build(datasette, activity_chart)


async def portal(datasette: Any, request: Any) -> Response:
    """One portal's rhythm."""
    from crawler.charts.activity import portal_chart

    portal_id = request.url_vars["portal"]
    name = datasette.get_database().name
    links = {"Crawl health of this portal": "/-/charts/health?" + urlencode({"portal": portal_id}),
             "Its articles": f"/{quote(name)}/articles?" + urlencode({"portal": portal_id})}
    return await _build(datasette, lambda db: portal_chart(db, portal_id), links)


async def health(datasette: Any, request: Any) -> Response:
    """Crawl health, optionally ``?portal=ID&days=N``."""
    from crawler.charts.health import health_chart

    try:
        days = int(request.args.get("days", "90"))
    except ValueError:
        return _page("Nothing to draw", "<p class=\"chart-error\">days must be a number</p>", 400)
    portal_id = request.args.get("portal") or None
    return await _build(datasette, lambda db: health_chart(db, portal=portal_id, days=days))


async def provinces(datasette: Any, request: Any) -> Response:
    """The provinces, ``?by=articles|health``."""
    from crawler.charts.provinces import provinces_chart

    by = request.args.get("by", "articles")
    return await _build(datasette, lambda db: provinces_chart(db, by=by))


async def vega_js() -> Response:
    """Vega, Vega-Lite and vega-embed, from the vl-convert wheel (computed once per process)."""
    from crawler.charts.render import javascript_bundle

    try:
        script = await asyncio.to_thread(javascript_bundle)
    except ChartError as exc:
        return Response.text(f"console.error({json.dumps(str(exc))});", status=500)
    return Response(script, content_type="application/javascript; charset=utf-8",
                    headers={"Cache-Control": "max-age=86400"})


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    """The chart pages."""
    return [
        (r"^/-/charts$", index),
        (r"^/-/charts/vega\.js$", vega_js),
        (r"^/-/charts/person/(?P<id>\d+)$", person),
        (r"^/-/charts/person$", person),
        (r"^/-/charts/holders$", holders),
        (r"^/-/charts/activity$", activity),
        (r"^/-/charts/portal/(?P<portal>[^/]+)$", portal),
        (r"^/-/charts/health$", health),
        (r"^/-/charts/provinces$", provinces),
    ]


@hookimpl
def menu_links() -> list[dict[str, str]]:
    """A "Charts" entry in Datasette's menu."""
    return [{"href": "/-/charts", "label": "Charts"}]


def _link(href: str, value: Any) -> Markup:
    return Markup(f"{html.escape(str(value))} <a href=\"{html.escape(href)}\" "
                  "title=\"chart\">[chart]</a>")


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None) -> Markup | None:
    """A ``[chart]`` link beside a person's name, a portal's last crawl, a position's label and
    a run's verdict (tables), and beside names and positions in canned queries."""
    if value is None or value == "":
        return None
    if table == "persons" and column == "name":
        return _link(f"/-/charts/person/{row['id']}", value)
    if table is None and column == "name":  # canned queries (person_timeline, holders_on_date)
        return _link("/-/charts/person?" + urlencode({"name": value}), value)
    if table == "portals" and column == "last_crawled":  # the id is the row's own link
        return _link(f"/-/charts/portal/{quote(str(row['id']), safe='')}", value)
    if (table == "positions" and column == "label") or (table is None and column == "position"):
        return _link("/-/charts/holders?" + urlencode({"role": value}), value)
    if table == "crawl_runs" and column == "health":
        return _link("/-/charts/health?" + urlencode({"portal": row["portal"], "days": 0}), value)
    return None
