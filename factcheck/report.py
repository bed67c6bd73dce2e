"""Render a report document (what ``factcheck.pipeline.run_story`` returns) as markdown or JSON.

The document's shape is ``factcheck/schemas/report.schema.json``. Every piece of text
that comes from an article (outlets, quotes, subjects, labels) goes through
``md_escape`` or ``mermaid_label`` before it reaches the markdown, so nothing an
article says can open a link, a table cell, an HTML tag or a diagram statement.
Output depends only on the document's content, never on the order of its lists.
"""

from __future__ import annotations

import json
import re

from tabulate import tabulate

from . import display
from .lexicon import validation_errors

# Disagreement kinds, in the order their sections appear: (kind, section title, summary label).
DISAGREEMENTS = (
    ("conflict", "Conflicts", "conflict"),
    ("scope", "Scope differences", "scope"),
    ("timing", "Timing differences", "timing"),
    ("self_contradiction", "Self-contradictions", "self-contradiction"),
)
DISAGREEMENT_KINDS = tuple(kind for kind, _, _ in DISAGREEMENTS)

# Characters that would mean something to markdown or HTML inside a table cell or paragraph.
_MD_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "~": "\\~",
    }
)
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(map(chr, _MD_ESCAPES))) + "]")  # any character _MD_ESCAPES changes
# A paragraph opening that markdown would read as a block: a heading ("#" to "######"), a list
# item ("-", "+", "1.", "1)"), a thematic break or setext underline ("---", "==="). Escaping
# the first character is enough for each.
_BLOCK_START = re.compile(r"(?:#+|[-+=]+|(\d{1,9})[.)])(?=\s|$)")
_DIGIT_RUNS = re.compile(r"(\d+)")
_MERMAID_SAFE = frozenset(" .,%$+-/:'()’‘–—")


def natural_key(text: str) -> tuple:
    """Sort key that orders digit runs by number: ``c2`` before ``c10``.

    >>> sorted(["c10", "c2", "b1"], key=natural_key)
    ['b1', 'c2', 'c10']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGIT_RUNS.split(text))


def md_escape(text) -> str:
    """``text`` as inert markdown: one line, HTML specials as entities, markdown punctuation escaped.

    >>> md_escape("a | b\\n<script> *x* [y](z)")
    'a \\\\| b &lt;script&gt; \\\\*x\\\\* \\\\[y\\\\](z)'
    >>> md_escape("# not a heading"), md_escape("1. not a list")
    ('\\\\# not a heading', '1\\\\. not a list')
    >>> md_escape("## not a heading"), md_escape("---"), md_escape("=== x")
    ('\\\\## not a heading', '\\\\---', '\\\\=== x')
    """
    line = " ".join(str(text).split())
    if _NEEDS_ESCAPE.search(line):  # most text has nothing to escape, and translate looks at every character
        line = line.translate(_MD_ESCAPES)
    start = _BLOCK_START.match(line)
    if start and start.group(1):  # "1. x": escape the list marker's punctuation
        line = f"{start.group(1)}\\{line[len(start.group(1)):]}"
    elif start:
        line = "\\" + line
    return line


def mermaid_label(text, limit: int = 60) -> str:
    """``text`` reduced to characters that are safe inside a quoted mermaid label.

    >>> mermaid_label('A-->B; click "x" [y] | z#1')
    'A-- B click x y z 1'
    >>> mermaid_label("up 4.2%% at $14.74")
    'up 4.2% at $14.74'
    """
    kept = "".join(ch if ch.isalnum() or ch in _MERMAID_SAFE else " " for ch in str(text))
    kept = re.sub(r"%+", "%", " ".join(kept.split()))
    if len(kept) > limit:
        kept = kept[: limit - 3].rstrip() + "..."
    return kept


def format_claim(claim: dict) -> str:
    """A claim's value as an editor reads it (``factcheck.display.value_text``): unit, hedge, previous value."""
    return display.value_text(claim)


