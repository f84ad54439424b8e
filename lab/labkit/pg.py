"""The two PostgreSQL sites: site-a a primary, site-b its streaming replica.

PostgreSQL refuses to run as root, so as root every PostgreSQL binary runs as the `postgres` OS
user (the Debian package creates it) and the data dirs belong to it. The user switch happens in
the spawned process itself (not through `runuser`), so the pid we record is the postmaster's own.
Unix sockets are off (test state dirs can be longer than a socket path may be): TCP on 127.0.0.1 only.
"""
import fcntl
import glob
import hashlib
import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psycopg

from labkit import LabError, ports, procs
from labkit.ports import HOST

CACHE = Path(__file__).resolve().parent.parent / ".cache"

USER = "standby"
DATABASE = "orders"

HBA = """\
# The lab binds 127.0.0.1 only and holds no secrets: trust on loopback, replication included.
host  all          all  127.0.0.1/32  trust
host  replication  all  127.0.0.1/32  trust
"""

SHARED_CONF = """\
# Settings both sites share (copied to site-b by pg_basebackup).
listen_addresses = '127.0.0.1'
unix_socket_directories = ''   # TCP only: socket paths are limited to ~107 characters
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
wal_log_hints = on             # failback rewinds the old primary with pg_rewind
wal_keep_size = '256MB'        # a replica that fell behind (or was rewound) can catch up without a slot
fsync = off                    # the lab kills processes, not hosts: written WAL survives in the page cache
shared_buffers = '32MB'
max_connections = 50
log_line_prefix = '%m [%p] '
recovery_init_sync_method = syncfs  # one syncfs() instead of an fsync per file: the replica starts in ms, not seconds
"""

SCHEMA = """\
CREATE TABLE orders (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site text NOT NULL,
  item text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
)"""


