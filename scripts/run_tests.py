#!/usr/bin/env python
"""`make test`: lint, then the suite on SQLite, then on a throwaway PostgreSQL server with the
browser tests (Debian's chromium, axe-core on every page). Prints which engines ran.

Nothing is skipped silently. A missing prerequisite stops the run with what to install; when run
as root (as CI is) it installs Debian's postgresql and chromium itself. A skipped test fails the
run, because a skip here would mean a part of the product went unchecked.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from subprocess import DEVNULL

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
IS_ROOT = os.geteuid() == 0
CHROMIUM = os.environ.get("SAFETYMAP_CHROMIUM", "/usr/bin/chromium")
# Test processes: one per core, at most 4 (SAFETYMAP_TEST_WORKERS=1 runs them one at a time).
WORKERS = os.environ.get("SAFETYMAP_TEST_WORKERS") or str(min(os.cpu_count() or 1, 4))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


class Missing(SystemExit):
    def __init__(self, what: str) -> None:
        super().__init__(f"\nmake test cannot run: {what}\n")


def say(message: str) -> None:
    print(f"\n==> {message}", flush=True)


# --- Prerequisites --------------------------------------------------------------------------------


def apt_install(*packages: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # With recommends, as tested: chromium's recommended fonts render text as on a real desktop.
    command = ["apt-get", "install", "-y", *packages]
    say(f"Installing Debian packages: {' '.join(packages)}")
    if subprocess.run(command, env=env).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, check=False)
        subprocess.run(command, env=env, check=True)


def postgres_bindir() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if candidates:
        return Path(candidates[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def ensure_prerequisites() -> Path:
    if postgres_bindir() is None:
        if not IS_ROOT:
            raise Missing(
                "the PostgreSQL server is not installed. On Debian or Ubuntu: "
                "sudo apt-get install postgresql"
            )
        apt_install("postgresql")
    if not os.access(CHROMIUM, os.X_OK):
        if not IS_ROOT:
            raise Missing(
                f"Chromium is not at {CHROMIUM}. On Debian: sudo apt-get install chromium "
                "(or set SAFETYMAP_CHROMIUM to a Chromium binary)"
            )
        apt_install("chromium")
    if ctypes.util.find_library("pango-1.0") is None:
        # WeasyPrint (Words and Pictures booklets) draws text with Pango.
        if not IS_ROOT:
            raise Missing(
                "Pango is not installed (WeasyPrint needs it for PDFs). On Debian: "
                "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
            )
        apt_install("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core")
    if not AXE.exists():
        raise Missing("axe-core is missing from node_modules: run npm ci")
    bindir = postgres_bindir()
    assert bindir is not None
    return bindir


# --- A throwaway PostgreSQL server ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres_user() -> list[str]:
    """PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user."""
    if not IS_ROOT:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError as missing:
        raise Missing(
            "running as root needs the 'postgres' system user (apt-get install postgresql)"
        ) from missing
    return ["runuser", "-u", "postgres", "--"]


def _server_folder() -> Path:
    as_user = _as_postgres_user()  # as root, says what is missing before making anything
    folder = Path(tempfile.mkdtemp(prefix="safetymap-pg-"))
    if as_user:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    return folder


@contextlib.contextmanager
def _serving(bindir: Path, folder: Path, port: int, settings: str) -> Iterator[None]:
    """pg_ctl start on ``folder``/data at ``port``, stopped and removed afterwards."""
    as_user = _as_postgres_user()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 {settings}"
    command = [*as_user, str(bindir / "pg_ctl"), "-D", str(folder / "data")]
    log = ["-l", str(folder / "server.log")]
    subprocess.run([*command, "-o", options, *log, "-w", "start"], check=True, stdout=DEVNULL)
    try:
        yield
    finally:
        subprocess.run([*command, "-m", "immediate", "stop"], stdout=DEVNULL, check=False)
        shutil.rmtree(folder, ignore_errors=True)


# Durability is switched off: these databases live for one test run.
NOT_DURABLE = "-c fsync=off -c full_page_writes=off -c max_connections=50"


@contextlib.contextmanager
def throwaway_postgres(bindir: Path, *, synchronous_commit: str = "off") -> Iterator[str]:
    """initdb in a temporary folder, serve on a free loopback port, remove it all afterwards.

    ``synchronous_commit`` "off" unless a replica is to follow it (see below)."""
    folder = _server_folder()
    subprocess.run(
        [
            *_as_postgres_user(),
            str(bindir / "initdb"),
            "-D",
            str(folder / "data"),
            "-U",
            "safetymap",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--locale=C.UTF-8",
        ],
        check=True,
        stdout=DEVNULL,
    )
    port = free_port()
    settings = f"{NOT_DURABLE} -c synchronous_commit={synchronous_commit}"
    with _serving(bindir, folder, port, settings):
        yield f"postgres://safetymap@127.0.0.1:{port}/safetymap"


def _psql(bindir: Path, url: str, *statements: str) -> None:
    commands = [arg for statement in statements for arg in ("-c", statement)]
    subprocess.run(
        [str(bindir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", url, *commands],
        check=True,
        stdout=DEVNULL,
    )


@contextlib.contextmanager
def throwaway_postgres_with_replica(bindir: Path) -> Iterator[tuple[str, str]]:
    """A throwaway primary and a hot-standby streaming replica of it (pg_basebackup -R), on two
    free ports; yields both URLs. The router's tests read real replicated data through it
    (tests/core/test_db_routing.py), and the rest of the suite runs with it configured.

    Every commit on the primary waits until the replica has applied it (synchronous_commit
    remote_apply), so a test that writes and then reads a page through the replica sees what it
    wrote, as it would once a real replica has caught up: the suite stays deterministic, and the
    tests that need a lagging replica pause its replay themselves. The test databases pytest
    creates (test_<name>, test_<name>_gwN) reach the replica by the same streaming."""
    with throwaway_postgres(bindir, synchronous_commit="on") as primary_url:
        primary_port = primary_url.split(":")[2].split("/")[0]
        folder = _server_folder()
        subprocess.run(
            [
                *_as_postgres_user(),
                str(bindir / "pg_basebackup"),
                "--host=127.0.0.1",
                f"--port={primary_port}",
                "--username=safetymap",
                f"--pgdata={folder / 'data'}",
                "--write-recovery-conf",
                "--wal-method=stream",
                "--checkpoint=fast",
                "--no-sync",
            ],
            check=True,
            stdout=DEVNULL,
        )
        port = free_port()
        with _serving(bindir, folder, port, f"{NOT_DURABLE} -c hot_standby=on"):
            admin = primary_url.rsplit("/", 1)[0] + "/postgres"
            _psql(
                bindir,
                admin,
                "ALTER SYSTEM SET synchronous_standby_names = '*'",
                "ALTER SYSTEM SET synchronous_commit = 'remote_apply'",
                "SELECT pg_reload_conf()",
            )
            _wait_until_streaming(bindir, admin)
            yield primary_url, f"postgres://safetymap@127.0.0.1:{port}/safetymap"


def _wait_until_streaming(bindir: Path, admin_url: str, timeout: float = 60) -> None:
    """Until the primary sees its replica as a synchronous standby, streaming."""
    deadline = time.monotonic() + timeout
    query = (
        "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND sync_state = 'sync'"
    )
    while time.monotonic() < deadline:
        answer = subprocess.run(
            [str(bindir / "psql"), "-X", "-At", admin_url, "-c", query],
            capture_output=True,
            text=True,
            check=False,
        )
        if answer.stdout.strip() == "1":
            return
        time.sleep(0.1)
    raise SystemExit("the test run's PostgreSQL replica did not start streaming within a minute")


# --- Running the suite ----------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    passed: int
    failed: int
    skipped: int
    seconds: float

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.skipped == 0 and self.passed > 0


def pytest_run(name: str, database_url: str, markers: str, replica_url: str = "") -> Result:
    say(f"Tests on {name}")
    report = Path(tempfile.mkstemp(prefix="safetymap-junit-", suffix=".xml")[1])
    env = {
        **os.environ,
        "SAFETYMAP_ENV": "test",
        "DATABASE_URL": database_url,
        "DATABASE_REPLICA_URL": replica_url,
        "SAFETYMAP_CHROMIUM": CHROMIUM,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    started = time.monotonic()
    subprocess.run(
        [
            PYTHON,
            "-m",
            "pytest",
            "-m",
            markers,
            "-q",
            "-rs",
            # One test process per core (pytest-xdist; each has its own test database).
            "--numprocesses",
            WORKERS,
            f"--junitxml={report}",
        ],
        cwd=ROOT,
        env=env,
        check=False,
    )
    seconds = time.monotonic() - started
    suite = ET.parse(report).getroot()  # noqa: S314 - our own pytest's report
    suite = suite if suite.tag == "testsuite" else suite[0]
    report.unlink()
    total, skipped = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    return Result(name, total - failed - skipped, failed, skipped, seconds)


def lint() -> Result:
    say("ruff: lint and format check")
    started = time.monotonic()
    failures = 0
    for command in (["check", "."], ["format", "--check", "."]):
        failures += subprocess.run([PYTHON, "-m", "ruff", *command], cwd=ROOT).returncode != 0
    return Result("ruff (lint, format)", 2 - failures, failures, 0, time.monotonic() - started)


def security_lint() -> Result:
    """bandit over our own code: any high-severity finding fails the run."""
    say("bandit: security lint (fails on high severity)")
    started = time.monotonic()
    command = [
        PYTHON,
        "-m",
        "bandit",
        "-q",
        "-r",
        "safetymap",
        "config",
        "--severity-level",
        "high",
    ]
    failed = subprocess.run(command, cwd=ROOT).returncode != 0
    return Result(
        "bandit (no high findings)", int(not failed), int(failed), 0, time.monotonic() - started
    )


def dependency_audit() -> Result:
    """pip-audit of requirements.lock against the PyPI vulnerability data: a known vulnerability
    fails the run. Where the database cannot be reached (a machine without that network), it
    says so plainly instead of pretending the dependencies were checked."""
    say("pip-audit: known vulnerabilities in requirements.lock")
    started = time.monotonic()
    completed = subprocess.run(
        [
            PYTHON,
            "-m",
            "pip_audit",
            "-r",
            "requirements.lock",
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        dependencies = json.loads(completed.stdout)["dependencies"]
    except (ValueError, KeyError):
        print(completed.stdout, completed.stderr, sep="\n")
        return Result("pip-audit", 0, 1, 0, time.monotonic() - started)
    vulnerable = [d for d in dependencies if d.get("vulns")]
    checked = [d for d in dependencies if "skip_reason" not in d]
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"  {dependency['name']} {dependency['version']}: {ids}")
    if not checked:
        print(
            f"  WARNING: none of the {len(dependencies)} locked packages could be checked: the "
            "vulnerability database (pypi.org) is not reachable from this machine. Run "
            "`python -m pip_audit -r requirements.lock` where it is."
        )
    name = f"pip-audit ({len(checked)} of {len(dependencies)} checked)"
    return Result(name, int(not vulnerable), int(bool(vulnerable)), 0, time.monotonic() - started)


def main() -> int:
    bindir = ensure_prerequisites()
    # The backup tests use pg_dump and pg_restore of the throwaway server's own version.
    os.environ.setdefault("SAFETYMAP_PG_BINDIR", str(bindir))
    results = [lint(), security_lint(), dependency_audit()]
    results.append(
        pytest_run(
            "SQLite",
            "sqlite:///" + str(ROOT / "var" / "test.sqlite3"),
            "not browser and not postgresql",
        )
    )
    started = time.monotonic()
    with throwaway_postgres_with_replica(bindir) as (url, replica_url):
        say(f"PostgreSQL and its streaming replica ready in {time.monotonic() - started:.1f}s")
        engine = f"PostgreSQL {bindir.parent.name} with a streaming replica"
        # The load script's smoke test brings its own SQLite database: it ran in the SQLite pass.
        results.append(pytest_run(engine, url, "not browser and not embedded_sqlite", replica_url))
        results.append(pytest_run(f"{engine}: browser and axe-core", url, "browser", replica_url))
    print("\nSummary")
    for r in results:
        status = "ok" if r.ok else "FAILED"
        note = " (a skipped test counts as a failure)" if r.skipped else ""
        print(
            f"  {r.name:<48} {status:<7} passed {r.passed:>4}  failed {r.failed:>3}  "
            f"skipped {r.skipped:>3}  {r.seconds:6.1f}s{note}"
        )
    engines = [r.name for r in results if r.name.startswith(("SQLite", "PostgreSQL")) and r.passed]
    print(f"  Engines that ran: {', '.join(engines) or 'none'}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
