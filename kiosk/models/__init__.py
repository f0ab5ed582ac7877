"""Typed ORM models, one module per domain."""

from .base import Base
from .catalog import Alias, CatalogState, Procedure, SearchMiss

__all__ = ["Alias", "Base", "CatalogState", "Procedure", "SearchMiss"]
