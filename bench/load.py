"""A bounded load run: a fixed number of signed-in people using Safetymap at once, for a fixed
time, against the server as it is really run, then a check in the database of every write.

    make load                                   # SQLite and PostgreSQL, 8 and 16 clients, 60 s
    bench/load.py --engine sqlite --clients 8 --seconds 60
    bench/load.py --engine postgresql --database-url postgres://postgres@127.0.0.1:5499/postgres

Two ways of serving, each started here in a temporary folder with a database of its own:

- ``sqlite``: the embedded default as ``make run`` serves it: ``manage.py runserver`` with the
  development settings, its background worker beside it, the demo borough loaded.
- ``postgresql``: production settings (``SAFETYMAP_ENV=production``) under gunicorn with 4
  workers, plus the worker, on PostgreSQL: the server at ``--database-url`` (a role that may
  create databases), or a throwaway server started as ``make test`` starts one.

Each client is a thread with its own session (``requests``), signed in through the pages as a demo
person (password, then a backup code). It reads (My work, a child's record, the map, the
chronology) and writes (a case note, a contact, a change to its own map item), taking the CSRF
token and the item's revision from the form as a browser does. Every write carries a unique marker
text; some creating writes are sent twice at once, as a double click does. Afterwards the
database is read directly: a write answered as saved whose marker is missing is *lost*, a marker
found more than once is *duplicated*.

Not a timed test: it prints figures. Clients wait for each answer before the next request (30 s
at most), so the load is bounded and nothing queues without limit.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.run_tests import free_port, postgres_bindir, throwaway_postgres  # noqa: E402

PYTHON = sys.executable
PASSWORD = os.environ.get("SAFETYMAP_DEMO_PASSWORD", "Larkford-demo-2026")
# Two demo accounts with sight of Amara's record and map, each with ten one-time backup codes:
# enough second steps for 20 clients on one fresh copy of the demo.
ACCOUNTS = ("social.worker@larkford.example", "team.manager@larkford.example")
BACKUP_CODES = tuple(f"larkford{n:02}" for n in range(1, 11))
# The demo's Amara (child 1) and Tobi (child 2), and their draft map (safetymap/demo).
CHILDREN = (1, 2)
MAP = 7
REQUEST_TIMEOUT = 30.0
DOUBLE_SUBMIT_SHARE = 0.1  # of creating writes, sent twice at once
WRITE_SHARE = 0.3  # of actions; the rest are reads
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION = re.compile(r'name="revision" value="(\d+)"')
# The form's one-time key (core/submissions.py): a browser sends it back, twice on a double click.
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')


# --- What was sent and what came back ------------------------------------------------------------


@dataclass
class Answer:
    page: str  # a name for the page, not its URL, so figures group by page
    status: int  # 0: no answer (connection refused or reset, or no answer within the timeout)
    seconds: float
    error: str = ""


@dataclass
class Write:
    kind: str  # "note", "contact" or "item"
    marker: str
    saved: bool  # answered as saved (the redirect a successful save gives)
    sent_twice: bool = False
    client: int = 0
    order: int = 0  # for a client's item changes: which came last


@dataclass
class Tally:
    answers: list[Answer] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)

    def write(self, write: Write) -> None:
        with self.lock:
            self.writes.append(write)


class Client:
    """One person in a browser: a session, signed in through both steps."""

    def __init__(self, base: str, number: int, tally: Tally, *, behind_proxy: bool) -> None:
        self.base = base
        self.number = number
        self.tally = tally
        self.session = requests.Session()
        self.headers: dict[str, str] = {}
        self.behind_proxy = behind_proxy
        if behind_proxy:
            self.headers = {"X-Forwarded-Proto": "https"}
            # Django checks a secure POST's Origin against the host it serves.
            self.origin = "https://" + base.removeprefix("http://")
        else:
            self.origin = base
        self.item: int | None = None
        self.item_changes = 0

    def request(
        self, page: str, method: str, path: str, data: dict[str, Any] | None = None
    ) -> requests.Response | None:
        headers = dict(self.headers)
        if method == "POST":
            headers |= {"Origin": self.origin, "Referer": self.origin + path}
        started = time.perf_counter()
        try:
            response = self.session.request(
                method,
                self.base + path,
                data=data,
                headers=headers,
                allow_redirects=False,
                timeout=REQUEST_TIMEOUT,
            )
        except requests.RequestException as error:
            elapsed = time.perf_counter() - started
            self.tally.answer(Answer(page, 0, elapsed, type(error).__name__))
            return None
        elapsed = time.perf_counter() - started
        if self.behind_proxy:
            # Production cookies are Secure (and __Host-), which a client sends only over HTTPS.
            # The script stands where the council's TLS-terminating proxy stands (it sends
            # X-Forwarded-Proto), so it sends them over the loopback connection as the proxy
            # does. (A cookie policy would not do: requests copies the jar with its default.)
            for cookie in self.session.cookies:
                cookie.secure = False
        error = ""
        if response.status_code >= 500:
            error = _first_line_of_error(response.text)
        self.tally.answer(Answer(page, response.status_code, elapsed, error))
        return response

    def form(self, page: str, path: str) -> tuple[str, str, str] | None:
        """GET a form; its CSRF token, (for change forms) the revision it was drawn from, and
        its one-time key."""
        response = self.request(page, "GET", path)
        if response is None or response.status_code != 200:
            return None
        token = CSRF.search(response.text)
        revision = REVISION.search(response.text)
        key = SUBMISSION_KEY.search(response.text)
        return (
            token.group(1) if token else "",
            revision.group(1) if revision else "",
            key.group(1) if key else "",
        )

    def sign_in(self, account: str, code: str) -> None:
        form = self.form("sign in", "/sign-in/")
        if form is None:
            raise RuntimeError(f"client {self.number}: the sign-in page did not answer")
        first = self.request(
            "sign in",
            "POST",
            "/sign-in/",
            {"csrfmiddlewaretoken": form[0], "email": account, "password": PASSWORD},
        )
        second = self.form("sign in", "/sign-in/second-step/")
        if first is None or first.status_code != 302 or second is None:
            raise RuntimeError(f"client {self.number}: {account} could not sign in")
        done = self.request(
            "sign in",
            "POST",
            "/sign-in/second-step/",
            {"csrfmiddlewaretoken": second[0], "code": code},
        )
        if done is None or done.status_code != 302:
            raise RuntimeError(f"client {self.number}: the second step refused {code}")

    # --- Reads ---

    def read(self) -> None:
        child = random.choice(CHILDREN)
        page, path = random.choice(
            [
                ("my work", "/"),
                ("child's record", f"/children/{child}/"),
                ("map", f"/maps/{MAP}/"),
                ("chronology", f"/children/{child}/chronology/"),
            ]
        )
        self.request(page, "GET", path)

    # --- Writes ---

    def marker(self, kind: str) -> str:
        return f"load {kind} {uuid.uuid4().hex}"

    def post_write(
        self, kind: str, page: str, path: str, data: dict[str, Any], *, twice: bool
    ) -> None:
        """POST a write, once or as a double click (two at once); record whether it was saved."""
        marker = data["_marker"]
        body = {k: v for k, v in data.items() if k != "_marker"}
        if twice:
            answers: list[requests.Response | None] = [None, None]

            def send(i: int) -> None:
                answers[i] = self.request(page, "POST", path, body)

            threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        else:
            answers = [self.request(page, "POST", path, body)]
        saved = any(a is not None and a.status_code == 302 for a in answers)
        self.tally.write(Write(kind, marker, saved, twice, self.number, self.item_changes))

    def add_case_note(self, twice: bool) -> None:
        child = random.choice(CHILDREN)
        path = f"/children/{child}/notes/new/"
        form = self.form("add a case note (form)", path)
        if form is None:
            return
        today = date.today()
        marker = self.marker("note")
        data = {
            "_marker": marker,
            "csrfmiddlewaretoken": form[0],
            "submission_key": form[2],
            "happened_on-day": today.day,
            "happened_on-month": today.month,
            "happened_on-year": today.year,
            "note_type": "VISIT",
            "text": f"Visited at home. {marker}",
        }
        self.post_write("note", "add a case note", path, data, twice=twice)

    def record_contact(self, twice: bool) -> None:
        path = "/contacts/new/"
        form = self.form("record a contact (form)", path)
        if form is None:
            return
        today = date.today()
        marker = self.marker("contact")
        data = {
            "_marker": marker,
            "csrfmiddlewaretoken": form[0],
            "submission_key": form[2],
            "children": [random.choice(CHILDREN)],
            "received_on-day": today.day,
            "received_on-month": today.month,
            "received_on-year": today.year,
            "channel": "PHONE",
            "referrer_name": "Load Test Referrer",
            "referrer_role": "Teacher",
            "worried_about": f"The child came to school hungry. {marker}",
            "working_well": "",
            "needs_to_happen": "",
            "referrer_scale": "5",
            "consent": "NOT_SOUGHT",
        }
        self.post_write("contact", "record a contact", path, data, twice=twice)

    def item_data(self, token: str, text: str) -> dict[str, Any]:
        return {
            "csrfmiddlewaretoken": token,
            "category": "EXISTING_STRENGTH",
            "text": text,
            "source": "Load test",
            "danger_statement": "",
            "owner": "",
            "agreed_by": "",
            "disputed_by": "",
            "children": list(CHILDREN),
        }

    def add_own_item(self, run: str) -> str:
        """Before the clock starts: a map item of this client's own, so that its later changes
        can be checked exactly (nobody else changes it, so its last saved words must stay)."""
        path = f"/maps/{MAP}/items/new/"
        form = self.form("add a map item (form)", path)
        marker = f"load item {run} client {self.number} first"
        if form is None:
            raise RuntimeError(f"client {self.number}: the map item form did not answer")
        answer = self.request("add a map item", "POST", path, self.item_data(form[0], marker))
        if answer is None or answer.status_code != 302:
            status = answer.status_code if answer is not None else "no answer"
            raise RuntimeError(f"client {self.number}: adding a map item gave {status}")
        return marker

    def change_own_item(self) -> None:
        path = f"/maps/{MAP}/items/{self.item}/"
        form = self.form("change a map item (form)", path)
        if form is None:
            return
        self.item_changes += 1
        marker = self.marker("item")
        data = {"_marker": marker, **self.item_data(form[0], f"Goes to every review. {marker}")}
        data["revision"], data["submission_key"] = form[1], form[2]
        self.post_write("item", "change a map item", path, data, twice=False)

    def act(self) -> None:
        if random.random() >= WRITE_SHARE:
            self.read()
            return
        twice = random.random() < DOUBLE_SUBMIT_SHARE
        random.choice(
            [
                lambda: self.add_case_note(twice),
                lambda: self.record_contact(twice),
                self.change_own_item,
            ]
        )()


def _first_line_of_error(html: str) -> str:
    """The exception a debug page shows, or the page's title: what kind of 5xx it was."""
    for pattern in (r'<pre class="exception_value">([^<]*)', r"<title>([^<]*)</title>"):
        found = re.search(pattern, html)
        if found:
            return " ".join(found.group(1).split())[:120]
    return html.strip().splitlines()[0][:120] if html.strip() else ""


