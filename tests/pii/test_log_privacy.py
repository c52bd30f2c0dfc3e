"""Logs carry no personal data and no document text.

The CLI's log handler masks ID numbers, phone numbers and e-mail addresses
(PiiMaskingFilter); an ingest and a search logged at INFO write no passage
of the documents they read.
"""

from __future__ import annotations

import json
import logging
import os
import random
import subprocess
import sys
from pathlib import Path

import pii_generators as gen

from ingest.pipeline import Ingestor
from veiviser.app.services import Services
from veiviser.backends.embedders.fake import FakeEmbedder
from veiviser.core.config import Settings
from veiviser.index.versions import IndexManager
from veiviser.pii import MASK_LABELS

ROOT = Path(__file__).resolve().parents[2]


def run_cli(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VEIVISER_HOME": str(home), "VEIVISER_EMBEDDER": "fake", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-c", "from veiviser.cli import main; main()", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )  # fmt: skip


def log_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.split(" ", 1)[0] in ("DEBUG", "INFO", "WARNING", "ERROR")]


def test_cli_log_masks_a_fodselsnummer_in_a_warning(tmp_path):
    fnr = gen.norwegian(random.Random(11))
    src = tmp_path / "kilder"
    src.mkdir()
    # a text file named .pdf: the loader logs a warning that names the file, and so the number
    (src / f"notat-{fnr}.pdf").write_text("Koordinatoren følger opp planen sammen med fastlegen.\n", encoding="utf-8")
    result = run_cli(["ingest", str(src), "--no-kb", "--json"], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in log_lines(result.stderr) if "named .pdf" in line]
    assert warning.startswith(f"WARNING veiviser.documents.loaders: notat-{MASK_LABELS['no_fnr']}.pdf: named .pdf")
    assert fnr not in "\n".join(log_lines(result.stderr))
    # the report too: no full ID number is printed anywhere, file names included (issue #16)
    assert json.loads(result.stdout)["files"][0]["source"] == f"notat-{MASK_LABELS['no_fnr']}.pdf"
    assert fnr not in result.stdout


def test_cli_log_masks_numbers_passed_as_arguments_and_in_tracebacks(tmp_path):
    rng = random.Random(12)
    fnr, phone, email = gen.norwegian(rng), gen.phone(rng), gen.email(rng)
    script = (
        "import logging, sys\n"
        "from veiviser.cli import _root\n"
        "_root(verbose=True)\n"
        "log = logging.getLogger('veiviser.test')\n"
        "log.info('bruker %s ringte %s', sys.argv[1], sys.argv[2])\n"
        "try:\n"
        "    raise ValueError('ugyldig adresse ' + sys.argv[3])\n"
        "except ValueError:\n"
        "    log.exception('feil for %s', sys.argv[1])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, fnr, phone, email], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    for secret in (fnr, phone, email):
        assert secret not in result.stderr
    assert f"INFO veiviser.test: bruker {MASK_LABELS['no_fnr']} ringte {MASK_LABELS['phone']}" in result.stderr
    assert f"ValueError: ugyldig adresse {MASK_LABELS['email']}" in result.stderr


SOURCES = {
    "rutine.md": "# Rutine for koordinator\n\nKoordinatoren innkaller oppfølgingsteamet før hver evaluering av planen.\n\n"
    "## Samtykke\n\nSamtykke til deling av opplysninger hentes skriftlig fra brukeren før første møte.\n",
    "plan.txt": "Individuell plan\n\nPlanen beskriver brukerens egne mål og hvem som har ansvar for hvert tiltak.\n",
    # a text file named .pdf and an empty file: warnings and failures are logged too
    "feilnavn.pdf": "Denne rutinen er lagret med feil filendelse, men teksten er lesbar for veiviseren.\n",
    "tom.txt": "",
}


def test_ingest_and_search_log_no_document_text_at_info(tmp_path, caplog):
    src = tmp_path / "kilder"
    src.mkdir()
    for name, text in SOURCES.items():
        (src / name).write_text(text, encoding="utf-8")
    settings = Settings(home=tmp_path / "home", embedder="fake")
    caplog.set_level(logging.INFO)
    Ingestor(settings, FakeEmbedder()).run([src])
    (src / "plan.txt").write_text(SOURCES["plan.txt"] + "\nPlanen evalueres hvert halvår.\n", encoding="utf-8")
    Ingestor(settings, FakeEmbedder(dim=32)).run([src])  # changed file, changed embedder: more log lines
    hits = Services(settings).retriever().search("samtykke deling av opplysninger", k=3)
    assert hits

    records = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert any(r.name.startswith(("ingest", "veiviser")) for r in records)  # the run did log at INFO
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in records)
    chunks = IndexManager(settings).open_current().lexical.chunks
    assert chunks
    for chunk in chunks:
        for sentence in chunk.text.split("\n"):
            if len(sentence) > 20:
                assert sentence not in logged
    assert "innkaller oppfølgingsteamet" not in logged
