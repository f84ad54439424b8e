"""Region outage at scale: N services on site-a, every primary SIGKILLed at once, one region plan moves them all.

For each size N (a fresh setup each, everything under /tmp/standby-bench-region-*, 127.0.0.1 and free ports):
  - N services, each with its own PostgreSQL primary (site-a) and streaming replica (site-b): small clusters copied
    from one template (initdb once, cached in lab/.cache; see BENCH_CONF), the replica a cold copy of the same
    cleanly shut down template with standby.signal, so it streams from its primary at once;
  - ONE HAProxy with a backend per service (servers site-a and site-b, all weight on site-a), its frontend routing
    /<service>/... to be_<service>; Standby moves each backend's weights over the runtime API;
  - one multi-service sample app per site (lab/sampleapp/multi.py): /<service>/health reads that service's
    database at that site;
  - the lab's Temporal dev server (its SQLite in memory unless --temporal-db file) and the worker jar
    (--serve-sites all), with a topology of N services in three dependency tiers (dependsOn: platform <- data <-
    apps: a tenth, three tenths, the rest) and one region plan for site-a (maxParallel, onServiceFailure: continue).
Then: wait until every service/<name> has run and the worker and Temporal are idle, measure the idle cost, SIGKILL
every process of every site-a cluster at once, start region/site-a (Temporal CLI, incidentStartedAtMillis = the
kill), and probe each service through HAProxy until its site-b answers 200 (every --probe-every seconds, on a fresh
connection): the first such answer is its probed RTO. Appends one JSON line per size to --results and prints the
table; --table prints the table of earlier results.

Run by bench/region-outage.sh, which stops what this started if it is interrupted (this does too, on SIGTERM).
"""
import argparse
import concurrent.futures
import contextlib
import fcntl
import hashlib
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lab"))
import lab as labctl  # noqa: E402  (lab/lab.py: stop_all finds and stops every process of a lab dir)
from labkit import LabError, pg, ports, procs, temporal  # noqa: E402
from labkit.ports import HOST  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
WORKER_JAR = ROOT / "worker" / "target" / "standby-worker.jar"
MULTI_APP = ROOT / "lab" / "sampleapp" / "multi.py"

# Hundreds of clusters on one machine: each as small as PostgreSQL allows while still a real primary with a
# streaming replica that Standby can promote, fence and isolate. 1 MB WAL segments (initdb --wal-segsize=1) keep a
# data dir at about 24 MB; no autovacuum, parallel or logical workers: fewer processes per cluster.
BENCH_CONF = """\
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
wal_level = replica
max_wal_senders = 3
max_replication_slots = 2
hot_standby = on
wal_log_hints = on
wal_keep_size = '8MB'
min_wal_size = '2MB'
max_wal_size = '16MB'
fsync = off
synchronous_commit = off
shared_buffers = '4MB'
max_connections = 10
superuser_reserved_connections = 2
max_worker_processes = 2
max_parallel_workers = 0
max_logical_replication_workers = 0
autovacuum = off
log_line_prefix = '%m [%p] '
recovery_init_sync_method = syncfs
"""


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- PostgreSQL

