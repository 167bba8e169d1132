"""gunicorn's settings for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`
(docs/deploy.md). Each can be changed by an environment variable (docs/configuration.md).

The request timeout is longer than PostgreSQL's statement timeout (config/database.py), so a
slow query ends first, in a page that says nothing was saved; a worker that is stuck anywhere
else is killed and replaced after `timeout` seconds, its transaction rolled back by the server.
"""

import os

bind = os.environ.get("SAFETYMAP_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SAFETYMAP_WEB_WORKERS", 4))
# Sync workers: one request each at a time, as Django's database connections expect.
worker_class = "sync"
timeout = int(os.environ.get("SAFETYMAP_REQUEST_TIMEOUT_SECONDS", 60))
# On restart, requests under way get this long to finish before their worker is stopped.
graceful_timeout = int(os.environ.get("SAFETYMAP_GRACEFUL_TIMEOUT_SECONDS", 30))
# The council's proxy keeps connections open to the service; a little longer than none.
keepalive = 5
# Each worker is replaced after this many requests (spread out, so they do not all restart at
# once): memory a long-lived process gathers is given back.
max_requests = int(os.environ.get("SAFETYMAP_WEB_MAX_REQUESTS", 1000))
max_requests_jitter = max_requests // 10
# Request line and headers stay within gunicorn's own limits (4094 bytes a line, 100 headers);
# request bodies are limited by Django (DATA_UPLOAD_MAX_MEMORY_SIZE, config/settings.py).
limit_request_line = 4094
limit_request_fields = 100
# Logs to standard error, for the service manager's journal.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Never the request's query string in the access log: search terms can be a child's name.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
