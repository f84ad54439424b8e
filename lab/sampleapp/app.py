"""The lab's sample orders app. One copy runs per site.

Writes go to a writer endpoint, as real app servers point at one: libpq's multi-host connection
string with target_session_attrs=read-write, this site's database first and the other site's second,
so every copy writes to whichever database is the primary. A replica, or a primary fenced with
default_transaction_read_only=on, is never picked as the writer; when there is no writer, orders are
refused (503), never written to the wrong database. Reads (GET /orders/{seq}) use this site's own database.

It opens a new database connection for every request, so it follows a promotion (or a dead
database) without a restart. Orders are numbered by the database and acknowledged only after the
commit, so a drill can count exactly which acknowledged writes survived a failover.

  POST /orders          {"item": "..."} (optional) -> 201 {"seq", "site", "item", "createdAt"} | 503
  GET  /orders/{seq}    -> 200 order | 404
  GET  /livez           -> 200 {"status": "ok", "site"}: the app runs and serves; no database is touched
  GET  /health          -> 200 ok | 503 degraded (read-only) | 503 down (unreachable) | 500 failing (fault)
  GET|POST /admin/fault {"health": "fail"|"ok", "latencyMs": N}: injected faults for drills

/livez is liveness, separate from dependencies: a standby whose primary is dead or hung is alive and
can take over once promoted, so whoever decides that (Standby's failover) asks /livez, while /health
says whether the site can serve writes now. /health bounds its writer check (WRITER_CHECK_SECONDS):
libpq waits at least 2 s per host for a hung server, and a health check must answer within its probe's
timeout, so a writer endpoint that does not answer in time counts as no writer.

/health's `database` is the writer endpoint's state: healthy when it reached a writable database,
else this site's own database as it is (read-only, unreachable); `writer` ({"site": ...}, a detail
without a status) says whose database that was. Orders say it too, as `databaseSite`.

Every response carries X-Standby-Site.
Run: app.py --site site-a --port 18081 --db-port 15432 [--peer-db-port 15433 ...] [--db-host 127.0.0.1]
"""
import argparse
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg

HOST = "127.0.0.1"
# /health's writer check gives up after this: with the other site's database hung, the answer (from
# this site's own database) still fits a 1 s probe timeout. libpq raises connect_timeout=1 to 2 s, so a
# hung database of this very site still makes /health slow; /livez never is.
WRITER_CHECK_SECONDS = 0.7
ORDER_PATH = re.compile(r"^/orders/(\d+)$")


class Faults:
    """What a drill asked this app to get wrong; shared by all request threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._state = {"health": "ok", "latencyMs": 0}

    def get(self) -> dict:
        with self._lock:
            return dict(self._state)

    def update(self, changes: dict) -> dict:
        health = changes.get("health", self.get()["health"])
        latency = changes.get("latencyMs", self.get()["latencyMs"])
        if health not in ("ok", "fail") or type(latency) is not int or latency < 0:
            raise ValueError('expected {"health": "ok"|"fail", "latencyMs": <non-negative integer>}')
        with self._lock:
            self._state = {"health": health, "latencyMs": latency}
            return dict(self._state)


class Database:
    """This site's database and the writer endpoint, one short-lived connection per use."""

    def __init__(self, port: int, peer_ports: list = None, host: str = HOST):
        self.host = host
        self.port = port
        self.ports = [port] + list(peer_ports or [])

    def connect(self, statement_timeout_ms: int):
        """This site's own database, whatever its role."""
        return self._connect([self.port], statement_timeout_ms)

    def connect_writer(self, statement_timeout_ms: int):
        """The first database, own site first, that takes writes by default: a primary not fenced."""
        return self._connect(self.ports, statement_timeout_ms, target_session_attrs="read-write")

    def _connect(self, ports: list, statement_timeout_ms: int, **extra):
        # connect_timeout (per host) keeps a hung server from hanging requests; UTC makes createdAt unambiguous.
        return psycopg.connect(host=",".join([self.host] * len(ports)), port=",".join(str(p) for p in ports),
                               dbname="orders", user="standby", connect_timeout=1,
                               options=f"-c statement_timeout={statement_timeout_ms} -c TimeZone=UTC", **extra)

    def health(self) -> tuple:
        """(state, writer site): healthy with the site whose database takes the writes, else this site's
        own database as it is, read-only or unreachable, and no writer."""
        writer = self._writer_site_within(WRITER_CHECK_SECONDS)
        if writer:
            return "healthy", writer
        try:
            with self.connect(1000) as conn:
                recovery, read_only = conn.execute(
                    "SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only') = 'on'").fetchone()
        except psycopg.Error:
            return "unreachable", None
        # Writable but the writer endpoint failed a moment ago: say what the database says now.
        return ("read-only" if recovery or read_only else "healthy"), None

    def _writer_site_within(self, seconds: float):
        """The writer endpoint's site, or None when it fails or takes longer than seconds (left to
        finish on its own thread: a connect cannot be interrupted)."""
        found = {}

        def look():
            try:
                with self.connect_writer(1000) as conn:
                    found["site"] = conn.execute("SELECT current_setting('cluster_name')").fetchone()[0]
            except psycopg.Error:
                pass

        thread = threading.Thread(target=look, daemon=True)
        thread.start()
        thread.join(seconds)
        return found.get("site")

    def insert(self, site: str, item) -> dict:
        with self.connect_writer(5000) as conn:  # the with block commits before we answer
            row = conn.execute("INSERT INTO orders (site, item) VALUES (%s, %s) "
                               "RETURNING seq, site, item, created_at, current_setting('cluster_name')",
                               (site, item)).fetchone()
        return order_json(row[:4]) | {"databaseSite": row[4]}

    def find(self, seq: int):
        with self.connect(5000) as conn:
            row = conn.execute("SELECT seq, site, item, created_at FROM orders WHERE seq = %s", (seq,)).fetchone()
        return order_json(row) if row else None


