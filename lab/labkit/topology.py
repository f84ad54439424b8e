"""The worker's topology for a lab, in the format TopologyLoader reads.

Each database has a `local` block: where its data dir, binaries and log are and which OS user runs it,
so Standby's resync can stop it, rewind it and start it again as a replica (the worker runs on the
same machine as the lab). Bakes are seconds long so a whole failback fits in a demo. The drill block writes
orders through the front door during drills and injects faults with `lab fault` and the app's fault switch;
its practice block clones site-b under the lab's `practice` folder and starts a copy of the sample app on the clone.
"""
import sys
from pathlib import Path

from labkit import pg

TEMPLATE = """\
temporal: {{target: "{temporal_target}", namespace: default, taskQueue: standby, uiUrl: "{temporal_ui}"}}
sites:
  site-a: {{provider: lab, region: local-a}}
  site-b: {{provider: lab, region: local-b}}
{extra_sites}services:
  payments:
    primarySite: site-a
    objectives: {{rto: 30s, rpo: 5s}}
    health: {{path: /health, liveness: /livez, timeout: 1s, latencyBudget: 500ms}}
    monitor: {{interval: 1s, failureThreshold: 3, reconcile: 1s}}
    verify: {{path: /health, requests: 20, siteHeader: X-Standby-Site, timeout: 30s}}
    traffic: {{provider: haproxy, admin: "{haproxy_admin}", group: {backend}, frontDoor: "{front_door}"}}
    failback: {{steps: [10, 25, 50, 75, 100], bake: 3s, sampleEvery: 1s, sampleRequests: 40, maxErrorRate: 0.05, maxLatency: 500ms, onGateFailure: rollback}}
    sites:
      site-a:
        app: "{app_a}"
        database:
          provider: postgresql
          url: "{jdbc_a}"
          user: {user}
          local: {{dataDir: "{data_a}", binDir: "{bin_dir}", logFile: "{log_a}"{os_user}}}
      site-b:
        app: "{app_b}"
        database:
          provider: postgresql
          url: "{jdbc_b}"
          user: {user}
          local: {{dataDir: "{data_b}", binDir: "{bin_dir}", logFile: "{log_b}"{os_user}}}
{extra_service_sites}    drill:
      writeLoad: {{path: /orders, body: '{{"item":"drill"}}', sequenceField: seq, table: orders, column: seq}}
      writers: 4
      checks: [{{name: health, path: /health, status: 200}}, {{name: no-such-order, path: /orders/0, status: 404}}]
      tables: [orders]
      stop: {{maxErrorRate: 0.9, window: 20s}}
      faults: {{provider: lab, labDir: "{lab_dir}", command: "{lab_command}"}}
      practice: {{scratchDir: "{lab_dir}/practice", baseline: 60s, slice: 5s, writers: 2, requests: 10, app: ["{python}", "{sample_app}", --site, "{{name}}", --port, "{{port}}", --db-host, "{{dbHost}}", --db-port, "{{dbPort}}"]}}
"""


# site-c outranks site-b, so the three-site lab shows both rules: a failover elects the most advanced
# standby whatever its priority, and among standbys that have replayed as much, site-c.
SITE_C = """\
      site-c:
        priority: 80
        app: "{app}"
        database:
          provider: postgresql
          url: "{jdbc}"
          user: {user}
          local: {{dataDir: "{data}", binDir: "{bin_dir}", logFile: "{log}"{os_user}}}
"""


def render(info: dict, temporal_target: str, temporal_ui: str) -> str:
    os_user = f", osUser: {pg.os_user()}" if pg.os_user() else ""
    three = "site-c" in info["appUrls"]
    site_c = SITE_C.format(app=info["appUrls"]["site-c"], jdbc=info["jdbcUrls"]["site-c"], user=info["dbUser"],
                           data=info["dataDirs"]["site-c"], bin_dir=pg.bin_dir(),
                           log=f"{info['logDir']}/pg-site-c.log", os_user=os_user) if three else ""
    return TEMPLATE.format(
        extra_sites="  site-c: {provider: lab, region: local-c}\n" if three else "",
        extra_service_sites=site_c,
        temporal_target=temporal_target, temporal_ui=temporal_ui,
        haproxy_admin=info["haproxyAdmin"], backend=info["haproxyBackend"], front_door=info["frontDoorUrl"],
        app_a=info["appUrls"]["site-a"], app_b=info["appUrls"]["site-b"],
        jdbc_a=info["jdbcUrls"]["site-a"], jdbc_b=info["jdbcUrls"]["site-b"], user=info["dbUser"],
        data_a=info["dataDirs"]["site-a"], data_b=info["dataDirs"]["site-b"], bin_dir=pg.bin_dir(),
        log_a=f"{info['logDir']}/pg-site-a.log", log_b=f"{info['logDir']}/pg-site-b.log",
        os_user=f", osUser: {pg.os_user()}" if pg.os_user() else "",
        lab_dir=info["dir"], lab_command=str(Path(__file__).resolve().parent.parent / "lab"),
        python=sys.executable, sample_app=str(Path(__file__).resolve().parent.parent / "sampleapp" / "app.py"))
