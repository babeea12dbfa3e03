"""gunicorn settings for `make serve` and the Dockerfile; values from portal/settings/env.py."""

from portal.settings import env

wsgi_app = "portal.wsgi:application"
bind = env.SERVE_BIND
# Sync Django views that wait on the database: a few processes, each with a few threads.
workers = env.SERVE_WORKERS
worker_class = "gthread"
threads = 4
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# The reverse proxy in front (nginx, a load balancer) is the only client allowed to set
# X-Forwarded-* headers; list its addresses in FORWARDED_ALLOW_IPS.
forwarded_allow_ips = env.FORWARDED_ALLOW_IPS
