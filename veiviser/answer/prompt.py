"""Prompts for the LLM answerer: per-language templates in prompts/, passages as escaped data.

Each `prompts/answer.<lang>.md` has a `## system` and a `## user` section; the user
template takes $passages, $history and $question (string.Template, so braces and
dollar signs inside sources are inert). Passages are numbered <passage> elements whose
text is XML-escaped: a source containing "</passage>" or an instruction cannot close
its element or pose as the prompt; look-alike angle brackets are neutralised as well.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from veiviser.core.errors import VeiviserError
from veiviser.core.types import Answer, SearchHit
from veiviser.pii import mask

REFUSAL = "NOT_COVERED"  # what the prompts tell the model to reply when the passages do not answer
FALLBACK_LANG = "nb"
HISTORY_TURNS = 3
HISTORY_ANSWER_CHARS = 600
_SECTION = re.compile(r"^## (system|user)\s*$", re.MULTILINE)
# Characters that render like < or > and could make a passage look like it closes its element.
_LOOKALIKES = str.maketrans(
    {c: "\u2039" for c in "\uff1c\ufe64\u2329\u27e8\u3008\u276c\u2a7d"}
    | {c: "\u203a" for c in "\uff1e\ufe65\u232a\u27e9\u3009\u276d\u2a7e"}
)


class PromptError(VeiviserError, ValueError):
    """A prompt file is missing or malformed; the message names it."""

    exit_code = 2


@dataclass(frozen=True)
class PromptTemplate:
    lang: str
    system: str
    user: Template

    def messages(
        self, question: str, passages: Sequence[SearchHit], history: Sequence[object] = ()
    ) -> list[BaseMessage]:
        user = self.user.substitute(
            passages=passages_block(passages),
            history=history_block(history),
            question=escape_data(question),
        )
        return [SystemMessage(content=self.system), HumanMessage(content=user)]


@dataclass(frozen=True)
class PromptBook:
    by_lang: dict[str, PromptTemplate]

    def get(self, lang: str) -> PromptTemplate:
        return self.by_lang.get(lang) or self.by_lang[FALLBACK_LANG]


def escape_data(text: str) -> str:
    """Text made inert inside the prompt's XML-like elements."""
    # personal data never leaves the machine in a prompt (issue #7): mask it before escaping
    return html.escape(mask(text).translate(_LOOKALIKES), quote=True)


def passages_block(passages: Sequence[SearchHit]) -> str:
    parts = []
    for n, hit in enumerate(passages, 1):
        chunk = hit.chunk
        attrs = f'n="{n}" source="{escape_data(chunk.source)}"'
        if chunk.page is not None:
            attrs += f' page="{chunk.page}"'
        if chunk.section:
            attrs += f' section="{escape_data(chunk.section)}"'
        parts.append(f"<passage {attrs}>\n{escape_data(chunk.text)}\n</passage>")
    return "\n".join(parts)


def history_block(history: Sequence[object]) -> str:
    lines = []
    for item in list(history)[-HISTORY_TURNS:]:
        if isinstance(item, Answer):
            lines.append(f"Q: {escape_data(item.question)}")
            lines.append(f"A: {escape_data(item.text[:HISTORY_ANSWER_CHARS])}")
        else:
            lines.append(f"Q: {escape_data(str(item))}")
    return "\n".join(lines)


def parse_prompt(text: str, lang: str, path: str = "") -> PromptTemplate:
    parts = _SECTION.split(text)
    sections = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if set(sections) != {"system", "user"}:
        raise PromptError(f"{path or lang}: needs a '## system' and a '## user' section")
    user = Template(sections["user"])
    names = {m.group("named") or m.group("braced") for m in user.pattern.finditer(user.template)} - {None}
    if not {"passages", "question"} <= names:
        raise PromptError(f"{path or lang}: the user section must contain $passages and $question")
    return PromptTemplate(lang, sections["system"], user)


def load_prompts(prompts_dir: Path) -> PromptBook:
    return _load(str(prompts_dir))


@lru_cache(maxsize=4)
def _load(directory: str) -> PromptBook:
    book: dict[str, PromptTemplate] = {}
    for path in sorted(Path(directory).glob("answer.*.md")):
        lang = path.name.split(".")[1]
        book[lang] = parse_prompt(path.read_text(encoding="utf-8"), lang, str(path))
    if FALLBACK_LANG not in book:
        raise PromptError(f"{directory}: answer.{FALLBACK_LANG}.md is missing (the LLM answerer needs it)")
    return PromptBook(book)
