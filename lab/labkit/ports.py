"""The lab's ports: defaults, LAB_*_PORT overrides, `--ports auto`, and a clear error when one is taken."""
import os
import random
import socket

from labkit import LabError

HOST = "127.0.0.1"

# key in lab.json -> (environment override, default, what listens there)
PORTS = {
    "temporal": ("LAB_TEMPORAL_PORT", 7233, "Temporal frontend (gRPC)"),
    "temporalUi": ("LAB_UI_PORT", 8233, "Temporal UI"),
    "pg-site-a": ("LAB_PG_A_PORT", 15432, "PostgreSQL site-a"),
    "pg-site-b": ("LAB_PG_B_PORT", 15433, "PostgreSQL site-b"),
    "app-site-a": ("LAB_APP_A_PORT", 18081, "sample app site-a"),
    "app-site-b": ("LAB_APP_B_PORT", 18082, "sample app site-b"),
    "pg-site-c": ("LAB_PG_C_PORT", 15434, "PostgreSQL site-c"),
    "app-site-c": ("LAB_APP_C_PORT", 18083, "sample app site-c"),
    "front": ("LAB_FRONT_PORT", 18080, "HAProxy front door"),
    "haproxyAdmin": ("LAB_HAPROXY_ADMIN_PORT", 18099, "HAProxy runtime API"),
    "moto": ("LAB_MOTO_PORT", 18090, "moto (AWS emulator)"),
    "gcs": ("LAB_GCS_PORT", 18091, "fake-gcs-server"),
    "azureBlob": ("LAB_AZURITE_PORT", 18092, "Azurite (Azure Blob)"),
}
# The lab's parts and the ports each needs.
PART_PORTS = {
    "temporal": ("temporal", "temporalUi"),
    "sites": ("pg-site-a", "pg-site-b", "app-site-a", "app-site-b", "front", "haproxyAdmin"),
    # `lab up --sites 3`: a second standby, streaming from site-a like site-b.
    "site-c": ("pg-site-c", "app-site-c"),
    "clouds": ("moto", "gcs", "azureBlob"),
    # One emulator alone (`--only moto`), for tests that share one per JVM.
    "moto": ("moto",),
    "gcs": ("gcs",),
    "azurite": ("azureBlob",),
}

# `--ports auto` draws below the kernel's ephemeral range (32768+ by default), where outgoing
# connections and the Temporal dev server's own randomly placed internal ports live.
AUTO_RANGE = (20000, 32000)


def choose(auto: bool, parts: list) -> dict:
    """Picks every port the parts need: an explicit LAB_*_PORT wins, else a free random one (auto) or the default."""
    keys = [k for part in parts for k in PART_PORTS[part]]
    chosen = {}
    for key in keys:
        if os.environ.get(PORTS[key][0]) or not auto:
            chosen[key] = choose_default(key)
    for key in keys:
        if key not in chosen:
            chosen[key] = free_port(set(chosen.values()))
    _check_distinct(chosen)
    _check_free(chosen)
    return chosen


def choose_default(key: str) -> int:
    """The port a part uses when not told otherwise: its LAB_*_PORT, else the default."""
    env, default, _ = PORTS[key]
    return _parse(env, os.environ[env]) if os.environ.get(env) else default


def _parse(env: str, value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise LabError(f"{env}={value!r} is not a port number")
    return int(value)


def free_port(taken: set = frozenset()) -> int:
    for _ in range(200):
        port = random.randint(*AUTO_RANGE)
        if port not in taken and is_free(port):
            return port
    raise LabError(f"no free port found on {HOST} in {AUTO_RANGE[0]}-{AUTO_RANGE[1]}")


def _check_distinct(chosen: dict) -> None:
    seen = {}
    for key, port in chosen.items():
        if port in seen:
            raise LabError(f"port {port} is given to both {PORTS[seen[port]][2]} and {PORTS[key][2]}")
        seen[port] = key


def _check_free(chosen: dict) -> None:
    taken = [f"  {port:<6} {PORTS[key][2]:<26} {PORTS[key][0]}" for key, port in chosen.items() if not is_free(port)]
    if taken:
        raise LabError(f"ports already in use on {HOST}:\n" + "\n".join(taken) + "\nStop what holds them, "
                       "set the variables to other ports, or use --ports auto.")


def is_free(port: int) -> bool:
    with socket.socket() as s:
        # Like the servers themselves: connections left in TIME_WAIT by a lab just stopped don't count.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
            return True
        except OSError:
            return False


def answers(port: int, timeout: float = 0.2) -> bool:
    """True when something accepts TCP connections on the port."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False
