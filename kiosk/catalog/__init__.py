"""Procedures: importers, Vietnamese text folding, aliases and the search index."""