def order_json(row) -> dict:
    seq, site, item, created_at = row
    return {"seq": seq, "site": site, "item": item, "createdAt": created_at.isoformat()}


HEALTH = {  # database state -> (HTTP status, overall status)
    "healthy": (200, "ok"),
    "read-only": (503, "degraded"),
    "unreachable": (503, "down"),
}


class SiteReplies(BaseHTTPRequestHandler):
    """JSON answers that name the site serving them (X-Standby-Site), on kept-alive connections; no access log."""
    protocol_version = "HTTP/1.1"  # keep-alive, like a real service behind a proxy
    # Headers and body go out in two writes; with Nagle on, the body waits for the client's delayed
    # ACK and every kept-alive request costs ~40 ms.
    disable_nagle_algorithm = True
    site: str = None

    def reply(self, code: int, payload: dict):
        data = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Standby-Site", self.site)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        pass  # no access log: drills and region failovers send thousands of requests; errors still reach stderr


class Handler(SiteReplies):
    server_version = "standby-sampleapp"
    db: Database = None
    faults: Faults = None

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method: str):
        body = self.read_body()
        path = self.path.split("?", 1)[0]
        if path.startswith("/admin/"):
            # Admin calls skip the injected latency so a drill can always switch faults off quickly.
            return self.admin(method, path, body)
        time.sleep(self.faults.get()["latencyMs"] / 1000)
        match = ORDER_PATH.match(path)
        if method == "GET" and path == "/livez":
            self.reply(200, {"status": "ok", "site": self.site})
        elif method == "GET" and path == "/health":
            self.health()
        elif method == "POST" and path == "/orders":
            self.create_order(body)
        elif method == "GET" and match:
            self.get_order(int(match.group(1)))
        else:
            self.reply(404, {"error": f"no route for {method} {path}"})

    def health(self):
        if self.faults.get()["health"] == "fail":
            return self.reply(500, {"status": "failing", "database": "unknown", "cache": "healthy", "site": self.site})
        database, writer = self.db.health()
        code, status = HEALTH[database]
        body = {"status": status, "database": database, "cache": "healthy", "site": self.site}
        if writer:
            body["writer"] = {"site": writer}
        self.reply(code, body)

    def create_order(self, body: bytes):
        try:
            item = json.loads(body).get("item") if body.strip() else None
        except (ValueError, AttributeError):
            return self.reply(400, {"error": 'expected JSON like {"item": "..."}'})
        try:
            self.reply(201, self.db.insert(self.site, item))
        except psycopg.Error as e:
            self.reply(503, {"error": first_line(e)})

    def get_order(self, seq: int):
        try:
            order = self.db.find(seq)
        except psycopg.Error as e:
            return self.reply(503, {"error": first_line(e)})
        self.reply(200, order) if order else self.reply(404, {"error": f"no order {seq}"})

    def admin(self, method: str, path: str, body: bytes):
        if path != "/admin/fault":
            return self.reply(404, {"error": f"no route for {method} {path}"})
        if method == "GET":
            return self.reply(200, self.faults.get())
        try:
            self.reply(200, self.faults.update(json.loads(body or b"{}")))
        except (ValueError, AttributeError) as e:
            self.reply(400, {"error": str(e)})

    def read_body(self) -> bytes:
        # Read it even when unused, or the next request on this keep-alive connection is garbage.
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def main():
    parser = argparse.ArgumentParser(description="The lab's sample orders app (one per site).")
    parser.add_argument("--site", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db-port", type=int, required=True, help="this site's PostgreSQL")
    parser.add_argument("--db-host", default=HOST, help="where this site's PostgreSQL runs (a practice clone's host)")
    parser.add_argument("--peer-db-port", type=int, action="append", default=[],
                        help="another site's PostgreSQL, after this site's own in the writer endpoint (repeatable)")
    args = parser.parse_args()
    Handler.site, Handler.db, Handler.faults = args.site, Database(args.db_port, args.peer_db_port, args.db_host), Faults()
    server = ThreadingHTTPServer((HOST, args.port), Handler)
    server.daemon_threads = True
    print(f"sample app for {args.site} on http://{HOST}:{args.port}, database port {args.db_port}, "
          f"writer endpoint ports {Handler.db.ports}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
