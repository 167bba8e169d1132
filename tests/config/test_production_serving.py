"""Production settings served as production serves them: gunicorn with config/gunicorn.conf.py
on PostgreSQL, static files collected and served by WhiteNoise (docs/deploy.md), and nothing
from the test run in the server: its settings, WSGI module and URLs are the product's own.

Run in the PostgreSQL part of `make test`. The server gets a database of its own, copied from
this test process's migrated test database (``CREATE DATABASE … TEMPLATE``: a second or two,
where migrating would take a minute). Under pytest-xdist each worker has its own test database
(``test_<name>_gw0``…), so each copy's name is its own too, and no other process is connected
to the template while it is copied.

The 500 page needs a real failure, and no view in the product fails on purpose (nor should one
be added for a test, nor a test-only URL or setting, which would then not be production's). So
the failure is one production does meet: the database becomes unreachable while the server
runs. The copy is closed to new connections and the server's connections to it are ended;
the next page that needs the database fails in the middle of the request, with nothing in the
test standing between the product and its error page.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests
from django.db import connection

from safetymap.accounts.roles import Role
from safetymap.accounts.second_step import new_backup_codes
from scripts.serving import ROOT, manage, production_env, serving
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.postgresql,
    # The account the test signs in with must be committed to be in the copy.
    pytest.mark.django_db(transaction=True),
]

BACKUP_CODE = "servedcheck01"
# What Django's debug pages and a leaked error would show; none may ever reach a page.
DEBUG_OUTPUT = (
    "Traceback",
    "DEBUG = True",
    "You’re seeing this error because",
    "You're seeing this error because",
    "Exception Value",
    "Exception Location",
    "Request Method:",
    "Using the URLconf defined in",
    "Django settings",
    "settings.py",
    "site-packages",
    "psycopg",
    "OperationalError",
    "SELECT ",
    str(ROOT),
)
HSTS = "max-age=31536000; includeSubDomains; preload"
# collectstatic as deployed (the same storage: hashed names, gzip and Brotli), less what no page
# opened here links: the editors' admin (Wagtail's files) and GOV.UK Frontend's sources
# (components, Sass, Nunjucks, READMEs). Compressing those takes a minute of this machine's
# two cores; what is left is the service's own files and every file they refer to.
NOT_COLLECTED = (
    "wagtail*",
    "components",
    "*.scss",
    "*.njk",
    "*.md",
    "*.yaml",
    "all.*",  # GOV.UK Frontend's other bundles (the service links govuk-frontend.min.js)
    "lib",  # the autocomplete's React and Preact builds (the service links the plain one)
    "govuk-frontend.min.css*",  # the service's own stylesheet has GOV.UK Frontend in it
)


def database_url(settings_dict: dict, name: str) -> str:
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgresql://{settings_dict['USER']}{password}@{host}:{port}/{name}"


def admin(settings_dict: dict, sql: str, params: tuple = ()) -> None:
    """A statement run on the server's maintenance database, outside any database it changes."""
    with psycopg.connect(database_url(settings_dict, "postgres"), autocommit=True) as db:
        db.execute(sql, params or None)


@pytest.fixture
def account() -> str:
    """A social worker with one backup code, committed before the database is copied."""
    user = UserFactory(roles=[Role.SOCIAL_WORKER])
    new_backup_codes(user, [BACKUP_CODE])
    return user.email


@pytest.fixture
def served_database(account: str) -> Iterator[str]:
    """A copy of this worker's test database (with the account in it), dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("production serves PostgreSQL only: run with DATABASE_URL=postgres://…")
    settings_dict = connection.settings_dict
    template, copy = settings_dict["NAME"], f"{settings_dict['NAME']}_served"
    connection.close()  # the template may have no other session while it is copied
    admin(settings_dict, f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
    admin(settings_dict, f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
    try:
        yield copy
    finally:
        admin(settings_dict, f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def make_unreachable(settings_dict: dict, name: str) -> None:
    """The database goes away under the running server: no new connections, existing ones ended."""
    admin(settings_dict, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    admin(
        settings_dict,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
        (name,),
    )


class Proxy:
    """Where the council's TLS-terminating proxy stands: it sends ``X-Forwarded-Proto: https``
    (SECURE_PROXY_SSL_HEADER) and the browser's cookies, which are ``Secure`` and so would not
    be sent over this plain loopback connection by a client that knows it is not HTTPS."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.origin = "https://" + base.removeprefix("http://")
        self.cookies: dict[str, str] = {}
        self.set_cookie: dict[str, str] = {}  # each cookie's last Set-Cookie line

    def request(
        self, method: str, path: str, data: dict | None = None, **headers: str
    ) -> requests.Response:
        sent = {"X-Forwarded-Proto": "https", **headers}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent |= {"Origin": self.origin, "Referer": self.origin + path}
        response = requests.request(
            method, self.base + path, data=data, headers=sent, allow_redirects=False, timeout=30
        )
        for line in response.raw.headers.getlist("Set-Cookie"):
            name, value = line.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
            self.set_cookie[name] = line
        assert_no_debug_output(response)
        return response

    def get(self, path: str, **headers: str) -> requests.Response:
        return self.request("GET", path, **headers)

    def post(self, path: str, data: dict) -> requests.Response:
        return self.request("POST", path, data)


