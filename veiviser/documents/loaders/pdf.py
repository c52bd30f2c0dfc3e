"""PDF via pypdf, with OCR (ocrmypdf + tesseract) for pages that have no text layer.

Every block carries its 1-based PDF page so answers can cite "p. 7". Scanned
pages are OCR'd one by one into a temporary file, never touching the source.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from veiviser.core.types import BlockKind
from veiviser.documents.errors import OCR_PACKAGES_DEBIAN, LoadError
from veiviser.documents.loaders.structure import (
    LineStructurer,
    ParsedContent,
    collapse_spaces,
    list_item_text,
    looks_like_heading,
    numbered_heading_level,
    table_cells,
)

log = logging.getLogger(__name__)

MIN_PAGE_TEXT_CHARS = 8  # fewer non-space characters than this: the page has no usable text layer
OCR_TIMEOUT_BASE_S = 120
OCR_TIMEOUT_PER_PAGE_S = 60
SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "»")
PAGE_NUMBER_LINE = re.compile(
    r"(?i)^\s*(?:[-–—]\s*)?(?:(?:side|sida|page|s\.)\s*)?\d{1,4}(?:\s*(?:av|af|of|/|\()\s*\d{1,4}\)?)?(?:\s*[-–—])?\s*$"
)
DIGITS = re.compile(r"\d")
_IGNORED_TITLES = re.compile(r"(?i)^(?:untitled|microsoft word - .*|document\d*|.*\.(?:docx?|pdf|odt|rtf))$")


def _ocrmypdf_command() -> list[str] | None:
    """How to run ocrmypdf: this interpreter's package first, else the system (Debian) one."""
    if importlib.util.find_spec("ocrmypdf") is not None:
        return [sys.executable, "-m", "ocrmypdf"]
    system = shutil.which("ocrmypdf")
    return [system] if system else None


def ocr_available() -> bool:
    """True when tesseract and ocrmypdf are both installed."""
    return shutil.which("tesseract") is not None and _ocrmypdf_command() is not None


def load_pdf(path: Path, data: bytes, *, ocr: bool, ocr_langs: str) -> ParsedContent:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError, PyPdfError) as exc:
                raise _encrypted(path) from exc
            if not opened:
                raise _encrypted(path)
            warnings.append(f"{path.name}: the PDF has an owner password but opens without one; read it as is.")
        page_count = len(reader.pages)
    except LoadError:
        raise
    except FileNotDecryptedError as exc:
        raise _encrypted(path) from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise LoadError(
            path, f"The PDF is damaged or truncated and cannot be read ({_short(exc)}). Export or download it again."
        ) from exc
    if page_count == 0:
        raise LoadError(path, "The PDF has no pages. Export or download it again.")
    if data.rfind(b"%%EOF", max(0, len(data) - 4096)) == -1:
        warnings.append(f"{path.name}: the PDF looks truncated (no end marker); some content may be missing.")

    page_texts: list[str] = []
    fonts: list[PageFonts] = []
    for number, page in enumerate(reader.pages, start=1):
        runs: list[Run] = []
        try:
            page_texts.append(_page_text(page, runs))
        except Exception as exc:  # pypdf raises many types on broken content streams
            log.debug("text extraction failed on %s page %d: %s", path.name, number, exc)
            warnings.append(f"{path.name}: could not read the text of page {number} ({_short(exc)}).")
            page_texts.append("")
        fonts.append(_line_fonts(runs) if page_texts[-1].strip() else PageFonts())

    textless = [n for n, t in enumerate(page_texts, start=1) if _visible_chars(t) < MIN_PAGE_TEXT_CHARS]
    any_text = len(textless) < page_count
    # Pages without text matter when they hold an image (a scan), or when nothing in the file has text.
    needs_ocr = textless if not any_text else [n for n in textless if _has_image(reader.pages[n - 1])]
    ocr_pages: list[int] = []
    if needs_ocr:
        if ocr and ocr_available():
            try:
                recognised = _ocr_pages(path, data, needs_ocr, ocr_langs, warnings)
            except LoadError:
                if not any_text:
                    raise
                recognised = {}
            for number, text in recognised.items():
                if _visible_chars(text) >= MIN_PAGE_TEXT_CHARS:
                    page_texts[number - 1] = text
                    fonts[number - 1] = PageFonts()  # OCR text carries no fonts
                    ocr_pages.append(number)
            unread = [n for n in needs_ocr if n not in ocr_pages]
            if any_text and unread:
                warnings.append(f"{path.name}: OCR found no text on {_page_list(unread)} (pictures or blank scans).")
            if not any_text and not ocr_pages:
                raise LoadError(
                    path,
                    "The PDF has no text layer and OCR found no text in it (blank or unreadable scan). "
                    "Check the file, or scan it again at a higher resolution.",
                )
        else:
            install = f"Debian: apt-get install {OCR_PACKAGES_DEBIAN}"
            reason = (
                f"OCR is turned off. Turn it on (VEIVISER_OCR=1) with OCR installed ({install})"
                if not ocr
                else f"OCR is not installed. Install it ({install})"
            )
            pages_text = _page_list(needs_ocr)
            if not any_text:
                raise LoadError(
                    path,
                    f"The PDF has no text layer ({pages_text}, probably scanned) and {reason}, then ingest it again.",
                )
            warnings.append(f"{path.name}: {pages_text} have no text layer (scanned?) and were skipped: {reason}.")

    parsed = _structure(page_texts, ocr_pages=set(ocr_pages), fonts=fonts)
    if not parsed.blocks:
        raise LoadError(path, "No readable text found in the PDF. Check that it is the right file.")
    parsed.title = _metadata_title(reader)
    parsed.pages = page_count
    parsed.ocr_pages = tuple(ocr_pages)
    parsed.warnings[:0] = warnings
    return parsed


BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
BODY_SIZE_MARGIN = 1.05  # a line up to this much larger than the page's body text is body text
HEADING_SIZE_MARGIN = 1.15  # ... and one at least this much larger (or bold) is printed as a heading
BODY_SHARE = 0.05  # a regular font size with this share of the page's regular text is a body size


@dataclass(frozen=True)
class PageFonts:
    """Lines of a page by their print: `body` in the regular font at body size, `styled` bold or larger."""

    body: frozenset[str] = frozenset()
    styled: Mapping[str, tuple[bool, float]] = field(default_factory=dict)  # line -> (bold, size)


Run = tuple[str, bool, float]  # a piece of a page's text, printed bold or not, at this size


def _collect_runs(runs: list[Run]):
    """A pypdf text visitor (one call per piece of text) that keeps each piece's print in `runs`."""

    def visit(text, cm, tm, font, size) -> None:
        if not text:
            return
        name = str((font or {}).get("/BaseFont", ""))
        scale = abs(float(tm[3]) * float(cm[3])) if tm and cm else 1.0
        runs.append((text, bool(BOLD_FONT.search(name)), float(size or 0.0) * (scale or 1.0)))

    return visit


def _line_fonts(runs: Sequence[Run]) -> PageFonts:
    """The page's lines printed entirely as body text, and those printed as a heading would be.

    A PDF keeps no structure, but it keeps fonts: a heading is bold or larger, while a
    short table cell or a label in the body font is not, however much it looks like a
    title. Lines printed both ways on a page are left out (their font decides nothing).
    """
    lines: list[list[tuple[str, bool, float]]] = [[]]
    for text, bold, size in runs:
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                lines.append([])
            if piece.strip():
                lines[-1].append((piece, bold, size))
    # body text may come in several sizes (a table set smaller than the prose): every regular
    # size with a fair share of the page's regular text counts as body text
    weights: Counter[float] = Counter()
    for line in lines:
        for piece, bold, size in line:
            if not bold:
                weights[round(size, 1)] += len(piece.strip())
    total = sum(weights.values())
    if not total:
        return PageFonts()
    body_size = max(size for size, n in weights.items() if n >= BODY_SHARE * total)
    plain: set[str] = set()
    styled: dict[str, tuple[bool, float]] = {}
    mixed: set[str] = set()
    for line in lines:
        text = collapse_spaces("".join(piece for piece, _, _ in line))
        if not text:
            continue
        if all(not bold and size <= body_size * BODY_SIZE_MARGIN for _, bold, size in line):
            plain.add(text)
        elif all(bold or size >= body_size * HEADING_SIZE_MARGIN for _, bold, size in line):
            style = (line[0][1], round(max(size for _, _, size in line), 1))
            if styled.setdefault(text, style) != style:
                mixed.add(text)
    if not styled:
        return PageFonts()  # one font for everything: fonts tell headings from text on this page no more
    both = plain & styled.keys() | mixed
    return PageFonts(body=frozenset(plain - both), styled={t: v for t, v in styled.items() if t not in both})


