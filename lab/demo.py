"""The failover demo: orders flow through the front door, site-a's PostgreSQL is killed, Standby's
health monitor detects it and fails over to site-b. Prints what happened, measured, not estimated.
Then the failback: site-a's database is rewound into a replica of site-b, traffic goes home in
10/25/50/75/100 steps, each baked and gated, and the database switches back; the split of real orders
is measured at every step.

Run by bin/demo, which builds Standby and starts the lab, the worker and the API first.
"""
import argparse
import contextlib
import subprocess
import io
import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

import psycopg

import lab as labctl


class OrderLoad:
    """Writers POSTing orders through the front door, remembering every acknowledgement."""

    def __init__(self, front_door: str, writers: int):
        self.url = front_door + "/orders"
        self.acks = []        # (seq, site, sent, acked), appended under the GIL
        self.refusals = []    # (site, status, sent, at)
        self.running = True
        self.threads = [threading.Thread(target=self._write, daemon=True) for _ in range(writers)]
        for t in self.threads:
            t.start()

    def _write(self):
        while self.running:
            sent = time.time()
            request = urllib.request.Request(self.url, data=b'{"item":"demo"}', method="POST",
                                             headers={"Content-Type": "application/json", "Connection": "close"})
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    body = json.loads(response.read())
                    self.acks.append((body["seq"], body["site"], sent, time.time()))
                    continue
            except urllib.error.HTTPError as e:
                self.refusals.append((e.headers.get("X-Standby-Site"), e.code, sent, time.time()))
            except OSError:
                self.refusals.append((None, 0, sent, time.time()))
            # A failing site answers at once. Each refused order still costs the lab a database connection
            # attempt at both sites (the app's writer endpoint tries both), and on a 2-core lab a tight retry
            # loop starves the very failover it measures: back off as a real client would. This makes the
            # measured RTO up to 0.1 s longer, never shorter.
            time.sleep(0.1)

    def stop(self):
        self.running = False
        for t in self.threads:
            t.join(5)

    def first_ack_by(self, site: str, since: float):
        return min((a for a in self.acks if a[1] == site and a[3] >= since), key=lambda a: a[3], default=None)


def api(base: str, method: str, path: str, body=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    # bin/demo gives the API an operator token and hands it over here; the API refuses requests without one.
    if os.environ.get("STANDBY_API_TOKEN"):
        headers["Authorization"] = "Bearer " + os.environ["STANDBY_API_TOKEN"]
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text or b"null")
        except ValueError:
            return e.code, {"error": text.decode(errors="replace")}


def wait_for(what: str, check, timeout: float, every: float = 0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    sys.exit(f"demo: gave up waiting for {what} after {timeout:.0f} s (see .lab/logs/)")


def closed(base: str, path: str):
    status, body = api(base, "GET", path)
    if status == 200 and body.get("status") not in (None, "RUNNING"):
        return body
    return None


def kill_postmaster(lab_dir: Path, info: dict, site: str) -> float:
    """SIGKILLs the site's postmaster and returns the moment it was sent: the start of the RTO clock.
    The lab then reaps the orphaned backends, as a dead host would lose them too."""
    postmaster = info["pids"][f"pg-{site}"]
    killed_at = time.time()
    os.kill(postmaster, signal.SIGKILL)
    with contextlib.redirect_stdout(io.StringIO()):  # it would only say the postmaster is gone already
        labctl.kill_db(lab_dir, info, site)
    return killed_at


def watching(base: str) -> bool:
    status, body = api(base, "GET", "/monitors/payments")
    state = (body or {}).get("state") or {}
    return status == 200 and state.get("probes", 0) >= 3 and state.get("consecutiveFailures") == 0


def relative(t: float, kill: float) -> str:
    """Backends of a killed postmaster can still finish a commit for a few milliseconds: say which side it is."""
    ms = (t - kill) * 1000
    return f"{-ms:.0f} ms before the kill" if ms <= 0 else f"{ms:.0f} ms after the kill, by a backend still finishing"


def clock(t: float) -> str:
    return datetime.fromtimestamp(t).strftime("%H:%M:%S.%f")[:-3]


def missing_on(jdbc_url: str, user: str, acks: list) -> list:
    """The acknowledged orders the database does not have, looked up by sequence number."""
    host_port = jdbc_url.split("//", 1)[1].split("/", 1)
    host, port = host_port[0].split(":")
    with psycopg.connect(host=host, port=int(port), dbname=host_port[1], user=user, connect_timeout=3) as conn:
        present = {row[0] for row in conn.execute("SELECT seq FROM orders WHERE seq = ANY(%s)",
                                                  ([a[0] for a in acks],))}
    return [a for a in acks if a[0] not in present]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, default=labctl.REPO / ".lab")
    parser.add_argument("--api", default="http://127.0.0.1:8080")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--failover-only", action="store_true", help="stop after the failover (no failback)")
    parser.add_argument("--summary", type=Path, help="also write the failover's measured figures to this JSON file")
    args = parser.parse_args()
    info = labctl.require(args.dir)
    topology_note = "probes every 1 s, failover after 3 failed probes in a row"

    print(f"Standby failover demo: service payments, site-a primary, site-b streaming replica")
    print(f"  front door {info['frontDoorUrl']}, Temporal UI {info['temporalUiUrl']}")
    load = OrderLoad(info["frontDoorUrl"], args.writers)
    status, body = api(args.api, "POST", "/monitors", {"service": "payments"})
    if status not in (202, 409):
        sys.exit(f"demo: the API refused to start the health monitor: {status} {body}")
    print(f"  health monitor started ({topology_note})")
    wait_for("orders acknowledged by site-a", lambda: len(load.acks) > 50, 30)
    wait_for("the health monitor's first healthy probes", lambda: watching(args.api), 60)
    time.sleep(1)
    print(f"  {len(load.acks)} orders acknowledged by site-a so far, {args.writers} writers without pause\n")

    killed_at = kill_postmaster(args.dir, info, "site-a")
    print(f"{clock(killed_at)}  site-a's PostgreSQL killed (SIGKILL)")

    monitor = wait_for("the health monitor to detect the failure", lambda: closed(args.api, "/monitors/payments"), 60)
    failover = wait_for("the failover to finish", lambda: closed(args.api, "/failovers/payments"), 120)
    time.sleep(1)
    load.stop()
    if failover["status"] != "COMPLETED":
        print(json.dumps(failover, indent=2))
        return 1
    figures = report(info, killed_at, monitor, failover, load)
    if args.summary:
        args.summary.write_text(json.dumps(figures, indent=2))
    if figures is None or args.failover_only:
        return 0 if figures else 1
    return failback(info, args.writers)


