"""`gongkai posters`: PDF posters for the board, from the same HTML as the site's poster pages."""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

from ..diagnostics import format_human
from ..progress import progress_bar
from ..relations import Relations
from ..site import Site
from ..urls import poster_url, unit_poster_url
from ..validate import validate_site
from .model import SIZES, Size, board
from .pdf import Job
from .render import board_html, item_html, stylesheet
from .writer import NO_SITE_URL


def add_command(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "posters", help="生成公开栏海报 PDF（每个事项一张，或 --board 整栏海报）",
        description="把公开事项生成为可张贴的 PDF 海报（需要 WeasyPrint）。"
                    "不加 --board 时每个有效事项一个 PDF；加 --board 时每个单位一张三务公开栏整栏海报。")
    parser.add_argument("--unit", metavar="ID", help="只生成这个单位（units.yml 中的 id）的海报")
    parser.add_argument("--size", choices=SIZES,
                        help="纸张 A4 或 A3；默认按公开目录和 mkdocs.yml 的设置，整栏海报默认 A3")
    parser.add_argument("--board", action="store_true",
                        help="生成整栏海报（党务 / 村务 / 财务分栏），而不是单个事项的海报")
    parser.add_argument("--orientation", choices=["auto", "portrait", "landscape"], default="auto",
                        help="整栏海报的方向：auto（三栏及以上横向，否则纵向）、portrait、landscape")
    parser.add_argument("--out", type=pathlib.Path, default=None, metavar="DIR",
                        help="PDF 保存到哪个文件夹（默认：项目根目录下的 posters-pdf/）")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="同时用几个进程生成（默认：CPU 核数，最多 4）")
    parser.set_defaults(run=run)


def _jobs(site: Site, args: argparse.Namespace, out: pathlib.Path) -> tuple[list[Job], int]:
    """The posters to make, and how many items were skipped (withdrawn or superseded)."""
    bulletins = site.context.root / "bulletins"
    if args.board:
        units = [args.unit] if args.unit else list(site.context.units)
        return [Job(unit_id, str(out / f"{unit_id}-board.pdf"),
                    (bulletins / unit_poster_url(unit_id) / "index.html").as_uri()) for unit_id in units], 0
    jobs: list[Job] = []
    skipped = 0
    for item in sorted(site.bulletins, key=lambda i: i.url):
        if args.unit and item.unit != args.unit:
            continue
        if item.status != "active":
            skipped += 1
            continue
        # Relative links in the poster resolve from its site URL; attachments live at the same path
        # below bulletins/ as in the site, so a base URL inside bulletins/ finds them.
        jobs.append(Job(item.url, str(out / (item.url.rstrip("/") + ".pdf")),
                        (bulletins / poster_url(item.url) / "index.html").as_uri()))
    return jobs, skipped


class PosterHtml:
    """Makes a poster's HTML from its job key (picklable: each PDF worker gets one copy)."""

    def __init__(self, site: Site, *, board: bool, size: Size | None, orientation: str | None):
        self.site, self.board, self.size, self.orientation = site, board, size, orientation
        self._items = {item.url: item for item in site.bulletins}
        self._rel: Relations | None = None

    def __call__(self, job: Job) -> str:
        if not self.board:
            return item_html(self.site, self._items[job.key], size=self.size, for_pdf=True)
        self._rel = self._rel or Relations.of(self.site.bulletins)
        return board_html(self.site, self._rel, board(self.site, self._rel, job.key), size=self.size or "A3",
                          orientation=self.orientation, for_pdf=True)


def run(args: argparse.Namespace) -> int:
    from .pdf import MissingDependency, render_all

    with progress_bar("检查公开事项") as advance:
        site = validate_site(args.root, progress=advance)
    if not site.ok:
        print(format_human(site.diagnostics), file=sys.stderr)
        print("公开事项有错误，未生成海报。请按上面的提示修改后再运行。", file=sys.stderr)
        return 1
    if args.unit and args.unit not in site.context.units:
        print(f"错误：单位“{args.unit}”没有在 bulletins/units.yml 中登记。可用的单位："
              + "、".join(site.context.units), file=sys.stderr)
        return 2
    if not site.context.settings.site_url:
        print(f"警告：{NO_SITE_URL}", file=sys.stderr)
    out = (args.out or site.context.root / "posters-pdf").resolve()
    jobs, skipped = _jobs(site, args, out)
    make = PosterHtml(site, board=args.board, size=args.size,
                      orientation=None if args.orientation == "auto" else args.orientation)
    started = time.perf_counter()
    pages = files = 0
    try:
        with progress_bar("生成 PDF 海报") as advance:
            for _, count in render_all(jobs, make, stylesheet(site.context.root), workers=args.jobs,
                                       progress=advance):
                files += 1
                pages += count
    except MissingDependency as err:
        print(f"错误：{err}", file=sys.stderr)
        return 3
    seconds = time.perf_counter() - started
    rate = f"，每秒 {pages / seconds:.1f} 页" if seconds > 0 and pages else ""
    print(f"已生成 {files} 个 PDF 海报，共 {pages} 页，用时 {seconds:.1f} 秒{rate}。保存在 {out}")
    if skipped:
        print(f"另有 {skipped} 个已撤回或已被更正替代的事项没有生成海报。")
    return 0