MAX_TITLE_LINES = 3


def _wrapped_title(lines: list[str], index: int, fonts: PageFonts) -> int:
    """How many lines after `index` continue a heading printed over several lines: same print,
    starting in lower case, and together still short enough for a title (0: none)."""
    style = fonts.styled.get(collapse_spaces(lines[index]))
    if style is None:
        return 0
    taken = 0
    while index + taken + 1 < len(lines) and taken + 1 < MAX_TITLE_LINES:
        following = collapse_spaces(lines[index + taken + 1])
        if not following[:1].islower() or fonts.styled.get(following) != style:
            break
        taken += 1
    joined = collapse_spaces(" ".join(lines[index : index + taken + 1]))
    return taken if taken and looks_like_heading(joined) else 0


def _page_text(page, runs: list[Run] | None = None) -> str:
    """The page's text in reading order, with blank lines where the layout shows paragraph gaps
    (`runs`, when given, receives the print of each piece of text from the same pass).

    pypdf's default mode follows the content stream (right for columns) but drops
    vertical gaps; layout mode keeps the gaps but reads across columns. When both
    give the same lines, the page is simple and we copy layout's gaps into it.
    """
    text = page.extract_text(visitor_text=_collect_runs(runs) if runs is not None else None) or ""
    if not text.strip():
        return text
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except Exception as exc:  # layout mode is the more fragile one; the plain text is enough
        log.debug("layout extraction failed: %s", exc)
        return text
    lines = [ln for ln in text.split("\n") if ln.strip()]
    layout_lines = layout.split("\n")
    if [collapse_spaces(ln) for ln in lines] != [collapse_spaces(ln) for ln in layout_lines if ln.strip()]:
        return text
    out: list[str] = []
    index = 0
    for layout_line in layout_lines:
        if layout_line.strip():
            out.append(lines[index])
            index += 1
        elif out and out[-1]:
            out.append("")
    return "\n".join(out)


def _encrypted(path: Path) -> LoadError:
    return LoadError(
        path,
        "The PDF is password-protected (encrypted). Decrypt it first, e.g. "
        "`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, then ingest the decrypted copy.",
    )


def _short(exc: BaseException) -> str:
    text = collapse_spaces(str(exc)) or type(exc).__name__
    return text[:120]


