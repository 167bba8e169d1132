"""`make run`: the development server and one background worker, started and stopped together.

The worker (`manage.py run_worker`) holds `var/worker.lock`, so a second `make run` never starts
a second worker; it stops by itself if this process is killed (`--exit-with-parent`, which also
catches `kill -9`, where no clean-up can run). If the worker stops, it is started again after a
pause; when the server stops, the worker is stopped with it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESTART_PAUSE_SECONDS = 2.0


def start_worker() -> subprocess.Popen:
    lock = Path(os.environ.get("SAFETYMAP_VAR_DIR", ROOT / "var")) / "worker.lock"
    command = [PYTHON, "manage.py", "run_worker", "--queue-name", "*"]
    command += ["--lock-file", str(lock), "--exit-with-parent"]
    return subprocess.Popen(command, cwd=ROOT)


def main() -> int:
    port = os.environ.get("PORT", "8000")
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    worker = start_worker()
    server = subprocess.Popen([PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}"], cwd=ROOT)
    try:
        while not stopping and server.poll() is None:
            if worker.poll() is not None:
                print(
                    f"The background worker stopped (exit {worker.returncode}): starting it again."
                )
                time.sleep(RESTART_PAUSE_SECONDS)
                worker = start_worker()
            time.sleep(0.5)
    finally:
        for process in (server, worker):
            if process.poll() is None:
                process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return server.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
