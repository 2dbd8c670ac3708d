"""`gongkai edit`: the web editor on a checkout, without Node.

Decap CMS, opened on 127.0.0.1, talks to a "local backend" instead of a git host: a small JSON protocol
(POST /api/v1 {"action": ..., "params": ...}) that Decap's own decap-server implements in Node. This
module implements the same protocol (the `local_fs` mode: read and write files in the checkout) in
Python, so a clerk who installed gongkai with pip needs nothing else: `gongkai edit` starts it and
`gongkai preview` (the preview, which shows the check's problems), both on loopback only.

The backend reads and writes only under bulletins/ (the folders the generated collections name);
a path outside it, or with `..`, is refused. The files it writes are the clerk's: `gongkai check`,
the pre-commit hook and CI check them exactly as a file written in a text editor.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import http.server
import json
import pathlib
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from .load import BULLETINS
from .settings import load_settings, no_site_here

API = "/api/v1"
MAX_REQUEST = 64 * 1024 * 1024  # a photo or a scanned PDF, base64-encoded
ALLOWED_ORIGINS = ("http://127.0.0.1:", "http://localhost:")


class BackendError(ValueError):
    """A request the backend refuses (HTTP 422), with the reason."""


class Checkout:
    """The files Decap may read and write: those under `root`/bulletins/."""

    def __init__(self, root: pathlib.Path) -> None:
        self.root = root.resolve()
        self.allowed = (self.root / BULLETINS).resolve()

    def resolve(self, relative: str) -> pathlib.Path:
        path = (self.root / relative).resolve()
        if ".." in pathlib.PurePosixPath(relative).parts or not path.is_relative_to(self.allowed):
            raise BackendError(f"只能读写 {BULLETINS}/ 下的文件：{relative}")
        return path

    def relative(self, path: pathlib.Path) -> str:
        return path.relative_to(self.root).as_posix()

    def list(self, folder: str, extension: str, depth: int) -> list[str]:
        """Files under `folder` down to `depth` levels (1: the folder itself), ending in `extension`."""
        base = self.resolve(folder)
        if not base.is_dir():
            return []
        found = [path for path in base.rglob("*")
                 if path.is_file() and len(path.relative_to(base).parts) <= depth
                 and path.name.endswith(extension)]
        return sorted(self.relative(path) for path in found)

    def entry(self, relative: str, label: str | None = None) -> dict[str, Any]:
        try:
            content = self.resolve(relative).read_bytes()
        except OSError:
            return {"data": None, "file": {"path": relative, "label": label, "id": None}}
        return {"data": content.decode("utf-8"),
                "file": {"path": relative, "label": label, "id": hashlib.sha256(content).hexdigest()}}

    def media(self, relative: str) -> dict[str, Any]:
        content = self.resolve(relative).read_bytes()
        return {"id": hashlib.sha256(content).hexdigest(), "content": base64.b64encode(content).decode("ascii"),
                "encoding": "base64", "path": relative, "name": pathlib.PurePosixPath(relative).name}

    def write(self, relative: str, content: bytes) -> None:
        path = self.resolve(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    def delete(self, relative: str) -> None:
        self.resolve(relative).unlink(missing_ok=True)


def _content(asset: dict[str, Any]) -> bytes:
    if asset.get("encoding") == "base64":
        return base64.b64decode(asset["content"])
    return str(asset["content"]).encode("utf-8")


def _persist(checkout: Checkout, params: dict[str, Any]) -> dict[str, Any]:
    data_files = params.get("dataFiles") or [params["entry"]]
    for data_file in data_files:
        checkout.write(data_file["path"], str(data_file["raw"]).encode("utf-8"))
    for asset in params.get("assets") or []:
        checkout.write(asset["path"], _content(asset))
    for data_file in data_files:
        if data_file.get("newPath"):
            target = checkout.resolve(data_file["newPath"])
            target.parent.mkdir(parents=True, exist_ok=True)
            checkout.resolve(data_file["path"]).replace(target)
    return {"message": "entry persisted"}


def _persist_media(checkout: Checkout, params: dict[str, Any]) -> dict[str, Any]:
    asset = params["asset"]
    checkout.write(asset["path"], _content(asset))
    return checkout.media(asset["path"])


def _delete(checkout: Checkout, paths: list[str]) -> dict[str, Any]:
    for path in paths:
        checkout.delete(path)
    return {"message": f"deleted files {', '.join(paths)}"}


ACTIONS: dict[str, Callable[[Checkout, dict[str, Any]], Any]] = {
    "info": lambda c, p: {"repo": c.root.name, "publish_modes": ["simple"], "type": "local_fs"},
    "entriesByFolder": lambda c, p: [c.entry(path) for path in c.list(p["folder"], p["extension"],
                                                                      int(p.get("depth") or 1))],
    "entriesByFiles": lambda c, p: [c.entry(f["path"], f.get("label")) for f in p["files"]],
    "getEntry": lambda c, p: c.entry(p["path"]),
    "persistEntry": _persist,
    "getMedia": lambda c, p: [c.media(path) for path in c.list(p["mediaFolder"], "", 1)],
    "getMediaFile": lambda c, p: c.media(p["path"]),
    "persistMedia": _persist_media,
    "deleteFile": lambda c, p: _delete(c, [p["path"]]),
    "deleteFiles": lambda c, p: _delete(c, list(p["paths"])),
    "getDeployPreview": lambda c, p: None,
}


def handle(checkout: Checkout, request: dict[str, Any]) -> tuple[int, Any]:
    """One request of Decap's local-backend protocol: (HTTP status, JSON answer)."""
    action = request.get("action")
    if action not in ACTIONS:
        return 422, {"error": f"Unknown action {action}"}
    try:
        return 200, ACTIONS[str(action)](checkout, request.get("params") or {})
    except (BackendError, KeyError, TypeError, ValueError, OSError) as err:
        return 422, {"error": str(err)}


