"""Application wiring: builds the concrete backends from settings and serves the shells (CLI, UI).

The only layer that names concrete backends; it also holds the app's own stores
(library, uploads, feedback, preferences).
"""
