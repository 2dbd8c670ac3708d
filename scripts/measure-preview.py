#!/usr/bin/env python3
"""The clerk's loop, measured: save → page in the preview, an incremental build, `gongkai check`.

Usage, from the project root, in the environment where gongkai is installed:
    python scripts/measure-preview.py [--items 2000] [--saves 5] [--work /tmp/gongkai-measure] [--keep]
                                      [--skip-builds] [--serve]

It copies mkdocs.yml, docs/, theme/ and hooks/ to WORK, puts a generated corpus of ITEMS items there
(../shared/bench/make_corpus.py, or BENCH=folder), and with GONGKAI_AS_OF fixed measures:
  1. a clean `mkdocs build` (no cache) and the first build with the cache;
  2. `gongkai check` with the cache after one changed file, and `gongkai check --no-cache`;
  3. an incremental `mkdocs build` after one changed title, three times over the previous site/ (the median), then
     over a copy of site/ without its files' times (what a CI cache restores) and into an empty folder (a CI
     without site/ in its cache), and `diff -r` of each against a clean build of the same tree (prints the number
     of differing files: it must be 0);
  4. `gongkai preview` (or `mkdocs serve` with --serve): SAVES times, edit one finance item's title and poll
     the item's URL until the new title is served; the median and every time; then how long until the unit's
     page shows it too, and the preview's own step times (GONGKAI_TIMINGS: the hot path's two steps).
Times are wall-clock seconds; run it on an idle machine for figures worth quoting.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent.parent
AS_OF = "2026-11-15"


def _env(**extra: str) -> dict[str, str]:
    """The environment of a measured command: the as-of date fixed, the cache on unless ``extra`` turns it off."""
    env = dict(os.environ, GONGKAI_AS_OF=AS_OF, NO_MKDOCS_2_WARNING="1")
    env.pop("GONGKAI_NO_CACHE", None)
    env.update(extra)
    return env


def timed(cmd: list[str], cwd: pathlib.Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1) or "Traceback" in result.stderr:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stderr[-3000:]}")
    return seconds


def project(work: pathlib.Path, items: int, keep: bool = False) -> pathlib.Path:
    """WORK/project-ITEMS: this checkout's site files and the corpus (``keep``: the one already there)."""
    root = work / f"project-{items}"
    if keep and (root / "bulletins").is_dir():
        return root
    corpus = work / f"corpus-{items}"
    if not corpus.is_dir():
        bench = pathlib.Path(os.environ.get("BENCH", HERE.parent / "shared" / "bench"))
        subprocess.run([sys.executable, str(bench / "make_corpus.py"), str(items), str(corpus), "--as-of", AS_OF],
                       check=True, capture_output=True)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "theme", "hooks"):
        (shutil.copytree if (HERE / name).is_dir() else shutil.copy2)(HERE / name, root / name)
    shutil.copytree(corpus, root / "bulletins")
    return root


def finance_item(root: pathlib.Path) -> pathlib.Path:
    return sorted((root / "bulletins").glob("*/2026/finance-2026-0*.md"))[0]


def retitle(path: pathlib.Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M), encoding="utf-8")


def item_url(root: pathlib.Path, path: pathlib.Path) -> str:
    return path.relative_to(root / "bulletins").with_suffix("").as_posix() + "/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def measure_builds(root: pathlib.Path, work: pathlib.Path) -> None:
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d"]
    shutil.rmtree(work / "clean", ignore_errors=True)
    clean = timed(mkdocs + [str(work / "clean")], root, _env(GONGKAI_NO_CACHE="1"))
    print(f"clean mkdocs build (GONGKAI_NO_CACHE=1): {clean:6.2f} s")
    shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(work / "incremental", ignore_errors=True)
    first = timed(mkdocs + [str(work / "incremental")], root, _env())
    print(f"clean mkdocs build (no cache yet, fills it): {first:6.2f} s")
    check = [sys.executable, "-m", "gongkai.cli", "check"]
    path = finance_item(root)
    retitle(path, "财务收支公开（检查计时）")
    print(f"gongkai check, one changed file:        {timed(check, root, _env()):7.2f} s")
    print(f"gongkai check --no-cache:               {timed(check + ['--no-cache'], root, _env()):7.2f} s")
    times = []
    for n in range(3):  # over the previous site/, as one `mkdocs build` after another (kept_site.py)
        retitle(path, f"财务收支公开（增量构建计时{n}）")
        times.append(timed(mkdocs + [str(work / "incremental")], root, _env()))
    incremental = statistics.median(times)

    def share(seconds: float) -> str:
        return f"{seconds / clean:.1%} / {seconds / first:.1%} of the two clean builds"

    print(f"incremental mkdocs build, one title:    {incremental:7.2f} s ({share(incremental)}; "
          f"{', '.join(f'{t:.2f}' for t in times)})")
    # CI: site/ and the cache restored by the CI's cache (the files' times are new), then one title changed.
    shutil.rmtree(work / "restored", ignore_errors=True)
    shutil.copytree(work / "incremental", work / "restored", copy_function=shutil.copyfile)
    retitle(path, "财务收支公开（CI 计时）")
    restored = timed(mkdocs + [str(work / "restored")], root, _env())
    print(f"  … site/ restored without its times:   {restored:7.2f} s ({share(restored)})")
    shutil.rmtree(work / "fresh", ignore_errors=True)
    fresh = timed(mkdocs + [str(work / "fresh")], root, _env())
    print(f"  … no site/, only the cache:           {fresh:7.2f} s ({share(fresh)})")
    timed(mkdocs + [str(work / "incremental")], root, _env())
    shutil.rmtree(work / "clean")
    timed(mkdocs + [str(work / "clean")], root, _env(GONGKAI_NO_CACHE="1"))  # into an empty folder
    for name in ("incremental", "restored", "fresh"):
        diff = subprocess.run(["diff", "-r", "-q", str(work / name), str(work / "clean")],
                              capture_output=True, text=True)
        print(f"diff -r {name} clean:{' ' * (31 - len(name))}{len(diff.stdout.splitlines())} differing files")


