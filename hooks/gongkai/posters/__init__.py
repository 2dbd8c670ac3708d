"""Posters for the physical notice board (公开栏): one print page per item and one whole-board
poster per unit, as HTML in the built site and, through `gongkai posters`, as PDF (WeasyPrint).

model.py   what goes on a unit's board today, 公开期限, poster size
render.py  the HTML of a poster (Jinja2 templates in theme/posters/, body Markdown, QR code)
writer.py  the build's WRITER: poster pages into the site (their URLs: urls.poster_url, urls.unit_poster_url)
pdf.py     PDFs with WeasyPrint (imported only by the command: the site build does not need it)
command.py `gongkai posters`
"""

from __future__ import annotations
