"""The genogram and the ecomap, drawn on the server as SVG from what is recorded: the child's
relationships and households (``safetymap/people``) and the safety network.

No JavaScript, nothing to drag. Each drawing is an image to assistive technology
(``role="img"`` with a title and a description) and comes with a table of the same people, so a
screen reader user (or anyone printing) gets everything the picture shows.

The layouts are pure functions, unit tested without a database:

- ``genogram_layout``: one row per generation (grandparents, parents and their brothers and
  sisters, then the child with their brothers and sisters), each row centred.
- ``ecomap_layout``: the child in the centre, everyone else evenly round a circle.

Only numbers and escaped text are written into the SVG, so the result may be marked safe.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from safetymap.people.codes import RelationshipType, Sex

# --- Pure layout ----------------------------------------------------------------------------

GENERATION_OF: dict[str, int] = {
    RelationshipType.GRANDPARENT: 0,
    RelationshipType.MOTHER: 1,
    RelationshipType.FATHER: 1,
    RelationshipType.STEP_PARENT: 1,
    RelationshipType.PARTNER: 1,
    RelationshipType.AUNT_UNCLE: 1,
    RelationshipType.SIBLING: 2,
    RelationshipType.HALF_SIBLING: 2,
}
SUBJECT_GENERATION = 2
GENERATION_NAMES = {0: "Grandparents", 1: "Parents, aunts and uncles", 2: "Children"}

COLUMN = 150
ROW = 130
MARGIN = 20
NODE = 36


@dataclass(frozen=True)
class Node:
    key: str
    name: str
    relationship: str  # in words, as the table shows it
    generation: int = SUBJECT_GENERATION
    shape: str = "diamond"  # square (male), circle (female), diamond (not known)
    subject: bool = False
    lives_with_child: bool = False
    kind: str = "family"  # family | network | agency (ecomap)
    strength: str = "ordinary"  # ordinary | strong | tentative | weak (ecomap lines)
    note: str = ""


def genogram_layout(nodes: Sequence[Node]) -> dict[str, tuple[int, int]]:
    """Centre of each node: generations in rows, top to bottom; each row centred on the widest.
    Within a row, nodes keep the order given (the caller sorts)."""
    rows: dict[int, list[Node]] = {}
    for node in nodes:
        rows.setdefault(node.generation, []).append(node)
    widest = max((len(r) for r in rows.values()), default=1)
    width = widest * COLUMN
    positions: dict[str, tuple[int, int]] = {}
    for row_index, generation in enumerate(sorted(rows)):
        row = rows[generation]
        left = MARGIN + (width - len(row) * COLUMN) // 2
        y = MARGIN + NODE + row_index * ROW
        for column, node in enumerate(row):
            positions[node.key] = (left + column * COLUMN + COLUMN // 2, y)
    return positions


def ecomap_layout(count: int, *, radius: int = 220) -> tuple[tuple[int, int], list]:
    """The centre (for the child) and ``count`` points evenly round a circle, clockwise from
    the top."""
    centre = (MARGIN + radius + COLUMN // 2, MARGIN + radius + NODE)
    points = []
    for index in range(count):
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        points.append(
            (
                round(centre[0] + radius * math.cos(angle)),
                round(centre[1] + radius * math.sin(angle)),
            )
        )
    return centre, points


# --- Drawing --------------------------------------------------------------------------------

_TEXT = "#0b0c0c"
_LINE = "#505a5f"
_STRENGTH = {  # stroke width, dash: told apart by thickness and pattern, not colour alone
    "strong": ("5", ""),
    "ordinary": ("2", ""),
    "tentative": ("2", "8 5"),
    "weak": ("1.5", "2 4"),
}


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _shape(node: Node, x: int, y: int) -> str:
    half = NODE // 2
    fill = "#dbe9f4" if node.lives_with_child else "#ffffff"
    width = "4" if node.subject else "2"
    if node.shape == "square":
        body = (
            f'<rect x="{x - half}" y="{y - half}" width="{NODE}" height="{NODE}" '
            f'fill="{fill}" stroke="{_TEXT}" stroke-width="{width}"/>'
        )
    elif node.shape == "circle":
        body = (
            f'<circle cx="{x}" cy="{y}" r="{half}" fill="{fill}" stroke="{_TEXT}" '
            f'stroke-width="{width}"/>'
        )
    else:
        body = (
            f'<polygon points="{x},{y - half} {x + half},{y} {x},{y + half} {x - half},{y}" '
            f'fill="{fill}" stroke="{_TEXT}" stroke-width="{width}"/>'
        )
    first, _, rest = node.name.partition(" ")
    lines = (
        [(first, 13), (rest, 13), (node.relationship, 11)]
        if rest
        else [
            (first, 13),
            (node.relationship, 11),
        ]
    )
    # A white halo under each line keeps the words readable where a line crosses them.
    label = "".join(
        f'<text x="{x}" y="{y + half + 15 + 15 * index}" text-anchor="middle" '
        f'font-size="{size}" fill="{_TEXT}" stroke="#ffffff" stroke-width="4" '
        f'paint-order="stroke">{_esc(text[:30])}</text>'
        for index, (text, size) in enumerate(lines)
        if text
    )
    return body + label


def _svg(width: int, height: int, ident: str, title: str, desc: str, body: list[str]) -> str:
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="sm-diagram" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'aria-labelledby="{ident}-title {ident}-desc">',
            f'<title id="{ident}-title">{_esc(title)}</title>',
            f'<desc id="{ident}-desc">{_esc(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


@dataclass(frozen=True)
class Diagram:
    title: str
    svg: str
    nodes: list[Node] = field(default_factory=list)
    key: list[str] = field(default_factory=list)


def genogram_svg(child_name: str, nodes: Sequence[Node]) -> Diagram:
    family = [n for n in nodes if n.generation in GENERATION_NAMES]
    positions = genogram_layout(family)
    subject = next((n for n in family if n.subject), None)
    body: list[str] = []
    if subject is not None:
        sx, sy = positions[subject.key]
        for node in family:
            if node.subject:
                continue
            x, y = positions[node.key]
            dash = "" if node.generation < SUBJECT_GENERATION else ' stroke-dasharray="6 4"'
            body.append(
                f'<line x1="{x}" y1="{y}" x2="{sx}" y2="{sy}" stroke="{_LINE}" '
                f'stroke-width="1.5"{dash}/>'
            )
    body += [_shape(n, *positions[n.key]) for n in family]
    columns = max(
        (sum(1 for n in family if n.generation == g) for g in GENERATION_NAMES), default=1
    )
    rows = len({n.generation for n in family}) or 1
    title = f"Genogram of {child_name}'s family"
    # The description counts; the table with the drawing names everyone (read once, not twice).
    desc = "; ".join(
        f"{GENERATION_NAMES[g]}: {_people(sum(1 for n in family if n.generation == g))}"
        for g in sorted({n.generation for n in family})
    )
    desc += ". Everyone is listed in the table with the drawing."
    return Diagram(
        title=title,
        svg=_svg(
            columns * COLUMN + 2 * MARGIN,
            rows * ROW + 2 * MARGIN + NODE,
            "genogram",
            title,
            desc,
            body,
        ),
        nodes=family,
        key=[
            "Squares are male, circles female, diamonds not known.",
            f"A thick outline is {child_name}. Shaded shapes live with {child_name}.",
            "Solid lines join parents and grandparents; dashed lines brothers and sisters.",
        ],
    )


def ecomap_svg(child: Node, around: Sequence[Node]) -> Diagram:
    centre, points = ecomap_layout(len(around))
    body: list[str] = []
    for node, (x, y) in zip(around, points, strict=True):
        width, dash = _STRENGTH.get(node.strength, _STRENGTH["ordinary"])
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<line x1="{centre[0]}" y1="{centre[1]}" x2="{x}" y2="{y}" stroke="{_LINE}" '
            f'stroke-width="{width}"{dash_attr}/>'
        )
    body.append(_shape(child, *centre))
    body += [_shape(node, x, y) for node, (x, y) in zip(around, points, strict=True)]
    size = 2 * (MARGIN + 220) + COLUMN + 2 * NODE
    title = f"Ecomap of {child.name}'s world"
    kinds = ("family", "safety network", "agency")
    counts = [(k, sum(1 for n in around if n.kind == k)) for k in kinds]
    desc = (
        f"{child.name} in the centre; around them: "
        + ", ".join(
            f"{_people(c)} in the {k}"
            if k != "agency"
            else (f"{c} agency" if c == 1 else f"{c} agencies")
            for k, c in counts
        )
        + ". Everyone is listed in the table with the drawing."
    )
    return Diagram(
        title=title,
        svg=_svg(size, size, "ecomap", title, desc, body),
        nodes=list(around),
        key=[
            f"{child.name} is in the centre.",
            "A thick line is an active member of the safety network; a dashed line someone "
            "prospective; a dotted line someone who stepped back or was not approved; an "
            "ordinary line family and agencies.",
        ],
    )


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def shape_for(sex: str) -> str:
    return {Sex.MALE: "square", Sex.FEMALE: "circle"}.get(sex, "diamond")


# --- From the record ------------------------------------------------------------------------

_NETWORK_STRENGTH = {
    "ACTIVE": "strong",
    "PROSPECTIVE": "tentative",
    "STEPPED_BACK": "weak",
    "NOT_APPROVED": "weak",
}


def _relative_node(relationship) -> Node:
    relative = relationship.relative
    return Node(
        key=f"{'p' if relationship.person_id else 'c'}{relative.pk}",
        name=relative.full_name,
        relationship=relationship.get_relationship_type_display(),
        generation=GENERATION_OF.get(relationship.relationship_type, -1),
        shape=shape_for(relative.sex),
        lives_with_child=relationship.lives_in_household,
        note="Has parental responsibility" if relationship.has_parental_responsibility else "",
    )


def _child_node(child) -> Node:
    return Node(
        key=f"c{child.pk}",
        name=child.full_name,
        relationship="The child",
        shape=shape_for(child.sex),
        subject=True,
    )


def genogram(family) -> Diagram:
    """The genogram of a family read by ``selectors.family_of``."""
    order = {t: i for i, t in enumerate(GENERATION_OF)}
    relatives = sorted(
        (_relative_node(r) for r in family.relationships),
        key=lambda n: (n.generation, order.get(n.relationship, 99), n.name),
    )
    nodes = [_child_node(family.child), *relatives]
    nodes.sort(key=lambda n: (n.generation, not n.subject))
    return genogram_svg(family.child.full_name, nodes)


def ecomap(family) -> Diagram:
    """The ecomap: family who live with the child or have parental responsibility, the safety
    network (line by their status), and the agencies involved."""
    around: list[Node] = []
    in_network = {m.person_id: m for m in family.members}
    for relationship in family.relationships:
        if relationship.person_id in in_network:
            continue
        node = _relative_node(relationship)
        around.append(node)
    for member in family.members:
        around.append(
            Node(
                key=f"m{member.pk}",
                name=member.person.full_name,
                relationship=member.relationship_to_family,
                shape=shape_for(member.person.sex),
                kind="safety network",
                strength=_NETWORK_STRENGTH.get(member.status, "ordinary"),
                note=member.get_status_display(),
            )
        )
    for key, name, what in family.agencies:
        around.append(Node(key=key, name=name, relationship=what, shape="square", kind="agency"))
    return ecomap_svg(_child_node(family.child), around)