def csrf_token(response: requests.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert found, response.text[:500]
    return found.group(1)


def assert_no_debug_output(response: requests.Response) -> None:
    shown = [words for words in DEBUG_OUTPUT if words in response.text]
    assert not shown, f"{response.request.url} shows {shown}"


def assert_security_headers(response: requests.Response) -> None:
    headers = response.headers
    assert headers["Strict-Transport-Security"] == HSTS
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy, policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in headers["Permissions-Policy"]


def assert_secure_cookie(line: str) -> None:
    """``__Host-`` cookies: Secure, for the whole site, no Domain; and out of scripts' and other
    sites' reach."""
    attributes = {part.strip().split("=", 1)[0].lower(): part.strip() for part in line.split(";")}
    assert "secure" in attributes and "httponly" in attributes, line
    assert attributes.get("samesite", "").lower() == "samesite=lax", line
    assert attributes.get("path") == "Path=/" and "domain" not in attributes, line


def test_production_under_gunicorn_serves_its_own_error_pages_headers_and_static_files(
    tmp_path: Path, account: str, served_database: str
):
    name = served_database
    settings_dict = connection.settings_dict
    # DEBUG=1 in the server's environment too: production settings must not listen to it.
    env = production_env(
        tmp_path,
        database_url(settings_dict, name),
        DEBUG="1",
        SAFETYMAP_WEB_WORKERS="2",  # two cores shared by the suite's workers
    )
    loaded = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.DEBUG, s.IS_PRODUCTION)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.split() == ["False", "True"]
    ignored = [option for pattern in NOT_COLLECTED for option in ("--ignore", pattern)]
    manage(env, "collectstatic", "--no-input", "-v", "0", *ignored)

    with serving(env, tmp_path, worker=False) as base:
        proxy = Proxy(base)

        # Plain http (no proxy in front saying it was https) is sent to https.
        plain = requests.get(base + "/sign-in/", allow_redirects=False, timeout=30)
        assert plain.status_code == 301
        assert plain.headers["Location"] == proxy.origin + "/sign-in/"

        # The sign-in page, with every security header and a secure CSRF cookie.
        page = proxy.get("/sign-in/")
        assert page.status_code == 200
        assert "<h1" in page.text and "Sign in" in page.text
        assert_security_headers(page)
        assert_secure_cookie(proxy.set_cookie["__Host-safetymap-csrf"])

        # Static files: the hashed stylesheet the page links to, compressed and cached for good.
        stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', page.text)
        assert stylesheet, "the page does not link the collected, hashed stylesheet"
        css = requests.get(
            base + stylesheet.group(1),
            headers={"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
            allow_redirects=False,
            timeout=30,
        )
        assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
        assert css.headers.get("Content-Encoding") == "gzip"
        assert "immutable" in css.headers["Cache-Control"]
        assert ".govuk-" in css.text

        # Signing in: a secure session cookie, and signed-in pages are never stored.
        signed = proxy.post(
            "/sign-in/",
            {"csrfmiddlewaretoken": csrf_token(page), "email": account, "password": PASSWORD},
        )
        assert signed.status_code == 302, signed.text[:500]
        assert_secure_cookie(proxy.set_cookie["__Host-safetymap-session"])
        step = proxy.get("/sign-in/second-step/")
        done = proxy.post(
            "/sign-in/second-step/", {"csrfmiddlewaretoken": csrf_token(step), "code": BACKUP_CODE}
        )
        assert done.status_code == 302, done.text[:500]
        my_work = proxy.get("/")
        assert my_work.status_code == 200
        assert my_work.headers["Cache-Control"] == "no-store"

        # 404: the service's own page, signed in or not.
        for path in ("/children/999999999/", "/sign-in/no-such-page/"):
            missing = proxy.get(path)
            assert missing.status_code == 404, path
            assert "Page not found" in missing.text
            assert_security_headers(missing)
        anonymous = requests.get(
            base + "/partnership/no-such-page/",
            headers={"X-Forwarded-Proto": "https"},
            allow_redirects=False,
            timeout=30,
        )
        assert anonymous.status_code == 404 and "Page not found" in anonymous.text
        assert_no_debug_output(anonymous)

        # 400: a Host the service does not serve.
        wrong_host = proxy.get("/sign-in/", Host="attacker.example")
        assert wrong_host.status_code == 400
        assert "Sorry, that request could not be understood" in wrong_host.text
        assert_security_headers(wrong_host)

        # The access log (config/gunicorn.conf.py) never writes a query string: a search's can
        # hold a child's name.
        assert proxy.get("/accessibility/?q=Zebedee").status_code == 200

        # 500: the database goes away under the server.
        make_unreachable(settings_dict, name)
        broken = proxy.get("/")
        assert broken.status_code == 500
        assert "Sorry, there is a problem with the service" in broken.text
        assert_security_headers(broken)
        assert name not in broken.text

    # The error and its traceback went to the server's log, for whoever runs the service.
    log = (tmp_path / "server.log").read_text(errors="replace")
    assert "Traceback" in log and "OperationalError" in log
    assert '"GET /accessibility/ HTTP/1.1" 200' in log
    assert "Zebedee" not in log
