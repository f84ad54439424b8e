"""The two-site lab (three with `up --sites 3`) on 127.0.0.1: a Temporal dev server, PostgreSQL site-a (primary) and site-b (its
streaming replica), one sample app per site and HAProxy in front. Run it through lab/lab, which
installs what is missing first.

  lab up [--dir DIR] [--ports auto] [--without temporal] [--with clouds] [--only clouds|moto|gcs|azurite]
  lab down [--dir DIR] [--keep]
  lab status [--dir DIR]
  lab fault kill-db|freeze-db|thaw-db|stop-app|start-app SITE [--dir DIR]
  lab restart temporal [--dir DIR]

`--with clouds` adds the cloud emulators (moto, fake-gcs-server, Azurite); `--only clouds` starts
nothing else, and `--only moto` (or gcs, azurite) only that one emulator. Everything the lab knows about itself is in DIR/lab.json; the worker's topology in DIR/topology.yaml.
"""
import argparse
import contextlib
import fcntl
import hashlib
import json
import shutil
import signal
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from labkit import LabError, clouds, haproxy, pg, ports, procs, temporal, topology
from labkit.ports import HOST

REPO = Path(__file__).resolve().parent.parent
SITES = ("site-a", "site-b")
# `up --sites 3` adds site-c, a second streaming replica of site-a with its own app and HAProxy server.
ALL_SITES = ("site-a", "site-b", "site-c")
# Marks a directory as a lab's: `down` deletes only such directories, `up` reuses only such.
MARKER = ".standby-lab"


# ---------------------------------------------------------------- up

def up(lab_dir: Path, auto_ports: bool, parts: list) -> None:
    info = load(lab_dir)
    if info and info.get("state") == "up" and not dead_processes(lab_dir, info):
        print(f"lab already up in {lab_dir}")
        return print_summary(info)
    leftovers = procs.find(lab_dir)
    if leftovers:
        dead = ", ".join(dead_processes(lab_dir, info or {})) or "unknown"
        raise LabError(f"a lab in {lab_dir} is partly running ({len(leftovers)} processes; not running: {dead}); "
                       f"run `lab down --dir {lab_dir}` first")
    clear(lab_dir)  # stale state of a lab that no longer runs (crash, reboot)
    started = time.monotonic()
    info = new_info(lab_dir, ports.choose(auto_ports, parts), parts)
    procs.claim(lab_dir)
    (lab_dir / "logs").mkdir(parents=True)
    (lab_dir / MARKER).touch()
    save(lab_dir, info)
    try:
        start_all(lab_dir, info)
    except BaseException:
        # Leave no process behind; keep the dir, its logs say what went wrong.
        stop_all(lab_dir)
        info["state"] = "failed"
        save(lab_dir, info)
        raise
    if "sites" in parts:
        (lab_dir / "topology.yaml").write_text(topology.render(info, *temporal_endpoints(info)))
    info["state"] = "up"
    info["startupSeconds"] = round(time.monotonic() - started, 2)
    save(lab_dir, info)
    print(f"lab up in {info['startupSeconds']}s")
    print_summary(info)


def new_info(lab_dir: Path, port: dict, parts: list) -> dict:
    """lab.json: every port, pid, data dir and URL others need to find the lab's parts."""
    with_temporal = "temporal" in parts
    info = {
        "state": "starting",
        "dir": str(lab_dir),
        "parts": parts,
        "withTemporal": with_temporal,
        "ports": port,
        "pids": {},
        "temporalTarget": f"{HOST}:{port['temporal']}" if with_temporal else None,
        "temporalNamespace": temporal.NAMESPACE if with_temporal else None,
        "temporalUiUrl": f"http://{HOST}:{port['temporalUi']}" if with_temporal else None,
    }
    if clouds.emulators(parts):
        info["clouds"] = clouds.endpoints(port, clouds.emulators(parts))
    if "sites" in parts:
        info.update(sites_info(lab_dir, port))
    return info


def sites_of(info: dict) -> tuple:
    """The lab's sites: site-a and site-b, and site-c when it was started with `--sites 3`."""
    return ALL_SITES if "site-c" in parts_of(info) else SITES


