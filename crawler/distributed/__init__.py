"""Crawling past one machine: workers, one SQLite writer and a coordinator around Redis.

- :mod:`.jobs`: portal jobs in a Redis Stream with a consumer group (a job a dead worker held
  is claimed again once idle longer than the lease), and the Redis key names.
- :mod:`.lease`: one worker per portal at a time (``SET NX PX``, renewed while crawling,
  kept for the portal's delay after the crawl so the next worker waits as a single crawl would).
- :mod:`.handoff`: the worker's storage stage and incremental middleware: items, failures,
  ledger rows and run statistics go to the items stream; what is known comes from Redis.
- :mod:`.worker`: ``portalnews worker`` (Twisted loop: claim, lease, crawl, acknowledge), each
  portal's frontier in Redis through scrapy-redis's scheduler and duplicate filter.
- :mod:`.writer`: ``portalnews writer``, the only process writing SQLite: batched
  transactions, acknowledgement after commit, idempotent replay, incremental state published.
- :mod:`.coordinator`: ``portalnews run --redis``: enqueue, wait, report.

Nothing here is imported unless ``--redis`` is given.
"""
