"""Helpers of the reception point's tests: the point started for real (`socle-desktop reception
servir` in a subprocess), with or without TLS; the outbox tests' cutting proxy; real bundles."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.util
import ipaddress
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from builders import forged_copy

ROOT = Path(__file__).resolve().parents[1]


def _outbox_support():
    """tests/outbox/conftest.py as a module (its CuttingProxy and bundle makers), loaded once."""
    name = "outbox_test_support"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "outbox" / "conftest.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


support = _outbox_support()
CuttingProxy = support.CuttingProxy


class ReceptionPoint:
    def __init__(self, folder: Path, *, tls: tuple[Path, Path] | None = None, max_mb: int | None = None):
        self.folder = folder
        self.data_dir = folder.parent / f"{folder.name}-donnees"  # the State's: its register
        command = [sys.executable, "-m", "socle_desktop", "--data-dir", str(self.data_dir),
                   "reception", "servir", "--dossier", str(folder),
                   "--adresse", "127.0.0.1:0", "--travailleurs", "1"]
        if tls:
            command += ["--certificat", str(tls[0]), "--cle", str(tls[1])]
        if max_mb:
            command += ["--taille-max", str(max_mb)]
        self.left_behind: list[int] = []
        self.log = folder.parent / f"{folder.name}.log"
        self._log_handle = self.log.open("w")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self._log_handle, text=True,
                                        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
        self.endpoint = self._first_line(60.0).rsplit(" ", 1)[-1]
        self.port = int(self.endpoint.split(":")[2].split("/")[0])

    def _first_line(self, timeout: float) -> str:
        found: list[str] = []
        reader = threading.Thread(target=lambda: found.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not found or "à l'écoute" not in found[0]:
            self.stop()
            raise AssertionError(f"the reception point did not start: {found} {self.log.read_text()}")
        return found[0].strip()

    def receipt_url(self, sha256: str) -> str:
        return self.endpoint.replace("/files/", f"/accuses/{sha256}")

    def wait_receipt(self, sha256: str, timeout: float = 90.0, verify=True) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            response = httpx.get(self.receipt_url(sha256), verify=verify, timeout=10, trust_env=False)
            if response.status_code == 200:
                return response.json()
            assert response.status_code in (202, 404), response.text
            time.sleep(0.3)
        raise AssertionError(f"no receipt for {sha256} after {timeout} s: {self.log.read_text()}")

    def filed(self, kind: str) -> list[Path]:
        return sorted((self.folder / kind).glob("*.zip"))

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it; then wait for it and for the processes it
        started (its verification workers). What outlived it is in `left_behind`, then killed,
        so no test run leaves a worker behind whatever happens."""
        if self.process.poll() is None:
            started = descendants(self.process.pid)
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(120)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
            self.left_behind = [pid for pid in started if not _gone(pid, within=30)]
            for pid in self.left_behind:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        self.process.stdout.close()
        self._log_handle.close()


def descendants(pid: int) -> list[int]:
    """The processes started by `pid`, their children included (Linux's /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        children = [child for child, parent in parents.items() if parent == current]
        found += children
        frontier += children
    return found


def _gone(pid: int, within: float) -> bool:
    """Whether process `pid` has ended (or is a zombie) within `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        if state in ("Z", "X"):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def reception_point_fixture(tmp_path):
    points = []

    def start(**options) -> ReceptionPoint:
        point = ReceptionPoint(tmp_path / f"reception-{len(points)}", **options)
        points.append(point)
        return point
    yield start
    for point in points:
        point.stop()


def cutting_proxy_fixture():
    proxies = []

    def make(target_port: int, **options) -> CuttingProxy:
        proxy = CuttingProxy(target_port, **options)
        proxies.append(proxy)
        return proxy
    yield make
    for proxy in proxies:
        proxy.stop()


def make_real_bundles(tmp_path_factory) -> dict[str, Path]:
    """A signed, instructable bundle; a draft (a line of quantity 0); a tampered copy. Made once."""
    from socle_desktop.export import export_dossier
    from socle_desktop.export.demo import demo_dossier, demo_piece_bytes
    from socle_desktop.export.identity import demo_identity

    folder = tmp_path_factory.mktemp("paquets")
    good = export_dossier(demo_dossier(), out_dir=folder / "bon", identity=demo_identity(),
                          piece_bytes=demo_piece_bytes)
    dossier = demo_dossier()
    dossier.lignes[0].quantite = 0  # an error finding; the signer stays the dossier's (issue 10)
    draft = export_dossier(dossier, out_dir=folder / "brouillon", identity=demo_identity(),
                           piece_bytes=demo_piece_bytes)
    assert draft.draft and not good.draft
    tampered = forged_copy(good.bundle_path, folder / "altere.zip")
    return {"good": good.bundle_path, "draft": draft.bundle_path, "tampered": tampered}


def make_server_tls(tmp_path_factory) -> tuple[Path, Path, str]:
    """A self-signed certificate for 127.0.0.1 (cert, key, SHA-256 of the certificate)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "depot.test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=30))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .sign(key, hashes.SHA256()))
    cert = folder / "serveur.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path = folder / "serveur.key"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    fingerprint = hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()
    return cert, key_path, fingerprint


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def receipts(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((folder / "accuses").glob("*.json"))]
