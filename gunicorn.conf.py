"""gunicorn's production settings (README, "Deploying"), read from the working directory.

Anything given on gunicorn's command line overrides what is set here.
"""

from __future__ import annotations

import multiprocessing
import os

wsgi_app = "cyberpeace.wsgi:application"
# Behind the TLS proxy, on the loopback; GUNICORN_BIND=0.0.0.0:8000 for a proxy elsewhere.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
# A worker that dies, or hangs past the timeout, is replaced by a new one.
timeout = 30
graceful_timeout = 30
# The proxy's X-Forwarded-Proto is believed only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The proxy logs each request; GUNICORN_ACCESS_LOG=- logs them here too.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# gunicorn's control socket (~/.gunicorn/gunicorn.ctl) would be shared by every
# server of one user; nothing here uses it.
control_socket_disable = True
