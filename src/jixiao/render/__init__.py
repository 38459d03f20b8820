"""Render stage: a ``Grid`` (paragraphs and tables with merged cells) out to .docx, .xlsx, HTML and PDF.

``layout`` turns a dossier into the official forms as a ``Grid``; the writers (``docx``, ``xlsx``,
``html``, ``pdf``) each take a ``Grid`` and know nothing of dossiers, so ingest can read back what
render writes.
"""