def _handler(checkout: Checkout) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass

        def _cors(self) -> None:
            origin = self.headers.get("Origin", "")
            if origin.startswith(ALLOWED_ORIGINS):
                self.send_header("Access-Control-Allow-Origin", origin)
                self.send_header("Vary", "Origin")
                self.send_header("Access-Control-Allow-Headers", "Content-Type")
                self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")

        def _reply(self, status: int, answer: Any) -> None:
            body = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self._cors()
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(204)
            self._cors()
            self.end_headers()

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            if self.path.rstrip("/") != API or length > MAX_REQUEST:
                self._reply(404 if length <= MAX_REQUEST else 413, {"error": "not found"})
                return
            try:
                request = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                self._reply(400, {"error": "not JSON"})
                return
            self._reply(*handle(checkout, request if isinstance(request, dict) else {}))

    return Handler


@contextlib.contextmanager
def running(server: http.server.HTTPServer) -> Iterator[int]:
    """Serve in a thread until the block ends; yields the port (also serves the browser tests' site)."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def serve_backend(root: pathlib.Path, port: int) -> Iterator[str]:
    """The local backend on 127.0.0.1:`port` (0: a free one) in a thread; yields its API URL."""
    with running(http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler(Checkout(root)))) as bound:
        yield f"http://127.0.0.1:{bound}{API}"


def preview_command(root: pathlib.Path, port: int) -> list[str]:
    return [sys.executable, "-m", "gongkai.cli", "--root", str(root), "preview", "--port", str(port)]


def cmd_edit(args: argparse.Namespace) -> int:
    root: pathlib.Path = args.root.resolve()
    if (missing := no_site_here(root, "edit")) is not None:
        print(missing, file=sys.stderr)
        return 2
    backend_port = load_settings(root).editor.local_port
    try:
        backend = serve_backend(root, backend_port)
        api = backend.__enter__()
    except OSError as err:
        print(f"错误：端口 {backend_port} 已被占用（{err.strerror}）。关掉另一个 gongkai edit，或在 mkdocs.yml 的 "
              "extra.gongkai.editor.local_port 换一个端口", file=sys.stderr)
        return 1
    preview = subprocess.Popen(preview_command(root, args.port), cwd=root)
    print(f"网页编辑器：http://127.0.0.1:{args.port}/admin/ （预览网站：http://127.0.0.1:{args.port}/）\n"
          f"本地后端：{api}（只写 {BULLETINS}/ 下的文件）\n按 Ctrl-C 停止。", flush=True)
    try:
        return preview.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        preview.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            preview.wait(timeout=10)
        if preview.poll() is None:
            preview.kill()
        backend.__exit__(None, None, None)
        print("已停止网页编辑器和预览。", file=sys.stderr)


def add_command(commands: argparse._SubParsersAction) -> None:
    edit = commands.add_parser("edit", help="在本机打开网页编辑器（预览网站和本地后端）",
                               description="启动本机预览（gongkai preview）和网页编辑器的本地后端，都只在 127.0.0.1 "
                                           "上；在浏览器打开显示的地址编辑公开事项；按 Ctrl-C 停止。")
    edit.add_argument("--port", type=int, default=8000, help="预览网站的端口，默认 8000")
    edit.set_defaults(run=cmd_edit)