# --- The database, read directly afterwards ------------------------------------------------------


class Database:
    """Where one run's data lives, and how to count markers in it."""

    def __init__(self, url: str) -> None:
        self.url = url

    def texts(self, kind: str) -> list[str]:
        column = {
            "note": ("cases_casenote", "text"),
            "contact": ("cases_contact", "worried_about"),
            "item": ("mapping_mapitem", "text"),
        }[kind]
        query = f"SELECT {column[1]} FROM {column[0]} WHERE {column[1]} LIKE '%load %'"  # noqa: S608 - constant names
        if self.url.startswith("sqlite:///"):
            with contextlib.closing(sqlite3.connect(self.url.removeprefix("sqlite:///"))) as db:
                return [row[0] for row in db.execute(query)]
        import psycopg

        with psycopg.connect(self.url) as db:
            return [row[0] for row in db.execute(query)]

    def item_id(self, text: str) -> int:
        query = "SELECT id FROM mapping_mapitem WHERE text = "
        if self.url.startswith("sqlite:///"):
            with contextlib.closing(sqlite3.connect(self.url.removeprefix("sqlite:///"))) as db:
                return db.execute(query + "?", (text,)).fetchone()[0]
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(query + "%s", (text,)).fetchone()[0]


MARKER = re.compile(r"load (?:note|contact|item) [0-9a-f]{32}")


