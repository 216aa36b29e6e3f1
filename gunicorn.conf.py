"""gunicorn settings for `make serve` and deploy/newsportal.service; every value can be set from the environment.

Workers are processes (CPU-bound rendering runs in parallel across cores);
threads let a worker go on while one of its requests waits on the database
or Redis. Defaults: 2 x cores + 1 workers, 2 threads each.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("WEB_THREADS", 2))
worker_class = "gthread"
# A worker that stalls (a runaway request) is replaced after this many seconds.
timeout = int(os.environ.get("WEB_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so no slow leak lives forever. Not too often: a page from the cache
# takes well under a millisecond, so 5,000 requests meant a new worker every two seconds under load
# (about 70 in one run of bench/load.py), each starting with empty per-worker copies.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 50_000))
max_requests_jitter = max_requests // 10
# Load the application once in the master: workers start fast and share memory.
preload_app = True
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """The application is loaded in this master process (preload_app). Its templates, catalogues and
    URL patterns are made ready here once (newsportal/warmup.py), so no forked worker spends its first
    requests on them. Then all these long-lived objects are moved out of the garbage collector's reach:
    otherwise each worker's full collections scan all of them (pauses of 100–340 ms under load on a
    2-core machine: bench/load.py's p99), and the scan's writes unshare the forked memory."""
    from newsportal.warmup import warm_up

    server.log.info("warm-up: %d templates compiled", warm_up())
    gc.freeze()
