"""Test-wide fixtures: the network is blocked unless a test opts in."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
EVAL = SHARED / "eval"

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _guarded_connect(original):
    def connect(self, address):  # type: ignore[no-untyped-def]
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host in _LOOPBACK or host.startswith("127.") or host.startswith("/")):
            return original(self, address)
        raise RuntimeError(f"network blocked in tests: tried to connect to {address!r}")

    return connect


@pytest.fixture(autouse=True)
def _block_network(request, monkeypatch):
    """Only loopback is allowed; tests marked `network` still only reach loopback servers."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect(socket.socket.connect))
    yield


@pytest.fixture(autouse=True)
def _offline_models(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"shared corpus missing at {CORPUS}; tests expect ../shared beside the checkout")
    return CORPUS
