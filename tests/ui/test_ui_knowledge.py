"""Kunnskapsbase through AppTest: document table, upload with refusals, ingest, remove, build from nothing."""

from __future__ import annotations

import stat

from app_driver import DOCS, start


def _table(at) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


def test_every_document_is_listed_with_status_language_and_chunks(app_home):
    at = start("knowledge")
    rows = {r["Fil"]: r for r in _table(at)}
    assert set(DOCS) <= set(rows)
    assert rows["sip-rutin.md"]["Språk"] == "sv" and rows["genoptraening.txt"]["Språk"] == "da"
    assert rows["koordinator-rutine.txt"]["Status"] == "indeksert" and rows["koordinator-rutine.txt"]["Tekstbiter"] >= 1
    assert not any(f.startswith("kb/") for f in rows)  # the built-in kb is summed up, not listed as theirs
    assert any(c.value.startswith("Innebygd kunnskapsbase: ") for c in at.caption)
    sidebar = next(c.value for c in at.sidebar.caption if c.value.startswith("Indeks: "))
    assert sidebar.startswith(f"Indeks: {len(rows)} dokumenter")  # the sidebar counts the same documents


def test_upload_refuses_bad_files_clearly_and_ingests_good_ones(app_home_own_index):
    app_home = app_home_own_index
    at = start("knowledge")
    at.file_uploader[0].set_value(
        [
            ("program.exe", b"MZ\x90\x00binary", "application/octet-stream"),
            ("tom.txt", b"", "text/plain"),
            ("../../lokal rutine.txt", b"Lokal rutine: koordinerende enhet svarer innen to uker.", "text/plain"),
        ]
    ).run()
    at.button(key="vv_upload_go").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "filtypen .exe støttes ikke" in errors and "filen er tom" in errors
    assert any("1 indeksert" in s.value for s in at.success)
    uploads = app_home / "uploads"
    assert [p.name for p in uploads.iterdir()] == ["lokal rutine.txt"]
    assert stat.S_IMODE(uploads.stat().st_mode) == 0o700
    rows = {r["Fil"]: r for r in _table(at)}
    assert rows["lokal rutine.txt"]["Kilde"] == "lastet opp" and rows["lokal rutine.txt"]["Status"] == "indeksert"

    # remove it again: the file goes, the other documents stay
    at.selectbox(key="vv_remove_choice").set_value("lokal rutine.txt").run()
    at.checkbox(key="vv_remove_confirm").check().run()
    at.button(key="vv_remove_go").click().run()
    assert not at.exception
    assert not (uploads / "lokal rutine.txt").exists()
    files = {r["Fil"] for r in _table(at)}
    assert "lokal rutine.txt" not in files and set(DOCS) <= files


def test_reindex_keeps_unchanged_documents(app_home_own_index):
    at = start("knowledge")
    at.button(key="vv_reindex_go").click().run()
    assert not at.exception
    assert any("0 indeksert" in s.value and "0 feilet" in s.value for s in at.success)


def test_a_fresh_machine_is_guided_to_build_the_index(empty_home):
    at = start("ask")
    assert any("ingen indeks" in i.value.lower() for i in at.info)
    assert at.get("page_link")  # one click to the knowledge-base page
    at = start("knowledge")
    assert any("make index" in i.value for i in at.info)
    at.button(key="vv_build_go").click().run()
    assert not at.exception
    files = {r["Fil"] for r in _table(at)}
    assert set(DOCS) == files  # the documents; the kb built with them is summed up above the list
    assert any(c.value.startswith("Innebygd kunnskapsbase: ") for c in at.caption)
    at.switch_page("veiviser/ui/pages/ask.py").run()
    at.chat_input[0].set_value("Hva skal koordinatoren sørge for?").run()
    assert [m for m in at.chat_message if m.name == "assistant"]