def check_writes(db: Database, writes: list[Write]) -> tuple[int, int]:
    """Lost and duplicated writes, from the markers present in the database.

    A case note or contact answered as saved must be there exactly once. A map item is changed
    only by its own client, so its text must be the last change answered as saved, or a later one
    (a change can be saved even if its answer never arrived); an earlier one or none is a loss.
    """
    found: Counter[str] = Counter()
    for kind in ("note", "contact", "item"):
        for text in db.texts(kind):
            found.update(MARKER.findall(text))
    lost = duplicated = 0
    for write in writes:
        if write.kind == "item":
            continue
        if write.saved and found[write.marker] == 0:
            lost += 1
        if found[write.marker] > 1:
            duplicated += found[write.marker] - 1
    by_client: dict[int, list[Write]] = {}
    for write in writes:
        if write.kind == "item":
            by_client.setdefault(write.client, []).append(write)
    for changes in by_client.values():
        changes.sort(key=lambda w: w.order)
        saved = [w.order for w in changes if w.saved]
        if not saved:
            continue
        now = [w.order for w in changes if found[w.marker]]
        if not now or max(now) < max(saved):
            lost += 1
    return lost, duplicated


# --- Serving -------------------------------------------------------------------------------------


@dataclass
class Engine:
    name: str  # "sqlite" or "postgresql"
    env: dict[str, str]  # for manage.py and the server
    database_url: str


