"""Printable documents (PDF) and the machinery they share; see ``docs/documents.md``.

Flowing documents (minutes, sign-in sheet) are stories laid out by ``page_template.build_pdf``
with ``story``, ``tables`` and ``styles``; fixed layouts (badges, ballots) draw on a canvas from
``canvas_document.write_canvas_pdf`` with ``fitting`` and ``qr``. Both get the embedded ``fonts``,
``glyphs`` fallback, ``typography``, reproducible ``rendering`` and safe ``output``. Heavy
libraries (reportlab, Pillow, zxing-cpp) are imported where used.
"""
