"""Every failure factcheck reports to a user, one class each.

Messages name the file (and, for JSON, the path inside it), say what is wrong and,
where there is one, what to do next. The CLI prints ``str(error)`` on one line.
"""


class FactcheckError(Exception):
    """Base class: anything the user can fix; the CLI turns it into a one-line error."""


class SourceError(FactcheckError):
    """An article file cannot be read or parsed (missing, empty, binary, bad header)."""


class StoryError(FactcheckError):
    """A story path holds no articles, or two articles share an id."""


class LexiconError(FactcheckError):
    """A lexicon data file is missing, is not valid JSON, or breaks its schema."""


class AnnotationError(FactcheckError):
    """An ``expected.json`` annotation is not valid JSON or breaks its schema."""


class OutputError(FactcheckError):
    """A report or claim file cannot be written where it was asked to go."""


class ClaimSetError(FactcheckError):
    """A ``claims.json`` claim set is not valid JSON, breaks its schema, or would be overwritten without --force."""
