"""Vector stores: Chroma (embedded or server) and an in-memory store for tests."""
