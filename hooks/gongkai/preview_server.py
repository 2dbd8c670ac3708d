"""`gongkai preview`: the preview server, on loopback, that shows a saved item in well under a second.

A MkDocs LiveReloadServer (mkdocs.livereload) serving a temporary folder. Its first build is a normal
in-process MkDocs build (the hooks, build_mode.PreviewBuild); after a save it asks hot_path.update to take
the saved files (the item's page first, then its unit and listing pages; the site-wide rest gives way to a
newer save) and makes a whole build only when
that cannot (a new or deleted file, a shared input …), as `mkdocs serve` does for every save. While the
content has errors every page address answers the page of errors (preview.py: the lines of `gongkai check`);
the page's script (gongkai-preview.js) long-polls /livereload/ and reloads when a newer build is shown, so
fixing the file brings the page back. `mkdocs serve` still works: it is the same site, rebuilt whole.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import os
import pathlib
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import watchdog.events
import watchdog.observers
import watchdog.observers.polling
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp

from . import hot_path, kept_site, preview
from .diagnostics import Diagnostic, format_human
from .settings import no_site_here

# What a save can change: the content, the site's configuration and look, gongkai's own hooks.
WATCHED = ("bulletins", "docs", "theme", "hooks", "mkdocs.yml")


class PreviewServer(LiveReloadServer):
    """LiveReloadServer that records which files changed, shows the page of errors at every page address
    while there are errors, and lets the hot path wake the browsers before its build ends."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_page: bytes | None = None
        self._changed: set[str] = set()
        self._changed_lock = threading.Lock()
        with contextlib.suppress(Exception):  # inotify when there is one: no polling of 10,000 files
            self.observer = watchdog.observers.Observer()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        path = os.path.abspath(path)
        if path in self._watched_paths:
            return
        self._watched_paths[path] = 1
        self._watch_refs[path] = self.observer.schedule(self._handler(), path, recursive=recursive)

    def _handler(self) -> watchdog.events.FileSystemEventHandler:
        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = self._changed_event  # type: ignore[method-assign]
        return handler

    def start_watching(self) -> None:
        """inotify, or MkDocs' polling when the system has no inotify watch left (a busy shared machine)."""
        try:
            self.observer.start()
        except OSError:
            self.observer = watchdog.observers.polling.PollingObserver(timeout=0.5)
            for path in self._watched_paths:
                self._watch_refs[path] = self.observer.schedule(self._handler(), path, recursive=True)
            self.observer.start()

    def _changed_event(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        with self._changed_lock:
            self._changed.update(str(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p)
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def changes_waiting(self) -> bool:
        """Whether a file changed since the last take_changes: the hot path's step 2 gives way to it."""
        with self._changed_lock:
            return bool(self._changed)

    def take_changes(self) -> list[pathlib.Path]:
        with self._changed_lock:
            changed, self._changed = self._changed, set()
        return sorted(pathlib.Path(p) for p in changed)

    def reload_browsers(self) -> None:
        """A newer site is shown: the pages' long polls answer, the pages reload."""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch = max(_timestamp(), self._visible_epoch + 1)
            self._epoch_cond.notify_all()

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ["PATH_INFO"]
        if self.error_page is not None and (path.endswith("/") or path.endswith(".html")):
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(self.error_page)))])
            return [self.error_page]
        return super()._serve_request(environ, start_response)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        return content  # MkDocs' inline script is stopped by the CSP; gongkai-preview.js does its work