def report(info: dict, killed_at: float, monitor: dict, failover: dict, load: OrderLoad):
    """Prints the failover as measured and returns its figures (seconds), or None when its target never served.
    The target is site-b in the two-site lab; on `lab up --sites 3` it is whichever standby the failover elected."""
    m, r = monitor["result"], failover["result"]
    target = r["targetSite"]
    first_failure, detected = m["firstFailureAtMillis"] / 1000, m["detectedAtMillis"] / 1000
    note = "" if first_failure >= killed_at else " (before the kill: a slow or failed answer, counted all the same)"
    print(f"  {first_failure - killed_at:+7.3f} s  first of the failed probes in a row{note}")
    print(f"  {detected - killed_at:+7.3f} s  failure detected ({m['lastProbe']}); after {m['probes']} probes in all "
          f"the monitor starts {m['failoverWorkflowId']}")
    print("\n  failover steps")
    for step in r["steps"]:
        took = (step["endedAtMillis"] - step["startedAtMillis"]) if step["endedAtMillis"] else 0
        print(f"    {step['startedAtMillis'] / 1000 - killed_at:+7.3f} s  {step['name']:<16} {took:5d} ms  "
              f"{step.get('detail') or ''}")
    first_b = load.first_ack_by(target, killed_at)
    print()
    if first_b is None:
        print(f"  no order was acknowledged by {target}: the front door never reached it")
        return None
    served = first_b[3]
    step_start = {s["name"]: s["startedAtMillis"] / 1000 for s in r["steps"]}
    step_end = {s["name"]: s["endedAtMillis"] / 1000 for s in r["steps"]}
    failover_start = r["startedAtMillis"] / 1000
    figures = {
        "rto": served - killed_at,
        "detection": detected - killed_at,
        "failoverStart": failover_start - detected,
        "checks": step_start["promote-target"] - failover_start,
        "promotion": step_end["promote-target"] - step_start["promote-target"],
        "traffic": served - step_end["promote-target"],
        "workflowRto": r["rtoMillis"] / 1000,
    }
    print(f"  {served - killed_at:+7.3f} s  first order served by {target} through the front door (seq {first_b[0]})")
    print(f"\n  RTO  {figures['rto']:.3f} s from the kill to the first order served by {target}")
    print(f"         detection        {figures['detection']:6.3f} s  kill to the third failed probe in a row "
          f"(probes 1 s apart: the floor is 2 to 3 s)")
    print(f"         failover start   {figures['failoverStart']:6.3f} s  the monitor starts the failover workflow")
    print(f"         checks           {figures['checks']:6.3f} s  target healthy and a replica, the old primary fenced")
    print(f"         promotion        {figures['promotion']:6.3f} s  {target} promoted")
    print(f"         traffic          {figures['traffic']:6.3f} s  from the promotion's end (as the workflow heard of it) to "
          f"the first order acknowledged by {target}"
          + (f": below zero, as the weights moved while {target} promoted" if figures['traffic'] < 0 else ""))
    print(f"       The workflow's own RTO, from the first failed probe to its first verified request: "
          f"{figures['workflowRto']:.3f} s")

    acked_by_a = [a for a in load.acks if a[1] == "site-a"]
    lost = sorted(missing_on(info["jdbcUrls"][target], info["dbUser"], acked_by_a))
    evidence = r["dataLoss"]
    figures["lost"] = len(lost)
    print(f"\n  RPO  {len(lost)} of {len(acked_by_a)} orders acknowledged by site-a are missing on {target} "
          f"(counted by sequence number)")
    if lost:
        print(f"         lost: seq {', '.join(str(a[0]) for a in lost[:20])}{' ...' if len(lost) > 20 else ''}, "
              f"acknowledged between {clock(min(a[3] for a in lost))} and {clock(max(a[3] for a in lost))} "
              f"({(max(a[3] for a in lost) - min(a[3] for a in lost)) * 1000:.0f} ms)")
    replayed = evidence.get("lastReplayedCommitMillis")
    print(f"         evidence: {target} had replayed up to LSN {evidence['targetReplayLsn']}"
          + (f", its last replayed commit at {clock(replayed / 1000)} ({relative(replayed / 1000, killed_at)})"
             if replayed else ""))
    refused = [x for x in load.refusals if x[2] >= killed_at]
    print(f"         {len(refused)} order requests refused during the outage (never acknowledged, so not lost)")
    ui = info["temporalUiUrl"]
    print(f"\n  Temporal UI: {failover['uiUrl'] if failover.get('uiUrl') else ui}")
    return figures