def bin_dir() -> Path:
    """The newest installed PostgreSQL (Debian keeps each major version in its own dir)."""
    if os.environ.get("LAB_PG_BIN"):
        return Path(os.environ["LAB_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise LabError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql")
    return Path(found[-1]).parent


def os_user():
    """The OS user PostgreSQL runs as: `postgres` when we are root, else ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError as e:
        raise LabError("running as root needs the `postgres` OS user (apt-get install postgresql)") from e
    return "postgres"


def init_primary(lab_dir: Path, data_dir: Path, port: int, site: str) -> None:
    """A ready primary, orders schema included, copied from the template (much faster than initdb)."""
    procs.run(["cp", "-a", template(lab_dir), data_dir], f"copying the PostgreSQL template for {site}")
    _write_site_conf(data_dir, port, site)


def template(lab_dir: Path) -> Path:
    """A cleanly shut down cluster with the lab's settings and schema, built once per PostgreSQL
    version and settings under lab/.cache, since initdb is the slowest step of `lab up`."""
    key = hashlib.sha256(f"{bin_dir()}{HBA}{SHARED_CONF}{SCHEMA}".encode()).hexdigest()[:12]
    path = CACHE / f"pg-template-{key}"
    if path.exists():
        return path
    CACHE.mkdir(exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel `lab up`s: one builds, the others wait for it
        if not path.exists():
            # Built inside the lab dir, so `lab down` stops its server should `up` die half-way.
            building = lab_dir / "pg-template"
            _build_template(building)
            procs.run(["mv", building, path], "moving the PostgreSQL template into lab/.cache")
    return path


def _build_template(data_dir: Path) -> None:
    _make_data_dir(data_dir)
    procs.run([bin_dir() / "initdb", "-D", data_dir, "-U", USER, "--auth=trust", "-E", "UTF8",
               "--locale=C", "--no-sync"], "initdb", user=os_user())
    _write(data_dir / "pg_hba.conf", HBA)
    _write(data_dir / "lab.conf", SHARED_CONF)
    with open(data_dir / "postgresql.conf", "a") as conf:
        conf.write("\n# The lab's settings; lab-site.conf is this site's own (port, name).\n"
                   "include 'lab.conf'\ninclude 'lab-site.conf'\n")
    port = ports.free_port()
    _write_site_conf(data_dir, port, "template")
    log = data_dir.parent / "logs" / "pg-template.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([str(c) for c in command(data_dir)], cwd=data_dir, stdin=subprocess.DEVNULL,
                                  stdout=out, stderr=subprocess.STDOUT, **procs.as_user(os_user()))
    try:
        wait_ready(port, server, "the template's PostgreSQL", log)
        create_schema(port)
    finally:
        server.send_signal(signal.SIGINT)  # fast shutdown: a clean checkpoint, nothing to recover on copy
        server.wait(30)


def clone_replica(primary_port: int, data_dir: Path, port: int, site: str) -> None:
    """A streaming replica: -R writes standby.signal and primary_conninfo, -X stream brings the WAL."""
    _make_data_dir(data_dir)
    procs.run([bin_dir() / "pg_basebackup", "-h", HOST, "-p", primary_port, "-U", USER, "-D", data_dir,
               "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"],
              f"pg_basebackup for {site}", user=os_user())
    _write_site_conf(data_dir, port, site)


def command(data_dir: Path) -> list:
    # Run it with cwd=data_dir and user=os_user(): the postmaster itself, no pg_ctl in between.
    return [bin_dir() / "postgres", "-D", data_dir]


def create_schema(port: int) -> None:
    with connect(port, "postgres") as conn:
        conn.execute(f"CREATE DATABASE {DATABASE}")
    with connect(port) as conn:
        conn.execute(SCHEMA)


def connect(port: int, dbname: str = DATABASE, timeout: int = 2):
    return psycopg.connect(host=HOST, port=port, user=USER, dbname=dbname, connect_timeout=timeout,
                           autocommit=True)


def wait_ready(port: int, proc, name: str, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with connect(port, "postgres", timeout=1):
                return
        except psycopg.OperationalError as e:
            if proc.poll() is not None:
                raise LabError(f"{name} exited with code {proc.returncode}; see {log}:\n{procs.tail(log)}") from e
            if time.monotonic() > deadline:
                raise LabError(f"{name} does not accept connections on port {port} after {timeout:.0f}s: {e}") from e
        time.sleep(0.05)


def wait_streaming(primary_port: int, replica: str, timeout: float = 30) -> None:
    """Until the primary shows the replica (by its cluster_name) streaming in pg_stat_replication."""
    deadline = time.monotonic() + timeout
    with connect(primary_port, "postgres") as conn:
        while True:
            row = conn.execute("SELECT state FROM pg_stat_replication WHERE application_name = %s",
                               (replica,)).fetchone()
            if row and row[0] == "streaming":
                return
            if time.monotonic() > deadline:
                raise LabError(f"{replica} is not streaming from the primary after {timeout:.0f}s "
                               f"(state: {row[0] if row else 'not connected'})")
            time.sleep(0.05)


def role(port: int) -> str:
    """primary, replica or down, as the server itself says."""
    try:
        with connect(port, "postgres", timeout=1) as conn:
            return "replica" if conn.execute("SELECT pg_is_in_recovery()").fetchone()[0] else "primary"
    except psycopg.Error:
        return "down"


def _write_site_conf(data_dir: Path, port: int, site: str) -> None:
    # cluster_name is also the replica's application_name in the primary's pg_stat_replication.
    _write(data_dir / "lab-site.conf", f"port = {port}\ncluster_name = '{site}'\n")


def _make_data_dir(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    _own(data_dir)


def _write(path: Path, text: str) -> None:
    path.write_text(text)
    _own(path)


def own(path: Path) -> None:
    """Creates path if needed and hands it to the OS user PostgreSQL runs as."""
    path.touch()
    _own(path)


def postmaster_pid(data_dir: Path):
    """The pid in data_dir/postmaster.pid (its first line) while that server runs, else None."""
    try:
        pid = int((data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    return pid if procs.alive(pid) else None


def _own(path: Path) -> None:
    user = os_user()
    if user:
        shutil.chown(path, user, user)