def template(work: Path) -> Path:
    """A cleanly shut down cluster with BENCH_CONF, built once per PostgreSQL version and settings."""
    key = hashlib.sha256(f"{pg.bin_dir()}{pg.HBA}{BENCH_CONF}".encode()).hexdigest()[:12]
    path = pg.CACHE / f"pg-region-template-{key}"
    if path.exists():
        return path
    pg.CACHE.mkdir(exist_ok=True)
    with open(pg.CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = work / "pg-template"
            pg._make_data_dir(building)
            procs.run([pg.bin_dir() / "initdb", "-D", building, "-U", pg.USER, "--auth=trust", "-E", "UTF8",
                       "--locale=C", "--no-sync", "--wal-segsize=1"], "initdb", user=pg.os_user())
            pg._write(building / "pg_hba.conf", pg.HBA)
            pg._write(building / "bench.conf", BENCH_CONF)
            with open(building / "postgresql.conf", "a") as conf:
                conf.write("\ninclude 'bench.conf'\ninclude 'site.conf'\n")
            port = ports.free_port()
            site_conf(building, port, "template")
            out = work / "logs" / "pg-template.log"
            pg.own(out)
            server = procs.spawn(work, "pg-template", pg.command(building), user=pg.os_user(), cwd=building)
            try:
                pg.wait_ready(port, server, "the template's PostgreSQL", out)
            finally:
                server.send_signal(signal.SIGINT)  # fast shutdown: a clean checkpoint, a consistent copy
                server.wait(30)
            procs.run(["mv", building, path], "moving the template into lab/.cache")
    return path


def site_conf(data_dir: Path, port: int, site: str, primary_port: int = None) -> None:
    text = f"port = {port}\ncluster_name = '{site}'\n"
    if primary_port:
        text += f"primary_conninfo = 'host={HOST} port={primary_port} user={pg.USER}'\n"
    pg._write(data_dir / "site.conf", text)


# ---------------------------------------------------------------- the setup

class Region:
    """Everything of one size: ports, data dirs, the processes, the topology."""

    def __init__(self, n: int, args):
        self.n = n
        self.max_parallel = args.max_parallel
        self.xmx = args.xmx
        self.reconcile = args.reconcile
        self.temporal_db = args.temporal_db
        self.dir = Path(tempfile.mkdtemp(prefix=f"standby-bench-region-{n}-", dir="/tmp"))
        self.dir.chmod(0o755)  # PostgreSQL runs as its own OS user when we are root
        (self.dir / labctl.MARKER).touch()
        (self.dir / "logs").mkdir()
        procs.claim(self.dir)  # every process started from now on is this lab's: stop_all finds them
        self.names = [f"svc{i:03d}" for i in range(1, n + 1)]
        self._taken = set()
        self.port = {k: self._free() for k in ("temporal", "ui", "front", "admin", "app-a", "app-b", "metrics")}
        self.pg = {}  # (service, site) -> port, picked as each cluster starts
        self.popen = {}

    def _free(self) -> int:
        p = ports.free_port(self._taken)
        self._taken.add(p)
        return p

    def data_dir(self, service: str, site: str) -> Path:
        return self.dir / f"pg-{service}-{site}"  # directly in the lab dir: how procs.find knows its postgres

    def spawn(self, name: str, cmd: list, **kw):
        self.popen[name] = procs.spawn(self.dir, name, cmd, **kw)
        return self.popen[name]

    def up(self) -> float:
        started = time.monotonic()
        cmd = temporal.command(self.dir, self.port["temporal"], self.port["ui"])
        if self.temporal_db == "memory":  # the dev server's own default: SQLite in memory, nothing written to disk
            at = cmd.index("--db-filename")
            cmd = cmd[:at] + cmd[at + 2:]
        self.spawn("temporal", cmd)
        tpl = template(self.dir)
        with concurrent.futures.ThreadPoolExecutor(4) as copies:
            list(copies.map(lambda d: procs.run(["cp", "-a", tpl, d], f"copying the template to {d}"),
                            [self.data_dir(s, site) for s in self.names for site in ("site-a", "site-b")]))
        for s in self.names:
            pg.own(self.data_dir(s, "site-b") / "standby.signal")
        log(f"{self.n}: {2 * self.n} data dirs copied in {time.monotonic() - started:.1f}s")
        for site in ("site-a", "site-b"):  # the primaries first: each replica's conninfo names its primary's port
            self.start_clusters(site)
        for s in self.names:
            pg.wait_streaming(self.pg[s, "site-a"], "site-b", timeout=60)
        log(f"{self.n}: {2 * self.n} PostgreSQL clusters up and streaming at {time.monotonic() - started:.1f}s")
        for key in ("front", "admin", "app-a", "app-b"):  # picked now: minutes have passed since __init__
            self.port[key] = self._free()
        for site, key in (("site-a", "app-a"), ("site-b", "app-b")):
            spec = self.dir / f"services-{site}.json"
            spec.write_text(json.dumps({s: self.pg[s, site] for s in self.names}))
            self.spawn(f"app-{site}", [sys.executable, MULTI_APP, "--site", site, "--port", self.port[key],
                                       "--services", spec])
        (self.dir / "haproxy.cfg").write_text(self.haproxy_config())
        self.spawn("haproxy", ["haproxy", "-db", "-f", self.dir / "haproxy.cfg"])
        for name, key in (("app-site-a", "app-a"), ("app-site-b", "app-b"), ("haproxy", "front"),
                          ("haproxy", "admin")):
            labctl.wait_listening(self.dir, name, self.popen[name], self.port[key])
        temporal.wait_ready(self.port["temporal"], self.popen["temporal"], self.dir / "logs" / "temporal.log")
        (self.dir / "topology.yaml").write_text(self.topology())
        return time.monotonic() - started

    def start_clusters(self, site: str, attempts: int = 3) -> None:
        """Starts the site's clusters, each on a port picked just before: a port found free minutes earlier may
        have been taken since by another process of this shared machine. A postmaster that could not bind its
        port is started again on another; a server answering on a port counts only if it runs our data dir."""
        waiting = list(self.names)
        for _ in range(attempts):
            for s in waiting:
                d = self.data_dir(s, site)
                self.pg[s, site] = self._free()
                primary = self.pg[s, "site-a"] if site == "site-b" else None
                site_conf(d, self.pg[s, site], site, primary_port=primary)
                pg.own(self.dir / "logs" / f"pg-{s}-{site}.log")
                self.spawn(f"pg-{s}-{site}", pg.command(d), user=pg.os_user(), cwd=d)
            waiting = [s for s in waiting if not self.wait_ours(s, site)]
            if not waiting:
                return
            log(f"{self.n}: {len(waiting)} {site} clusters lost their port to another process; new ports")
        raise RuntimeError(f"{site} clusters of {', '.join(waiting)} could not start; see {self.dir}/logs")

    def wait_ours(self, service: str, site: str, timeout: float = 120) -> bool:
        """True once the cluster answers from its own data dir; False if its postmaster exited (its port taken)."""
        name, d = f"pg-{service}-{site}", str(self.data_dir(service, site))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen[name].poll() is not None:
                return False
            with contextlib.suppress(Exception):
                with pg.connect(self.pg[service, site], "postgres", timeout=1) as conn:
                    if conn.execute("SHOW data_directory").fetchone()[0] == d:
                        return True
                    if self.popen[name].wait(5) is not None:  # another server holds the port: ours exits
                        return False
            time.sleep(0.05)
        raise RuntimeError(f"{name} does not answer after {timeout:.0f}s; see {self.dir}/logs/{name}.log")

    def haproxy_config(self) -> str:
        backends = "".join(
            f"backend be_{s}\n    balance roundrobin\n"
            f"    server site-a {HOST}:{self.port['app-a']} weight 100\n"
            f"    server site-b {HOST}:{self.port['app-b']} weight 0\n" for s in self.names)
        return f"""\
global
    maxconn 4000
    stats socket ipv4@{HOST}:{self.port['admin']} level admin
    stats timeout 1m

defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s

frontend fe_region
    bind {HOST}:{self.port['front']}
    # /<service>/... goes to be_<service>; no health checks: Standby decides where traffic goes.
    use_backend be_%[path,field(2,/)]

{backends}"""

    def tiers(self) -> dict:
        """dependsOn in three tiers, as a region has them: a tenth platform, three tenths data, the rest apps."""
        platform = self.names[:max(1, self.n // 10)]
        data = self.names[len(platform):len(platform) + max(1, self.n * 3 // 10)]
        apps = self.names[len(platform) + len(data):]
        deps = {s: [] for s in platform}
        deps.update({s: [platform[i % len(platform)]] for i, s in enumerate(data)})
        deps.update({s: [data[i % len(data)]] for i, s in enumerate(apps)})
        return deps

    def topology(self) -> str:
        os_user = f", osUser: {pg.os_user()}" if pg.os_user() else ""
        out = [f'temporal: {{target: "{HOST}:{self.port["temporal"]}", namespace: default, taskQueue: standby, '
               f'uiUrl: "http://{HOST}:{self.port["ui"]}"}}',
               "sites:", "  site-a: {provider: lab, region: local-a}", "  site-b: {provider: lab, region: local-b}",
               "services:"]
        for s, deps in self.tiers().items():
            out += [f"  {s}:", "    primarySite: site-a"]
            if deps:
                out.append(f"    dependsOn: [{', '.join(deps)}]")
            out += ["    objectives: {rto: 60s, rpo: 5s}",
                    "    health: {path: /health, liveness: /livez, timeout: 1s, latencyBudget: 500ms}",
                    f"    monitor: {{interval: 1s, failureThreshold: 3, reconcile: {self.reconcile}}}",
                    "    verify: {path: /health, siteHeader: X-Standby-Site, timeout: 30s}",
                    f'    traffic: {{provider: haproxy, admin: "{HOST}:{self.port["admin"]}", group: be_{s}, '
                    f'frontDoor: "http://{HOST}:{self.port["front"]}/{s}"}}',
                    "    sites:"]
            for site, app in (("site-a", "app-a"), ("site-b", "app-b")):
                out += [f"      {site}:",
                        f'        app: "http://{HOST}:{self.port[app]}/{s}"',
                        "        database:",
                        "          provider: postgresql",
                        f'          url: "jdbc:postgresql://{HOST}:{self.pg[s, site]}/postgres"',
                        f"          user: {pg.USER}",
                        f'          local: {{dataDir: "{self.data_dir(s, site)}", binDir: "{pg.bin_dir()}", '
                        f'logFile: "{self.dir}/logs/pg-{s}-{site}.log"{os_user}}}']
        out += ["regionPlans:", "  site-a:", f"    maxParallel: {self.max_parallel}",
                "    onServiceFailure: continue", "    groupTimeout: 5m", ""]
        return "\n".join(out)

    def start_worker(self) -> subprocess.Popen:
        self.port["metrics"] = self._free()
        cmd = ["java", f"-Xmx{self.xmx}", "-jar", WORKER_JAR, "--topology", self.dir / "topology.yaml",
               "--serve-sites", "all", "--metrics-port", self.port["metrics"], "--reports", self.dir / "reports"]
        return self.spawn("worker", cmd, cwd=self.dir)

    def cli(self, *args, timeout: float = 60) -> str:
        done = subprocess.run([str(temporal.cli()), *map(str, args), "--address", f"{HOST}:{self.port['temporal']}"],
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"temporal {' '.join(map(str, args))}: {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def down(self, keep: bool) -> None:
        with contextlib.suppress(Exception):
            labctl.stop_all(self.dir)
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------- measuring

def cpu_seconds(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def machine_busy() -> tuple:
    """(busy, total) CPU seconds of the whole machine so far, every core, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / TICK, sum(fields[:8]) / TICK


def lab_cpu(region: Region) -> float:
    """CPU seconds so far of what serves the services through the incident: the apps, HAProxy and every site-b
    cluster (its live processes, and what its postmaster has collected of the ended ones)."""
    total = 0.0
    for name in ("app-site-a", "app-site-b", "haproxy"):
        with contextlib.suppress(OSError):
            total += cpu_seconds(region.popen[name].pid)
    dirs = {str(region.data_dir(s, "site-b").resolve()) for s in region.names}
    for pid in procs._all_pids():
        if procs._cwd(pid) in dirs and procs.is_postgres(pid):
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{pid}/stat").read_text()
                f = stat[stat.rindex(")") + 2:].split()
                total += (int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])) / TICK
    return total


WORKER_METRICS = ("temporal_sticky_cache_total_forced_eviction", "temporal_sticky_cache_size",
                  "temporal_workflow_active_thread_count", "temporal_sticky_cache_hit",
                  "temporal_workflow_task_schedule_to_start_latency_seconds_",
                  "temporal_activity_schedule_to_start_latency_seconds_",
                  "temporal_request_latency_seconds_")
RPCS = ("RespondWorkflowTaskCompleted", "RespondActivityTaskCompleted", "PollWorkflowTaskQueue", "QueryWorkflow")


def worker_metrics(region: Region) -> dict:
    """The Temporal SDK's own metrics from the worker's endpoint, summed over tags (request latencies per RPC)."""
    import re
    import urllib.request
    out = {}
    try:
        with urllib.request.urlopen(f"http://{HOST}:{region.port['metrics']}/metrics", timeout=5) as r:
            text = r.read().decode()
    except OSError as e:
        return {"error": str(e)}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        name = line.split("{", 1)[0].split(" ", 1)[0]
        if not any(name.startswith(w) for w in WORKER_METRICS):
            continue
        if name.startswith("temporal_request_latency_seconds_"):
            op = re.search(r'operation="([A-Za-z]+)"', line)
            if not op or op.group(1) not in RPCS or not (name.endswith("_sum") or name.endswith("_count")):
                continue
            name = f"{name}:{op.group(1)}"
        elif "_bucket" in name:
            continue
        out[name] = out.get(name, 0) + float(line.rsplit(" ", 1)[1])
    return out


def mean_ms(after: dict, before: dict, prefix: str):
    """Mean in ms over the window of a _sum/_count pair (suffix after ':' for per-RPC latencies)."""
    base, _, op = prefix.partition(":")
    key = (lambda k: f"{base}{k}:{op}") if op else (lambda k: f"{base}{k}")
    count = after.get(key("count"), 0) - before.get(key("count"), 0)
    total = after.get(key("sum"), 0) - before.get(key("sum"), 0)
    return {"meanMs": round(1000 * total / count) if count else None, "count": int(count)}


def status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def footprint(region: Region) -> dict:
    """What the lab itself holds in memory and on disk, before the incident."""
    dirs = {str(region.data_dir(s, site).resolve()) for s in region.names for site in ("site-a", "site-b")}
    postgres = [p for p in procs._all_pids() if procs._cwd(p) in dirs and procs.is_postgres(p)]
    rss = pss = 0
    for p in postgres:
        with contextlib.suppress(OSError):
            rss += status_kb(p, "VmRSS")
            pss += pss_kb(p)
    du = subprocess.run(["du", "-scb", *sorted(dirs)], capture_output=True, text=True).stdout.splitlines()[-1]
    disk = int(du.split()[0])
    other = {name: status_kb(region.popen[name].pid, "VmRSS") for name in ("haproxy", "app-site-a", "app-site-b")}
    return {"postgresProcesses": len(postgres), "postgresRssMb": rss / 1024, "postgresPssMb": pss / 1024,
            "dataDirsMb": disk / 2**20, "haproxyRssMb": other["haproxy"] / 1024,
            "appsRssMb": (other["app-site-a"] + other["app-site-b"]) / 1024}


def wait_services(region: Region, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while True:
        out = region.cli("workflow", "count", "--query", "StandbyKind='service' AND ExecutionStatus='Running'")
        count = int(out.split()[-1])
        if count >= region.n:
            return
        if region.popen["worker"].poll() is not None:
            raise RuntimeError(f"the worker exited ({region.popen['worker'].returncode}); see {region.dir}/logs")
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {count} of {region.n} service states run after {timeout:.0f}s")
        time.sleep(1)


def wait_idle(region: Region, below: float = 0.5, window: float = 3, timeout: float = 600) -> float:
    """Until every service/<name> has run its first task (its log line) and the worker and the Temporal server
    together use less than `below` of a core over `window` seconds: the steady state. Returns the wait."""
    pids = (region.popen["worker"].pid, region.popen["temporal"].pid)
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        before = sum(cpu_seconds(p) for p in pids)
        time.sleep(window)
        busy = (sum(cpu_seconds(p) for p in pids) - before) / window
        log_text = (region.dir / "logs" / "worker.log").read_text(errors="replace")
        if busy < below and log_text.count("starts from the topology: primary") >= region.n:
            return time.monotonic() - started
    raise RuntimeError(f"the worker and Temporal never went idle within {timeout:.0f}s (last {busy:.2f} cores, "
                       f"{log_text.count('starts from the topology: primary')} of {region.n} services started)")


def kill_site(region: Region, site: str) -> tuple:
    """SIGKILL every process of every cluster of the site at once, as if its hosts died; returns (ms, count)."""
    dirs = {str(region.data_dir(s, site).resolve()) for s in region.names}
    victims = [p for p in procs._all_pids() if procs._cwd(p) in dirs and procs.is_postgres(p)]
    killed_at = time.time()
    for p in victims:
        procs.send(p, signal.SIGKILL)
    # Backends forked between the scan and the kill: the same fate a moment later.
    late = [p for p in procs._all_pids() if procs._cwd(p) in dirs and procs.is_postgres(p) and p not in victims]
    for p in late:
        procs.send(p, signal.SIGKILL)
    for s in region.names:
        region.popen[f"pg-{s}-{site}"].poll()  # reap our postmasters: a zombie still looks like a process
    return int(killed_at * 1000), len(victims) + len(late)


class Prober:
    """Real requests through HAProxy, per service, until the target site answers 200: the first such answer is the
    service's probed RTO. Each pending service is asked every `every` seconds, on a fresh connection."""

    def __init__(self, region: Region, target: str, every: float, threads: int = 4):
        self.region, self.target, self.every = region, target, every
        self.served = {}
        self.requests = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        slices = [region.names[i::threads] for i in range(threads)]
        self._threads = [threading.Thread(target=self._run, args=(s,), daemon=True) for s in slices if s]

    def start(self):
        for t in self._threads:
            t.start()
        return self

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while len(self.served) < self.region.n and time.monotonic() < deadline:
            time.sleep(0.2)
        self._stop.set()
        for t in self._threads:
            t.join(5)
        return len(self.served) == self.region.n

    def _run(self, services: list):
        while not self._stop.is_set():
            round_start = time.monotonic()
            pending = [s for s in services if s not in self.served]
            if not pending:
                return
            for s in pending:
                if self._ask(s):
                    with self._lock:
                        self.served[s] = int(time.time() * 1000)
            self._stop.wait(max(0.0, self.every - (time.monotonic() - round_start)))

    def _ask(self, service: str) -> bool:
        conn = http.client.HTTPConnection(HOST, self.region.port["front"], timeout=2)
        try:
            conn.request("GET", f"/{service}/health")
            answer = conn.getresponse()
            answer.read()
            with self._lock:
                self.requests += 1
            return answer.status == 200 and answer.getheader("X-Standby-Site") == self.target
        except OSError:
            return False
        finally:
            conn.close()


def percentile(values: list, q: float):
    """Nearest rank: the smallest value with at least q of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 1)) - 1))]


def history(region: Region, workflow_id: str) -> dict:
    info = json.loads(region.cli("workflow", "describe", "-w", workflow_id, "-o", "json"))
    execution = info.get("workflowExecutionInfo", info)
    return {"events": int(execution.get("historyLength", 0)), "bytes": int(execution.get("historySizeBytes", 0))}


def latencies(region: Region, workflow_id: str) -> dict:
    """From one run's history: how long its activity and workflow tasks waited for the worker to take them
    (scheduled -> started) and how long the activities ran (started -> completed), in ms."""
    events = json.loads(region.cli("workflow", "show", "-w", workflow_id, "-o", "json"))["events"]
    at = {int(e["eventId"]): e for e in events}

    def ms(e):
        from datetime import datetime
        return datetime.fromisoformat(e["eventTime"].replace("Z", "+00:00")).timestamp() * 1000

    out = {"activityWait": [], "activityRun": [], "workflowTaskWait": []}
    for e in events:
        kind = e["eventType"]
        if kind in ("EVENT_TYPE_ACTIVITY_TASK_STARTED", "ActivityTaskStarted"):
            sched = at[int(e["activityTaskStartedEventAttributes"]["scheduledEventId"])]
            out["activityWait"].append(ms(e) - ms(sched))
        elif kind in ("EVENT_TYPE_ACTIVITY_TASK_COMPLETED", "ActivityTaskCompleted"):
            started = at[int(e["activityTaskCompletedEventAttributes"]["startedEventId"])]
            out["activityRun"].append(ms(e) - ms(started))
        elif kind in ("EVENT_TYPE_WORKFLOW_TASK_STARTED", "WorkflowTaskStarted"):
            sched = at[int(e["workflowTaskStartedEventAttributes"]["scheduledEventId"])]
            out["workflowTaskWait"].append(ms(e) - ms(sched))
    return out


def plan_timeline(region: Region, killed_at: int) -> dict:
    """From region/site-a's history, in ms after the kill: when its plan() activity ended (and in how many
    attempts), and when its children were asked for, started and ended: where the plan's time goes."""
    from datetime import datetime
    events = json.loads(region.cli("workflow", "show", "-w", "region/site-a", "-o", "json"))["events"]

    def at(e):
        return int(datetime.fromisoformat(e["eventTime"].replace("Z", "+00:00")).timestamp() * 1000) - killed_at

    out = {"planActivityEnded": None, "planActivityAttempt": None, "childInitiated": [], "childStarted": [],
           "childEnded": []}
    for e in events:
        kind = e["eventType"].removeprefix("EVENT_TYPE_")
        if kind in ("ACTIVITY_TASK_COMPLETED", "ActivityTaskCompleted") and out["planActivityEnded"] is None:
            out["planActivityEnded"] = at(e)
        elif kind in ("ACTIVITY_TASK_STARTED", "ActivityTaskStarted") and out["planActivityAttempt"] is None:
            out["planActivityAttempt"] = int(e["activityTaskStartedEventAttributes"].get("attempt", 1))
        elif kind in ("START_CHILD_WORKFLOW_EXECUTION_INITIATED", "StartChildWorkflowExecutionInitiated"):
            out["childInitiated"].append(at(e))
        elif kind in ("CHILD_WORKFLOW_EXECUTION_STARTED", "ChildWorkflowExecutionStarted"):
            out["childStarted"].append(at(e))
        elif kind.startswith("CHILD_WORKFLOW_EXECUTION_") or kind.startswith("ChildWorkflowExecution"):
            out["childEnded"].append(at(e))
    return out


def steps(region: Region, workflow_id: str, killed_at: int) -> dict:
    """One failover child's result: when it started after the kill, and each step's duration, in ms."""
    result = json.loads(region.cli("workflow", "result", "-w", workflow_id, "-o", "json"))
    result = result.get("result", result)
    out = {"(started after the kill)": result["startedAtMillis"] - killed_at}
    for step in result.get("steps", []):
        if step.get("endedAtMillis") is not None:
            out[step["name"]] = step["endedAtMillis"] - step["startedAtMillis"]
    return out


def run_size(n: int, args) -> dict:
    region = Region(n, args)
    log(f"{n}: setting up in {region.dir}")
    ok = False
    try:
        setup = region.up()
        log(f"{n}: lab up in {setup:.1f}s; starting the worker")
        worker = region.start_worker()
        t0 = time.monotonic()
        wait_services(region)
        states = time.monotonic() - t0
        idle_wait = wait_idle(region)
        log(f"{n}: {n} service states run after {states:.1f}s; worker idle after {idle_wait:.1f}s more")
        tpid = region.popen["temporal"].pid
        lab = footprint(region)
        w0, s0 = cpu_seconds(worker.pid), cpu_seconds(tpid)
        time.sleep(args.idle)
        idle = {"workerCpuPerMin": (cpu_seconds(worker.pid) - w0) * 60 / args.idle,
                "temporalCpuPerMin": (cpu_seconds(tpid) - s0) * 60 / args.idle}
        rss_before = {"worker": status_kb(worker.pid, "VmRSS") / 1024, "temporal": status_kb(tpid, "VmRSS") / 1024}

        w0, s0, load0 = cpu_seconds(worker.pid), cpu_seconds(tpid), os.getloadavg()[0]
        own0, machine0, lab0 = time.process_time(), machine_busy(), lab_cpu(region)
        metrics0 = worker_metrics(region)
        killed_at, victims = kill_site(region, "site-a")
        prober = Prober(region, "site-b", args.probe_every).start()
        request = {"site": "site-a", "mode": "UNPLANNED", "reason": f"bench: {n} primaries killed",
                   "requestedBy": "bench/region-outage", "incidentStartedAtMillis": killed_at}
        region.cli("workflow", "start", "--task-queue", "standby", "--type", "RegionFailover",
                   "--workflow-id", "region/site-a", "--input", json.dumps(request))
        started_ms = int(time.time() * 1000) - killed_at
        log(f"{n}: killed {victims} site-a PostgreSQL processes; region/site-a started {started_ms} ms later")
        all_served = prober.wait(args.timeout)
        result = json.loads(region.cli("workflow", "result", "-w", "region/site-a", "-o", "json",
                                       timeout=args.timeout + 120))
        ended_ms = int(time.time() * 1000) - killed_at
        machine1 = machine_busy()
        cpu = {"worker": cpu_seconds(worker.pid) - w0, "temporal": cpu_seconds(tpid) - s0,
               "prober": time.process_time() - own0, "lab": lab_cpu(region) - lab0,
               "machineBusy": machine1[0] - machine0[0], "machineTotal": machine1[1] - machine0[1]}
        peak = {"worker": status_kb(worker.pid, "VmHWM") / 1024, "temporal": status_kb(tpid, "VmHWM") / 1024}
        plan = result.get("result", result)
        services = plan["services"]
        reported = [s["rtoMillis"] for s in services if s.get("rtoMillis") is not None]
        probed = {s: t - killed_at for s, t in prober.served.items()}
        statuses = {}
        for s in services:
            statuses[s["status"]] = statuses.get(s["status"], 0) + 1
        sample = sorted({region.names[0], region.names[n // 2], region.names[-1]})
        children = {s: history(region, f"failover/{s}") for s in sample}
        waits = {"activityWait": [], "activityRun": [], "workflowTaskWait": []}
        step_ms = {}
        for s in region.names[:: max(1, n // 20)]:
            for k, v in latencies(region, f"failover/{s}").items():
                waits[k] += v
            with contextlib.suppress(RuntimeError, KeyError):  # a failed child has no result to read
                for k, v in steps(region, f"failover/{s}", killed_at).items():
                    step_ms.setdefault(k, []).append(v)
        row = {
            "services": n, "maxParallel": args.max_parallel, "reconcile": args.reconcile,
            "temporalDb": args.temporal_db, "probeEvery": args.probe_every, "idleWaitSeconds": round(idle_wait, 1), "setupSeconds": round(setup, 1),
            "statesSeconds": round(states, 1), "killedProcesses": victims, "planStartedAfterMs": started_ms,
            "outcome": plan["outcome"], "statuses": statuses, "allServedProbed": all_served,
            "planRtoProbedMs": max(probed.values()) if all_served else None,
            "planRtoReportedMs": plan.get("planRtoMillis"), "planEndedMs": ended_ms,
            "probedMs": {q: percentile(list(probed.values()), p) for q, p in
                         (("p50", .5), ("p90", .9), ("p99", .99), ("max", 1))},
            "reportedMs": {q: percentile(reported, p) for q, p in
                           (("p50", .5), ("p90", .9), ("p99", .99), ("max", 1))},
            "cpuSeconds": cpu, "peakRssMb": peak, "rssBeforeMb": rss_before, "idle": idle,
            "history": {"plan": history(region, "region/site-a"), "failover": children,
                        "service": history(region, f"service/{region.names[0]}")},
            "taskLatencyMs": {k: {"median": percentile(v, .5), "p90": percentile(v, .9), "max": percentile(v, 1),
                                  "count": len(v)} for k, v in waits.items()},
            "workerMetrics": (metrics1 := worker_metrics(region)),
            "temporalMs": {
                "workflowTaskWait": mean_ms(metrics1, metrics0, "temporal_workflow_task_schedule_to_start_latency_seconds_"),
                "activityTaskWait": mean_ms(metrics1, metrics0, "temporal_activity_schedule_to_start_latency_seconds_"),
                **{rpc: mean_ms(metrics1, metrics0, f"temporal_request_latency_seconds_:{rpc}") for rpc in RPCS}},
            "planTimeline": plan_timeline(region, killed_at),
            "stepMs": {k: {"median": percentile(v, .5), "max": percentile(v, 1), "count": len(v)}
                       for k, v in step_ms.items()},
            "probeRequests": prober.requests, "load1Before": load0, "load1After": os.getloadavg()[0],
            "lab": lab, "notServedProbed": sorted(set(region.names) - set(prober.served)),
        }
        ok = True
        return row
    finally:
        keep = args.keep or not ok
        log(f"{n}: stopping everything" + (f"; keeping {region.dir} for a look" if keep else ""))
        region.down(keep)


# ---------------------------------------------------------------- the table

def table(rows: list) -> str:
    def col(values):
        return "".join(f" | {v:>13}" for v in values)

    def fmt(v, unit=""):
        if v is None:
            return "-"
        return f"{v / 1000:.1f} s" if unit == "s" else (f"{v:.0f}" if isinstance(v, float) else str(v))

    lines = [f" {'services':<52}" + col(r["services"] for r in rows), "-" * (53 + 16 * len(rows))]

    def add(name, values):
        lines.append(f" {name:<52}" + col(values))

    add("maxParallel", [r["maxParallel"] for r in rows])
    add("monitor.reconcile / Temporal's SQLite", [f"{r['reconcile']} / {r['temporalDb']}" for r in rows])
    add("outcome", [r["outcome"] for r in rows])
    add("served by site-b (probed / all)", [f"{r['services'] - len(r['notServedProbed'])}/{r['services']}"
                                            for r in rows])
    add("plan RTO, probed (kill -> last served)", [fmt(r["planRtoProbedMs"], "s") for r in rows])
    add("plan RTO, Standby's result", [fmt(r["planRtoReportedMs"], "s") for r in rows])
    add("plan started after the kill", [fmt(r["planStartedAfterMs"], "s") for r in rows])
    add("plan workflow ended", [fmt(r["planEndedMs"], "s") for r in rows])
    for q in ("p50", "p90", "p99", "max"):
        add(f"service RTO {q}, probed", [fmt(r["probedMs"][q], "s") for r in rows])
    for q in ("p50", "p90", "p99", "max"):
        add(f"service RTO {q}, Standby's result", [fmt(r["reportedMs"][q], "s") for r in rows])
    add("plan's plan() activity ended (attempt)",
        [f"{fmt(r['planTimeline']['planActivityEnded'], 's')} ({r['planTimeline']['planActivityAttempt']})"
         for r in rows])
    add("first / last child failover asked for",
        [f"{fmt(min(r['planTimeline']['childInitiated']), 's')} / {fmt(max(r['planTimeline']['childInitiated']), 's')}"
         for r in rows])
    add("last child failover ended", [fmt(max(r["planTimeline"]["childEnded"]), "s") for r in rows])
    add("worker CPU s (kill -> plan ended)", [f"{r['cpuSeconds']['worker']:.1f}" for r in rows])
    add("Temporal CPU s (kill -> plan ended)", [f"{r['cpuSeconds']['temporal']:.1f}" for r in rows])
    add("lab CPU s (apps, HAProxy, site-b PostgreSQL)", [f"{r['cpuSeconds']['lab']:.1f}" for r in rows])
    add("this driver's CPU s (prober)", [f"{r['cpuSeconds']['prober']:.1f}" for r in rows])
    add("machine busy, both cores (kill -> plan ended)",
        [f"{100 * r['cpuSeconds']['machineBusy'] / r['cpuSeconds']['machineTotal']:.0f}%" for r in rows])
    add("  of which not this bench's (CPU s)",
        [f"{r['cpuSeconds']['machineBusy'] - sum(r['cpuSeconds'][k] for k in ('worker', 'temporal', 'lab', 'prober')):.1f}"
         for r in rows])
    add("worker peak RSS MB (VmHWM)", [f"{r['peakRssMb']['worker']:.0f}" for r in rows])
    add("Temporal peak RSS MB (VmHWM)", [f"{r['peakRssMb']['temporal']:.0f}" for r in rows])
    add("worker idle CPU s per minute", [f"{r['idle']['workerCpuPerMin']:.1f}" for r in rows])
    add("Temporal idle CPU s per minute", [f"{r['idle']['temporalCpuPerMin']:.1f}" for r in rows])
    add("history region/site-a: events", [r["history"]["plan"]["events"] for r in rows])
    add("history region/site-a: KB", [f"{r['history']['plan']['bytes'] / 1024:.0f}" for r in rows])
    add("history failover/<svc> (median): events",
        [statistics.median(c["events"] for c in r["history"]["failover"].values()) for r in rows])
    add("history failover/<svc> (median): KB",
        [f"{statistics.median(c['bytes'] for c in r['history']['failover'].values()) / 1024:.0f}" for r in rows])
    add("activity task wait ms (median / max)",
        [f"{r['taskLatencyMs']['activityWait']['median']:.0f} / {r['taskLatencyMs']['activityWait']['max']:.0f}"
         for r in rows])
    add("workflow task wait ms (median / max)",
        [f"{r['taskLatencyMs']['workflowTaskWait']['median']:.0f} / "
         f"{r['taskLatencyMs']['workflowTaskWait']['max']:.0f}" for r in rows])
    add("activity run ms (median / max)",
        [f"{r['taskLatencyMs']['activityRun']['median']:.0f} / {r['taskLatencyMs']['activityRun']['max']:.0f}"
         for r in rows])
    names = list(dict.fromkeys(k for r in rows for k in r["stepMs"]))
    for k in names:
        add(f"step {k} ms (med/max)",
            [f"{r['stepMs'][k]['median']} / {r['stepMs'][k]['max']}" if k in r["stepMs"] else "-" for r in rows])
    for k in ("workflowTaskWait", "activityTaskWait", "RespondWorkflowTaskCompleted", "RespondActivityTaskCompleted",
              "QueryWorkflow"):
        add(f"worker's view: {k} ms (mean; count)",
            [f"{r['temporalMs'][k]['meanMs']}; {r['temporalMs'][k]['count']}" for r in rows])
    add("lab: postgres processes", [r["lab"]["postgresProcesses"] for r in rows])
    add("lab: postgres RSS MB (sum) / PSS MB",
        [f"{r['lab']['postgresRssMb']:.0f} / {r['lab']['postgresPssMb']:.0f}" for r in rows])
    add("lab: data dirs MB", [f"{r['lab']['dataDirsMb']:.0f}" for r in rows])
    add("lab: HAProxy RSS MB / apps RSS MB",
        [f"{r['lab']['haproxyRssMb']:.0f} / {r['lab']['appsRssMb']:.0f}" for r in rows])
    add("setup s (clusters, apps, HAProxy)", [r["setupSeconds"] for r in rows])
    add("load (1 min) before / after", [f"{r['load1Before']:.1f} / {r['load1After']:.1f}" for r in rows])
    first = rows[0]
    lines.append("")
    lines.append(" ratios (per service, and against the smallest size)")
    for r in rows:
        rto = r["planRtoProbedMs"]
        lines.append(
            f"   {r['services']:>4} services: plan RTO {fmt(rto, 's')} ="
            f" {rto / r['services']:.0f} ms per service" if rto else f"   {r['services']:>4} services: not all served")
        lines.append(f"        worker CPU {r['cpuSeconds']['worker'] / r['services'] * 1000:.0f} ms per service,"
                     f" Temporal CPU {r['cpuSeconds']['temporal'] / r['services'] * 1000:.0f} ms per service")
        if r is not first and rto and first["planRtoProbedMs"]:
            lines.append(f"        x{r['services'] / first['services']:.1f} services: plan RTO"
                         f" x{rto / first['planRtoProbedMs']:.2f}, worker CPU"
                         f" x{r['cpuSeconds']['worker'] / first['cpuSeconds']['worker']:.2f}")
    goal = [r for r in rows if r["services"] == 200]
    if goal:
        r = goal[0]
        met = r["planRtoProbedMs"] is not None and r["planRtoProbedMs"] <= 60000
        lines.append(f" goal: all 200 served by their targets within 60 s: {'met' if met else 'NOT met'}"
                     f" ({fmt(r['planRtoProbedMs'], 's')})")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,50,200")
    parser.add_argument("--max-parallel", type=int, default=25)
    parser.add_argument("--xmx", default="1g", help="the worker's heap")
    # Not Standby's and the lab's defaults (5s, file): with them 200 services do not even reach a steady state on
    # 2 cores (README, "Region outage at scale"); pass them to see it.
    parser.add_argument("--reconcile", default="60s", help="each service's monitor.reconcile (Standby's default: 5s)")
    parser.add_argument("--temporal-db", choices=("file", "memory"), default="memory",
                        help="the dev server's SQLite: in memory, or a file as the lab runs it")
    parser.add_argument("--probe-every", type=float, default=1.0, help="seconds between probes of one service")
    parser.add_argument("--idle", type=float, default=15, help="seconds of idle cost measured before the kill")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for every service to be served")
    parser.add_argument("--results", type=Path, help="JSON lines, one per size")
    parser.add_argument("--keep", action="store_true", help="keep the lab dirs (logs, data) after the run")
    parser.add_argument("--table", type=Path, nargs="+", help="only print the table of these results files")
    args = parser.parse_args()
    if args.table:
        rows = [json.loads(line) for f in args.table for line in f.read_text().splitlines() if line.strip()]
        print(table(sorted(rows, key=lambda r: r["services"])))
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind: every size's finally stops its lab
    if not WORKER_JAR.exists():
        raise SystemExit(f"{WORKER_JAR} is missing: mvn -B -ntp -pl worker -am package -DskipTests")
    rows, failed = [], []
    for n in (int(x) for x in args.sizes.split(",")):
        try:
            row = run_size(n, args)
        except Exception as e:  # noqa: BLE001  (one size's failure must not lose the others' rows)
            log(f"{n}: FAILED: {e}")
            failed.append(f"{n} services: {e}")
            continue
        rows.append(row)
        with open(args.results, "a") as out:
            out.write(json.dumps(row) + "\n")
        log(f"{n}: plan RTO probed {row['planRtoProbedMs']} ms, reported {row['planRtoReportedMs']} ms")
    if rows:
        print(table(rows))
    for line in failed:
        print(f" FAILED {line}")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