def check_document(doc: dict) -> list[str]:
    """Every problem with a report document: schema violations, then dangling or repeated ids."""
    problems = validation_errors(doc, "report")
    if problems:
        return problems
    source_ids = [s["id"] for s in doc["sources"]]
    claim_ids = [c["id"] for c in doc["claims"]]
    finding_ids = [f["id"] for f in doc["findings"]]
    for name, ids in (("sources", source_ids), ("claims", claim_ids), ("findings", finding_ids)):
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if ident in seen:
                problems.append(f"{name}[{i}].id: {ident!r} is used twice")
            seen.add(ident)
    known_sources, known_claims = set(source_ids), set(claim_ids)
    for i, source in enumerate(doc["sources"]):
        for ref in source["derived_from"]:
            if ref not in known_sources:
                problems.append(f"sources[{i}].derived_from: unknown source {ref!r}")
    for i, claim in enumerate(doc["claims"]):
        if claim["source"] not in known_sources:
            problems.append(f"claims[{i}].source: unknown source {claim['source']!r}")
    for i, finding in enumerate(doc["findings"]):
        for ref in finding["claims"]:
            if ref not in known_claims:
                problems.append(f"findings[{i}].claims: unknown claim {ref!r}")
        for j, item in enumerate(finding["values"]):
            for ref in item["claims"]:
                if ref not in known_claims:
                    problems.append(f"findings[{i}].values[{j}].claims: unknown claim {ref!r}")
            for ref in item["sources"]:
                if ref not in known_sources:
                    problems.append(f"findings[{i}].values[{j}].sources: unknown source {ref!r}")
    return problems


def count_kinds(doc: dict) -> dict[str, int]:
    """How many findings of each kind the document holds (every known kind, zeros included)."""
    counts = {kind: 0 for kind in (*DISAGREEMENT_KINDS, "agreement", "single_source")}
    for finding in doc.get("findings", ()):
        counts[finding["kind"]] = counts.get(finding["kind"], 0) + 1
    return counts


def summary_line(doc: dict) -> str:
    """``"N claims, M findings: a conflict, b scope, c timing"``, M counting disagreements only.

    >>> summary_line({"claims": [{}] * 3, "findings": [{"kind": "timing"}, {"kind": "agreement"}]})
    '3 claims, 1 findings: 0 conflict, 0 scope, 1 timing'
    """
    counts = count_kinds(doc)
    total = sum(counts[kind] for kind in DISAGREEMENT_KINDS)
    parts = [f"{counts[kind]} {label}" for kind, _, label in DISAGREEMENTS if kind != "self_contradiction"]
    if counts["self_contradiction"]:
        parts.append(f"{counts['self_contradiction']} self-contradiction")
    return f"{len(doc.get('claims', ()))} claims, {total} findings: {', '.join(parts)}"


def render_json(doc: dict) -> str:
    """The document as indented JSON text, keys in the order the pipeline gave them."""
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


class _View:
    """Lookups over one document, with every list in a fixed order.

    Sort keys, each finding's claims and sources, and each claim's table cells are worked
    out once per document, however many sections use them.
    """

    def __init__(self, doc: dict):
        self.doc = doc
        self._keys: dict[str, tuple] = {}
        self.sources = {s["id"]: s for s in sorted(doc.get("sources", ()), key=lambda s: self.key(s["id"]))}
        self.claims = {c["id"]: c for c in sorted(doc.get("claims", ()), key=lambda c: self.key(c["id"]))}
        self.measures = doc.get("measures") or {}
        self.findings = sorted(
            doc.get("findings", ()),
            key=lambda f: (-float(f.get("severity", 0.0)), self.key(f["id"])),  # most severe first, then by id
        )
        # Filled on first use, keyed by id(): findings are dicts (unhashable) that live as long as the view.
        self._kinds: dict[str, list[dict]] | None = None
        self._finding_claims: dict[int, list[dict]] = {}
        self._finding_sources: dict[int, list[str]] = {}
        self._claim_cells: dict[str, list[str]] = {}

    def key(self, text: str) -> tuple:
        """``natural_key(text)``, computed once per distinct text."""
        found = self._keys.get(text)
        if found is None:
            found = self._keys[text] = natural_key(text)
        return found

    def of_kind(self, kind: str) -> list[dict]:
        """The findings of ``kind``, most severe first (the findings are grouped by kind on first use)."""
        if self._kinds is None:
            self._kinds = {}
            for finding in self.findings:
                self._kinds.setdefault(finding["kind"], []).append(finding)
        return list(self._kinds.get(kind, ()))

    def by_figure(self, kind: str) -> list[dict]:
        """Findings of ``kind`` ordered by subject, measure label, then id: the order of the figure tables."""
        return sorted(self.of_kind(kind), key=lambda f: (f["subject"], self.measure_label(f["measure"]), self.key(f["id"])))

    def outlet(self, source_id: str) -> str:
        source = self.sources.get(source_id)
        return (source or {}).get("outlet") or source_id

    def measure_label(self, measure: str) -> str:
        return self.measures.get(measure) or measure.replace("_", " ")

    def _ordered_claims(self, finding: dict) -> list[dict]:
        """The finding's claims that exist, ordered by (source, claim id)."""
        found = [self.claims[c] for c in finding["claims"] if c in self.claims]
        return sorted(found, key=lambda c: (self.key(c["source"]), self.key(c["id"])))

    def _ordered_sources(self, finding: dict) -> list[str]:
        """Ids of the sources behind the finding's claims and values, in natural order."""
        ids = {c["source"] for c in self.finding_claims(finding)}
        for item in finding.get("values", ()):
            ids.update(item.get("sources", ()))
        return sorted(ids, key=self.key)

    def finding_claims(self, finding: dict) -> list[dict]:
        """``_ordered_claims(finding)``, worked out once per finding."""
        claims = self._finding_claims.get(id(finding))
        if claims is None:
            claims = self._finding_claims[id(finding)] = self._ordered_claims(finding)
        return claims

    def finding_sources(self, finding: dict) -> list[str]:
        """``_ordered_sources(finding)``, worked out once per finding."""
        sources = self._finding_sources.get(id(finding))
        if sources is None:
            sources = self._finding_sources[id(finding)] = self._ordered_sources(finding)
        return sources

    def claim_cells(self, claim: dict) -> list[str]:
        """A claim's escaped ``[outlet, value, quote]`` table cells, worked out once per claim."""
        cells = self._claim_cells.get(claim["id"])
        if cells is None:
            cells = [md_escape(self.outlet(claim["source"])), md_escape(format_claim(claim)), md_escape(claim.get("quote", ""))]
            self._claim_cells[claim["id"]] = cells
        return cells

    def value_label(self, finding: dict, item: dict) -> str:
        return item.get("label") or display.number(item["value"], finding.get("unit", ""))

    def finding_value(self, finding: dict) -> str:
        """The figure a finding is about: its value labels, else its first claim's value."""
        labels = []
        for item in finding.get("values", ()):
            label = self.value_label(finding, item)
            if label not in labels:
                labels.append(label)
        if labels:
            return " / ".join(labels)
        claims = self.finding_claims(finding)
        return format_claim(claims[0]) if claims else ""


