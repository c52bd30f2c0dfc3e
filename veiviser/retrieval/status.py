"""A summary of the live index for `veiviser status` and the app's knowledge-base page."""

from __future__ import annotations

from typing import Any

from veiviser.index.versions import IndexManager


def index_status(manager: IndexManager) -> dict[str, Any]:
    name = manager.current_name()
    manifest = manager.read_manifest(name) if name else None
    info: dict[str, Any] = {
        "index": str(manager.root),
        "version": name if manifest else None,
        "chunks": 0,
        "documents": [],
        "languages": {},
        "embedder": None,
        "windows": 0,
        "sentences": 0,
        "last_ingest": None,
        "failures": {},
    }
    if not manifest:
        return info
    docs = []
    langs: dict[str, int] = {}
    for source, d in sorted(manifest.get("documents", {}).items()):
        docs.append(
            {
                "source": source,
                "doc_type": d.get("doc_type", ""),
                "title": d.get("title", ""),
                "lang": d.get("lang", ""),
                "pages": d.get("pages"),
                "chunks": int(d.get("chunks", 0)),
                "ingested_at": d.get("ingested_at"),
                "error": d.get("last_error"),
                "warnings": d.get("warnings", []),
                "instruction_passages": int(d.get("instruction_passages", 0)),
                "personal_data": list(d.get("personal_data", [])),
            }
        )
        langs[d.get("lang", "")] = langs.get(d.get("lang", ""), 0) + int(d.get("chunks", 0))
    for source, message in manifest.get("failures", {}).items():
        if source not in manifest.get("documents", {}):
            docs.append(
                {
                    "source": source,
                    "doc_type": "",
                    "title": "",
                    "lang": "",
                    "pages": None,
                    "chunks": 0,
                    "ingested_at": None,
                    "error": message,
                    "warnings": [],
                    "instruction_passages": 0,
                    "personal_data": [],
                }
            )
    info.update(
        chunks=int(manifest.get("chunks", 0)),
        documents=docs,
        languages=dict(sorted(langs.items())),
        embedder=manifest.get("embedder"),
        windows=int(manifest.get("windows", 0)),
        sentences=int(manifest.get("sentences", 0)),
        last_ingest=manifest.get("created_at"),
        failures=manifest.get("failures", {}),
        last_counts=manifest.get("last_ingest", {}).get("counts", {}),
    )
    return info
