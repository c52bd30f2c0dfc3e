"""A loopback server speaking Ollama's chat protocol (streamed NDJSON) with a fixed reply, for the LLM-path tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def ollama_server(reply: str) -> Iterator[tuple[str, list[dict]]]:
    """(base URL, the request bodies received) of a stub that streams `reply` word by word."""
    requests: list[dict] = []

    class Chat(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            requests.append({"path": self.path, **body})
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.end_headers()
            stamp = {"model": body.get("model"), "created_at": "2026-01-01T00:00:00Z"}
            for i, word in enumerate(reply.split(" ")):
                piece = {
                    **stamp,
                    "done": False,
                    "message": {"role": "assistant", "content": word if i == 0 else f" {word}"},
                }
                self.wfile.write((json.dumps(piece) + "\n").encode())
            done = {**stamp, "done": True, "done_reason": "stop", "message": {"role": "assistant", "content": ""}}
            self.wfile.write((json.dumps(done) + "\n").encode())

    server = ThreadingHTTPServer(("127.0.0.1", 0), Chat)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
