"""Anki deck export: one card per merged question, built from the same data as questions.json."""
from __future__ import annotations

import hashlib
import html as html_text
import io
import os
import tempfile
import zipfile
import zlib

from .sanitize import markdown_renderer, sanitize_html


def _stable_id(name: str) -> int:
    # Anki ids are 31-bit-ish integers; derive them from names so every build matches
    return (zlib.crc32(name.encode()) & 0x3FFFFFFF) + (1 << 30)


def anki_deck(data: dict) -> bytes:
    import genanki  # imported here: only the deck export needs it

    model = genanki.Model(
        _stable_id("mlops-handbook-model"),
        "MLOps handbook question",
        fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Topic"}],
        templates=[{"name": "Card", "qfmt": "<div class=topic>{{Topic}}</div><h3>{{Question}}</h3>",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}"}],
    )
    deck = genanki.Deck(_stable_id("mlops-handbook-deck"), "MLOps interview handbook")
    titles = {t["id"]: t["title"] for t in data["topics"]}
    converter = markdown_renderer()  # one instance: building it is the slow part
    for q in data["questions"]:
        # Anki fields are HTML and Anki runs card scripts: the question and topic are plain
        # text, and the answer gets the same allowlist as the site.
        answer = sanitize_html(converter.reset().convert(q["answer"]))
        fields = [html_text.escape(q["question"]), answer, html_text.escape(titles[q["topic"]])]
        guid = hashlib.sha1(q["id"].encode()).hexdigest()[:10]
        deck.add_note(genanki.Note(model=model, fields=fields, guid=guid, tags=[q["topic"], q["level"]]))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "deck.apkg")
        genanki.Package(deck).write_to_file(path, timestamp=0)
        return _normalize_zip(path)


def _normalize_zip(path: str) -> bytes:
    """Rewrite the zip with fixed timestamps so the same input gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return buffer.getvalue()
