"""The Temporal dev server (Temporal CLI from the project venv), SQLite-backed, with its UI."""
import subprocess
import sys
import time
from pathlib import Path

from labkit import LabError
from labkit.ports import HOST

NAMESPACE = "default"
SEARCH_ATTRIBUTES = ("StandbyService", "StandbyKind", "StandbySite")


def cli() -> Path:
    # lab/lab runs us with the venv's python: the CLI sits next to it.
    return Path(sys.executable).parent / "temporal"


def command(lab_dir: Path, port: int, ui_port: int) -> list:
    cmd = [cli(), "server", "start-dev", "--ip", HOST, "--port", port, "--ui-port", ui_port,
           "--db-filename", lab_dir / "temporal.db", "--log-level", "warn",
           "--ui-disable-news-fetch",  # the lab has no internet; don't let the UI try
           # An activity a workflow schedules on its own worker's queue comes back with the workflow task's
           # answer instead of a trip through matching: tens of ms per failover step (README, "The fast path").
           "--dynamic-config-value", "system.enableActivityEagerExecution=true"]
    for name in SEARCH_ATTRIBUTES:
        cmd += ["--search-attribute", f"{name}=Keyword"]
    return cmd


def wait_ready(port: int, proc, log: Path, timeout: float = 60) -> None:
    """Until the frontend reports SERVING and the default namespace answers."""
    address = f"{HOST}:{port}"
    deadline = time.monotonic() + timeout
    checks = [["operator", "cluster", "health"], ["operator", "namespace", "describe", "-n", NAMESPACE]]
    for check in checks:
        while not _ok([cli(), *check, "--address", address]):
            if proc.poll() is not None:
                raise LabError(f"the Temporal dev server exited with code {proc.returncode}; see {log}")
            if time.monotonic() > deadline:
                raise LabError(f"the Temporal dev server does not answer on {address} after {timeout:.0f}s; see {log}")
            time.sleep(0.1)


def _ok(cmd: list) -> bool:
    try:
        done = subprocess.run([str(c) for c in cmd], stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0
