"""Run writers in a second process while MkDocs renders the pages, so a build uses both cores.

MkDocs renders pages in one process. Writers that need only the validated Site (posters, feeds)
do not have to wait for it: they run in a forked child started when the pages are queued and
are joined after. Where fork is not available (Windows, macOS spawn) they simply run inline.
"""

from __future__ import annotations

import multiprocessing
import os
import pathlib
import sys
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.process import BaseProcess

from .site import Site
from .timings import timed

Writer = Callable[[Site, pathlib.Path], None]  # writes one output's files into the built site (outputs.py)


class BackgroundFailed(RuntimeError):
    """A background writer failed; its traceback was printed by the child."""


def _run(writers: Sequence[Writer], site: Site, site_dir: pathlib.Path) -> None:
    timed.stages.clear()  # the parent's stages came along with the fork
    try:
        for write in writers:
            with timed(f"{write.__module__}.{write.__name__} (background)"):
                write(site, site_dir)
        timed.report()
    except Exception:  # noqa: BLE001 - reported to the parent through the exit code
        traceback.print_exc(file=sys.stderr)
        sys.stderr.flush()
        os._exit(1)


def start(writers: Sequence[Writer], site: Site, site_dir: pathlib.Path) -> BaseProcess | None:
    """Start the writers; None when they already ran inline."""
    if "fork" not in multiprocessing.get_all_start_methods() or os.environ.get("GONGKAI_NO_FORK"):
        for write in writers:
            write(site, site_dir)
        return None
    process = multiprocessing.get_context("fork").Process(target=_run, args=(writers, site, site_dir),
                                                          name="gongkai-writers", daemon=True)
    process.start()
    return process


def wait(process: BaseProcess | None) -> None:
    if process is None:
        return
    process.join()
    if process.exitcode != 0:
        raise BackgroundFailed(f"后台生成（海报、订阅）失败，退出码 {process.exitcode}")


def stop(process: BaseProcess | None) -> None:
    if process is not None and process.is_alive():
        process.terminate()
        process.join()
