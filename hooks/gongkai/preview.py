"""The preview's page of errors: what `gongkai preview` (and `mkdocs serve`) shows, at every address, while the
content has errors.

The same lines as `gongkai check` (diagnostics.Diagnostic.human: file:line, code, what is wrong, how to fix
it), grouped by file, with the errors first. The page is static HTML (no inline script or style: the CSP
stays strict); its script (theme/assets/javascripts/gongkai-preview.js) asks the preview server for the next
build and reloads the page when it is done, so fixing the file brings the page back. Only a preview ever shows
it (preview_server.PreviewServer sends it for every page address; a whole preview build of a site with errors
writes it as the server's 404.html, build_mode.ErrorPreview): `mkdocs build` stops and leaves no site.
"""

from __future__ import annotations

from itertools import groupby

from .diagnostics import Diagnostic
from .markup import esc

STYLESHEET = "assets/stylesheets/gongkai.min.css"
SCRIPT = "assets/javascripts/gongkai-preview.js"
ERROR_PAGE = "404.html"  # what the preview server sends for any address that is not in the site


def _file_block(file: str, found: list[Diagnostic]) -> str:
    lines = "".join(f'<li class="gk-{"error" if d.severity == "error" else "warning"}">{esc(d.human())}</li>'
                    for d in found)
    return f"<section><h2>{esc(file)}</h2><ol>{lines}</ol></section>"


def error_page(diagnostics: list[Diagnostic], site_name: str, base: str = "/") -> str:
    """The whole page; ``base``: the path of the site root on the preview server (it is sent for any
    address, so its links are absolute)."""
    errors = sum(d.severity == "error" for d in diagnostics)
    ordered = sorted(diagnostics, key=lambda d: (d.severity != "error", d.file, d.line, d.code))
    files = [(file, list(found)) for file, found in groupby(ordered, key=lambda d: d.file)]
    blocks = "".join(_file_block(file, found) for file, found in files)
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>预览：{errors} 个错误 · {esc(site_name)}</title>"
        f'<link rel="stylesheet" href="{esc(base + STYLESHEET)}">'
        f'<script src="{esc(base + SCRIPT)}" defer></script></head>'
        '<body class="gk-preview-errors"><main>'
        f"<h1>公开事项有 {errors} 个错误，预览暂停</h1>"
        "<p>按下面每一条的提示修改文件并保存，这个页面会自动换回网页。"
        "（和 <code>gongkai check</code> 的提示相同；有错误时 <code>mkdocs build</code> 不会生成网站。）</p>"
        f"{blocks}</main></body></html>\n")
