"""Outbox test fixtures: a real tus server (Node, @tus/server + @tus/file-store) on loopback,
a TCP proxy that cuts connections at random byte offsets, stand-in bundles, a fresh queue.

Everything listens on 127.0.0.1 only; every loop is bounded and every wait has a timeout.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from builders import forged_copy

from socle_desktop.catalogue.errors import error_text
from socle_desktop.outbox import Outbox
from socle_desktop.store import Database

TUS_SERVER_DIR = Path(__file__).parent / "tus_server"
HTTP_METHODS = (b"POST ", b"PATCH ", b"HEAD ", b"OPTIONS ", b"DELETE ", b"GET ")


# ----- stand-in bundles ------------------------------------------------------------------------
# A stand-in is a zip with a `verdict.json` saying what a verification would find; the fake
# verify below reads it. `real_bundles` gives bundles made and verified by the export code.

@contextlib.contextmanager
def raises_saying(kind: type[BaseException], pattern: str):
    """pytest.raises(kind), and the error's French (through the catalogue) matches `pattern`."""
    with pytest.raises(kind) as excinfo:
        yield excinfo
    said = error_text(excinfo.value)
    assert re.search(pattern, said), said


def make_standin_bundle(path: Path, *, size: int = 200_000, ok: bool = True, draft: bool = False,
                        dossier_id: str = "d-0001", seed: int = 0) -> Path:
    payload = random.Random(seed).randbytes(size)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("verdict.json", json.dumps({"ok": ok, "draft": draft, "dossier_id": dossier_id}))
        archive.writestr("data/payload.bin", payload)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def fake_verify(path: Path):
    with zipfile.ZipFile(path) as archive:
        verdict = json.loads(archive.read("verdict.json"))
    data = Path(path).read_bytes()
    checks = [("Signature du manifeste", verdict["ok"], "" if verdict["ok"] else "signature invalide")]
    return SimpleNamespace(ok=verdict["ok"], checks=checks, dossier_id=verdict["dossier_id"],
                           draft=verdict["draft"], sha256=hashlib.sha256(data).hexdigest(),
                           text=lambda: "rapport")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    folder = tmp_path / "donnees"
    folder.mkdir()
    return folder


@pytest.fixture
def outbox(data_dir) -> Outbox:
    box = Outbox(Database.connect(data_dir / "bibliotheque.db"), data_dir, verify=fake_verify)
    yield box
    box.close()


@pytest.fixture
def bundle_factory(tmp_path):
    counter = iter(range(10_000))

    def make(size: int = 200_000, **options) -> Path:
        number = next(counter)
        return make_standin_bundle(tmp_path / "exports" / f"paquet-{number}.zip", size=size,
                                   seed=options.pop("seed", number), **options)
    return make


# ----- real bundles, made by the export code ------------------------------------------------------

@pytest.fixture(scope="session")
def real_bundles(tmp_path_factory) -> dict[str, Path]:
    """A signed demo bundle, a draft (a line of quantity 0) and a tampered copy, made once."""
    export = pytest.importorskip("socle_desktop.export")
    from socle_desktop.export.demo import demo_dossier, demo_piece_bytes
    from socle_desktop.export.identity import demo_identity

    folder = tmp_path_factory.mktemp("paquets")
    good = export.export_dossier(demo_dossier(), out_dir=folder / "bon", identity=demo_identity(),
                                 piece_bytes=demo_piece_bytes)
    dossier = demo_dossier()
    dossier.lignes[0].quantite = 0  # an error finding; the signer stays the dossier's (issue 10)
    draft = export.export_dossier(dossier, out_dir=folder / "brouillon", identity=demo_identity(),
                                  piece_bytes=demo_piece_bytes)
    assert draft.draft and not good.draft
    tampered = forged_copy(good.bundle_path, folder / "altere.zip")
    return {"good": good.bundle_path, "draft": draft.bundle_path, "tampered": tampered}


# ----- the tus server --------------------------------------------------------------------------