def unit_url(root: pathlib.Path, path: pathlib.Path) -> str:
    return path.relative_to(root / "bulletins").parts[0] + "/"


def _wait_for(url: str, text: str, limit: float = 600) -> float:
    started = time.perf_counter()
    while text not in _page(url):
        if time.perf_counter() - started > limit:
            sys.exit(f"{url} never showed {text}")
        time.sleep(0.02)
    return time.perf_counter() - started


def measure_serve(root: pathlib.Path, saves: int, work: pathlib.Path, command: str) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    path = finance_item(root)
    url = base + item_url(root, path)
    argv = {"preview": [sys.executable, "-m", "gongkai.cli", "preview", "--port", str(port)],
            "serve": [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]}[command]
    log = work / f"{command}-{root.name}.log"
    with log.open("w", encoding="utf-8") as errors:
        server = subprocess.Popen(argv, cwd=root, env=_env(GONGKAI_TIMINGS="1"), stdout=subprocess.DEVNULL,
                                  stderr=errors, start_new_session=True)
    name = "gongkai preview" if command == "preview" else "mkdocs serve"
    try:
        started = time.perf_counter()
        while "<title>" not in _page(url):
            if server.poll() is not None:
                sys.exit(f"{name} stopped (see {log})")
            time.sleep(0.2)
        print(f"{name}, first build:{' ' * (23 - len(name))}{time.perf_counter() - started:7.2f} s")
        times, listings = [], []
        for save in range(1, saves + 1):
            title = f"财务收支公开（第{save}次保存）"
            time.sleep(1.5)  # the watcher and the previous save's second step settle
            started = time.perf_counter()
            retitle(path, title)
            times.append(_wait_for(url, title))
            _wait_for(base + unit_url(root, path), title)
            listings.append(time.perf_counter() - started)
        print(f"save → page (median of {saves}):          {statistics.median(times):7.2f} s  "
              f"({', '.join(f'{t:.2f}' for t in times)})")
        print(f"save → unit page (median of {saves}):     {statistics.median(listings):7.2f} s  "
              f"({', '.join(f'{t:.2f}' for t in listings)})")
    finally:
        server.terminate()
        server.wait(timeout=60)
    steps = [line.split("timing:", 1)[1].strip() for line in log.read_text(encoding="utf-8").splitlines()
             if "timing:" in line and "hot path" in line]
    if steps:
        print("the hot path's steps (each save):\n  " + "\n  ".join(steps))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--work", type=pathlib.Path, default=pathlib.Path("/tmp/gongkai-measure"))
    parser.add_argument("--skip-builds", action="store_true", help="only the preview")
    parser.add_argument("--keep", action="store_true", help="reuse WORK/project-ITEMS when it is there")
    parser.add_argument("--serve", action="store_true", help="measure `mkdocs serve` instead of gongkai preview")
    args = parser.parse_args()
    root = project(args.work, args.items, args.keep)
    print(f"{args.items} items in {root}")
    if not args.skip_builds:
        measure_builds(root, args.work)
    measure_serve(root, args.saves, args.work, "serve" if args.serve else "preview")


if __name__ == "__main__":
    main()
