"""The user's search syntax, parsed safely and rendered as FTS5 expressions.

Plain words by default (every word must appear). Also: ``"quoted phrases"``, ``OR``, ``AND``,
``a NOT b``, ``prefix*`` and parentheses. Operators are upper case; punctuation inside words is a
word boundary (``12/2023`` is the phrase ``12 2023``). Nothing the user types reaches FTS5
unquoted, so the only errors are the ones raised here, as :class:`SearchSyntaxError`.
An unclosed quote runs to the end of the query.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipelines.vntext import ascii_key, canonicalise_inline, fold_tone, has_diacritics

__all__ = ["TIERS", "Query", "SearchSyntaxError", "parse_query"]

# Ranking tiers of a search (Query.tiers): accented phrase, accented words, folded phrase, words.
TIERS = ("accented phrase", "accented words", "phrase", "words")

_WORD = re.compile(r"[^\W_]+")
_OPERATORS = {"OR", "AND", "NOT"}


class SearchSyntaxError(ValueError):
    """A malformed search query; the message says what to change."""


@dataclass(frozen=True)
class Term:
    """A word or phrase (its words in order); ``prefix``: the last word is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Op:
    """``AND``/``OR`` of several operands, or ``NOT`` of two (left without right)."""

    kind: str
    operands: tuple[Node, ...]


Node = Term | Op


