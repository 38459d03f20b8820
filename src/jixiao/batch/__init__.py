"""Batch processing of many documents (``jixiao batch``, ``jixiao report``): streaming, resumable,
results as data (records, dossier JSON, Parquet tables), an HTML overview. See ``docs/batch.md``."""