def md_table(headers: list[str], rows: list[list[str]]) -> str:
    """A GitHub pipe table; cells are already escaped, so tabulate must not reinterpret them."""
    return tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)


def _sources_section(view: _View) -> list[str]:
    rows = []
    for source in view.sources.values():
        derived = [view.outlet(ref) for ref in sorted(source.get("derived_from", ()), key=view.key)]
        rows.append(
            [
                md_escape(source.get("outlet") or source["id"]),
                md_escape(source.get("file", "")),
                md_escape(source.get("published") or "unknown"),
                str(source.get("claims", 0)),
                md_escape("derived from " + ", ".join(derived) + _copy_share(source)) if derived else "",
            ]
        )
    if not rows:
        return ["## Sources", "", "No sources."]
    lines = ["## Sources", "", md_table(["outlet", "file", "published", "claims found", "notes"], rows)]
    for source in view.sources.values():
        pairs = (source.get("copy") or {}).get("pairs") or []
        if pairs and source.get("derived_from"):
            origin = view.outlet(source["derived_from"][0])
            lines += ["", f"{md_escape(source.get('outlet') or source['id'])} repeats {md_escape(origin)}, for example:", ""]
            lines += [f"- {_quote(p['quote'])} / {md_escape(origin)}: {_quote(p['origin_quote'])}" for p in pairs[:2]]
    return lines


def _copy_share(source: dict) -> str:
    copy = source.get("copy")
    if not copy:
        return ""
    return f" ({copy['matched']} of {copy['sentences']} sentences)"


def _quote(text: str) -> str:
    return "“" + md_escape(" ".join(text.split())) + "”"


def _summary_section(view: _View) -> list[str]:
    counts = count_kinds(view.doc)
    rows = [[title, str(counts[kind])] for kind, title, _ in DISAGREEMENTS if kind != "self_contradiction" or counts[kind]]
    rows.append(["Corroborated figures", str(counts["agreement"])])
    rows.append(["Single-source figures", str(counts["single_source"])])
    return ["## Summary", "", md_table(["finding", "count"], rows)]


def _finding_block(view: _View, finding: dict) -> list[str]:
    heading = f"### {md_escape(finding['subject'])} — {md_escape(view.measure_label(finding['measure']))}"
    rows = [view.claim_cells(c) for c in view.finding_claims(finding)]
    block = [heading, "", md_escape(finding["explanation"]), ""]
    block.append(md_table(["source", "value", "quote"], rows) if rows else "No claims.")
    return block


def _disagreement_sections(view: _View) -> list[str]:
    lines: list[str] = []
    for kind, title, _ in DISAGREEMENTS:
        findings = view.of_kind(kind)
        if not findings and kind == "self_contradiction":
            continue
        lines += ["", f"## {title}", ""]
        if not findings:
            lines.append(f"No {title.lower()} found.")
            continue
        for i, finding in enumerate(findings):
            if i:
                lines.append("")
            lines += _finding_block(view, finding)
    return lines