def _tokens(query: str) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs: ``phrase``, ``word``, ``op``, ``(``, ``)``."""
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
        elif char in "()":
            yield char, char
            i += 1
        elif char == '"':
            end = query.find('"', i + 1)
            end = n if end < 0 else end
            text = query[i + 1:end]
            i = end + 1
            if i < n and query[i] == "*":
                text += "*"
                i += 1
            yield "phrase", text
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            text = query[i:j]
            i = j
            yield ("op", text) if text in _OPERATORS else ("word", text)


def _term(text: str) -> Term | None:
    prefix = text.rstrip().endswith("*")
    words = tuple(_WORD.findall(fold_tone(canonicalise_inline(text)).lower()))
    if not words:
        if prefix:
            raise SearchSyntaxError("'*' must follow a word, e.g. dinh* (prefix search)")
        return None
    return Term(words, prefix)


class _Parser:
    """Recursive descent: or := and (OR and)*; and := not (AND? not)*; not := atom (NOT atom)*."""

    def __init__(self, query: str) -> None:
        self.items: list[tuple[str, str]] = []
        for kind, text in _tokens(query):
            if kind in ("word", "phrase"):
                term = _term(text)
                if term is not None:
                    self.items.append(("term", term))  # type: ignore[arg-type]
            else:
                self.items.append((kind, text))
        self.pos = 0

    def peek(self) -> tuple[str, object] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def take(self) -> tuple[str, object]:
        item = self.items[self.pos]
        self.pos += 1
        return item

    def parse(self) -> Node | None:
        if not self.items:
            return None
        node = self.parse_or()
        if self.peek() is not None:
            raise SearchSyntaxError("unbalanced ')': remove it or add the matching '('")
        return node

    def parse_or(self) -> Node:
        operands = [self.parse_and()]
        while (item := self.peek()) is not None and item == ("op", "OR"):
            self.take()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else Op("OR", tuple(operands))

    def parse_and(self) -> Node:
        operands = [self.parse_not()]
        while (item := self.peek()) is not None and item[0] != ")" and item != ("op", "OR"):
            if item == ("op", "AND"):
                self.take()
            operands.append(self.parse_not())
        return operands[0] if len(operands) == 1 else Op("AND", tuple(operands))

    def parse_not(self) -> Node:
        node = self.parse_atom()
        while (item := self.peek()) is not None and item == ("op", "NOT"):
            self.take()
            node = Op("NOT", (node, self.parse_atom()))
        return node

    def parse_atom(self) -> Node:
        item = self.peek()
        if item is None:
            raise SearchSyntaxError("the query ends with an operator: add a word after it")
        kind, value = self.take()
        if kind == "term":
            return value  # type: ignore[return-value]
        if kind == "(":
            if self.peek() is not None and self.peek()[0] == ")":  # type: ignore[index]
                raise SearchSyntaxError("empty parentheses: put words inside or remove them")
            node = self.parse_or()
            if self.peek() is None or self.take()[0] != ")":
                raise SearchSyntaxError("unbalanced '(': add the matching ')'")
            return node
        if kind == ")":
            raise SearchSyntaxError("unbalanced ')': remove it or add the matching '('")
        if value == "NOT":
            raise SearchSyntaxError("NOT needs a word before it: write `a NOT b` (articles with a, not b)")
        raise SearchSyntaxError(f"{value} needs a word on each side: write `a {value} b`")


@dataclass(frozen=True)
class Query:
    """A parsed search query."""

    text: str
    root: Node

    @property
    def accented(self) -> bool:
        """Whether the user typed diacritics (then exact accented matches rank first)."""
        return has_diacritics(self.text)

    def fts(self, *, folded: bool) -> str:
        """FTS5 expression on the tone-folded columns, or on the diacritic-free ones."""
        if folded:
            return "{title_ascii lead_ascii body_ascii} : " + _render(self.root, ascii_key)
        return "{title lead body} : " + _render(self.root, str)

    def phrase(self) -> Term | None:
        """The words as one phrase, when the query is several words that must all appear
        (``dinh hoa``, ``"hội nghị" tỉnh``): their adjacent occurrence ranks first."""
        node = self.root
        if isinstance(node, Op) and node.kind == "AND" and all(
                isinstance(o, Term) and (not o.prefix or i == len(node.operands) - 1)
                for i, o in enumerate(node.operands)):
            terms = [o for o in node.operands if isinstance(o, Term)]
            return Term(tuple(w for t in terms for w in t.words), terms[-1].prefix)
        return None

    def tiers(self) -> list[tuple[int, str]]:
        """The FTS5 expressions of the ranking tiers, best first, as ``(slot, expression)``.

        Slots (``TIERS``): 0 the accented words as a phrase, 1 the accented words anywhere,
        2 the words without diacritics as a phrase, 3 anywhere. A query typed without
        diacritics has only slots 2 and 3; one that is not several plain words has no phrase
        slot. Each tier ranks by BM25 the documents that no earlier tier holds.
        """
        return [(slot, query.fts(folded=folded)) for slot, query, folded in self.tier_queries()]

    def tier_queries(self) -> list[tuple[int, Query, bool]]:
        """The tiers as ``(slot, query, folded)``: ``query.fts(folded=folded)`` is the tier's
        expression (:meth:`tiers`)."""
        phrase = self.phrase()
        out: list[tuple[int, Query, bool]] = []
        for folded, base in ((False, 0), (True, 2)):
            if not folded and not self.accented:
                continue
            if phrase is not None:
                out.append((base, Query(self.text, phrase), folded))
            out.append((base + 1, self, folded))
        return out

    def terms(self) -> list[Term]:
        """Every term of the query, those after NOT included (what FTS5's bm25() weighs)."""
        return list(_terms(self.root))

    @staticmethod
    def columns(*, folded: bool) -> tuple[str, str, str]:
        """The indexed columns a tier searches: title, lead, body (or their folded shadows)."""
        return ("title_ascii", "lead_ascii", "body_ascii") if folded else ("title", "lead", "body")

    @staticmethod
    def term_fts(term: Term, *, folded: bool, column: str | None = None) -> str:
        """FTS5 expression of one term (in one column when given)."""
        rendered = _render(term, ascii_key if folded else str)
        return f"{{{column}}} : {rendered}" if column else rendered

    @staticmethod
    def term_tokens(term: Term, *, folded: bool) -> list[str]:
        """The index's tokens of a term's words (lower case; without diacritics when folded)."""
        return [t for w in term.words for t in _WORD.findall((ascii_key if folded else str)(w))]

    def positive_terms(self) -> list[Term]:
        """Terms that make a document match (not those after NOT), for highlighting."""
        return list(_positive(self.root))


def _render(node: Node, word: Callable[[str], str]) -> str:
    if isinstance(node, Term):
        phrase = '"' + " ".join(word(w).replace('"', "") for w in node.words) + '"'
        return phrase + " *" if node.prefix else phrase
    return "(" + f" {node.kind} ".join(_render(o, word) for o in node.operands) + ")"


def _terms(node: Node) -> Iterator[Term]:
    if isinstance(node, Term):
        yield node
    else:
        for operand in node.operands:
            yield from _terms(operand)


def _positive(node: Node) -> Iterator[Term]:
    if isinstance(node, Term):
        yield node
    elif node.kind == "NOT":
        yield from _positive(node.operands[0])
    else:
        for operand in node.operands:
            yield from _positive(operand)


def parse_query(text: str) -> Query | None:
    """Parse the user's query; ``None`` when it has no words. Raises :class:`SearchSyntaxError`."""
    root = _Parser(text).parse()
    return None if root is None else Query(text, root)