def sites_info(lab_dir: Path, port: dict) -> dict:
    sites = ALL_SITES if "pg-site-c" in port else SITES
    return {
        "frontDoorUrl": f"http://{HOST}:{port['front']}",
        "haproxyAdmin": f"{HOST}:{port['haproxyAdmin']}",
        "haproxyBackend": haproxy.BACKEND,
        "haproxyConfig": str(lab_dir / "haproxy.cfg"),
        "appUrls": {s: f"http://{HOST}:{port['app-' + s]}" for s in sites},
        "jdbcUrls": {s: f"jdbc:postgresql://{HOST}:{port['pg-' + s]}/{pg.DATABASE}" for s in sites},
        "dbUser": pg.USER,
        "dataDirs": {s: str(data_dir(lab_dir, s)) for s in sites},
        "logDir": str(lab_dir / "logs"),
        "topology": str(lab_dir / "topology.yaml"),
    }


def parts_of(info: dict) -> list:
    # Labs recorded before parts existed had the sites, and Temporal unless left out.
    return info.get("parts") or (["temporal", "sites"] if info.get("withTemporal") else ["sites"])


def start_all(lab_dir: Path, info: dict) -> None:
    """Starts the slow and independent parts first, then builds the databases while they come up."""
    port = info["ports"]
    running = {}

    def launch(name, cmd, **kwargs):
        running[name] = procs.spawn(lab_dir, name, cmd, **kwargs)
        info["pids"][name] = running[name].pid
        save(lab_dir, info)  # so `down` knows about it even if `up` dies next

    parts = parts_of(info)
    if info["withTemporal"]:
        launch("temporal", temporal.command(lab_dir, port["temporal"], port["temporalUi"]))
    emulators = clouds.emulators(parts)
    if "moto" in emulators:
        launch("moto", clouds.moto_command(port["moto"]))
    if "gcs" in emulators:
        launch("gcs", clouds.gcs_command(port["gcs"]))
    if "azurite" in emulators:
        launch("azurite", clouds.azurite_command(lab_dir, port["azureBlob"]))
    if "sites" in parts:
        start_sites(lab_dir, info, launch, running)
    for name in emulators:
        wait_listening(lab_dir, name, running[name], port[clouds.PORT_KEY[name]], timeout=60)
    if emulators:
        wait_clouds_ready(port, emulators)
    if info["withTemporal"]:
        temporal.wait_ready(port["temporal"], running["temporal"], log_of(lab_dir, "temporal"))
    check_still_running(lab_dir, running)


