"""Ingestion pipeline: load -> repair -> detect language -> chunk -> embed -> store."""
