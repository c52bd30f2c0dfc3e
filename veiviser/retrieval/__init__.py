"""Finding passages for a question: hybrid search, query expansion, passage look-up, index status."""
