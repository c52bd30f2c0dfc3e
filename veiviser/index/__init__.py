"""The on-disk index: versions (vectors, manifests, the live pointer) and the lexical index."""
