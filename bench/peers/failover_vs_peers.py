"""Unplanned failover time, Standby against pg_auto_failover and Patroni, on one loopback machine.

The same fault for each: the primary's postmaster and its local supervisor SIGKILLed at once (then the
orphaned backends reaped, as a dead host loses them too). The same writer for each: one thread writing a row,
reconnecting after every failure (50 ms apart), that notes which server acknowledged each write
(`inet_server_port()`, or the order's `databaseSite` through the lab's front door). The figure is the time from
the kill to the first write acknowledged by the new primary.

  standby        the lab (`lab/lab up --ports auto`), a Standby worker, the service's health monitor on
                 (`monitor.watch: true`: probes 1 s apart, failover after 3 failures). The lab runs PostgreSQL
                 with no local supervisor (nothing restarts it), so only the postmaster is killed. Two writers:
                 orders through the front door (HAProxy → app → writer endpoint) and SQL with a multi-host
                 connection string (target_session_attrs=read-write) straight to the two databases.
  pgaf           pg_auto_failover 2.0: a monitor and two nodes (`pg_autoctl create ... --run`); the primary's
                 postmaster and its `pg_autoctl` processes are killed.
  patroni        Patroni 3.0 with a one-member etcd 3.4 (etcd3 API); the primary's postmaster and its patroni
                 process are killed.

Each peer runs with its defaults and tuned to Standby's detection budget (about 3 s); see TUNED below.
Run by bench/peers/failover-vs-peers.sh, which starts nothing itself and stops everything this started.
"""
import argparse
import contextlib
import io
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "lab"))
import lab as labctl  # noqa: E402  (lab/lab.py: the lab's own kill_db reaps a killed cluster)

PG_BIN = Path("/usr/lib/postgresql/15/bin")
AS_ROOT = os.geteuid() == 0
# What "tuned to Standby's budget" changes, and nothing else. Standby's lab: probes 1 s apart, 3 failures.
TUNED = {
    "pgaf": {  # the monitor's GUCs (ALTER SYSTEM on the monitor), defaults in brackets
        "pgautofailover.health_check_period": "1000",         # [5000 ms] between health checks
        "pgautofailover.health_check_timeout": "1000",        # [5000 ms] connect timeout of a check
        "pgautofailover.health_check_max_retries": "2",       # [2]
        "pgautofailover.health_check_retry_delay": "1000",    # [2000 ms]
        "pgautofailover.node_considered_unhealthy_timeout": "3000",  # [20000 ms] since the node's last report
        "pgautofailover.primary_demote_timeout": "1000",      # [30000 ms] wait for a lost primary to demote
    },
    # bootstrap.dcs, defaults [30, 10, 10] s. retry_timeout 2, not 1: Patroni 3.0.2's etcd3 leader race gives up
    # when less than 1 s of retry_timeout is left after refreshing its lease, so with 1 it never takes the lock.
    "patroni": {"ttl": 3, "loop_wait": 1, "retry_timeout": 2},
}

started: list = []      # Popen of everything this started, stopped at exit
data_dirs: list = []    # PostgreSQL data dirs this created: their postmasters are stopped at exit too


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def free_ports(n):
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def as_pg(cmd):
    return (["runuser", "-u", "postgres", "--"] + cmd) if AS_ROOT else cmd


def spawn(cmd, logfile, env=None):
    out = open(logfile, "ab")
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         start_new_session=True, env=env)
    started.append(p)
    return p


def children():
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = open(f"/proc/{d}/stat").read()
                ppid = int(stat[stat.rindex(")") + 2:].split()[1])
                kids.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError):
                pass
    return kids


