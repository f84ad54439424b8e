"""HAProxy in front of the apps (one server per site); Standby moves traffic by setting weights over the runtime API."""
import shutil
import socket
from pathlib import Path

from labkit import LabError
from labkit.ports import HOST

BACKEND = "be_payments"

CONFIG = """\
global
    maxconn 1000
    stats socket ipv4@{host}:{admin} level admin
    stats timeout 1m

defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    # Keep-alive stays on: without `option prefer-last-server` HAProxy 2.6 balances every request on
    # its own by the current weights, even on one kept-alive client connection (10/90 -> 20/180).

frontend fe_payments
    bind {host}:{front}
    default_backend {backend}

backend {backend}
    balance roundrobin
    # No health checks on purpose: Standby decides where traffic goes.
{servers}"""


def binary() -> str:
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise LabError("HAProxy is not installed: apt-get install haproxy")
    return found


def write_config(path: Path, ports: dict, sites=("site-a", "site-b")) -> None:
    # The first site (the primary) takes all the traffic; the standbys none until Standby moves it.
    servers = "".join(f"    server {site} {HOST}:{ports['app-' + site]} weight {100 if i == 0 else 0}\n"
                      for i, site in enumerate(sites))
    path.write_text(CONFIG.format(host=HOST, backend=BACKEND, front=ports["front"], admin=ports["haproxyAdmin"],
                                  servers=servers))


def command(config: Path) -> list:
    # -db: stay in the foreground as one process (no daemon, no master), so its pid is the one to stop.
    return [binary(), "-db", "-f", config]


def runtime_api(admin_port: int, line: str, timeout: float = 2) -> str:
    """One runtime API command (e.g. `set server be_payments/site-b weight 100`); returns the answer."""
    with socket.create_connection((HOST, admin_port), timeout=timeout) as s:
        s.sendall(line.encode() + b"\n")
        chunks = []
        while chunk := s.recv(4096):
            chunks.append(chunk)
    return b"".join(chunks).decode().strip()


def weights(admin_port: int, sites=("site-a", "site-b")) -> dict:
    """Current weight of each site's server, e.g. {'site-a': 100, 'site-b': 0}."""
    out = {}
    for site in sites:
        answer = runtime_api(admin_port, f"get weight {BACKEND}/{site}")  # "100 (initial 100)"
        out[site] = int(answer.split()[0]) if answer[:1].isdigit() else answer
    return out