def base_env(folder: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SAFETYMAP_", "DJANGO_"))}
    keep.pop("DATABASE_URL", None)
    return {
        **keep,
        "SAFETYMAP_VAR_DIR": str(folder),
        "SAFETYMAP_MEDIA_ROOT": str(folder / "media"),
        "SAFETYMAP_UPLOAD_ROOT": str(folder / "uploads"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def prepare(env: dict[str, str], migrated: bool) -> None:
    """Migrate (unless the database came migrated) and load the demo, as ``make run`` does."""
    if not migrated:
        manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_demo", "--if-empty", "--quiet-sign-ins")


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a database in WAL mode (the -wal file holds recent commits)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


@contextlib.contextmanager
def serving(engine: Engine, folder: Path) -> Iterator[str]:
    """The server and its background worker, as each engine is really run; stopped afterwards."""
    port = free_port()
    logs = (folder / "server.log").open("ab")
    if engine.name == "sqlite":
        # `make run` serves with runserver (threaded); --noreload keeps it to one process.
        command = [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    else:
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
        ]
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--queue-name", "*"],
        cwd=ROOT,
        env=engine.env,
        stdout=logs,
        stderr=logs,
    )
    server = subprocess.Popen(command, cwd=ROOT, env=engine.env, stdout=logs, stderr=logs)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            with contextlib.suppress(requests.RequestException):
                if requests.get(base + "/sign-in/", timeout=5).status_code < 500:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                # The folder is removed afterwards, so the log's end is shown here.
                tail = (folder / "server.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"the server did not start:\n{tail}")
            time.sleep(0.5)
        yield base
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        logs.close()


# --- One run -------------------------------------------------------------------------------------


@dataclass
class Figures:
    engine: str
    clients: int
    seconds: float
    requests: int
    server_errors: int
    no_answer: int
    p50_ms: float
    p95_ms: float
    writes_saved: int
    sent_twice: int
    lost: int
    duplicated: int
    failing: Counter[str]
    statuses: Counter[int]


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def run(engine: Engine, folder: Path, clients: int, seconds: float) -> Figures:
    if clients > len(ACCOUNTS) * len(BACKUP_CODES):
        raise SystemExit(f"at most {len(ACCOUNTS) * len(BACKUP_CODES)} clients (backup codes)")
    tally = Tally()
    db = Database(engine.database_url)
    run_id = uuid.uuid4().hex[:8]
    with serving(engine, folder) as base:
        people = [
            Client(base, n, tally, behind_proxy=engine.name == "postgresql") for n in range(clients)
        ]
        # Before the clock: sign in and add an item each, one after another, so that setting
        # up is not part of what is measured.
        for n, person in enumerate(people):
            person.sign_in(ACCOUNTS[n % len(ACCOUNTS)], BACKUP_CODES[n // len(ACCOUNTS)])
            person.item = db.item_id(person.add_own_item(run_id))
        tally.answers.clear()
        stop = time.monotonic() + seconds
        barrier = threading.Barrier(clients)

        def work(person: Client) -> None:
            barrier.wait()
            while time.monotonic() < stop:
                person.act()

        threads = [threading.Thread(target=work, args=(p,)) for p in people]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    lost, duplicated = check_writes(db, tally.writes)
    latencies = [a.seconds * 1000 for a in tally.answers if a.status]
    failing: Counter[str] = Counter(
        f"{a.page}: {a.status or 'no answer'} {a.error}".strip()
        for a in tally.answers
        if a.status == 0 or a.status >= 500
    )
    return Figures(
        engine=engine.name,
        clients=clients,
        seconds=elapsed,
        requests=len(tally.answers),
        server_errors=sum(a.status >= 500 for a in tally.answers),
        no_answer=sum(a.status == 0 for a in tally.answers),
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        writes_saved=sum(w.saved for w in tally.writes),
        sent_twice=sum(w.sent_twice for w in tally.writes),
        lost=lost,
        duplicated=duplicated,
        failing=failing,
        statuses=Counter(a.status for a in tally.answers),
    )


# --- Each engine, prepared once and copied for every run -----------------------------------------


def sqlite_runs(
    folder: Path, client_counts: list[int], seconds: float, migrated: Path | None
) -> Iterator[Figures]:
    """The embedded default: development settings and a SQLite file, as ``make run`` has them."""
    template = folder / "template.sqlite3"
    env = {**base_env(folder), "SAFETYMAP_ENV": "development"}
    if migrated:
        copy_sqlite(migrated, template)
    prepare({**env, "DATABASE_URL": f"sqlite:///{template}"}, migrated=migrated is not None)
    for clients in client_counts:
        database = folder / f"run-{clients}.sqlite3"
        copy_sqlite(template, database)  # a fresh demo (and fresh backup codes) for each run
        url = f"sqlite:///{database}"
        yield run(Engine("sqlite", {**env, "DATABASE_URL": url}, url), folder, clients, seconds)


def postgresql_runs(
    folder: Path, client_counts: list[int], seconds: float, server_url: str, prefix: str
) -> Iterator[Figures]:
    """Production settings under gunicorn, each run on a database copied from a prepared one."""
    import psycopg

    def database(name: str) -> str:
        return server_url.rsplit("/", 1)[0] + "/" + name

    template = f"{prefix}_template"
    names = [template, *(f"{prefix}_{clients}" for clients in client_counts)]

    def admin(sql: str) -> None:
        with psycopg.connect(server_url, autocommit=True) as db:
            db.execute(sql)

    for name in names:
        admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{template}"')
    try:
        # The demo is never loaded under production settings, so it is loaded under development
        # settings into the database production then serves.
        dev = {**base_env(folder), "SAFETYMAP_ENV": "development"}
        prepare({**dev, "DATABASE_URL": database(template)}, migrated=False)
        production = {
            **base_env(folder),
            "SAFETYMAP_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SAFETYMAP_BASE_URL": "http://127.0.0.1",
            # The script is the TLS-terminating proxy: it sends X-Forwarded-Proto itself.
            "SECURE_SSL_REDIRECT": "0",
            "SAFETYMAP_BREACHED_PASSWORD_CHECK": "0",  # no new passwords are set here
            "STATIC_ROOT": str(folder / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        manage({**production, "DATABASE_URL": database(template)}, "collectstatic", "--no-input")
        for clients in client_counts:
            name = f"{prefix}_{clients}"
            admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            url = database(name)
            engine = Engine("postgresql", {**production, "DATABASE_URL": url}, url)
            yield run(engine, folder, clients, seconds)
    finally:
        for name in names:
            with contextlib.suppress(psycopg.Error):
                admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Printing ------------------------------------------------------------------------------------


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def print_figures(figures: Figures) -> None:
    print(
        f"{figures.engine:<11} {figures.clients:>7} {figures.seconds:>5.0f} {figures.requests:>8} "
        f"{figures.server_errors:>7} {figures.no_answer:>9} {figures.p50_ms:>7.0f} "
        f"{figures.p95_ms:>7.0f} {figures.writes_saved:>6} {figures.sent_twice:>6} "
        f"{figures.lost:>5} {figures.duplicated:>5}",
        flush=True,
    )


HEADER = (
    f"{'engine':<11} {'clients':>7} {'s':>5} {'requests':>8} {'5xx':>7} {'no answer':>9} "
    f"{'p50 ms':>7} {'p95 ms':>7} {'saved':>6} {'twice':>6} {'lost':>5} {'dupl.':>5}"
)


def print_details(results: list[Figures]) -> None:
    print(f"Load average after: {load_average()}")
    print(
        "\n5xx: server errors; no answer: refused, reset or over "
        f"{REQUEST_TIMEOUT:.0f} s; saved: writes answered as saved; twice: writes sent twice at "
        "once (a double click); lost: answered as saved but not in the database; dupl.: extra "
        "copies of one write."
    )
    for figures in results:
        if figures.failing:
            print(f"\n{figures.engine}, {figures.clients} clients: what failed")
            for what, count in figures.failing.most_common(12):
                print(f"  {count:>6}  {what}")
        others = {s: n for s, n in figures.statuses.items() if s not in {200, 302} and s < 500}
        if others:
            print(f"{figures.engine}, {figures.clients} clients: other answers {others}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", default="8,16", help="comma-separated, e.g. 8,16")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("SAFETYMAP_LOAD_DATABASE_URL", ""),
        help="a PostgreSQL server (any database on it, as a role that may create databases); "
        "without it a throwaway server is started",
    )
    parser.add_argument(
        "--database-prefix",
        default="safetymap_load",
        help="names of the PostgreSQL databases made (and dropped) here",
    )
    parser.add_argument(
        "--migrated-sqlite",
        type=Path,
        help="a migrated SQLite database to start from, to save migrate's minute (tests)",
    )
    args = parser.parse_args(argv)
    client_counts = [int(n) for n in args.clients.split(",")]
    print(f"Load average before: {load_average()} ({os.cpu_count()} cores)", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="safetymap-load-"))
    results: list[Figures] = []
    try:
        print(HEADER, flush=True)
        if args.engine in {"sqlite", "both"}:
            for figures in sqlite_runs(folder, client_counts, args.seconds, args.migrated_sqlite):
                print_figures(figures)
                results.append(figures)
        if args.engine in {"postgresql", "both"}:
            with contextlib.ExitStack() as stack:
                url = args.database_url
                if not url:
                    bindir = postgres_bindir()
                    if bindir is None:
                        raise SystemExit("no PostgreSQL server: give --database-url")
                    url = stack.enter_context(throwaway_postgres(bindir))
                for figures in postgresql_runs(
                    folder, client_counts, args.seconds, url, args.database_prefix
                ):
                    print_figures(figures)
                    results.append(figures)
    except subprocess.CalledProcessError as failed:
        print(failed.stderr.decode(errors="replace"), file=sys.stderr)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        # Also when a later run fails: the figures already measured are kept.
        print_details(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