def wait_clouds_ready(port: dict, emulators: list, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not clouds.ready(port, emulators):
        if time.monotonic() > deadline:
            raise LabError(f"the cloud emulators do not answer after {timeout:.0f}s")
        time.sleep(0.1)


def start_sites(lab_dir: Path, info: dict, launch, running: dict) -> None:
    """HAProxy and the apps, then the databases, built while the others come up."""
    port = info["ports"]
    sites = sites_of(info)
    haproxy.write_config(lab_dir / "haproxy.cfg", port, sites)
    launch("haproxy", haproxy.command(lab_dir / "haproxy.cfg"))
    for site in sites:
        launch(f"app-{site}", app_command(info, site))

    a = data_dir(lab_dir, "site-a")
    for site in sites:
        # Standby's resync restarts a site's PostgreSQL with pg_ctl, as the postgres user: it appends here.
        pg.own(log_of(lab_dir, f"pg-{site}"))
    pg.init_primary(lab_dir, a, port["pg-site-a"], "site-a")
    launch("pg-site-a", pg.command(a), user=pg.os_user(), cwd=a)
    pg.wait_ready(port["pg-site-a"], running["pg-site-a"], "pg-site-a", log_of(lab_dir, "pg-site-a"))
    for replica in sites[1:]:
        d = data_dir(lab_dir, replica)
        pg.clone_replica(port["pg-site-a"], d, port[f"pg-{replica}"], replica)
        launch(f"pg-{replica}", pg.command(d), user=pg.os_user(), cwd=d)
        pg.wait_ready(port[f"pg-{replica}"], running[f"pg-{replica}"], f"pg-{replica}", log_of(lab_dir, f"pg-{replica}"))
    for replica in sites[1:]:
        pg.wait_streaming(port["pg-site-a"], replica)

    for name, key in [*[(f"app-{s}", f"app-{s}") for s in sites],
                      ("haproxy", "front"), ("haproxy", "haproxyAdmin")]:
        wait_listening(lab_dir, name, running[name], port[key])


def check_still_running(lab_dir: Path, running: dict) -> None:
    """A process that lost its port to someone else exits at once, while the other one answers the
    readiness checks in its place: make sure every process we started is still there."""
    for name, proc in running.items():
        if proc.poll() is not None:
            log = log_of(lab_dir, name)
            raise LabError(f"{name} exited with code {proc.returncode}; see {log}:\n{procs.tail(log)}")


def app_command(info: dict, site: str) -> list:
    # Own database first, the other sites' after: the app's writer endpoint finds the primary.
    peers = [arg for s in sites_of(info) if s != site for arg in ("--peer-db-port", info["ports"][f"pg-{s}"])]
    return [sys.executable, REPO / "lab" / "sampleapp" / "app.py", "--site", site,
            "--port", info["ports"][f"app-{site}"], "--db-port", info["ports"][f"pg-{site}"], *peers]


def wait_listening(lab_dir: Path, name: str, proc, port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not ports.answers(port):
        if proc.poll() is not None:
            log = log_of(lab_dir, name)
            raise LabError(f"{name} exited with code {proc.returncode}; see {log}:\n{procs.tail(log)}")
        if time.monotonic() > deadline:
            raise LabError(f"{name} does not listen on {HOST}:{port} after {timeout:.0f}s")
        time.sleep(0.05)


# ---------------------------------------------------------------- down

def down(lab_dir: Path, keep: bool) -> None:
    stopped = stop_all(lab_dir)  # even without the dir: its processes may have outlived it
    print(f"stopped {stopped} lab processes" if stopped else "no lab process was running")
    if lab_dir.exists() and not keep:
        clear(lab_dir)
        print(f"removed {lab_dir}")


def stop_all(lab_dir: Path) -> int:
    """Stops every process of the lab, recorded or not; PostgreSQL with an immediate shutdown."""
    found = procs.find(lab_dir)
    postgres = [p for p in found if procs.is_postgres(p)]
    info = load(lab_dir) if lab_dir.exists() else None
    special = {pid: clouds.STOP_SIGNAL[name] for name, pid in ((info or {}).get("pids") or {}).items()
               if name in clouds.STOP_SIGNAL}
    for pid in found:
        # SIGQUIT is PostgreSQL's immediate shutdown; it also ends orphans of a killed postmaster.
        procs.send(pid, signal.SIGQUIT if pid in postgres else special.get(pid, signal.SIGTERM))
        # A frozen process (fault freeze-db) handles its signal only once it runs again.
        procs.send(pid, signal.SIGCONT)
    procs.stop(procs.wait_gone(found, 5), signal.SIGKILL, grace=5)
    survivors = procs.find(lab_dir)
    if survivors:
        raise LabError(f"could not stop lab processes {survivors}")
    return len(found)


def clear(lab_dir: Path) -> None:
    """Deletes the lab's state, but only in a directory a lab created (never an arbitrary --dir)."""
    if not lab_dir.exists() or not any(lab_dir.iterdir()):
        return
    if not (lab_dir / MARKER).exists():
        raise LabError(f"{lab_dir} is not a lab directory (no {MARKER}); not touching it")
    shutil.rmtree(lab_dir)


# ---------------------------------------------------------------- status

def status(lab_dir: Path) -> None:
    info = require(lab_dir)
    print(f"lab in {lab_dir}: {info['state']}")
    dead = dead_processes(lab_dir, info)
    for name, pid in current_pids(lab_dir, info).items():
        state = "DEAD" if name in dead else "frozen" if procs.frozen(pid) else "alive"
        print(f"  {name:<11} pid {pid:<7} {state}")
    if "sites" not in parts_of(info):
        return
    for site in sites_of(info):
        print(f"  {site}: database {pg.role(info['ports']['pg-' + site])}, app health {app_health(info, site)}")
    try:
        weights = haproxy.weights(info["ports"]["haproxyAdmin"], sites_of(info))
        print(f"  haproxy {info['haproxyBackend']} weights: " + ", ".join(f"{s}={w}" for s, w in weights.items()))
    except OSError as e:
        print(f"  haproxy runtime API {info['haproxyAdmin']} unreachable: {e}")
    # What a practice failover made (a clone's data dir, an isolated app's folder) lives here until it removes it.
    practice = lab_dir / "practice"
    left = sorted(p.name for p in practice.iterdir()) if practice.is_dir() else []
    print("  practice: " + (", ".join(left) + " left" if left else "nothing left"))


def app_health(info: dict, site: str) -> str:
    try:
        with urllib.request.urlopen(info["appUrls"][site] + "/health", timeout=2) as r:
            return f"{r.status} {r.read().decode()}"
    except urllib.error.HTTPError as e:
        return f"{e.code} {e.read().decode()}"
    except OSError as e:
        return f"unreachable ({e})"


# ---------------------------------------------------------------- restarts

def restart_temporal(lab_dir: Path, info: dict) -> None:
    """Stops the Temporal dev server and starts it again on the same SQLite file and ports, as an
    upgrade or a crashed host would: everything it had persisted must still be there."""
    if not info.get("withTemporal"):
        raise LabError(f"the lab in {lab_dir} runs no Temporal (started --without temporal)")
    pid = info["pids"].get("temporal")
    if pid and procs.alive(pid) and procs.belongs_to(pid, lab_dir):
        left = procs.stop([pid], signal.SIGTERM, grace=15)
        if left:
            procs.stop(left, signal.SIGKILL, grace=5)
    port = info["ports"]
    proc = procs.spawn(lab_dir, "temporal", temporal.command(lab_dir, port["temporal"], port["temporalUi"]))
    info["pids"]["temporal"] = proc.pid
    save(lab_dir, info)
    temporal.wait_ready(port["temporal"], proc, log_of(lab_dir, "temporal"))
    print(f"restarted temporal (pid {proc.pid}) on {info['temporalTarget']}")


# ---------------------------------------------------------------- faults

def fault(lab_dir: Path, action: str, site: str) -> None:
    info = require(lab_dir)
    if "sites" not in parts_of(info):
        raise LabError(f"the lab in {lab_dir} has no sites (started with --only {' '.join(parts_of(info))})")
    if site not in sites_of(info):
        raise LabError(f"the lab in {lab_dir} has no {site} (its sites: {', '.join(sites_of(info))}; "
                       f"`lab up --sites 3` adds site-c)")
    if action == "kill-db":
        kill_db(lab_dir, info, site)
    elif action == "freeze-db":
        freeze_db(lab_dir, site)
    elif action == "thaw-db":
        thaw_db(lab_dir, site)
    elif action == "stop-app":
        stop_app(lab_dir, info, site)
    else:
        start_app(lab_dir, info, site)


def kill_db(lab_dir: Path, info: dict, site: str) -> None:
    """SIGKILL the postmaster, as if the database host died. Its children go too: left orphaned they
    would hold the data dir's shared memory and block a later restart of the old primary."""
    cluster = procs.postgres_of(data_dir(lab_dir, site))
    postmaster = current_pids(lab_dir, info).get(f"pg-{site}")
    if not cluster:
        print(f"pg-{site} is not running")
        return
    procs.stop([p for p in cluster if p == postmaster] or cluster[:1], signal.SIGKILL, grace=2)
    procs.stop(procs.postgres_of(data_dir(lab_dir, site)), signal.SIGKILL, grace=2)
    print(f"killed pg-{site} (postmaster {postmaster}, {len(cluster)} processes in all)")


def freeze_db(lab_dir: Path, site: str) -> None:
    """SIGSTOP the postmaster and all its children, as a stalled host or disk leaves a server: it
    still accepts TCP connections (the kernel does) but never answers. The postmaster goes first so
    it cannot react to its children stopping."""
    cluster = procs.postgres_of(data_dir(lab_dir, site))
    if not cluster:
        print(f"pg-{site} is not running")
        return
    postmaster = procs.postmaster_of(data_dir(lab_dir, site))
    ordered = ([postmaster] if postmaster in cluster else []) + [p for p in cluster if p != postmaster]
    for pid in ordered:
        procs.send(pid, signal.SIGSTOP)
    print(f"froze pg-{site} (postmaster {postmaster}, {len(cluster)} processes in all)")


def thaw_db(lab_dir: Path, site: str) -> None:
    """SIGCONT what freeze-db stopped: the server resumes where it was, as a zombie primary would."""
    cluster = procs.postgres_of(data_dir(lab_dir, site))
    if not cluster:
        print(f"pg-{site} is not running")
        return
    postmaster = procs.postmaster_of(data_dir(lab_dir, site))
    # Children first, the postmaster last: it resumes with every child already running.
    for pid in [p for p in cluster if p != postmaster] + [p for p in cluster if p == postmaster]:
        procs.send(pid, signal.SIGCONT)
    print(f"thawed pg-{site} ({len(cluster)} processes)")


def stop_app(lab_dir: Path, info: dict, site: str) -> None:
    name = f"app-{site}"
    pid = info["pids"].get(name)
    if not pid or not procs.alive(pid) or not procs.belongs_to(pid, lab_dir):
        print(f"{name} is not running")
        return
    procs.stop(procs.stop([pid], signal.SIGTERM, grace=3), signal.SIGKILL, grace=3)
    print(f"stopped {name} (pid {pid})")


def start_app(lab_dir: Path, info: dict, site: str) -> None:
    name = f"app-{site}"
    pid = info["pids"].get(name)
    if pid and procs.alive(pid) and procs.belongs_to(pid, lab_dir):
        print(f"{name} is already running (pid {pid})")
        return
    port = info["ports"][name]
    if not ports.is_free(port):
        raise LabError(f"cannot start {name}: port {port} is already in use on {HOST}")
    proc = procs.spawn(lab_dir, name, app_command(info, site))
    info["pids"][name] = proc.pid
    save(lab_dir, info)
    wait_listening(lab_dir, name, proc, port)
    print(f"started {name} (pid {proc.pid}) on {info['appUrls'][site]}")


# ---------------------------------------------------------------- state

def load(lab_dir: Path):
    try:
        return json.loads((lab_dir / "lab.json").read_text())
    except FileNotFoundError:
        return None
    except ValueError as e:
        raise LabError(f"{lab_dir / 'lab.json'} is not valid JSON: {e}") from e


def require(lab_dir: Path) -> dict:
    info = load(lab_dir)
    if not info:
        raise LabError(f"no lab in {lab_dir} (start one with `lab up --dir {lab_dir}`)")
    return info


def save(lab_dir: Path, info: dict) -> None:
    # Write then rename: a reader (a test fixture, `status`) never sees half a file.
    tmp = lab_dir / "lab.json.tmp"
    tmp.write_text(json.dumps(info, indent=2) + "\n")
    tmp.replace(lab_dir / "lab.json")


def dead_processes(lab_dir: Path, info: dict) -> list:
    return [name for name, pid in current_pids(lab_dir, info).items()
            if not (procs.alive(pid) and procs.belongs_to(pid, lab_dir))]


def current_pids(lab_dir: Path, info: dict) -> dict:
    """The recorded pids, except that a PostgreSQL restarted by someone else (Standby's resync runs
    pg_ctl) is found by its data dir's postmaster.pid."""
    pids = dict(info.get("pids", {}))
    for site in ALL_SITES:
        postmaster = pg.postmaster_pid(data_dir(lab_dir, site))
        if f"pg-{site}" in pids and postmaster:
            pids[f"pg-{site}"] = postmaster
    return pids


def data_dir(lab_dir: Path, site: str) -> Path:
    return lab_dir / f"pg-{site}"


def log_of(lab_dir: Path, name: str) -> Path:
    return lab_dir / "logs" / f"{name}.log"


def temporal_endpoints(info: dict) -> tuple:
    """Without the lab's Temporal, the topology points at the default (or LAB_*_PORT) address."""
    if info["withTemporal"]:
        return info["temporalTarget"], info["temporalUiUrl"]
    port, ui = ports.choose_default("temporal"), ports.choose_default("temporalUi")
    return f"{HOST}:{port}", f"http://{HOST}:{ui}"


def print_summary(info: dict) -> None:
    print(f"  dir        {info['dir']}")
    if info["withTemporal"]:
        print(f"  temporal   {info['temporalTarget']} (namespace {info['temporalNamespace']}), UI {info['temporalUiUrl']}")
    if "clouds" in info:
        c = info["clouds"]
        served = [f"moto {c['awsEndpoint']} ({c['awsRegion']})" if "awsEndpoint" in c else None,
                  f"fake-gcs {c['gcsEndpoint']}" if "gcsEndpoint" in c else None,
                  f"Azurite {c['azureBlobEndpoint']}" if "azureBlobEndpoint" in c else None]
        print(f"  clouds     {', '.join(s for s in served if s)}")
    if "sites" not in parts_of(info):
        return
    print(f"  front door {info['frontDoorUrl']} -> HAProxy {info['haproxyBackend']}, runtime API {info['haproxyAdmin']}")
    for site in sites_of(info):
        print(f"  {site:<10} app {info['appUrls'][site]}, db {info['jdbcUrls'][site]} (user {info['dbUser']})")
    print(f"  topology   {info['topology']}")
    print(f"  logs       {info['logDir']}")


# ---------------------------------------------------------------- command line

@contextlib.contextmanager
def exclusive(lab_dir: Path):
    """One changing command at a time per lab: a `down` racing an `up` would delete the dir under
    the processes `up` is still starting. The lock lives outside the dir, which `down` deletes."""
    name = hashlib.sha256(str(lab_dir).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"standby-lab-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def parse(argv: list) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="lab", description="The two-site Standby lab on 127.0.0.1 (three sites with `up --sites 3`).")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name, help_text):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--dir", default=str(REPO / ".lab"), help="lab state directory (default: <repo>/.lab)")
        return sub

    start = command("up", "start the lab (a no-op when it already runs)")
    start.add_argument("--ports", choices=["auto"], help="pick free ports instead of the defaults")
    start.add_argument("--without", choices=["temporal"], action="append", default=[],
                       help="leave a part out (bring your own Temporal)")
    start.add_argument("--with", dest="extra", choices=["clouds"], action="append", default=[],
                       help="add a part: clouds = moto, fake-gcs-server and Azurite")
    start.add_argument("--sites", type=int, choices=[2, 3], default=2,
                       help="3 adds site-c: a second streaming replica of site-a, its app and HAProxy server")
    start.add_argument("--only", choices=["clouds", *clouds.EMULATORS],
                       help="start only this part: clouds, or one emulator (moto, gcs, azurite)")
    stop = command("down", "stop every lab process and delete the lab's state")
    stop.add_argument("--keep", action="store_true", help="keep DIR (data, logs) after stopping")
    command("status", "which processes run, database roles, HAProxy weights")
    again = command("restart", "stop a part and start it again with its state (temporal)")
    again.add_argument("part", choices=["temporal"])
    hurt = command("fault", "inject a failure")
    hurt.add_argument("action", choices=["kill-db", "freeze-db", "thaw-db", "stop-app", "start-app"])
    hurt.add_argument("site", choices=ALL_SITES)
    return parser.parse_args(argv)


def main(argv: list) -> int:
    args = parse(argv)
    lab_dir = Path(args.dir).resolve()  # resolved: /proc shows processes' real paths
    try:
        if args.command == "status":  # read-only: no need to wait for a running `up`
            status(lab_dir)
            return 0
        with exclusive(lab_dir):
            if args.command == "up":
                parts = [args.only] if args.only else \
                    [p for p in ("temporal", "sites") if p not in args.without] + args.extra + \
                    (["site-c"] if args.sites == 3 else [])
                up(lab_dir, args.ports == "auto", parts)
            elif args.command == "down":
                down(lab_dir, args.keep)
            elif args.command == "restart":
                restart_temporal(lab_dir, require(lab_dir))
            else:
                fault(lab_dir, args.action, args.site)
    except (LabError, OSError, pg.psycopg.Error) as e:
        print(f"lab {args.command}: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"lab {args.command}: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
