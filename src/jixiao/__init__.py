"""jixiao (绩效): budget performance self-evaluation — ingest, score, audit, produce, serve."""

__version__ = "0.1.0"
