"""Which language a kb text is shown in, so a screen can say when it is not the reader's.

The kb is written in its jurisdiction's language; some fields have an English
variant (`title_en`, `text_en`, ...), none yet a Swedish or Danish one. A screen asks
for a field in the UI language and gets the variant when the kb has one, else the
text as written together with the language it is written in, so it can mark the
fallback ("(in Norwegian)") instead of passing Norwegian off as English. Bokmål and
nynorsk count as one language for this: a nb reader reads nynorsk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from veiviser.kb.schema import JURISDICTION_LANGS

if TYPE_CHECKING:
    from veiviser.kb.loader import KnowledgeBase

#: Languages a reader of the first reads without a note (the UI languages and nynorsk).
_SAME = {"nb": "nb", "nn": "nb", "sv": "sv", "da": "da", "en": "en"}


@dataclass(frozen=True)
class KbText:
    text: str
    lang: str  # the language `text` is written in (nb, nn, sv, da, en)

    def foreign_to(self, ui_lang: str) -> str | None:
        """The language to name in a fallback note ("nb" for nynorsk too), or None when the reader's own."""
        written = _SAME.get(self.lang, self.lang)
        return None if written == _SAME.get(ui_lang, ui_lang) else written


def written_in(jurisdiction: str) -> str:
    """The language a jurisdiction's kb texts are written in (its first: bokmål for Norway)."""
    return JURISDICTION_LANGS[jurisdiction][0]


def kb_text(obj: Any, field: str, ui_lang: str, lang: str) -> KbText:
    """`obj.field` in the UI language when the kb has that variant (`field_en`, ...), else as written in `lang`.

    `lang` is the language of the file `obj` comes from (a pathway's `lang`, or
    `written_in(jurisdiction)`). An empty variant counts as missing.
    """
    if _SAME.get(ui_lang) != _SAME.get(lang):
        variant = getattr(obj, f"{field}_{ui_lang}", None)
        if isinstance(variant, str) and variant.strip():
            return KbText(variant, ui_lang)
    return KbText(getattr(obj, field), lang)


def legal_lang(ref_id: str) -> str:
    """The language of a legal reference's texts, from its id (the schema makes ids start with the jurisdiction)."""
    jurisdiction = ref_id.split("-", 1)[0]
    return written_in(jurisdiction) if jurisdiction in JURISDICTION_LANGS else "nb"


def role_lang(kb: KnowledgeBase, role_id: str) -> str:
    """The language of a role card's texts (duties, tasks, pitfalls): that of the roles file holding it."""
    for roles_file in kb.role_files:
        if any(role.id == role_id for role in roles_file.roles):
            return roles_file.lang
    return "nb"
