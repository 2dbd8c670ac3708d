"""PDF attachments without metadata: the document information (author, creator, producer, dates) and the
XMP packet are dropped. Pure: bytes in, bytes out."""

from __future__ import annotations

import io


class PdfNotRewritable(ValueError):
    """An encrypted or damaged PDF: it cannot be rewritten, so its metadata cannot be removed."""


def clean_pdf(data: bytes) -> bytes:
    """The same pages without /Info and without the catalogue's /Metadata (XMP)."""
    from pypdf import PdfReader, PdfWriter  # only where a site has PDFs: its import is 0.05 s of every build
    from pypdf.errors import PyPdfError
    from pypdf.generic import NameObject

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise PdfNotRewritable("PDF 已加密")
        writer = PdfWriter(clone_from=reader)
        writer._info = None  # noqa: SLF001 - pypdf has no public way to write a PDF without /Info
        root = writer._root_object  # noqa: SLF001
        root.pop(NameObject("/Metadata"), None)
        for page in writer.pages:
            page.pop(NameObject("/Metadata"), None)
        out = io.BytesIO()
        writer.write(out)
    except PdfNotRewritable:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as err:
        raise PdfNotRewritable(f"PDF 文件已损坏（{type(err).__name__}）") from None
    return out.getvalue()
