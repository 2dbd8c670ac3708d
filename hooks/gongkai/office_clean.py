"""Word, Excel and PowerPoint attachments (OOXML: .docx, .xlsx, .pptx) without their authors: the document
properties that name people or the organisation are dropped and the zip is written afresh, deterministically
(same bytes in, same bytes out: the site stays byte-identical between builds). Pure: bytes in, bytes out.

Dropped: `docProps/core.xml` creator, lastModifiedBy (and lastPrinted); `docProps/app.xml` Company, Manager.
The text, the sheets and the layout are copied unchanged (every other part byte for byte).
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

VERSION = "office-v1"  # part of the cache key (published_files): change it when the cleaning changes
OFFICE = frozenset({".docx", ".xlsx", ".pptx"})
DROPPED = {"docProps/core.xml": ("creator", "lastModifiedBy", "lastPrinted"),
           "docProps/app.xml": ("Company", "Manager")}
_EPOCH = (1980, 1, 1, 0, 0, 0)  # every member's time in the zip: no build date in the output


class OfficeNotRewritable(ValueError):
    """Not a readable OOXML zip (an encrypted Word file is an OLE container, not a zip)."""


def _without(part: bytes, names: tuple[str, ...]) -> bytes:
    root = etree.fromstring(part, etree.XMLParser(resolve_entities=False, no_network=True))
    for element in list(root):
        if isinstance(element.tag, str) and etree.QName(element).localname in names:
            root.remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def clean_office(data: bytes) -> bytes:
    """The same document without the names of its author, last editor and company."""
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
            for member in source.infolist():
                content = source.read(member)
                if member.filename in DROPPED:
                    content = _without(content, DROPPED[member.filename])
                info = zipfile.ZipInfo(member.filename, date_time=_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                target.writestr(info, content)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, etree.XMLSyntaxError, KeyError, OSError, EOFError,
            RuntimeError, ValueError) as err:
        raise OfficeNotRewritable(f"Office 文件已加密或已损坏（{type(err).__name__}）") from None
    return out.getvalue()
