"""The phylogeny of a model: its ancestors above, its derivatives below, as a layered tree.

`build_lineage` turns the rows of `ui/ancestor-links`, `ui/descendant-links` and
`lineage/base-models` into a tree rooted at the model: every relative hangs under one
tree link towards the model (a shortest one; among several, the relative's most
downloaded neighbour), other links of a merge are kept as extra edges. `select` picks
what to draw so that a family of any size stays readable: per node the most downloaded
derivatives of each relation kind (the rest collapse into one "+N more" node per kind),
down to a depth (deeper subtrees collapse into one "N below" node), and never more than
`max_nodes` nodes in all. `layout` places the tree (depth = y, a tidy order within each
level); ptmkg.ui.phylogeny_chart draws it. No Streamlit here: the module is plain Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ptmkg.ui.components import RELATIONS

DEFAULT_MAX_NODES = 200


@dataclass
class Member:
    id: str
    depth: int  # > 0 derivatives, < 0 ancestors, 0 the model
    downloads: int | None = None
    family: str | None = None
    loaded: bool | None = None
    link: str | None = None  # the tree neighbour towards the model
    relation: str = "unknown"  # kind of that link
    away: list[str] = field(default_factory=list)  # tree neighbours away from the model
    size: int = 0  # relatives in the subtree away from the model
    extra: list[tuple[str, str]] = field(default_factory=list)  # other links within the lineage (other id, relation)
    outside: list[tuple[str, str]] = field(default_factory=list)  # bases outside the lineage (derivatives only)

    @property
    def rank(self) -> tuple:
        return (-(self.downloads if self.downloads is not None else -1), -self.size, self.id.lower())


@dataclass
class Lineage:
    centre: Member
    members: dict[str, Member]

    @property
    def descendants(self) -> int:
        return sum(1 for m in self.members.values() if m.depth > 0)

    @property
    def ancestors(self) -> int:
        return sum(1 for m in self.members.values() if m.depth < 0)


def _relation(value: Any) -> str:
    return value if value in RELATIONS else "unknown"


def _downloads(m: Member) -> int:
    return m.downloads if m.downloads is not None else -1


def build_lineage(
    model: Mapping[str, Any],
    ancestor_rows: Iterable[Mapping[str, Any]],
    descendant_rows: Iterable[Mapping[str, Any]],
    base_rows: Iterable[Mapping[str, Any]],
    model_family: str | None = None,
) -> Lineage:
    centre = Member(model["id"], 0, model.get("downloads"), model_family, model.get("loaded"))
    members: dict[str, Member] = {centre.id: centre}
    out_links: dict[str, list[tuple[str, str]]] = defaultdict(list)  # id -> [(base id, relation)]

    for r in base_rows:
        if r["id"] != centre.id:
            out_links[centre.id].append((r["id"], _relation(r.get("relation"))))
    for r in ancestor_rows:
        if r["id"] not in members:
            members[r["id"]] = Member(r["id"], -int(r["depth"]), r.get("downloads"), r.get("family"), r.get("loaded"))
        if r.get("base") is not None:
            out_links[r["id"]].append((r["base"], _relation(r.get("relation"))))
    down: dict[str, Member] = {}
    for r in descendant_rows:
        if r["id"] == centre.id or (r["id"] in members and members[r["id"]].depth < 0):
            continue  # a cycle through the model: it is an ancestor already
        if r["id"] not in down:
            down[r["id"]] = Member(r["id"], int(r["depth"]), r.get("downloads"), r.get("family"), r.get("loaded"))
        out_links[r["id"]].append((r["base"], _relation(r.get("relation"))))
    members.update(down)

    # Ancestors: a's tree link is the node one level nearer the model that names it as base.
    ups = sorted((m for m in members.values() if m.depth < 0), key=lambda m: -m.depth)
    candidates: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for x in [centre] + ups:
        for base, rel in out_links.get(x.id, ()):
            b = members.get(base)
            if b is not None and b.depth == x.depth - 1:
                candidates[base].append((x.id, rel))
            elif b is not None and b.depth < 0 and b.id != x.id:
                x.extra.append((base, rel))
    for a in ups:
        opts = candidates.get(a.id)
        if not opts:
            continue
        best = min(opts, key=lambda o: (-_downloads(members[o[0]]), o[0].lower()))
        a.link, a.relation = best
        members[best[0]].away.append(a.id)
        for o in opts:
            if o != best:
                members[o[0]].extra.append((a.id, o[1]))

    # Derivatives: d's tree link is one of its bases one level nearer the model.
    for d in sorted(down.values(), key=lambda m: m.depth):
        opts = []
        for base, rel in out_links.get(d.id, ()):
            b = members.get(base)
            if b is None or b.depth < 0:
                d.outside.append((base, rel))
            elif b.depth == d.depth - 1:
                opts.append((base, rel))
            else:
                d.extra.append((base, rel))
        if not opts:  # cannot happen with shortest depths; keep the node reachable anyway
            opts = [(centre.id, "unknown")]
        best = min(opts, key=lambda o: (-_downloads(members[o[0]]), o[0].lower()))
        d.link, d.relation = best
        members[best[0]].away.append(d.id)
        d.extra.extend(o for o in opts if o != best)

    # Subtree sizes, farthest first.
    for m in sorted(members.values(), key=lambda m: -abs(m.depth)):
        m.size = sum(1 + members[c].size for c in m.away)
    return Lineage(centre, members)


@dataclass
class ViewOptions:
    depth_down: int = 2
    depth_up: int = 3
    per_group: int = 5  # derivatives shown per relation kind under a node
    relations: frozenset[str] = frozenset(RELATIONS)
    max_nodes: int = DEFAULT_MAX_NODES
    expanded: Mapping[str, int] = field(default_factory=dict)  # group key -> how many to show


@dataclass
class Placed:
    key: str  # unique within the view
    kind: str  # centre, model, more (a collapsed group), below (a collapsed subtree)
    depth: int
    member: Member | None = None
    relation: str = "unknown"  # link towards the model
    count: int = 0  # for more/below: models hidden
    hidden: int = 0  # for more/below: relatives hidden in all (with their subtrees)
    target: str = ""  # model id to open, or group key to expand
    children: list[str] = field(default_factory=list)
    parent: str | None = None
    x: float = 0.0
    y: float = 0.0


@dataclass
class View:
    nodes: dict[str, Placed]
    shown_down: int = 0
    shown_up: int = 0
    filtered: int = 0  # direct links hidden by the relation filter
    truncated: bool = False  # max_nodes reached


def group_key(parent_id: str, relation: str) -> str:
    return f"{parent_id}|{relation}"


def select(lineage: Lineage, opts: ViewOptions) -> View:
    """What to draw: breadth first from the model, so nearer levels get the budget first."""
    members = lineage.members
    centre = lineage.centre
    view = View({})
    root = Placed(centre.id, "centre", 0, centre, target=centre.id)
    view.nodes[root.key] = root
    budget = opts.max_nodes - 1
    frontier = [root]
    while frontier:
        nxt: list[Placed] = []
        for p in frontier:
            m = p.member
            assert m is not None
            away = [members[c] for c in m.away]
            if not away:
                continue
            ups = [a for a in away if a.depth < 0]
            downs = [d for d in away if d.depth > 0]
            for group, limit_depth in ((ups, opts.depth_up), (downs, opts.depth_down)):
                if not group:
                    continue
                if abs(group[0].depth) > limit_depth or budget <= 0:
                    hidden = sum(1 + g.size for g in group)
                    b = Placed(f"below:{m.id}:{'up' if group[0].depth < 0 else 'down'}", "below", group[0].depth,
                               count=len(group), hidden=hidden, target=m.id, parent=p.key,
                               relation=_majority(g.relation for g in group))
                    view.nodes[b.key] = b
                    p.children.append(b.key)
                    view.truncated |= budget <= 0 and abs(group[0].depth) <= limit_depth
                    budget -= 1
                    continue
                by_kind: dict[str, list[Member]] = defaultdict(list)
                for g in group:
                    if g.relation in opts.relations:
                        by_kind[g.relation].append(g)
                    else:
                        view.filtered += 1
                for kind in RELATIONS:
                    kids = sorted(by_kind.get(kind, ()), key=lambda g: g.rank)
                    if not kids:
                        continue
                    gk = group_key(m.id, kind) + (":up" if kids[0].depth < 0 else "")
                    n_show = max(0, min(len(kids), opts.expanded.get(gk, opts.per_group), budget))
                    for g in kids[:n_show]:
                        c = Placed(g.id, "model", g.depth, g, relation=kind, target=g.id, parent=p.key)
                        if c.key in view.nodes:  # cannot happen in a tree; be safe
                            continue
                        view.nodes[c.key] = c
                        p.children.append(c.key)
                        nxt.append(c)
                        budget -= 1
                        if g.depth > 0:
                            view.shown_down += 1
                        else:
                            view.shown_up += 1
                    rest = kids[n_show:]
                    if rest:
                        more = Placed(f"more:{gk}", "more", rest[0].depth, relation=kind, count=len(rest),
                                      hidden=sum(1 + r.size for r in rest), target=gk, parent=p.key)
                        view.nodes[more.key] = more
                        p.children.append(more.key)
                        view.truncated |= budget <= 0
                        budget -= 1
        frontier = nxt
    return view


def _majority(relations: Iterable[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for r in relations:
        counts[r] += 1
    return max(sorted(counts), key=lambda r: counts[r]) if counts else "unknown"


def layout(view: View, x_gap: float = 1.0) -> None:
    """Tidy layered layout: y = -depth (bases above, derivatives below); leaves take
    consecutive slots, a parent sits above the middle of its children. Ancestors and
    derivatives are laid out separately and both centred on the model."""
    nodes = view.nodes
    root = next(n for n in nodes.values() if n.kind == "centre")

    def place(direction: int) -> dict[str, float]:
        xs: dict[str, float] = {}
        slot = 0.0
        # iterative post-order over the children on one side
        stack: list[tuple[Placed, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            kids = [nodes[k] for k in node.children if (nodes[k].depth > 0) == (direction > 0)]
            if done:
                xs[node.key] = (xs[kids[0].key] + xs[kids[-1].key]) / 2 if kids else slot
                if not kids:
                    slot += x_gap
                continue
            stack.append((node, True))
            for k in reversed(kids):
                stack.append((k, False))
        shift = xs[root.key]
        return {k: v - shift for k, v in xs.items()}

    below = place(+1)
    above = place(-1)
    for key, n in nodes.items():
        n.x = below.get(key, above.get(key, 0.0)) if key != root.key else 0.0
        n.y = -float(n.depth)
