"""One worker per portal at a time: a lease in Redis with an expiry, renewed while crawling.

Released by shortening it to the portal's delay (not deleting it): the next crawl of the portal,
on whatever machine, starts no sooner than one delay after the last request of this one.
"""

from __future__ import annotations

import redis

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""


class Lease:
    """The lease on one portal held (or wanted) by one worker."""

    def __init__(self, client: redis.Redis, key: str, owner: str, ttl_ms: int) -> None:
        self.client, self.key, self.owner, self.ttl_ms = client, key, owner, ttl_ms
        self._renew = client.register_script(_RENEW)

    def acquire(self) -> bool:
        """Take the lease if nobody holds it."""
        return bool(self.client.set(self.key, self.owner, nx=True, px=self.ttl_ms))

    def renew(self) -> bool:
        """Extend it by the full expiry; False when it was lost (expired, taken by another)."""
        return bool(self._renew(keys=[self.key], args=[self.owner, self.ttl_ms]))

    def release(self, cooldown_ms: int) -> None:
        """Let it go after ``cooldown_ms`` (the portal's delay; at least 1 ms)."""
        self._renew(keys=[self.key], args=[self.owner, max(1, int(cooldown_ms))])


def holders(client: redis.Redis, prefix: str) -> dict[str, tuple[str, int]]:
    """Portal -> (holding worker, milliseconds left) for every lease under ``prefix``."""
    result = {}
    for key in client.scan_iter(match=f"{prefix}*", count=500):
        owner, ttl = client.get(key), client.pttl(key)
        if owner is not None:
            result[key[len(prefix):]] = (owner, int(ttl))
    return result
