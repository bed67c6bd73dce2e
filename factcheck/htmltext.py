"""HTML pages to article text, with trafilatura (the optional ``html`` extra).

The page's main text (headline first, one paragraph a line) becomes the source text
that claims quote; navigation, scripts and footers are dropped. The page's own
metadata gives the outlet (site name), URL, publication date and author.
"""

from __future__ import annotations

from typing import NamedTuple

from .errors import SourceError


class Page(NamedTuple):
    """The article text of an HTML page and what the page says about it (None when it does not)."""

    text: str
    outlet: str | None
    url: str | None
    published: str | None
    author: str | None


def article(path: str, html: str) -> Page:
    """The article in ``html`` (read from ``path``, named in errors).

    Raises SourceError when trafilatura is not installed or finds no article text.
    """
    try:
        import trafilatura
    except ImportError:  # the extra is not installed, or lxml lacks its HTML cleaner
        raise SourceError(
            f"{path}: an HTML page; reading HTML needs trafilatura: pip install 'factcheck[html]', "
            "or save the article as plain text"
        ) from None
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    paragraphs = [line.strip() for line in (getattr(doc, "text", None) or "").splitlines() if line.strip()]
    if not paragraphs:
        raise SourceError(f"{path}: an HTML page with no article text found in it; save the article as plain text")
    title = (doc.title or "").strip()
    if title and paragraphs[0] != title:
        paragraphs.insert(0, title)
    text = "\n\n".join(paragraphs) + "\n"
    return Page(text, doc.sitename or None, doc.url or None, doc.date or None, doc.author or None)
