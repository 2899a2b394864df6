"""Disclosure control: the one place that decides which counts of an aggregate are withheld.

Every aggregate that leaves a school (a municipality's or the nation's view, an integration
client's, every export) goes through a ``Grid`` before it is written out:

* **Primary withholding.** A count from 1 to ``SMALL_MAX`` (4) is withheld. Zero is shown: it
  describes nobody. An amount of money (or another measure that is not a head count, such as
  hours) is withheld with the count of the people it belongs to.
* **Complementary withholding.** An output states which of its cells add up to which (a row total,
  a column total, the plans of a row split by status). For every such relation in which exactly one
  member is withheld, one more member is withheld - the smallest non-zero part, or the total when no
  part qualifies - until no relation has a single withheld member. A withheld cell then can never be
  computed as "total minus the other parts" of any relation of the same output.
* **One encoding.** A withheld cell is JSON ``null`` (a count or an amount is never null
  otherwise), and the row that holds it says ``"suppressed": true``; a CSV or XLSX export writes the
  word of the reader's language for "withheld" in its place. Every reader of a report can thus tell
  a withheld cell from a zero, and none is dropped from a total silently: totals are computed from
  the true counts and withheld only by these rules.

The rules are documented for maintainers in docs/disclosure.md.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

SMALL_MAX = 4

Key = Hashable


def is_small(n: int | None) -> bool:
    """A count that would single out one to four people."""
    return n is not None and 0 < n <= SMALL_MAX


@dataclass
class Grid:
    """The cells of one output, the sums that relate them, and which of them are withheld."""

    active: bool = True
    values: dict[Key, int] = field(default_factory=dict)
    primary: set[Key] = field(default_factory=set)
    relations: list[tuple[Key, list[Key]]] = field(default_factory=list)
    tied: list[tuple[Key, Key]] = field(default_factory=list)
    _withheld: set[Key] | None = None

    def count(self, key: Key, n: int) -> None:
        """A head count (people, plans, measures, sessions): withheld when from 1 to 4."""
        self.values[key] = n
        if is_small(n):
            self.primary.add(key)

    def amount(self, key: Key, value: int, *, with_count: Key) -> None:
        """A figure that is not a head count (cents, hours, quantities): withheld with the
        count ``with_count`` it describes, and only then (or as a complementary cell)."""
        self.values[key] = value
        self.tied.append((key, with_count))

    def relate(self, total: Key, parts: Iterable[Key]) -> None:
        """``total`` is the sum of ``parts`` - a reader could subtract, so it is guarded."""
        self.relations.append((total, list(parts)))

    def withheld(self) -> set[Key]:
        if self._withheld is None:
            self._withheld = self._protect() if self.active else set()
        return self._withheld

    def shown(self, key: Key) -> int | None:
        """The value to publish, or None when withheld."""
        return None if key in self.withheld() else self.values[key]

    def is_withheld(self, key: Key) -> bool:
        return key in self.withheld()

    def _protect(self) -> set[Key]:
        """Primary cells, their amounts, then complements until no relation has exactly one
        withheld member; each relation is looked at again only when one of its members changed."""
        hidden: set[Key] = set()
        where: dict[Key, list[int]] = {}
        for i, (total, parts) in enumerate(self.relations):
            for member in (total, *parts):
                where.setdefault(member, []).append(i)
        amounts: dict[Key, list[Key]] = {}
        for key, count in self.tied:
            amounts.setdefault(count, []).append(key)
        withheld_in = [0] * len(self.relations)
        queue: list[int] = []

        def hide(key: Key) -> None:
            pending = [key]
            while pending:
                cell = pending.pop()
                if cell in hidden:
                    continue
                hidden.add(cell)
                for i in where.get(cell, ()):
                    withheld_in[i] += 1
                    if withheld_in[i] == 1:
                        queue.append(i)
                pending.extend(amounts.get(cell, ()))

        for key in self.primary:
            hide(key)
        while queue:
            i = queue.pop()
            if withheld_in[i] != 1:
                continue
            total, parts = self.relations[i]
            pick = self._complement(total, parts, hidden)
            if pick is not None:
                hide(pick)
        return hidden

    def _complement(self, total: Key, parts: list[Key], hidden: set[Key]) -> Key | None:
        open_parts = [p for p in parts if p not in hidden and self.values.get(p, 0) > 0]
        if open_parts:
            return min(open_parts, key=lambda p: self.values[p])
        if total not in hidden and self.values.get(total, 0) > 0:
            return total
        return None