class Preview:
    """The server, its site folder, and what the last whole build left for the hot path."""

    def __init__(self, root: pathlib.Path, host: str, port: int) -> None:
        self.root = root
        self.config_file = str(root / "mkdocs.yml")
        self.site_dir = tempfile.mkdtemp(prefix="gongkai-preview-")
        mount = urlsplit(load_config(config_file=self.config_file).site_url or "/").path or "/"
        self.serve_url = _serve_url(host, port, mount)
        self.kept: hot_path.Kept | None = None
        self.server = PreviewServer(builder=self.rebuild, host=host, port=port, root=self.site_dir,
                                    mount_path=mount)
        self.server.error_handler = self._not_found

    def _not_found(self, code: int) -> bytes | None:
        page = pathlib.Path(self.site_dir, preview.ERROR_PAGE)
        return page.read_bytes() if page.is_file() else None

    def show(self, diagnostics: list[Diagnostic] | None) -> None:
        """The pages (None) or the page of errors (also printed, as `mkdocs serve` does), then every open page
        reloads."""
        if diagnostics is None:
            self.server.error_page = None
        else:
            print(format_human(diagnostics), file=sys.stderr, flush=True)
            site = self.kept.build.site if self.kept else None
            name = site.context.settings.site_name if site else ""
            self.server.error_page = preview.error_page(diagnostics, name, urlsplit(self.serve_url).path).encode()
        self.server.reload_browsers()

    def whole_build(self) -> None:
        config = load_config(config_file=self.config_file, site_dir=self.site_dir)
        config.site_url = self.serve_url
        config.plugins.on_startup(command="serve", dirty=False)
        if self.kept is not None:
            self.kept.build.stop()
            self.kept.settle()
        self.kept = None
        self.server.error_page = None
        self.kept = hot_path.whole_build(config, self.serve_url)

    def rebuild(self) -> None:
        """After a save: the hot path when it can take the change, else a whole build."""
        changed = self.server.take_changes()
        if self.kept is not None:
            try:
                if hot_path.update(self.kept, changed, self.show, self.server.changes_waiting):
                    return
            except Exception:  # noqa: BLE001 - a whole build is always right; say what went wrong
                traceback.print_exc()
                print("预览的快速更新出错（上面是给开发者的详情），改为重新生成整个网站。", file=sys.stderr)
        self.whole_build()

    def watch(self, paths: Iterable[str]) -> None:
        for name in paths:
            if (self.root / name).exists():
                self.server.watch(str(self.root / name))

    def close(self) -> None:
        if self.kept is not None:
            self.kept.build.stop()
        self.server.shutdown()
        kept_site.remove_detached([pathlib.Path(self.site_dir)])  # Ctrl-C stops the preview at once


def cmd_preview(args: argparse.Namespace) -> int:
    root: pathlib.Path = args.root.resolve()
    if (missing := no_site_here(root, "preview")) is not None:
        print(missing, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    signal.signal(signal.SIGTERM, _stopper(os.getpid()))  # how `gongkai edit` stops it: as Ctrl-C does
    preview_server = Preview(root, "127.0.0.1", args.port)
    try:
        return serve(preview_server, args.port)
    finally:
        preview_server.close()


def _stopper(server_pid: int) -> Callable[[int, object], None]:
    """SIGTERM: the server stops as on Ctrl-C; a forked writer (the next save stops it) just ends."""
    def stop(signum: int, frame: object) -> None:
        if os.getpid() != server_pid:
            os._exit(128 + signum)
        raise KeyboardInterrupt
    return stop


def serve(preview_server: Preview, port: int) -> int:
    server = preview_server.server
    try:
        server.server_bind()
        server.server_activate()
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise
        print(f"错误：端口 {port} 已被占用（可能另一个预览还开着）。关掉它，或用 gongkai preview --port 换一个端口",
              file=sys.stderr)
        return 1
    try:
        print(f"正在生成预览网站……（{preview_server.root}）", file=sys.stderr, flush=True)
        preview_server.whole_build()
        preview_server.watch(WATCHED)
        server.start_watching()
        server.serve_thread.start()
        print(f"预览网站：{preview_server.serve_url} 保存文件后页面会自动刷新；按 Ctrl-C 停止。", flush=True)
        server._build_loop()
    except KeyboardInterrupt:
        print("\n已停止预览。", file=sys.stderr)
    except Abort as err:
        print(str(err), file=sys.stderr)
        return 1
    return 0


def add_command(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("preview", help="在本机预览网站，保存文件后约一秒内显示（有错误时显示错误）",
                                  description="在 127.0.0.1 上预览网站：第一次完整生成，之后只重新生成保存的事项和"
                                              "相关的栏目页；有错误时每个页面都显示和 gongkai check 相同的提示。"
                                              "按 Ctrl-C 停止。（mkdocs serve 也能预览，但每次保存都重新生成"
                                              "整个网站。）")
    command.add_argument("--port", type=int, default=8000, help="端口，默认 8000")
    command.set_defaults(run=cmd_preview)
