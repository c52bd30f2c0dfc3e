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
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))  # share app_driver with the AppTest tests

from app_driver import ROOT, app_env, build_home  # noqa: E402

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


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[dict]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    base = tmp_path_factory.mktemp("veiviser-e2e")
    home, docs = base / "home", base / "docs"
    build_home(home, docs)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, **app_env(home, docs), "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    for name in ("VEIVISER_INDEX", "VEIVISER_UI_LANG", "VEIVISER_ANSWERER", "VEIVISER_KB"):
        env.pop(name, None)
    log = base / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(url, proc, log)
        yield {"url": url, "home": home, "log": log}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def browser(app_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, app_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=90_000)  # the first answer loads language data in the server
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True, locale="nb-NO")
    context.set_default_timeout(90_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the test saves its screenshots (look at them: tests/e2e prints the folder)."""
    folder = tmp_path / "screenshots"
    folder.mkdir()
    return folder
