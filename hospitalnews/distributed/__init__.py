"""A crawl shared by workers on several machines through one Redis (scrapy-redis, extended).

cluster.py   the run's keys and the atomic steps on them (take, acknowledge, heartbeat/reap, finish)
queue.py     scrapy-redis's priority queue with a processing hash per worker (SCHEDULER_QUEUE_CLASS)
scheduler.py scrapy-redis's Scheduler with per-site/per-run keys, acknowledgements and a shared end
archive.py   the archive pipeline of a worker: per-host segment folders, ids in Redis (archive/redis_index.py)
walks.py     list-walk state in Redis
politeness.py one request rate per host for the whole cluster
addon.py     turns all of this on when REDIS_URL is set
tools/redis_cmd.py  `hospitalnews redis status` (cluster.status)
"""
