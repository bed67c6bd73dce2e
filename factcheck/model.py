"""The data that flows between pipeline stages.

Every offset in these records is a Python ``str`` index into ``Source.text``, the
whole decoded file (header included), so ``source.text[start:end]`` is always the
exact text a record came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """One article as read from disk: metadata from its header, and its full text."""

    id: str  # file stem, e.g. "wire"
    path: str
    text: str  # the whole decoded file, header included
    body_start: int  # offset of the first character after the header ("---" line)
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or datetime, or None when unknown
    author: str | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph-like span of article text that survived cleaning."""

    start: int
    end: int


@dataclass(frozen=True)
class Dropped:
    """A span removed by cleaning, with the rule that removed it."""

    start: int
    end: int
    reason: str  # e.g. "boilerplate:more-for-you", "duplicate", "widget"


@dataclass(frozen=True)
class CleanText:
    """A source after cleaning: the kept blocks, in order, and what was dropped."""

    source: Source
    blocks: tuple[Block, ...]
    dropped: tuple[Dropped, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """A sentence with offsets into ``Source.text``."""

    source: str  # source id
    index: int  # 0-based position among the source's kept sentences
    start: int
    end: int
    text: str  # == source.text[start:end]
    block: int  # index of the kept block it came from (paragraph)
    heading: bool = False  # a short title-like line rather than a sentence


@dataclass(frozen=True)
class Quantity:
    """A number found in text, normalised to base units, with its raw text and span.

    ``value`` is in base units (USD not millions, MW not GW, ``%`` as a number).
    ``low``/``high`` bound ranges and hedged bounds; ``precision`` is half a unit of
    the last stated digit in base units ("$1.3 billion" -> 5e7).
    """

    value: float
    unit: str
    text: str
    span: tuple[int, int]
    hedge: str = "exact"  # exact | about | more_than | less_than | up_to | range
    low: float | None = None
    high: float | None = None
    change: str | None = None  # up | down | from-to
    previous: float | None = None
    precision: float = 0.0


@dataclass(frozen=True)
class Mention:
    """A reference to an entity inside a sentence."""

    entity: str  # canonical id: ticker, sector noun, or "" for an unresolved reference
    start: int
    end: int
    kind: str  # company | sector | reference | broker


@dataclass
class Claim:
    """One atomic fact stated by one source."""

    id: str
    source: str
    subject: str
    measure: str
    value: float | str
    unit: str
    quote: str
    span: tuple[int, int]
    value_text: str = ""
    value_span: tuple[int, int] | None = None
    previous: float | str | None = None
    low: float | None = None
    high: float | None = None
    hedge: str = "exact"
    precision: float = 0.0
    time: dict = field(default_factory=dict)
    scope: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The claim as it appears in the JSON report (stable key order)."""
        out = {
            "id": self.id,
            "source": self.source,
            "subject": self.subject,
            "measure": self.measure,
            "value": self.value,
            "unit": self.unit,
            "previous": self.previous,
            "low": self.low,
            "high": self.high,
            "hedge": self.hedge,
            "time": dict(sorted(self.time.items())),
            "scope": dict(sorted(self.scope.items())),
            "quote": self.quote,
            "span": list(self.span),
            "value_text": self.value_text,
            "value_span": list(self.value_span) if self.value_span else None,
        }
        if self.evidence:
            out["evidence"] = dict(sorted(self.evidence.items()))
        return out


@dataclass
class Finding:
    """A relation between claims of one cluster: a disagreement, an agreement, or a lone figure."""

    id: str
    kind: str  # conflict | scope | timing | agreement | single_source
    subject: str
    measure: str
    unit: str
    claims: list[str]
    explanation: str
    severity: float = 0.0
    values: list[dict] = field(default_factory=list)  # [{"value", "sources", "claims"}]
    evidence: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The finding as it appears in the JSON report (stable key order)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "subject": self.subject,
            "measure": self.measure,
            "unit": self.unit,
            "claims": list(self.claims),
            "values": self.values,
            "explanation": self.explanation,
            "severity": round(self.severity, 4),
            "evidence": dict(sorted(self.evidence.items())),
        }
