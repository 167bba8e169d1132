"""Recall, precision and latency of the children's search, on a labelled query set
(bench/generate.py). Importable: the recall test and bench/search.py both use it.

Definitions (per kind of query, and pooled over the structured kinds):

- **recall@k**: the share of queries with a record of the true child among the first k results.
  A record of the child is the child's own or a duplicate record of the same child (recorded
  twice, not yet merged): either answers "is this child already known?".
- **precision@1**: the share of queries whose first result is a record of the true child (no
  result counts as wrong).
- **precision**: over the queries that return anything, the mean share of the results returned
  (at most 10; ``find_children`` returns only those scoring at least the match threshold) that
  are records of the true child. It says how many wrong suggestions a practitioner reads.
- **ceiling**: the recall@10 any search could reach on these queries: when n other children match
  the typed details exactly (Mohammed Khan, name only), the true child cannot be placed above
  them, so at best 10/(n+1) of such queries can succeed. Structured kinds only.
- **p50, p95**: server time of the selector call (no HTTP), in milliseconds.

Structured queries go through ``people.selectors.find_children`` with ``PersonDetails``; free-text
ones through ``people.selectors.search_children(user, text, limit=10)`` when the code has it
(otherwise those kinds are reported as not available).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

from bench.generate import EXTRA_STRUCTURED_KINDS, FREE_TEXT_KINDS, STRUCTURED_KINDS, Plan, Query
from safetymap.people.matching import fold

LIMIT = 10
OVERALL = "overall (structured kinds)"
FREE_TEXT_OVERALL = "overall (free-text kinds)"


@dataclass(frozen=True)
class Outcome:
    query: Query
    results: tuple[str, ...]  # council references, best first
    seconds: float
    ceiling: float | None = None

    def hit_within(self, k: int) -> bool:
        return any(ref in self.query.correct for ref in self.results[:k])


@dataclass(frozen=True)
class Figures:
    kind: str
    queries: int
    recall_at_5: float | None
    recall_at_10: float | None
    precision_at_1: float | None
    precision: float | None
    mean_results: float | None
    ceiling: float | None
    p50_ms: float | None
    p95_ms: float | None
    available: bool = True


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _pk_of(result: object) -> int:
    child = getattr(result, "child", result)  # FoundChild, or a Child
    return child.pk


def ceilings(plan: Plan) -> Callable[[Query], float | None]:
    """For a structured query, the best recall@10 any ranking could give it (see above)."""
    exact: Counter[tuple] = Counter()
    for child in plan.children:
        if child.duplicate_of is not None:
            continue
        first, last, born = fold(child.first_name), fold(child.last_name), child.date_of_birth
        exact[(first, last, born)] += 1
        exact[("", last, born)] += 1
        exact[(first, last, None)] += 1

    def ceiling(query: Query) -> float | None:
        if query.free_text:
            return None
        typed = (fold(query.first_name), fold(query.last_name), query.date_of_birth)
        true = plan.child(int(query.child.removeprefix(plan.prefix)))
        own = (fold(true.first_name), fold(true.last_name), true.date_of_birth)
        own_key = (own[0] if typed[0] else "", own[1], own[2] if typed[2] else None)
        others = exact[typed] - (1 if own_key == typed else 0)
        if own_key == typed:  # tied with the others: a fair ranking places it by chance
            return min(1.0, LIMIT / (others + 1))
        return 1.0 if others < LIMIT else 0.0

    return ceiling


def run_queries(
    user,
    queries: Iterable[Query],
    child_ids: dict[str, int],
    *,
    ceiling: Callable[[Query], float | None] | None = None,
) -> tuple[list[Outcome], set[str]]:
    """Each query through the product's selectors, timed; and the kinds that could not run."""
    from safetymap.people import selectors
    from safetymap.people.matching import PersonDetails

    search_children = getattr(selectors, "search_children", None)
    reference_of = {pk: ref for ref, pk in child_ids.items()}
    queries = list(queries)
    unavailable: set[str] = set()

    def search(query: Query) -> list:
        if query.free_text:
            return search_children(user, query.text, limit=LIMIT)
        details = PersonDetails(
            query.first_name, query.last_name, query.date_of_birth, query.nhs_number
        )
        return selectors.find_children(user, details, limit=LIMIT)

    # One unmeasured search first: the first query of a run pays for connections and caches.
    structured = [q for q in queries if not q.free_text]
    if structured:
        search(structured[0])
    outcomes = []
    for query in queries:
        if query.free_text and search_children is None:
            unavailable.add(query.kind)
            continue
        started = time.perf_counter()
        results = search(query)
        seconds = time.perf_counter() - started
        refs = tuple(reference_of.get(_pk_of(r), f"pk {_pk_of(r)}") for r in results)
        outcomes.append(Outcome(query, refs, seconds, ceiling(query) if ceiling else None))
    return outcomes, unavailable


