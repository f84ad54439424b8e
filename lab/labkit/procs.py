"""Starting, finding and stopping the lab's processes.

Every process runs detached (its own session) so it outlives the `lab` command and the JVM that ran
it. Recorded pids alone cannot be trusted to stop a lab (a pid may be reused, a postmaster may die
and leave its children), so a process counts as the lab's only when /proc says so:
  - it was started with STANDBY_LAB_DIR=<lab dir> in its environment (Temporal, HAProxy, the apps), or
  - it is a postgres process whose working directory is one of the lab's data dirs (PostgreSQL
    overwrites its environment block with its process title, but always runs in its data dir).
"""
import os
import signal
import subprocess
import time
from pathlib import Path

from labkit import LabError

MARK = "STANDBY_LAB_DIR"


def claim(lab_dir: Path) -> None:
    """Tags every process started from now on, short-lived commands too (cp, pg_basebackup), as the
    lab's: if `lab up` itself is killed half-way, `lab down` still finds what it had started."""
    os.environ[MARK] = str(lab_dir)


def spawn(lab_dir: Path, name: str, cmd: list, *, user: str = None, cwd: Path = None) -> subprocess.Popen:
    """Starts cmd detached, output appended to <lab>/logs/<name>.log, tagged as belonging to lab_dir."""
    log = open(lab_dir / "logs" / f"{name}.log", "ab")
    env = dict(os.environ, **{MARK: str(lab_dir)})
    try:
        return subprocess.Popen([str(c) for c in cmd], stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True, env=env,
                                cwd=cwd, **as_user(user))
    except OSError as e:
        raise LabError(f"cannot start {name} ({cmd[0]}): {e}") from e
    finally:
        log.close()


def run(cmd: list, what: str, *, user: str = None, timeout: float = 60) -> str:
    """Runs a short command to completion; fails with its output."""
    try:
        done = subprocess.run([str(c) for c in cmd], stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=timeout, **as_user(user))
    except (OSError, subprocess.TimeoutExpired) as e:
        raise LabError(f"{what} failed: {e}") from e
    if done.returncode != 0:
        raise LabError(f"{what} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}".rstrip())
    return done.stdout


def as_user(user: str) -> dict:
    """Popen arguments that run the child as user (with that user's group, no inherited groups)."""
    return {"user": user, "group": user, "extra_groups": []} if user else {}


def alive(pid: int) -> bool:
    """True while pid runs; a zombie nobody has reaped yet counts as gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def frozen(pid: int) -> bool:
    """Stopped by SIGSTOP (fault freeze-db): alive, but it runs no code."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] == "T"


def belongs_to(pid: int, lab_dir: Path) -> bool:
    return _marked(pid, lab_dir) or _postgres_of(pid, lab_dir)


def _marked(pid: int, lab_dir: Path) -> bool:
    try:
        env = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False
    return f"{MARK}={lab_dir}".encode() in env.split(b"\0")


def _postgres_of(pid: int, lab_dir: Path) -> bool:
    # Data dirs are <lab>/pg-<site>: a parent check, so a lab nested in another lab's dir stays apart.
    cwd = _cwd(pid)
    return cwd is not None and os.path.dirname(cwd) == str(lab_dir) and is_postgres(pid)


def postgres_of(data_dir: Path) -> list:
    """Every live process of the PostgreSQL cluster in data_dir (postmaster, backends, walsenders...)."""
    data_dir = str(data_dir.resolve())  # /proc shows real paths
    return [pid for pid in _all_pids() if alive(pid) and _cwd(pid) == data_dir and is_postgres(pid)]


def postmaster_of(data_dir: Path):
    """The pid in data_dir's postmaster.pid, or None."""
    try:
        return int((data_dir / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def find(lab_dir: Path) -> list:
    """Every live process of the lab in lab_dir, whether or not its pid was recorded."""
    mine, lab_dir = _self_and_ancestors(), lab_dir.resolve()
    return [pid for pid in _all_pids() if pid not in mine and alive(pid) and belongs_to(pid, lab_dir)]


def stop(pids: list, sig=signal.SIGTERM, grace: float = 5.0) -> list:
    """Sends sig, waits up to grace seconds; returns the pids still alive."""
    for pid in pids:
        send(pid, sig)
    return wait_gone(pids, grace)


def send(pid: int, sig) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def wait_gone(pids: list, timeout: float) -> list:
    """Waits up to timeout for the pids to end; returns those still alive."""
    deadline = time.monotonic() + timeout
    left = [p for p in pids if alive(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = [p for p in left if alive(p)]
    return left


def is_postgres(pid: int) -> bool:
    return _exe_name(pid) == "postgres"


def tail(log: Path, lines: int = 15) -> str:
    """The end of a log, to show with an error."""
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _all_pids() -> list:
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]


def _cwd(pid: int):
    try:
        # A data dir deleted under a running server still names its processes' cwd, with a suffix.
        return os.readlink(f"/proc/{pid}/cwd").removesuffix(" (deleted)")
    except OSError:
        return None


def _exe_name(pid: int):
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return None


def _self_and_ancestors() -> set:
    """The `lab` command itself may run inside the lab dir; never count it or its callers."""
    pids, pid = set(), os.getpid()
    while pid > 1:
        pids.add(pid)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            break
        pid = int(stat[stat.rindex(")") + 2:].split()[1])
    return pids
