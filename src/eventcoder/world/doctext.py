"""``Doc.text`` without joining every token again, when the text the doc was parsed from is at hand."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


def doc_text(doc: Doc, hint: str | None = None) -> str:
    """``doc.text``. ``hint`` must be the text the doc was parsed from (the pipeline parses ``Article.text``);
    a cheap sanity check (length, first and last tokens in place) falls back to joining the tokens when it is
    plainly another text."""
    if hint is not None and len(doc):
        first, last = doc[0], doc[-1]
        if len(hint) == last.idx + len(last.text) + len(last.whitespace_) \
                and hint[first.idx:first.idx + len(first.text)] == first.text \
                and hint[last.idx:last.idx + len(last.text)] == last.text:
            return hint
    return doc.text