@dataclass
class TusServer:
    process: subprocess.Popen
    port: int
    store_dir: Path
    log_path: Path

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/files/"

    def log(self) -> list[dict]:
        if not self.log_path.exists():
            return []
        return [json.loads(line) for line in self.log_path.read_text().splitlines() if line.strip()]

    def creations(self) -> list[dict]:
        return [e for e in self.log() if e["event"] == "created"]

    def requests(self, method: str | None = None) -> list[dict]:
        return [e for e in self.log() if e["event"] == "request" and (method is None or e["method"] == method)]

    def uploads(self) -> dict[str, dict]:
        """Upload id -> {size, offset (bytes on disk), sha256, metadata} from the file store."""
        result = {}
        for info_path in sorted(self.store_dir.glob("*.json")):
            info = json.loads(info_path.read_text())
            data_path = self.store_dir / info_path.stem
            data = data_path.read_bytes() if data_path.exists() else b""
            result[info_path.stem] = {"size": info.get("size"), "offset": len(data),
                                      "sha256": hashlib.sha256(data).hexdigest(),
                                      "metadata": info.get("metadata", {})}
        return result

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def _unavailable(reason: str) -> None:
    """Skip locally; fail where the server is required (CI sets SOCLE_REQUIRE_TUS_SERVER=1)."""
    if os.environ.get("SOCLE_REQUIRE_TUS_SERVER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def start_tus_server(folder: Path) -> TusServer:
    if shutil.which("node") is None:
        _unavailable("node est absent : le serveur tus de test ne peut pas démarrer")
    if not (TUS_SERVER_DIR / "node_modules" / "@tus" / "server").is_dir():
        _unavailable("tests/outbox/tus_server/node_modules absent : "
                     "lancer `npm ci --prefix tests/outbox/tus_server`")
    store_dir, log_path = folder / "tus-store", folder / "tus-log.jsonl"
    store_dir.mkdir(parents=True)
    process = subprocess.Popen(
        ["node", str(TUS_SERVER_DIR / "server.mjs"), "--dir", str(store_dir), "--log", str(log_path),
         "--max-seconds", "300"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=TUS_SERVER_DIR)
    ready = _read_ready_line(process, timeout=20)
    return TusServer(process, ready["port"], store_dir, log_path)


def _read_ready_line(process: subprocess.Popen, timeout: float) -> dict:
    result: dict = {}

    def read() -> None:
        line = process.stdout.readline()
        if line:
            result.update(json.loads(line))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    if not result.get("ready"):
        process.kill()
        process.wait(timeout=5)
        pytest.fail(f"le serveur tus n'a pas démarré : {process.stderr.read().decode(errors='replace')[:2000]}")
    return result


@pytest.fixture
def tus_server(tmp_path) -> TusServer:
    server = start_tus_server(tmp_path / "serveur")
    yield server
    server.stop()


# ----- a proxy that cuts connections ------------------------------------------------------------

class CuttingProxy:
    """Forward 127.0.0.1:<port> to the server; cut connections at random client->server offsets.

    Each connection gets a random budget of upstream bytes in `cut_range`; when it is spent the
    proxy closes both sides mid-stream. With `drop_patch_responses`, it may also cut a connection
    right after the server answered a PATCH (the chunk is stored, the client never learns it).
    After `max_cuts` cuts it forwards faithfully, so any client that resumes correctly
    finishes. `throttle` (bytes per second) slows the upstream.
    """

    def __init__(self, target_port: int, *, seed: int = 1, cut_range=(20_000, 400_000),
                 max_cuts: int = 8, throttle: int | None = None, lifetime: float = 120.0,
                 drop_patch_responses: float = 0.0):
        self.target_port = target_port
        self.rng = random.Random(seed)
        self._drop_rng = random.Random(seed + 1000)  # apart: its draws do not depend on thread timing
        self.cut_range = cut_range
        self.max_cuts = max_cuts
        self.throttle = throttle
        self.drop_patch_responses = drop_patch_responses  # probability, for each PATCH response
        self.cuts = 0
        self.dropped_responses = 0
        self.connections = 0
        self._deadline = time.monotonic() + lifetime
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._severed = threading.Event()
        self._live: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/files/"

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def sever(self) -> None:
        """The network goes away at once: live connections are reset (what they buffered is
        lost, as when the PC is switched off) and new ones are refused from now on."""
        self._severed.set()
        with self._lock:
            live, self._live = self._live, []
        for sock in live:
            _reset(sock)

    def _drop_this_response(self) -> bool:
        with self._lock:
            if self.cuts >= self.max_cuts or self._drop_rng.random() >= self.drop_patch_responses:
                return False
            self.cuts += 1
            self.dropped_responses += 1
            return True

    def restore(self) -> None:
        """The network is back."""
        self._severed.clear()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set() and time.monotonic() < self._deadline:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self._severed.is_set():
                _reset(client)
                continue
            with self._lock:
                self.connections += 1
                budget = None
                if self.cuts < self.max_cuts:
                    budget = self.rng.randint(*self.cut_range)
            threading.Thread(target=self._serve, args=(client, budget), daemon=True).start()

    def _serve(self, client: socket.socket, budget: int | None) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
        except OSError:
            client.close()
            return
        for sock in (client, upstream):
            sock.settimeout(30)
        with self._lock:
            self._live.extend((client, upstream))
        done = threading.Event()
        state = {"method": b""}
        threading.Thread(target=self._pump_down, args=(upstream, client, done, state), daemon=True).start()
        sent = 0
        try:
            while not done.is_set() and not self._stopping.is_set():
                data = client.recv(16384)
                if not data:
                    break
                if data.startswith(HTTP_METHODS):  # a new request on this connection
                    state["method"] = data.split(b" ", 1)[0]
                if budget is not None and sent + len(data) > budget:
                    upstream.sendall(data[: budget - sent])
                    with self._lock:
                        self.cuts += 1
                    break  # the cut: both sides closed below, mid-request
                upstream.sendall(data)
                sent += len(data)
                if self.throttle:
                    time.sleep(len(data) / self.throttle)
        except OSError:
            pass
        finally:
            done.set()
            for sock in (client, upstream):
                _hard_close(sock)

    def _pump_down(self, upstream: socket.socket, client: socket.socket, done: threading.Event,
                   state: dict) -> None:
        try:
            while not done.is_set():
                data = upstream.recv(16384)
                if not data:
                    break
                if state["method"] == b"PATCH" and self._drop_this_response():
                    break  # the server has stored the chunk; the client never hears of it
                client.sendall(data)
        except OSError:
            pass
        finally:
            done.set()
            _hard_close(client)


def _reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0: an RST, unsent and unread bytes dropped."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)  # wakes the thread blocked in recv() on it
    except OSError:
        pass
    sock.close()


def _hard_close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


@pytest.fixture
def cutting_proxy_factory():
    proxies = []

    def make(target_port: int, **options) -> CuttingProxy:
        proxy = CuttingProxy(target_port, **options)
        proxies.append(proxy)
        return proxy
    yield make
    for proxy in proxies:
        proxy.stop()


def no_sleep(_seconds: float) -> None:
    """Retries in tests do not wait (the backoff's values are tested on their own)."""


def _bypass_any_proxy_for_loopback() -> None:
    """httpx honours the system proxy (trust_env): the test server must be reached directly."""
    for name in ("NO_PROXY", "no_proxy"):
        current = os.environ.get(name, "")
        if "127.0.0.1" not in current:
            os.environ[name] = ",".join(filter(None, [current, "127.0.0.1", "localhost"]))


_bypass_any_proxy_for_loopback()


# ----- a tus server that lies, forgets or drips (issue 17: the client must trust no server) -------

class HostileTusServer:
    """A small tus 1.0 server in a thread of the test, in memory, whose answers can be bent:

    - `location(upload_id, server)`: the `Location` given on creation (default: its own /files/<id>);
    - `patch_claim(old_offset, received, size)`: the `Upload-Offset` answered to a PATCH
      (default: the truth, old + received);
    - `head_claim(upload)`: the `Upload-Offset` answered to a HEAD (default: the truth);
    - `forget_when_complete`: HEAD/PATCH answer 404 once every byte arrived (tus allows it);
    - `head_statuses`: statuses answered, in order, to the HEADs after completion (then 404/200);
    - `drip`: {method: seconds per byte}: that answer is written one byte at a time.

    `requests` logs (method, path, Host header, body bytes) of every request it received.
    """

    def __init__(self, *, location=None, patch_claim=None, head_claim=None,
                 forget_when_complete: bool = False, head_statuses=(), drip=None):
        import http.server

        self.location = location
        self.patch_claim = patch_claim
        self.head_claim = head_claim
        self.forget_when_complete = forget_when_complete
        self.head_statuses = list(head_statuses)
        self.drip = dict(drip or {})
        self.uploads: dict[str, dict] = {}
        self.requests: list[tuple[str, str, str, int]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _body(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _answer(self, status: int, headers: dict[str, str] | None = None) -> None:
                lines = [f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}",
                         "Tus-Resumable: 1.0.0", "Content-Length: 0", "Connection: close",
                         *[f"{k}: {v}" for k, v in (headers or {}).items()], "", ""]
                data = "\r\n".join(lines).encode("latin-1")
                pause = owner.drip.get(self.command)
                try:
                    if pause:
                        for index in range(len(data)):
                            if owner._stopping.wait(pause):
                                return
                            self.wfile.write(data[index:index + 1])
                            self.wfile.flush()
                    else:
                        self.wfile.write(data)
                except OSError:
                    pass  # the client gave up: that is the point
                self.close_connection = True

            def _log(self, size: int) -> None:
                with owner._lock:
                    owner.requests.append((self.command, self.path, self.headers.get("Host", ""), size))

            def _upload(self):
                upload_id = self.path.rstrip("/").rsplit("/", 1)[-1]
                upload = owner.uploads.get(upload_id)
                if upload is None or (owner.forget_when_complete and upload["complete"]):
                    return None
                return upload

            def do_OPTIONS(self):
                self._log(0)
                self._answer(204, {"Tus-Version": "1.0.0", "Tus-Extension": "creation"})

            def do_POST(self):
                self._log(len(self._body()))
                upload_id = uuid.uuid4().hex
                owner.uploads[upload_id] = {"id": upload_id, "size": int(self.headers["Upload-Length"]),
                                            "data": bytearray(), "complete": False, "patches": 0}
                where = owner.location(upload_id, owner) if owner.location else f"/files/{upload_id}"
                self._answer(201, {"Location": where})

            def do_HEAD(self):
                self._log(0)
                upload = owner.uploads.get(self.path.rstrip("/").rsplit("/", 1)[-1])
                if upload is not None and upload["complete"] and owner.head_statuses:
                    self._answer(owner.head_statuses.pop(0))
                    return
                upload = self._upload()
                if upload is None:
                    self._answer(404)
                    return
                offset = owner.head_claim(upload) if owner.head_claim else len(upload["data"])
                self._answer(200, {"Upload-Offset": str(offset), "Upload-Length": str(upload["size"]),
                                   "Cache-Control": "no-store"})

            def do_PATCH(self):
                body = self._body()
                self._log(len(body))
                upload = self._upload()
                if upload is None:
                    self._answer(404)
                    return
                old = len(upload["data"])
                if int(self.headers.get("Upload-Offset", -1)) != old:
                    self._answer(409)
                    return
                upload["data"] += body
                upload["patches"] += 1
                upload["complete"] = len(upload["data"]) == upload["size"]
                claim = owner.patch_claim(old, len(body), upload["size"]) if owner.patch_claim else old + len(body)
                self._answer(204, {"Upload-Offset": str(claim)})

            def do_DELETE(self):
                self._log(0)
                self._answer(204)

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/files/"

    def requests_of(self, method: str) -> list[tuple[str, str, str, int]]:
        with self._lock:
            return [r for r in self.requests if r[0] == method]

    def bytes_received(self) -> int:
        return sum(r[3] for r in self.requests_of("PATCH"))

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def hostile_server_factory():
    servers = []

    def make(**behaviour) -> HostileTusServer:
        server = HostileTusServer(**behaviour)
        servers.append(server)
        return server
    yield make
    for server in servers:
        server.stop()
