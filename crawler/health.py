"""Portal health checks: fetch a portal's home page live, follow redirects, fingerprint it.

Plain ``urllib`` (no reactor: ``portalnews portals check`` runs many checks in one process);
certificate problems are reported apart from other errors, and a portal registered with
``verify_tls = false`` is fetched again without verification so its platform is still known.
"""

from __future__ import annotations

import http.client
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from crawler.platforms import fingerprint
from crawler.registry import Portal
from crawler.urls import canonical_host
from pipelines.timezones import VN_TZ

MAX_BYTES = 2 * 1024 * 1024


@dataclass
class CheckResult:
    """One check of one portal (a ``portal_checks`` row without its id)."""

    portal: str
    checked_at: str
    url: str
    http_status: int | None = None
    final_url: str | None = None
    redirected: int = 0
    platform: str | None = None
    platform_evidence: str | None = None
    tls_error: str | None = None
    error: str | None = None
    elapsed_ms: int | None = None

    @property
    def ok(self) -> bool:
        """The home page answered 2xx."""
        return self.http_status is not None and 200 <= self.http_status < 300


def _tls_problem(exc: BaseException) -> str | None:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"certificate: {reason.verify_message or reason}"
    if isinstance(reason, ssl.SSLError):
        return f"TLS: {reason.reason or reason}"
    return None


def _fetch(url: str, *, timeout: float, user_agent: str,
           verify: bool) -> tuple[int, str, bytes, dict[str, str]]:
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(url, headers={"User-Agent": user_agent,
                                                   "Accept": "text/html,*/*;q=0.5"})
    try:
        with opener.open(request, timeout=timeout) as response:
            return (response.status, response.geturl(), response.read(MAX_BYTES),
                    dict(response.headers.items()))
    except urllib.error.HTTPError as exc:  # an answer, just not 2xx
        body = exc.read(MAX_BYTES) if exc.fp is not None else b""
        return exc.code, exc.geturl() or url, body, dict(exc.headers.items()) if exc.headers else {}


def _decode(body: bytes, headers: dict[str, str]) -> str:
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    charset = content_type.partition("charset=")[2].split(";")[0].strip() or "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def check_portal(portal: Portal, *, timeout: float = 20.0,
                 user_agent: str = "portal-news health check") -> CheckResult:
    """Fetch the portal's base URL and describe what answered (never raises on network errors)."""
    result = CheckResult(portal=portal.id, url=portal.base_url,
                         checked_at=datetime.now(VN_TZ).isoformat(timespec="seconds"))
    started = time.monotonic()
    try:
        try:
            status, final, body, headers = _fetch(portal.base_url, timeout=timeout,
                                                  user_agent=user_agent, verify=True)
        except urllib.error.URLError as exc:
            problem = _tls_problem(exc)
            if problem is None:
                raise
            result.tls_error = problem
            if portal.verify_tls:
                result.error = "TLS verification failed (set verify_tls = false to crawl anyway)"
                return result
            status, final, body, headers = _fetch(portal.base_url, timeout=timeout,
                                                  user_agent=user_agent, verify=False)
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            result.error = f"timeout after {timeout:g} s"
        else:
            result.error = f"{type(exc.reason).__name__}: {exc.reason}"
        return result
    except TimeoutError:
        result.error = f"timeout after {timeout:g} s"
        return result
    except (ConnectionError, http.client.HTTPException, ssl.SSLError, OSError) as exc:
        result.tls_error = result.tls_error or _tls_problem(exc)
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    finally:
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
    result.http_status = status
    result.final_url = final
    result.redirected = int(canonical_host(final) not in portal.hosts)
    if not 200 <= status < 300:
        result.error = f"HTTP {status}"
    if body:
        found = fingerprint(_decode(body, headers), headers)
        result.platform = found.platform
        result.platform_evidence = "; ".join(found.evidence)
    return result


def record_check(db: Database, result: CheckResult) -> None:
    """Append a check to ``portal_checks``."""
    row: dict[str, Any] = asdict(result)
    with db.conn:
        db["portal_checks"].insert(row)
