"""Browser tests: `streamlit run app.py` on a free loopback port, driven by Debian chromium via Playwright.

The data folder is built like the AppTest one (tests/ui/app_driver.py). The server is
always terminated, also when a test fails.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))  # share app_driver with the AppTest tests

from app_driver import ROOT, app_env, build_home

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout_s:.0f} s:\n{log.read_text()[-3000:]}")


@contextmanager
def serve_app(
    base: Path, *, extra_env: dict[str, str] | None = None, secrets: Callable[[str], str] | None = None
) -> Iterator[dict]:
    """`streamlit run app.py` on a free loopback port over a fresh data folder under `base`; always stopped.

    `secrets` turns the app's URL into the text of a secrets.toml (e.g. an [auth] section with the
    redirect URI); it is written under `base` and passed with --secrets.files, so the repository's
    own .streamlit folder and ~/.streamlit are never read or written.
    """
    home, docs = base / "home", base / "docs"
    build_home(home, docs)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, **app_env(home, docs), "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    for name in ("VEIVISER_INDEX", "VEIVISER_UI_LANG", "VEIVISER_ANSWERER", "VEIVISER_KB", "VEIVISER_LEADERS"):
        env.pop(name, None)
    env.update(extra_env or {})
    extra_args: list[str] = []
    if secrets is not None:
        secrets_file = base / "secrets.toml"
        secrets_file.write_text(secrets(url), encoding="utf-8")
        extra_args += ["--secrets.files", str(secrets_file)]
    log = base / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                *extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(url, proc, log)
        yield {"url": url, "port": port, "home": home, "log": log}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[dict]:
    with serve_app(tmp_path_factory.mktemp("veiviser-e2e")) as server:
        yield server


@pytest.fixture(scope="session")
def start_app():
    """`serve_app` for tests that need the app started their own way (e.g. with sign-in configured)."""
    return serve_app


@pytest.fixture(scope="session")
def browser():
    # tests marked `browser` are skipped at collection when chromium is missing (see above); an
    # unmarked test using these fixtures fails loudly instead of skipping quietly
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@contextmanager
def browser_page(browser, timeout_ms: int, height: int, **context_options) -> Iterator:
    """A fresh Norwegian-locale page whose waits and expectations time out after timeout_ms; closed after."""
    from playwright.sync_api import expect

    expect.set_options(timeout=timeout_ms)
    context = browser.new_context(viewport={"width": 1400, "height": height}, locale="nb-NO", **context_options)
    context.set_default_timeout(timeout_ms)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def open_page(browser):
    """browser_page bound to the session's browser, for test modules with their own `page` fixture."""
    return lambda timeout_ms, height, **options: browser_page(browser, timeout_ms, height, **options)


@pytest.fixture
def page(browser, app_server):
    # the first answer loads language data in the server
    with browser_page(browser, 90_000, 1100, accept_downloads=True) as pg:
        yield pg


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the test saves its screenshots (look at them: tests/e2e prints the folder)."""
    folder = tmp_path / "screenshots"
    folder.mkdir()
    return folder
