"""The case's actor map as a Graphviz DOT graph: the person in the middle, everyone around them.

Following the LKT framework, some roles must be on every actor map (coordinator and
leader of the actor community, GP, contact physician/psychologist and internal
coordinator in specialist care). Present ones are drawn solid and ticked, missing
ones dashed and marked, so a gap is seen before it is read. Actors are grouped by
service. Only role and service labels appear: the graph never holds names.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from veiviser.cases import Actor
from veiviser.kb.schema import ActorMap, ActorRole, Pathway

RELATIVE_ROLE_IDS = ("relative", "relatives", "parorende", "pårørende", "narstaende", "parorende-narmeste")

_PRESENT_STYLE = 'style="filled,bold" fillcolor="#d9f2e3" color="#1e7b45"'
_MISSING_STYLE = 'style="dashed" color="#b3261e" fontcolor="#b3261e"'
_ACTOR_STYLE = 'style="filled" fillcolor="#eef2f8" color="#5b6b82"'
_PERSON_STYLE = 'shape=doublecircle style="filled" fillcolor="#fff4d6" color="#8a6d1d"'


@dataclass(frozen=True)
class ActorMapLabels:
    """Words the graph shows, in the UI language."""

    person: str = "Personen"
    relatives: str = "Pårørende"
    present: str = "på plass"
    missing: str = "mangler"
    mandatory: str = "obligatorisk rolle"
    other: str = "Andre"


def _wrap(text: str, width: int = 26) -> str:
    """Break long labels into lines so nodes stay compact."""
    return "\n".join(textwrap.fill(line, width) for line in text.split("\n"))


def _q(text: str) -> str:
    """A DOT double-quoted string (label lines wrapped)."""
    text = _wrap(text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def role_ids_present(actors: Iterable[Actor], actor_map: ActorMap | None) -> set[str]:
    """Ids of the mandatory roles that an actor holds (by role id or by the role's card id)."""
    if actor_map is None:
        return set()
    held = {a.role.strip() for a in actors if a.role}
    return {r.id for r in actor_map.required_roles if r.id in held or (r.role_card and r.role_card in held)}


def role_label(role: str, actor_map: ActorMap | None, lang: str, role_names: dict[str, str] | None = None) -> str:
    """A readable label for a stored role id (kb roles in the UI language, free text as typed)."""
    if actor_map is not None:
        for r in (*actor_map.always_included, *actor_map.required_roles):
            if role in (r.id, r.role_card):
                return r.label_en if lang == "en" else r.label
    if role_names and role in role_names:
        return role_names[role]
    return role


def role_choices(
    pathway: Pathway,
    actor_map: ActorMap | None,
    role_names: Mapping[str, str],
    lang: str,
    *,
    relative: str,
    other: str,
) -> dict[str, str]:
    """The roles a new actor can be given, role id -> label in the order offered.

    The actor map's mandatory roles and its other included roles (not the person
    themself), or relatives (`relative`) when no actor map applies; then the
    jurisdiction's role cards the map does not already stand for (`role_names`:
    card id -> name); last "" (`other`) for a role typed in as free text.
    """
    choices: dict[str, str] = {}
    if actor_map is not None:
        for r in (*actor_map.required_roles, *actor_map.always_included[1:]):
            choices[r.id] = r.label_en if lang == "en" and r.label_en else r.label
    else:
        choices["parorende"] = relative
    on_map = (
        {r.role_card for r in (*actor_map.required_roles, *actor_map.always_included)}
        if actor_map is not None
        else set()
    )
    for role_id, name in role_names.items():
        if role_id.split("-", 1)[0] == pathway.jurisdiction and role_id not in on_map:
            choices.setdefault(role_id, name)
    choices[""] = other
    return choices


def to_dot(
    actors: Sequence[Actor],
    actor_map: ActorMap | None,
    *,
    lang: str = "nb",
    labels: ActorMapLabels = ActorMapLabels(),
    role_names: dict[str, str] | None = None,
) -> str:
    """DOT source for st.graphviz_chart (or `dot -Tsvg`)."""
    lines = [
        "graph actors {",
        '  graph [layout=neato overlap=false splines=true sep="+12" fontname="DejaVu Sans" outputorder=edgesfirst];',
        '  node [shape=box style="rounded,filled" fontname="DejaVu Sans" fontsize=13 margin="0.18,0.1"];',
        '  edge [color="#8c96a3"];',
        f"  person [label={_q(labels.person)} {_PERSON_STYLE}];",
    ]
    present = role_ids_present(actors, actor_map)
    mandatory_ids: dict[str, ActorRole] = {}
    if actor_map is not None:
        for r in actor_map.required_roles:
            mandatory_ids[r.id] = r
            if r.role_card:
                mandatory_ids[r.role_card] = r

    for n, actor in enumerate(actors):
        role = actor.role.strip()
        is_relative = role.casefold() in RELATIVE_ROLE_IDS
        title = actor.label.strip()
        shown_role = role_label(role, actor_map, lang, role_names) if role else ""
        text = title if not shown_role or shown_role == title else f"{title}\n{shown_role}"
        if actor.service and actor.service.strip() not in text:
            text += f"\n({actor.service.strip()})"
        if role in mandatory_ids:
            style = _PRESENT_STYLE
            text = f"✓ {text}"
        elif is_relative:
            style = 'style="filled" fillcolor="#fff4d6" color="#8a6d1d"'
        else:
            style = _ACTOR_STYLE
        lines.append(f"  a{n} [label={_q(text)} {style}];")
        lines.append(f"  person -- a{n}{' [penwidth=2]' if role in mandatory_ids else ''};")

    if actor_map is not None:
        for n, required in enumerate(actor_map.required_roles):
            if required.id in present:
                continue
            name = required.label_en if lang == "en" else required.label
            lines.append(f"  m{n} [label={_q(f'✗ {name}' + chr(10) + f'({labels.missing})')} {_MISSING_STYLE}];")
            lines.append(f'  person -- m{n} [style=dashed color="#b3261e"];')
    lines.append("}")
    return "\n".join(lines)
