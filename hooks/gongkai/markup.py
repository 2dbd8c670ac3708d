"""The pieces every generated page is made of: the page itself (title front matter + Markdown) and the
one escaping helper for clerk text (unit, category and item names, titles) put into HTML."""

from __future__ import annotations

import json
from html import escape


def esc(text: object) -> str:
    """Clerk text as HTML text or attribute value (& < > " ' escaped)."""
    return escape(str(text), quote=True)


def page(title: str, body: str, *, script: str | None = None) -> str:
    """A generated page: its title as front matter (JSON is valid YAML; escaped: the theme prints page titles
    into <title> and the header unescaped), then its heading and Markdown.

    script: the one page script it needs (theme/main.html loads assets/javascripts/gongkai-<script>.js
    on this page only)."""
    meta = f"title: {json.dumps(esc(title), ensure_ascii=False)}\n" + (f"gongkai_script: {script}\n" if script else "")
    return f"---\n{meta}---\n\n# {esc(title)}\n\n{body}\n"
