"""`veiviser repair`: repair OCR/encoding damage in text piped through stdin."""

from __future__ import annotations

import sys

import typer

from veiviser.cli.common import fail

REPAIR_LANGS = ("nb", "nn", "sv", "da")


def register(app: typer.Typer) -> None:
    @app.command()
    def repair(
        lang: str = typer.Option("nb", "--lang", "-l", help="Language of the text: nb, nn, sv or da."),
    ) -> None:
        """Read lines on stdin, write each line repaired on stdout (same number of lines).

        Fixes mojibake and the OCR damage of æ/ø/å (ä/ö/å for sv) and `|` for "I".
        Example: `veiviser repair --lang nb < skannet.txt > reparert.txt`
        """
        code = lang.strip().lower()
        if code not in REPAIR_LANGS:
            fail(f"unknown language {lang!r}; use one of: {', '.join(REPAIR_LANGS)}", code=2)
        from veiviser.text.repair import repair_stream  # lazy: loads wordfreq only when repairing

        data = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        sys.stdout.buffer.write(repair_stream(data, code).encode("utf-8", errors="surrogatepass"))
        sys.stdout.flush()