def _figures(kind: str, outcomes: Sequence[Outcome]) -> Figures:
    if not outcomes:
        return Figures(kind, 0, None, None, None, None, None, None, None, None, available=False)
    n = len(outcomes)
    answered = [o for o in outcomes if o.results]
    shares = [sum(r in o.query.correct for r in o.results) / len(o.results) for o in answered]
    ceilings = [o.ceiling for o in outcomes if o.ceiling is not None]
    millis = [o.seconds * 1000 for o in outcomes]
    return Figures(
        kind=kind,
        queries=n,
        recall_at_5=sum(o.hit_within(5) for o in outcomes) / n,
        recall_at_10=sum(o.hit_within(10) for o in outcomes) / n,
        precision_at_1=sum(bool(o.results) and o.results[0] in o.query.correct for o in outcomes)
        / n,
        precision=sum(shares) / len(shares) if shares else None,
        mean_results=sum(len(o.results) for o in outcomes) / n,
        ceiling=sum(ceilings) / len(ceilings) if ceilings else None,
        p50_ms=percentile(millis, 0.5),
        p95_ms=percentile(millis, 0.95),
    )


def summarise(outcomes: Sequence[Outcome], unavailable: Iterable[str] = ()) -> list[Figures]:
    """Figures per kind, in the generator's order, then pooled over the structured kinds (the
    Done-when bar) and over the free-text kinds."""
    unavailable = set(unavailable)
    by_kind: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_kind.setdefault(outcome.query.kind, []).append(outcome)
    table = []
    for kind in (*STRUCTURED_KINDS, *EXTRA_STRUCTURED_KINDS, *FREE_TEXT_KINDS):
        if kind in by_kind or kind in unavailable:
            table.append(_figures(kind, by_kind.get(kind, [])))
    table.append(_figures(OVERALL, [o for o in outcomes if o.query.kind in STRUCTURED_KINDS]))
    free = [o for o in outcomes if o.query.kind in FREE_TEXT_KINDS]
    if free or unavailable:
        table.append(_figures(FREE_TEXT_OVERALL, free))
    return table


def overall(table: Sequence[Figures]) -> Figures:
    return next(f for f in table if f.kind == OVERALL)


def _cell(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def format_table(table: Sequence[Figures]) -> str:
    width = max(len(f.kind) for f in table)
    header = (
        f"{'kind':<{width}} {'n':>4} {'R@5':>6} {'R@10':>6} {'ceil.':>6} {'P@1':>6} {'prec.':>6} "
        f"{'results':>7} {'p50 ms':>8} {'p95 ms':>8}"
    )
    lines = [header, "-" * len(header)]
    for f in table:
        if not f.available:
            lines.append(f"{f.kind:<{width}} not available (no search_children yet)")
            continue
        if f.kind in (OVERALL, FREE_TEXT_OVERALL):
            lines.append("-" * len(header))
        lines.append(
            f"{f.kind:<{width}} {f.queries:>4} {_cell(f.recall_at_5):>6} "
            f"{_cell(f.recall_at_10):>6} {_cell(f.ceiling):>6} {_cell(f.precision_at_1):>6} "
            f"{_cell(f.precision):>6} {_cell(f.mean_results, 1):>7} {_cell(f.p50_ms, 1):>8} "
            f"{_cell(f.p95_ms, 1):>8}"
        )
    return "\n".join(lines)


def as_json(table: Sequence[Figures]) -> list[dict[str, object]]:
    return [asdict(f) for f in table]


def misses(outcomes: Sequence[Outcome], k: int = LIMIT) -> list[Outcome]:
    """The queries whose true child was not in the first k, for looking at."""
    return [o for o in outcomes if not o.hit_within(k)]


UNDER_THRESHOLD = "the true child scores under the match threshold"
NOT_RETURNED = "the true child scores above it, but was not in the first 10"


def miss_causes(outcomes: Sequence[Outcome], child_ids: dict[str, int]) -> Counter[tuple[str, str]]:
    """Why structured queries missed, per kind: the true child scored (directly, with the
    product's own ``likely_matches``) under the threshold — a matter for the scoring — or above
    it and still not returned — a matter for the candidates fetched or the ranking."""
    from safetymap.people.matching import MATCH_THRESHOLD, PersonDetails, likely_matches
    from safetymap.people.models import Child, details_of

    missed = [o for o in outcomes if not o.query.free_text and not o.hit_within(LIMIT)]
    pks = {child_ids[ref] for o in missed for ref in o.query.correct}
    records = {c.pk: c for c in Child.objects.filter(pk__in=pks)}
    causes: Counter[tuple[str, str]] = Counter()
    for o in missed:
        q = o.query
        typed = PersonDetails(q.first_name, q.last_name, q.date_of_birth, q.nhs_number)
        candidates = [details_of(records[child_ids[ref]]) for ref in q.correct]
        best = likely_matches(typed, candidates, limit=1, threshold=0.0)
        above = bool(best) and best[0].score >= MATCH_THRESHOLD
        causes[(q.kind, NOT_RETURNED if above else UNDER_THRESHOLD)] += 1
    return causes


def format_causes(causes: Counter[tuple[str, str]]) -> str:
    if not causes:
        return "No structured query missed."
    lines = ["Why structured queries missed (of the first 10):"]
    for (kind, cause), count in sorted(causes.items()):
        lines.append(f"  {count:>4}  {kind}: {cause}")
    return "\n".join(lines)