def tree(pid):
    kids, out, todo = children(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def postmaster(data_dir):
    try:
        return int(Path(data_dir, "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def kill(pids, sig=signal.SIGKILL):
    for p in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(p, sig)


def stop_everything():
    for p in reversed(started):
        if p.poll() is None:
            kill(tree(p.pid), signal.SIGTERM)
    deadline = time.time() + 10
    for p in started:
        with contextlib.suppress(subprocess.TimeoutExpired):
            p.wait(max(0.1, deadline - time.time()))
        if p.poll() is None:
            kill(tree(p.pid))
    for d in data_dirs:
        pm = postmaster(d)
        if pm and Path(f"/proc/{pm}").exists():
            kill(tree(pm))
    started.clear()
    data_dirs.clear()


def wait_for(what, check, timeout, every=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with contextlib.suppress(Exception):
            value = check()
            if value:
                return value
        time.sleep(every)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def sql(conninfo, query, params=None):
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=3) as c:
        cur = c.execute(query, params)
        return cur.fetchall() if cur.description else None


class Writer:
    """One writer thread; `acks` holds (acknowledged at, who acknowledged) for every acknowledged write."""

    def __init__(self, write, reset=lambda: None):
        self.write, self.reset, self.acks, self.failures, self.running = write, reset, [], 0, True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                who = self.write()
                self.acks.append((time.time(), who))
                time.sleep(0.01)
            except Exception:  # noqa: BLE001 - any refusal is just "not acknowledged"
                self.failures += 1
                self.reset()
                time.sleep(0.05)

    def stop(self):
        self.running = False
        self.thread.join(10)

    def first_by(self, who, since):
        return next((t for t, w in self.acks if w == who and t >= since), None)


def sql_writer(conninfo):
    state = {"conn": None}

    def write():
        if state["conn"] is None:
            state["conn"] = psycopg.connect(conninfo, autocommit=True, connect_timeout=2,
                                            options="-c statement_timeout=3000")
        return state["conn"].execute(
            "INSERT INTO bench_writes (at) VALUES (clock_timestamp()) RETURNING inet_server_port()").fetchone()[0]

    def reset():
        with contextlib.suppress(Exception):
            state["conn"].close()
        state["conn"] = None

    return Writer(write, reset)


def http_writer(front_door):
    def write():
        request = urllib.request.Request(front_door + "/orders", data=b'{"item":"bench"}', method="POST",
                                         headers={"Content-Type": "application/json", "Connection": "close"})
        with urllib.request.urlopen(request, timeout=2) as response:
            return json.loads(response.read())["databaseSite"]
    return Writer(write)


def measure(writers, new_primary, kill_fn, timeout):
    """Writes flow on the old primary, the fault, then the first acknowledgement by the new primary per writer."""
    for name, w in writers.items():
        wait_for(f"{name} writes acknowledged", lambda w=w: len(w.acks) >= 20, 30, 0.1)
    time.sleep(1)
    killed_at = kill_fn()
    measure.killed_at = killed_at
    try:
        wait_for("the first write acknowledged by the new primary",
                 lambda: all(w.first_by(new_primary[n], killed_at) for n, w in writers.items()), timeout, 0.05)
    except RuntimeError:
        pass
    for w in writers.values():
        w.stop()
    return {n: (w.first_by(new_primary[n], killed_at) - killed_at) if w.first_by(new_primary[n], killed_at) else None
            for n, w in writers.items()}


# ---------------------------------------------------------------- Standby on the lab

def standby_round(work, jar, timeout):
    lab_dir = work / "lab"
    subprocess.run([str(ROOT / "lab/lab"), "up", "--dir", str(lab_dir), "--ports", "auto"], check=True,
                   stdout=subprocess.DEVNULL)
    try:
        info = json.loads((lab_dir / "lab.json").read_text())
        topology = lab_dir / "topology.yaml"
        text = topology.read_text()
        assert "reconcile: 1s}" in text, "the lab's monitor block changed: update the benchmark"
        topology.write_text(text.replace("reconcile: 1s}", "reconcile: 1s, watch: true}"))
        port_a, port_b = info["ports"]["pg-site-a"], info["ports"]["pg-site-b"]
        user = info["dbUser"]
        sql(f"host=127.0.0.1 port={port_a} dbname=orders user={user}",
            "CREATE TABLE bench_writes (id bigserial PRIMARY KEY, at timestamptz)")
        worker_log = lab_dir / "logs/worker.log"
        # One machine is every site's host here: one worker serves every queue, as bin/demo runs it.
        spawn(["java", "-Xmx512m", "-jar", str(jar), "--topology", str(topology), "--serve-sites", "all"], worker_log)
        wait_for("the worker", lambda: "Standby worker on task queue" in worker_log.read_text(), 180)
        target = info["temporalTarget"]

        def watching():
            out = subprocess.run([str(ROOT / ".venv/bin/temporal"), "workflow", "query", "--address", target,
                                  "-w", "monitor/payments", "--name", "state", "-o", "json"],
                                 capture_output=True, text=True, timeout=20).stdout
            state = json.loads(out)["queryResult"][0]
            return state.get("probes", 0) >= 3 and state.get("consecutiveFailures") == 0
        wait_for("the health monitor's healthy probes", watching, 120, 1)
        writers = {"front door": http_writer(info["frontDoorUrl"]),
                   "sql": sql_writer(f"host=127.0.0.1,127.0.0.1 port={port_a},{port_b} dbname=orders user={user} "
                                     "target_session_attrs=read-write")}

        def fault():
            pm = info["pids"]["pg-site-a"]
            at = time.time()
            os.kill(pm, signal.SIGKILL)
            with contextlib.redirect_stdout(io.StringIO()):
                labctl.kill_db(lab_dir, info, "site-a")
            return at
        figures = measure(writers, {"front door": "site-b", "sql": port_b}, fault, timeout)
        # Where Standby's time goes: the monitor's detection (kill to the failover's start) and the rest.
        with contextlib.suppress(Exception):
            out = subprocess.run([str(ROOT / ".venv/bin/temporal"), "workflow", "describe", "--address", target,
                                  "-w", "failover/payments", "-o", "json"], capture_output=True, text=True,
                                 timeout=20).stdout
            started_at = datetime.fromisoformat(json.loads(out)["workflowExecutionInfo"]["startTime"]
                                                .replace("Z", "+00:00")).timestamp()
            figures["detected"] = started_at - measure.killed_at
        return figures
    finally:
        stop_everything()
        subprocess.run([str(ROOT / "lab/lab"), "down", "--dir", str(lab_dir)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------- pg_auto_failover

def pgaf_round(work, tuned, timeout):
    pm_port, p1, p2 = free_ports(3)
    autoctl = shutil.which("pg_autoctl") or "/usr/bin/pg_autoctl"
    env = dict(os.environ, PG_CONFIG=str(PG_BIN / "pg_config"), PATH=f"{PG_BIN}:{os.environ['PATH']}",
               HOME=str(work), XDG_CONFIG_HOME=str(work / "config"), XDG_DATA_HOME=str(work / "data"),
               XDG_RUNTIME_DIR=str(work / "run"))
    monitor_uri = f"postgres://autoctl_node@127.0.0.1:{pm_port}/pg_auto_failover?sslmode=disable"
    common = ["--hostname", "127.0.0.1", "--listen", "127.0.0.1", "--auth", "trust", "--no-ssl", "--pgctl", str(PG_BIN / "pg_ctl")]
    try:
        data_dirs.extend([work / "monitor", work / "n1", work / "n2"])
        spawn(as_pg([autoctl, "create", "monitor", "--pgdata", str(work / "monitor"), "--pgport", str(pm_port)]
                    + common + ["--run"]), work / "monitor.log", env)
        monitor = f"host=127.0.0.1 port={pm_port} dbname=pg_auto_failover user=autoctl_node"
        wait_for("the pg_auto_failover monitor", lambda: sql(monitor, "SELECT 1"), 120)
        if tuned:
            su = f"host=127.0.0.1 port={pm_port} dbname=pg_auto_failover user=postgres"
            for name, value in TUNED["pgaf"].items():
                sql(su, f"ALTER SYSTEM SET {name} = '{value}'")
            sql(su, "SELECT pg_reload_conf()")
            time.sleep(0.5)
            log("pgaf monitor: " + ", ".join(f"{n}={sql(su, f'SHOW {n}')[0][0]}" for n in TUNED["pgaf"]))
        for n, port in (("n1", p1), ("n2", p2)):
            spawn(as_pg([autoctl, "create", "postgres", "--pgdata", str(work / n), "--pgport", str(port),
                         "--name", n, "--monitor", monitor_uri] + common + ["--run"]), work / f"{n}.log", env)
            want = "single" if n == "n1" else "secondary"  # n1 becomes primary once n2 joins
            wait_for(f"pg_auto_failover {n} {want}", lambda n=n, want=want: sql(
                monitor, "SELECT reportedstate::text = %s AND goalstate::text = %s FROM pgautofailover.node "
                         "WHERE nodename = %s", (want, want, n))[0][0], 180, 0.5)
        wait_for("n1 primary", lambda: sql(monitor, "SELECT reportedstate::text FROM pgautofailover.node "
                                                    "WHERE nodename = 'n1'")[0][0] == "primary", 60)
        conninfo = f"host=127.0.0.1,127.0.0.1 port={p1},{p2} dbname=postgres user=postgres target_session_attrs=read-write"
        sql(conninfo, "CREATE TABLE bench_writes (id bigserial PRIMARY KEY, at timestamptz)")
        node1 = started[1]

        def fault():
            victims = [p for p in tree(node1.pid)] + tree(postmaster(work / "n1") or node1.pid)
            at = time.time()
            kill(victims)
            reap(work / "n1")
            return at
        return measure({"sql": sql_writer(conninfo)}, {"sql": p2}, fault, timeout)
    finally:
        stop_everything()


def reap(data_dir):
    """The killed postmaster's backends, as a dead host would lose them (the lab does the same)."""
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{pid}/cwd") == str(data_dir):
                    kill([int(pid)])


# ---------------------------------------------------------------- Patroni

def patroni_round(work, tuned, timeout):
    etcd_client, etcd_peer, r1, r2, p1, p2 = free_ports(6)
    try:
        spawn(["etcd", "--name", "e1", "--data-dir", str(work / "etcd"),
               "--listen-client-urls", f"http://127.0.0.1:{etcd_client}",
               "--advertise-client-urls", f"http://127.0.0.1:{etcd_client}",
               "--listen-peer-urls", f"http://127.0.0.1:{etcd_peer}",
               "--initial-advertise-peer-urls", f"http://127.0.0.1:{etcd_peer}",
               "--initial-cluster", f"e1=http://127.0.0.1:{etcd_peer}",
               "--listen-metrics-urls", "", "--log-level", "warn"], work / "etcd.log")
        wait_for("etcd", lambda: urllib.request.urlopen(f"http://127.0.0.1:{etcd_client}/health", timeout=1).status == 200, 60)
        dcs = dict(TUNED["patroni"]) if tuned else {}
        members = []
        for name, rest, port in (("m1", r1, p1), ("m2", r2, p2)):
            data_dirs.append(work / name)
            config = {
                "scope": "bench", "namespace": "/bench/", "name": name, "log": {"level": os.environ.get("BENCH_PATRONI_LOG", "INFO")},
                "restapi": {"listen": f"127.0.0.1:{rest}", "connect_address": f"127.0.0.1:{rest}"},
                "etcd3": {"hosts": f"127.0.0.1:{etcd_client}"},
                "bootstrap": {"dcs": dcs | {"postgresql": {"use_pg_rewind": False}},
                              "initdb": [{"encoding": "UTF8"}],
                              "pg_hba": ["host all all 127.0.0.1/32 trust", "host replication all 127.0.0.1/32 trust"]},
                "postgresql": {"listen": f"127.0.0.1:{port}", "connect_address": f"127.0.0.1:{port}",
                               "data_dir": str(work / name), "bin_dir": str(PG_BIN),
                               "pgpass": str(work / f"pgpass-{name}"),
                               "authentication": {"superuser": {"username": "postgres", "password": "bench"},
                                                  "replication": {"username": "replicator", "password": "bench"}},
                               "parameters": {"unix_socket_directories": str(work)}},
            }
            (work / f"{name}.yml").write_text(json.dumps(config))  # JSON is YAML
            members.append(spawn(as_pg(["patroni", str(work / f"{name}.yml")]), work / f"{name}.log"))
            path = "primary" if name == "m1" else "replica"
            wait_for(f"patroni {name} {path}", lambda rest=rest, path=path: urllib.request.urlopen(
                f"http://127.0.0.1:{rest}/{path}", timeout=1).status == 200, 180, 0.5)
        conninfo = f"host=127.0.0.1,127.0.0.1 port={p1},{p2} dbname=postgres user=postgres target_session_attrs=read-write"
        wait_for("m2 streaming", lambda: sql(conninfo, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")[0][0] == 1, 60)
        sql(conninfo, "CREATE TABLE bench_writes (id bigserial PRIMARY KEY, at timestamptz)")

        def fault():
            victims = tree(members[0].pid) + tree(postmaster(work / "m1") or members[0].pid)
            at = time.time()
            kill(victims)
            reap(work / "m1")
            return at
        return measure({"sql": sql_writer(conninfo)}, {"sql": p2}, fault, timeout)
    finally:
        stop_everything()


# ---------------------------------------------------------------- rounds and the table

SYSTEMS = {
    "standby": lambda work, args: standby_round(work, args.jar, args.timeout),
    "pgaf-tuned": lambda work, args: pgaf_round(work, True, args.timeout),
    "patroni-tuned": lambda work, args: patroni_round(work, True, args.timeout),
    "pgaf-default": lambda work, args: pgaf_round(work, False, args.timeout),
    "patroni-default": lambda work, args: patroni_round(work, False, args.timeout),
}


def load():
    return os.getloadavg()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--jar", type=Path, default=ROOT / "worker/target/standby-worker.jar")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for the new primary per round")
    parser.add_argument("--results", type=Path, help="append each round as a JSON line here")
    args = parser.parse_args()
    systems = args.systems.split(",")
    results = {}
    for r in range(args.rounds):
        order = systems if r % 2 == 0 else list(reversed(systems))  # alternate who goes first
        for system in order:
            work = Path(tempfile.mkdtemp(prefix=f"standby-bench-peers-{system}-"))
            os.chmod(work, 0o755)
            if AS_ROOT:
                shutil.chown(work, "postgres", "postgres")
            before = load()
            try:
                figures = SYSTEMS[system](work, args)
            except Exception as e:  # noqa: BLE001 - one failed round is reported, the others still run
                log(f"{system} round {r + 1} failed: {e}")
                figures = {"error": str(e)}
            line = {"system": system, "round": r + 1, "load1": round(before, 2), **figures}
            log(json.dumps(line))
            if args.results:
                with open(args.results, "a") as f:
                    f.write(json.dumps(line) + "\n")
            results.setdefault(system, []).append(line)
            if "error" not in figures and None not in figures.values():
                shutil.rmtree(work, ignore_errors=True)
    print_table(results)


def print_table(results):
    rows = []
    for system, lines in results.items():
        for writer in sorted({k for line in lines for k in line if k not in ("system", "round", "load1", "error")}):
            values = [line[writer] for line in lines if line.get(writer) is not None]
            missed = sum(1 for line in lines if line.get(writer) is None)
            loads = [line["load1"] for line in lines]
            if values:
                rows.append((system, writer, statistics.median(values), min(values), max(values), len(values), missed,
                             statistics.median(loads)))
    print("\n seconds from the kill to the first write acknowledged by the new primary (standby's 'detected':"
          " to the failover's start)")
    print(" system          | writer     | median s | min s  | max s  | rounds | missed | load (1 min, median)")
    print("-----------------+------------+----------+--------+--------+--------+--------+---------------------")
    for s, w, med, lo, hi, n, missed, ld in rows:
        print(f" {s:<15} | {w:<10} | {med:8.2f} | {lo:6.2f} | {hi:6.2f} | {n:6d} | {missed:6d} | {ld:.1f}")
    base = next((r for r in rows if r[0] == "standby" and r[1] == "front door"), None)
    if base:
        print("\n ratio: median time / Standby's median (front door); above 1: Standby faster")
        for s, w, med, *_ in rows:
            if w == "detected":  # Standby's own split, not a writer
                continue
            print(f"   {s:<15} {w:<10} {med / base[2]:5.2f}x")


if __name__ == "__main__":
    # SIGTERM (the wrapper's trap, a timeout) ends the run through the finally below, which stops everything.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        main()
    finally:
        stop_everything()
