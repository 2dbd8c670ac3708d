"""PDF posters with WeasyPrint: long-lived worker processes, each loading WeasyPrint, its fonts and
the poster stylesheet once, then rendering poster after poster. Only `gongkai posters` imports this
module, so neither the site build nor `gongkai check` needs WeasyPrint or its system libraries."""

from __future__ import annotations

import multiprocessing
import os
import pathlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# The Chinese fonts the stylesheet names (theme/assets/stylesheets/poster.css), any one of which will do.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
                "PingFang SC")
DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk"
INSTALL = f"Debian/Ubuntu 上请运行：sudo apt-get install {DEBIAN_PACKAGES}"


class MissingDependency(Exception):
    """What is missing to make PDFs, and how to install it (Chinese, for the person at the terminal)."""


@dataclass(frozen=True)
class Job:
    key: str  # what to render, for the HTML maker: an item URL or a unit id
    out: str  # the PDF file to write
    base_url: str  # where relative links (images) in the HTML resolve


# Makes a job's HTML. Picklable (it goes to the workers once), so the HTML is made where it is
# rendered, in parallel, and only job keys cross between processes.
HtmlMaker = Callable[[Job], str]


def load_weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError:
        raise MissingDependency(
            "没有安装 WeasyPrint，无法生成 PDF 海报。请运行：pip install 'gongkai[pdf]'"
            f"（或 pip install weasyprint），并安装它需要的系统库。{INSTALL}") from None
    except OSError as err:  # cffi cannot dlopen Pango / HarfBuzz
        raise MissingDependency(
            f"WeasyPrint 找不到它需要的系统库（Pango、HarfBuzz）：{err}。{INSTALL}") from None
    return weasyprint


def check_fonts(weasyprint: Any, font_config: Any) -> None:
    """A Chinese font the stylesheet names must be installed: otherwise fontconfig substitutes any
    CJK font, often with Japanese glyph forms, or none at all (empty boxes)."""
    stack = ", ".join(f"'{family}'" for family in CJK_FAMILIES)
    probe = weasyprint.HTML(string=f'<p style="font-family: {stack}">公开栏村务财务</p>').render(
        font_config=font_config)
    probe.write_pdf()  # fonts are chosen while drawing
    used = {font.family for font in probe.fonts.values()}
    if not used & set(CJK_FAMILIES):
        raise MissingDependency(
            "没有找到海报使用的中文字体（" + "、".join(CJK_FAMILIES) + "之一），PDF 中的汉字会显示不正确。"
            f"{INSTALL}（或 fonts-wqy-microhei）。")


class Renderer:
    """One WeasyPrint, set up once: fonts, the poster stylesheet, a fetcher for local files only."""

    def __init__(self, stylesheet: pathlib.Path, *, check: bool = True):
        self.weasyprint = weasyprint = load_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        if check:
            check_fonts(weasyprint, self.font_config)
        # Posters never fetch from the network (WeasyPrint ≥ 67 can say so; older ones fetch freely).
        fetcher = getattr(weasyprint, "URLFetcher", None)
        self.options: dict[str, Any] = (
            {"url_fetcher": fetcher(allowed_protocols={"file", "data"})} if fetcher else {})
        self.stylesheets = [weasyprint.CSS(filename=str(stylesheet), font_config=self.font_config)]

    def render(self, job: Job, html: str) -> int:
        """Write one PDF; returns its number of pages."""
        document = self.weasyprint.HTML(string=html, base_url=job.base_url, **self.options).render(
            stylesheets=self.stylesheets, font_config=self.font_config)
        pathlib.Path(job.out).parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(job.out)
        return len(document.pages)


_worker: tuple[Renderer, HtmlMaker] | None = None


def _start_worker(stylesheet: str, make: HtmlMaker) -> None:
    global _worker
    _worker = Renderer(pathlib.Path(stylesheet), check=False), make  # the parent has checked already


def _run(job: Job) -> tuple[str, int]:
    assert _worker is not None
    renderer, make = _worker
    return job.out, renderer.render(job, make(job))


def default_workers() -> int:
    """One long-lived worker per core (WeasyPrint is single-threaded Python), at most four."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(4, cores))


def render_all(jobs: list[Job], make: HtmlMaker, stylesheet: pathlib.Path, *, workers: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> Iterator[tuple[str, int]]:
    """Render every job, yielding (PDF path, pages) as each PDF is written. Raises MissingDependency
    before anything is written when WeasyPrint, its libraries or a Chinese font are missing."""
    renderer = Renderer(stylesheet)  # checks the dependencies; renders itself when one process will do
    total = len(jobs)
    # Starting a worker costs about two seconds: below 100 posters one process is as quick.
    workers = min(workers or default_workers(), max(1, total // 50))
    done = 0
    if workers <= 1:
        for job in jobs:
            result = job.out, renderer.render(job, make(job))
            done += 1
            if progress:
                progress(done, total)
            yield result
        return
    # spawn: a fresh interpreter per worker (Pango and fontconfig are not fork-safe once initialised).
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(str(stylesheet), make)) as pool:
        for result in pool.imap_unordered(_run, jobs, chunksize=2):
            done += 1
            if progress:
                progress(done, total)
            yield result