def temporal_cli(info: dict, *args) -> str:
    command = [str(labctl.REPO / ".venv" / "bin" / "temporal"), *args, "--address", info["temporalTarget"],
               "--namespace", info["temporalNamespace"]]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        sys.exit(f"demo: {' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def failback(info: dict, writers: int) -> int:
    """Starts the Failback workflow (the lab's topology bakes each step 3 s) under continuous orders and
    prints, per step, the share of real orders each site served while the step's weights were in place."""
    print("\nFailback: site-a is repaired; bring payments home (steps 10/25/50/75/100, 3 s bake each)")
    time.sleep(1)
    load = OrderLoad(info["frontDoorUrl"], writers)
    wait_for("orders acknowledged by site-b", lambda: len(load.acks) > 50, 30)
    started = time.time()
    temporal_cli(info, "workflow", "start", "--task-queue", "standby", "--type", "Failback",
                 "--workflow-id", "failback/payments", "--input", json.dumps({"service": "payments", "reason": "demo"}))
    answer = json.loads(temporal_cli(info, "workflow", "result", "--workflow-id", "failback/payments", "-o", "json"))
    time.sleep(1)
    load.stop()
    result = answer.get("result") if isinstance(answer, dict) else None
    if isinstance(result, list):
        result = result[0]
    if not result or answer.get("status") not in (None, "COMPLETED", "WORKFLOW_EXECUTION_STATUS_COMPLETED"):
        print(json.dumps(answer, indent=2))
        return 1
    print(f"  {result['outcome']} in {(result['completedAtMillis'] - result['startedAtMillis']) / 1000:.1f} s")
    for step in result["steps"]:
        if not step["name"].startswith(("shift-", "step-down-", "abort-")):
            took = (step["endedAtMillis"] - step["startedAtMillis"]) if step["endedAtMillis"] else 0
            print(f"    +{step['startedAtMillis'] / 1000 - started:6.3f} s  {step['name']:<18} {took:5d} ms  "
                  f"{step.get('detail') or ''}")
    print("\n  measured split per step (real orders sent while the step's weights were in place)")
    print("    step      weights a/b   orders   site-a   site-b   workflow's samples a   gate")
    for m in result["measurements"]:
        window = [a for a in load.acks if a[2] * 1000 >= m["weightsSetAtMillis"] + 100
                  and a[3] * 1000 <= (m["endedAtMillis"] or 0)]
        share = {s: 100.0 * sum(1 for a in window if a[1] == s) / len(window) if window else 0 for s in ("site-a", "site-b")}
        answered_a = m["servedBySite"].get("site-a", 0) + m["errorsBySite"].get("site-a", 0)
        sampled = f"{100.0 * answered_a / m['requests']:5.1f}% of {m['requests']}" if m["requests"] else "-"
        print(f"    {m['phase'][:5]:<5} {m['targetPercent']:3d}%  {m['weights']['site-a']:3d}/{m['weights']['site-b']:<3d}"
              f"      {len(window):5d}   {share['site-a']:5.1f}%   {share['site-b']:5.1f}%   {sampled:<20} {m['gate']}")
    acked_b = [a for a in load.acks]
    lost = missing_on(info["jdbcUrls"]["site-a"], info["dbUser"], acked_b)
    by_site = {s: sum(1 for a in load.acks if a[1] == s) for s in ("site-a", "site-b")}
    switch = result.get("switchover") or {}
    print(f"\n  {len(lost)} of {len(load.acks)} orders acknowledged during the failback are missing on site-a "
          f"(site-a served {by_site['site-a']}, site-b {by_site['site-b']}); "
          f"{len(load.refusals)} requests refused, never acknowledged")
    if switch:
        print(f"  switchover: {switch['summary']}")
    print(f"  Temporal UI: {info['temporalUiUrl']}/namespaces/{info['temporalNamespace']}/workflows/failback%2Fpayments")
    return 0 if result["outcome"] == "COMPLETED" and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
