"""gunicorn for the app servers: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every value can be set from the environment (docs/deployment.md lists them), so one file serves
every host; gunicorn's own GUNICORN_CMD_ARGS still override it.
"""

import gc
import multiprocessing
import os

# Behind the reverse proxy, on TCP: the client's address is read from X-Forwarded-For of a
# trusted proxy address (anxin/core/proxy.py), which a unix socket does not give.
bind = os.environ.get("ANXIN_BIND", "127.0.0.1:8000")

# Sync workers: a request holds one process while it waits for PostgreSQL, so the classic
# 2 × cores + 1, capped so that a big host does not open more database connections than
# PostgreSQL allows (each worker keeps one, CONN_MAX_AGE).
workers = int(os.environ.get("ANXIN_WEB_WORKERS")
              or min(2 * multiprocessing.cpu_count() + 1,
                     int(os.environ.get("ANXIN_WEB_WORKERS_MAX", "12"))))
worker_class = "sync"

# A request still running after this is killed and logged: slow work belongs in a task.
timeout = int(os.environ.get("ANXIN_WEB_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("ANXIN_WEB_GRACEFUL_TIMEOUT", "30"))
# Longer than the proxy's keep-alive to the upstream would make no sense; the proxy reuses
# connections for a few seconds.
keepalive = int(os.environ.get("ANXIN_WEB_KEEPALIVE", "5"))

# Load the application once in the master and fork: workers share its memory, and a settings
# or import error stops the start instead of a crash loop of workers.
preload_app = True

# Recycle each worker after this many requests (with jitter, so they do not all restart at
# once), so that slow growth of a process's memory never adds up.
max_requests = int(os.environ.get("ANXIN_WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("ANXIN_WEB_MAX_REQUESTS_JITTER", "200"))

# The proxy's address is the only one allowed to say which client and scheme it forwarded.
forwarded_allow_ips = os.environ.get("ANXIN_TRUSTED_PROXIES", "127.0.0.1,::1")

# Logs on standard output and error, for the journal or the container runtime.
accesslog = os.environ.get("ANXIN_WEB_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("ANXIN_WEB_LOG_LEVEL", "info")
# The forwarded client address, request line, status, size, time taken (%(M)s ms), and the
# request id the proxy passes in X-Request-ID, so a slow line can be matched to the proxy's.
access_log_format = ('%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(M)sms '
                     '"%(f)s" "%(a)s" %({x-request-id}i)s')

# Worker heartbeat files in memory rather than on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# gunicorn's control socket (gunicornc) is one fixed path per user by default, which a second
# instance on the host (another port, a benchmark) would take over. Off unless a path is given.
control_socket = os.environ.get("ANXIN_WEB_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def pre_fork(server, worker):
    """In the master, with the application loaded (preload_app), before each worker is forked:
    the objects loaded so far leave the garbage collector's reach, so a worker's collections no
    longer walk every module, template and URL pattern in the middle of a request (the slowest
    requests' extra milliseconds), and its memory pages stay shared with the master."""
    gc.freeze()