def _visible_chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _page_list(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"page {pages[0]}"
    if len(pages) > 6:
        return f"{len(pages)} pages ({', '.join(map(str, pages[:5]))}, ...)"
    return "pages " + ", ".join(map(str, pages))


def _has_image(page) -> bool:
    """Does the page draw an image (directly or inside a form XObject)? Cheap: looks at resources only."""
    try:
        pending = [page.get("/Resources")]
        seen = 0
        while pending and seen < 50:
            resources = pending.pop()
            seen += 1
            if resources is None:
                continue
            resources = resources.get_object()
            xobjects = resources.get("/XObject")
            if xobjects is None:
                continue
            for ref in xobjects.get_object().values():
                xobject = ref.get_object()
                subtype = xobject.get("/Subtype")
                if subtype == "/Image":
                    return True
                if subtype == "/Form" and "/Resources" in xobject:
                    pending.append(xobject["/Resources"])
    except Exception as exc:  # malformed resources: treat as "might be a scan"
        log.debug("could not inspect page resources: %s", exc)
        return True
    return False


def _tesseract_languages(requested: str, warnings: list[str]) -> str:
    wanted = [lang for lang in requested.split("+") if lang]
    try:
        result = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
        installed = {ln.strip() for ln in result.stdout.splitlines()[1:] if ln.strip()}
    except (OSError, subprocess.SubprocessError):
        return requested
    usable = [lang for lang in wanted if lang in installed]
    missing = [lang for lang in wanted if lang not in installed]
    if missing:
        warnings.append(
            "OCR language data missing for "
            + ", ".join(missing)
            + f"; install {' '.join('tesseract-ocr-' + m for m in missing)} for better OCR."
        )
    if not usable:
        usable = ["eng"] if "eng" in installed else sorted(installed)[:1]
    return "+".join(usable)


def _ocr_pages(path: Path, data: bytes, pages: list[int], ocr_langs: str, warnings: list[str]) -> dict[int, str]:
    """OCR only the given pages into a temporary copy and read their new text layer."""
    from pypdf import PdfReader

    languages = _tesseract_languages(ocr_langs, warnings)
    with tempfile.TemporaryDirectory(prefix="veiviser-ocr-") as tmp:
        source = Path(tmp) / "in.pdf"
        target = Path(tmp) / "out.pdf"
        source.write_bytes(data)
        # --force-ocr on just these pages: pypdf found no usable text there, so rasterise and recognise them.
        command = [
            *(_ocrmypdf_command() or ["ocrmypdf"]), "--force-ocr", "--pages", ",".join(map(str, pages)),
            "--output-type", "pdf", "--optimize", "0", "--jobs", "1", "--quiet",
            "-l", languages, str(source), str(target),
        ]  # fmt: skip
        timeout = OCR_TIMEOUT_BASE_S + OCR_TIMEOUT_PER_PAGE_S * len(pages)
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise LoadError(
                path, f"OCR took longer than {timeout} s and was stopped. Split the PDF and try again."
            ) from exc
        if result.returncode != 0 or not target.exists():
            detail = collapse_spaces(result.stderr)[-300:] or f"exit code {result.returncode}"
            warnings.append(f"{path.name}: OCR failed ({detail}).")
            raise LoadError(
                path, f"OCR of the scanned pages failed ({detail}). Check the OCR installation or the file."
            )
        reader = PdfReader(io.BytesIO(target.read_bytes()))
        return {n: (reader.pages[n - 1].extract_text() or "") for n in pages if n <= len(reader.pages)}


def _metadata_title(reader) -> str:
    try:
        title = collapse_spaces(str((reader.metadata or {}).get("/Title") or ""))
    except Exception:  # broken info dictionaries are common and harmless
        return ""
    return "" if not title or _IGNORED_TITLES.match(title) else title


def _structure(page_texts: list[str], *, ocr_pages: set[int], fonts: Sequence[PageFonts] = ()) -> ParsedContent:
    """Blocks for all pages; running headers/footers repeated across pages are dropped.
    `fonts`: per page, the lines printed as body text (never a guessed heading) and as headings."""
    pages_lines = [[ln.rstrip() for ln in text.replace("\r", "\n").split("\n")] for text in page_texts]
    repeated = _repeated_edge_lines(pages_lines)
    structurer = LineStructurer(markdown=False, infer_headings=True, ocr_bullets=False)
    for number, lines in enumerate(pages_lines, start=1):
        structurer.ocr_bullets = number in ocr_pages
        page_fonts = fonts[number - 1] if number <= len(fonts) else PageFonts()
        structurer.body_lines = page_fonts.body
        kept = _strip_page_furniture(lines, repeated)
        if not kept:
            continue
        structurer.boundary(BlockKind.PAGE_BREAK, number)
        for paragraph in _paragraphs(kept, ocr_bullets=structurer.ocr_bullets, fonts=page_fonts):
            structurer.paragraph(paragraph, number)
    blocks = structurer.blocks
    while blocks and blocks[-1].kind is BlockKind.PAGE_BREAK:
        blocks.pop()
    return ParsedContent(blocks=blocks, explicit_headings=False)


def _normalize(line: str) -> str:
    return DIGITS.sub("0", collapse_spaces(line))


def _edge_indexes(lines: list[str]) -> list[int]:
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    return sorted(set(nonblank[:2] + nonblank[-2:]))


def _repeated_edge_lines(pages_lines: list[list[str]]) -> set[str]:
    """First/last lines that recur on many pages: running headers and footers."""
    if len(pages_lines) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages_lines:
        counts.update({_normalize(lines[i]) for i in _edge_indexes(lines)})
    threshold = max(3, len(pages_lines) // 2)
    return {line for line, n in counts.items() if n >= threshold}


def _strip_page_furniture(lines: list[str], repeated: set[str]) -> list[str]:
    edges = set(_edge_indexes(lines))
    kept: list[str] = []
    for index, line in enumerate(lines):
        if index in edges and (_normalize(line) in repeated or PAGE_NUMBER_LINE.match(line)):
            continue
        kept.append(line)
    while kept and not kept[0].strip():
        kept.pop(0)
    return kept


def _paragraphs(lines: list[str], *, ocr_bullets: bool, fonts: PageFonts | None = None) -> list[list[str]]:
    """Split a page's lines into paragraphs.

    pypdf rarely emits blank lines between paragraphs, so a line that ends a
    sentence well short of the usual line width also ends its paragraph, and
    short title-like lines stand alone so they can become headings.
    """
    fonts = fonts or PageFonts()
    lengths = [len(ln.strip()) for ln in lines if ln.strip()]
    if not lengths:
        return []
    width = max(40, statistics.quantiles(lengths, n=10)[7] if len(lengths) >= 4 else max(lengths))
    paragraphs: list[list[str]] = []
    current: list[str] = []

    def close() -> None:
        nonlocal current
        if current:
            paragraphs.append(current)
            current = []

    previous = ""
    skip = 0
    for index, line in enumerate(lines):
        text = line.strip()
        if skip:  # a further line of a heading printed over several lines, already taken
            skip -= 1
            continue
        if not text:
            close()
            previous = ""
            continue
        normal = collapse_spaces(text)
        structural = table_cells(line) is not None or list_item_text(line, ocr_bullets=ocr_bullets) is not None
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        title_like = (
            len(text) <= 0.7 * width
            and (numbered_heading_level(text) > 0 or (looks_like_heading(text) and normal not in fonts.body))
            and not following[:1].islower()  # a title is not continued in lower case on the next line
        )
        # a line printed as a heading starts one even after a line that runs on (a table's last cell)
        after_sentence = (
            not previous or previous.endswith(SENTENCE_END) or len(previous) <= 0.7 * width or normal in fonts.styled
        )
        if title_like and after_sentence and not structural:
            close()
            paragraphs.append([line])
            previous = ""
            continue
        wrapped = _wrapped_title(lines, index, fonts) if after_sentence and not structural else 0
        if wrapped:  # a heading printed over several lines ("Rönnåkers kommun – Ansvarsfördelning vid" / "samordning")
            close()
            paragraphs.append([collapse_spaces(" ".join(lines[index : index + wrapped + 1]))])  # read as one title
            skip, previous = wrapped, ""
            continue
        if structural and current and table_cells(line) is not None:
            close()
        current.append(line)
        if text.endswith(SENTENCE_END) and len(text) <= 0.8 * width and not structural:
            close()
        previous = text
    close()
    return paragraphs