def _backing(view: _View, finding: dict) -> str:
    count = len(view.finding_sources(finding))
    text = f"{count} source{'' if count == 1 else 's'}"
    independent = finding.get("evidence", {}).get("independent")
    if isinstance(independent, int) and not isinstance(independent, bool):
        text += f" ({independent} independent)"
    return text


def _corroborated_section(view: _View) -> list[str]:
    findings = view.by_figure("agreement")
    lines = ["", "## Corroborated figures", ""]
    if not findings:
        return lines + ["No figure is backed by more than one source."]
    rows = [
        [
            md_escape(f["subject"]),
            md_escape(view.measure_label(f["measure"])),
            md_escape(view.finding_value(f)),
            _backing(view, f),
            md_escape(", ".join(view.outlet(s) for s in view.finding_sources(f))),
        ]
        for f in findings
    ]
    return lines + [md_table(["subject", "measure", "value", "backed by", "sources"], rows)]


def _single_source_section(view: _View) -> list[str]:
    findings = view.by_figure("single_source")
    lines = ["", "## Single-source figures", ""]
    if not findings:
        return lines + ["None."]
    rows = []
    for f in findings:
        claims = view.finding_claims(f)
        first = claims[0] if claims else {}
        rows.append(
            [
                md_escape(f["subject"]),
                md_escape(view.measure_label(f["measure"])),
                md_escape(format_claim(first) if first else view.finding_value(f)),
                md_escape(", ".join(view.outlet(s) for s in view.finding_sources(f))),
                md_escape(first.get("quote", "")),
            ]
        )
    return lines + [md_table(["subject", "measure", "value", "source", "quote"], rows)]


def _mermaid_section(view: _View) -> list[str]:
    """One node per disagreement, one per source involved, edges labelled with each source's value."""
    findings = [f for kind in DISAGREEMENT_KINDS for f in view.of_kind(kind)]
    if not findings:
        return []
    involved = sorted({s for f in findings for s in view.finding_sources(f)}, key=view.key)
    source_node = {source_id: f"S{i}" for i, source_id in enumerate(involved, 1)}
    lines = ["", "## Disagreement map", "", "```mermaid", "graph LR"]
    for i, finding in enumerate(findings, 1):
        label = f"{finding['kind'].replace('_', ' ')}: {finding['subject']} {view.measure_label(finding['measure'])}"
        lines.append(f'    F{i}["{mermaid_label(label)}"]')
    for source_id in involved:
        # An outlet made of markup alone reduces to nothing: name the node by its source id instead.
        label = mermaid_label(view.outlet(source_id)) or mermaid_label(source_id) or source_node[source_id]
        lines.append(f'    {source_node[source_id]}(["{label}"])')
    for i, finding in enumerate(findings, 1):
        edges: list[tuple[str, str]] = []
        for item in finding.get("values", ()):
            for source_id in item.get("sources", ()):
                edges.append((source_id, view.value_label(finding, item)))
        if not edges:  # no value table: label each edge with that source's claim
            edges = [(c["source"], format_claim(c)) for c in view.finding_claims(finding)]
        for source_id, label in sorted(set(edges), key=lambda e: (view.key(e[0]), e[1])):
            lines.append(f'    F{i} -->|"{mermaid_label(label, 40)}"| {source_node[source_id]}')
    lines.append("```")
    return lines


def render_markdown(doc: dict) -> str:
    """An editor's report: sources, summary, each disagreement with its quotes, corroborated and lone figures, a diagram."""
    view = _View(doc)
    lines = [f"# factcheck report: {md_escape(doc.get('story', ''))}", ""]
    lines.append(
        f"Generated by {md_escape(doc.get('generated_by', 'factcheck'))} from {len(view.sources)} sources "
        f"and {len(view.claims)} claims."
    )
    if len(view.sources) == 1:
        lines += ["", "Only one source: no figure can be compared with another source. "
                      "Conflicts below, if any, are the article contradicting itself."]
    lines += [""] + _sources_section(view)
    lines += [""] + _summary_section(view)
    lines += _disagreement_sections(view)
    lines += _corroborated_section(view)
    lines += _single_source_section(view)
    lines += _mermaid_section(view)
    return "\n".join(lines) + "\n"


RENDERERS = {"md": render_markdown, "json": render_json}


def render(doc: dict, fmt: str) -> str:
    """The document in format ``fmt`` (``md`` or ``json``)."""
    return RENDERERS[fmt](doc)
