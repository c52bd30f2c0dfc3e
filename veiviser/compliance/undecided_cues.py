"""Data: the words routines use to say a topic is not settled yet, per language (read by `undecided`).

Each language lists
- `copulas`: the verbs before a negation ("er", "är", "vert") – "X er ikke avklart";
- `negations`: "ikke", "ännu inte", "endnu ikke" ...;
- `settled`: participles of deciding, fixing, describing, as regular-expression stems
  ("avklar\\w*" covers avklart, avklara, avklarede);
- `passives`: passive verbs of deciding that say "not yet" after "skal/ska/må/vil" when a
  `later` word follows ("ska beslutas senare"), or when they open the sentence without a
  subject ("Skal fastlægges, når det nye system er indført.");
- `later`: "senere", "senare", "på et senere tidspunkt", "når ..." ...;
- `phrases`: expressions that say it on their own ("uavklart", "ej beslutat",
  "under utredning" after a colon, "afventer" opening a cell, "det skal utredes om ...").

Stems are matched case-insensitively at word starts. Placeholders in English ("TBD")
are listed under `en`.
"""

from __future__ import annotations

CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "no": {  # bokmål and nynorsk
        "copulas": ("er", "ble", "blir", "blitt", "vert", "vart", "vorte", "var", "har"),
        "negations": (
            "ikke",
            "ikkje",
            "ennå ikke",
            "enda ikke",
            "enno ikkje",
            "framleis ikkje",
            "fortsatt ikke",
            "foreløpig ikke",
            "førebels ikkje",
        ),
        "settled": (
            "avklar\\w*",
            "bestemt",
            "bestemd",
            "beslutt\\w*",
            "vedtatt",
            "vedteke",
            "fastsatt",
            "fastsett",
            "fastlagt",
            "utarbeid\\w*",
            "laget",
            "laga",
            "utform\\w*",
            "beskrevet",
            "skildra",
            "klart",
            "ferdig\\w*",
            "på plass",
            "avgjort",
        ),
        "passives": (
            "avklares",
            "avklarast",
            "bestemmes",
            "bestemmast",
            "besluttes",
            "utarbeides",
            "utarbeidast",
            "fastsettes",
            "fastsetjast",
            "beskrives",
            "skildrast",
        ),
        "later": (
            "senere",
            "seinare",
            "seinere",
            "etter hvert",
            "etter kvart",
            "på et senere tidspunkt",
            "på eit seinare tidspunkt",
            "i løpet av",
        ),
        "phrases": (
            # "det skal utredes om kommunen ...", "skal det vurderes å innføre ...": a study or an idea, not a
            # procedure ("det skal vurderes om personen har behov" is one, so "vurderes om" is left out)
            "(?:skal|må) (?:det )?(?:utredes|utgreiast|utgreiest) (?:om|hvorvidt|kva|hva)",
            "(?:skal|må) (?:det )?(?:vurderes|vurderast) å",
            "uavklart",
            "uavklara",
            "uavgjort",
            "under (?:arbeid|utarbeid(?:else|ing)|utvikling|revisjon)(?!\\w)",
            "(?:arbeidet|arbeid) (?:pågår|er i gang|held fram)",
            "(?:kommer|kjem) (?:senere|seinare|seinere)",
            "(?:ikke|ikkje) (?:tatt|teke) stilling",
            "vil bli (?:\\w+ ){0,2}(?:utarbeid\\w*|beskrevet|skildra|"
            "avklar\\w*|bestemt|fastsatt|fastsett|laget|laga|utform\\w*|vurdert) (?:senere|seinare|seinere|"
            "etter hvert|etter kvart|i løpet av)",
        ),
    },
    "sv": {
        "copulas": ("är", "blir", "blev", "var", "har"),
        "negations": ("inte", "ej", "ännu inte", "än inte", "inte än", "ännu ej", "fortfarande inte"),
        "settled": (
            "beslut\\w*",
            "fastställ\\w*",
            "klarlag\\w*",
            "bestämd\\w*",
            "bestämt",
            "avgjor\\w*",
            "utred\\w*",
            "utarbeta\\w*",
            "färdig\\w*",
            "klar",
            "klart",
            "på plats",
            "beskriv\\w*",
            "faststäld\\w*",
        ),
        "passives": ("beslutas", "fastställas", "klarläggas", "bestämmas", "utredas", "utarbetas", "beskrivas"),
        "later": ("senare", "längre fram", "efter hand", "vid ett senare tillfälle"),
        "phrases": (
            "(?:ska|skall) (?:det )?(?:utredas|övervägas) (?:om|huruvida|hur)",
            "ej beslutat",
            "inte beslutat",
            "oklart",
            "oavgjort",
            "ej fastställ\\w*",
            "(?:^|[:–|]\\s*)under (?:utredning|arbete|utveckling|framtagande)",
            "(?:^|[:–|]\\s*)(?:vi )?avvaktar",
            "vi avvaktar",
            "(?:arbetet|frågan) (?:pågår|utreds)",
            "återkommer (?:vi )?senare",
        ),
    },
    "da": {
        "copulas": ("er", "bliver", "blev", "var", "har"),
        "negations": ("ikke", "endnu ikke", "stadig ikke", "fortsat ikke", "foreløbig ikke", "ikke endnu"),
        "settled": (
            "afklar\\w*",
            "beslutt\\w*",
            "fastlag\\w*",
            "vedtag\\w*",
            "bestemt",
            "udarbejd\\w*",
            "beskrev\\w*",
            "aftalt",
            "færdig\\w*",
            "på plads",
            "klar",
            "afgjort",
        ),
        "passives": ("fastlægges", "afklares", "besluttes", "beskrives", "udarbejdes", "aftales", "bestemmes"),
        "later": ("senere", "efterhånden", "på et senere tidspunkt", "i løbet af"),
        "phrases": (
            "skal (?:det )?overvejes(?: om| hvorvidt| at)?",
            "uafklaret",
            "uafklarede",
            "(?:^|[:–|]\\s*)(?:vi )?afventer",
            "vi afventer",
            "(?:^|[:–|]\\s*)under (?:udarbejdelse|udvikling|revision|afklaring)",
            "udestår",
            "(?:kommer|følger) senere",
            "(?:arbejdet|spørgsmålet) pågår",
        ),
    },
    "en": {
        "copulas": (),
        "negations": (),
        "settled": (),
        "passives": (),
        "later": (),
        "phrases": ("tbd", "tba", "to be decided", "to be determined", "not yet decided", "pending"),
    },
}
