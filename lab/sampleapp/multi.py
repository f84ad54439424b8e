"""Many services' sample apps in one process, for one site: what bench/region-outage.sh runs in front of
hundreds of databases, where one app process per service and site would cost more than the databases.

Each service lives under its own path prefix, so one HAProxy frontend routes /<service>/... to that
service's backend and the topology's app URL and front door simply end in /<service>:

  GET /<service>/livez   -> 200 {"status": "ok", "site", "service"}: no database touched
  GET /<service>/health  -> 200 ok when this site's database of the service takes writes (a primary, not
                            fenced with default_transaction_read_only), 503 degraded (a replica or fenced),
                            503 down (unreachable)

Unlike app.py, /health reads one kept connection per service (reopened after any error) rather than a new
connection through the writer endpoint per request: a failover's verification sends many requests per
service, and hundreds of connections a second would measure PostgreSQL's fork, not the failover. A
promotion keeps the session, and the next request on it sees the database as it is now; a killed
database breaks it, and the reconnect fails until the database is back. Every response carries
X-Standby-Site.

Run: multi.py --site site-b --port 18082 --services services.json   ({"svc001": 15433, ...}: each service's
database port on this site, on 127.0.0.1)
"""
import argparse
import json
import sys
import threading
from http.server import ThreadingHTTPServer

import psycopg

from app import HEALTH, HOST, SiteReplies  # the one-service app next to this file


class ServiceDatabase:
    """One service's database at this site, through one kept connection guarded by a lock."""

    def __init__(self, port: int):
        self.port = port
        self._lock = threading.Lock()
        self._conn = None

    def state(self) -> str:
        """healthy (takes writes), read-only (a replica or fenced) or unreachable."""
        with self._lock:
            for attempt in range(2):  # a connection broken since the last request: one fresh try
                try:
                    if self._conn is None:
                        self._conn = psycopg.connect(host=HOST, port=self.port, dbname="postgres", user="standby",
                                                     connect_timeout=1, autocommit=True,
                                                     options="-c statement_timeout=1000")
                    recovery, read_only = self._conn.execute(
                        "SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only') = 'on'"
                    ).fetchone()
                    return "read-only" if recovery or read_only else "healthy"
                except psycopg.Error:
                    self._close()
                    if attempt == 1:
                        return "unreachable"
        return "unreachable"

    def _close(self):
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass
            self._conn = None


class Handler(SiteReplies):
    server_version = "standby-sampleapp-multi"
    databases: dict = None

    def do_GET(self):
        parts = self.path.split("?", 1)[0].strip("/").split("/")
        db = self.databases.get(parts[0]) if len(parts) == 2 else None
        if db is None:
            return self.reply(404, {"error": f"no route for GET {self.path}"})
        if parts[1] == "livez":
            return self.reply(200, {"status": "ok", "site": self.site, "service": parts[0]})
        if parts[1] == "health":
            state = db.state()
            code, status = HEALTH[state]
            return self.reply(code, {"status": status, "database": state, "site": self.site, "service": parts[0]})
        self.reply(404, {"error": f"no route for GET {self.path}"})


def main():
    parser = argparse.ArgumentParser(description="Many services' sample apps for one site, in one process.")
    parser.add_argument("--site", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--services", required=True, help='JSON file: {"service": database port at this site}')
    args = parser.parse_args()
    with open(args.services) as f:
        ports = json.load(f)
    Handler.site, Handler.databases = args.site, {name: ServiceDatabase(int(p)) for name, p in ports.items()}
    server = ThreadingHTTPServer((HOST, args.port), Handler)
    server.daemon_threads = True
    server.request_queue_size = 512  # bursts of fresh connections from many verifications at once
    print(f"sample app (multi) for {args.site} on http://{HOST}:{args.port}: {len(ports)} services", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
