"""Consolidation: sub-unit dossiers into one department dossier (seed 002's 局机关及二级机构汇总 tables)."""

from jixiao.consolidate.core import Consolidation, ConsolidationError, Provenance, consolidate

__all__ = ["Consolidation", "ConsolidationError", "Provenance", "consolidate"]
