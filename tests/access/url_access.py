"""Who may use each URL, declared per app (tests/access/urls_<app>.py) and merged here.

Each app keeps its own declarations, so adding a page means adding one line next to its
siblings, and tests/access/test_every_url.py fails for any URL nobody declared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from safetymap.access.policy import Capability


@dataclass(frozen=True)
class UrlAccess:
    public: frozenset[str] = frozenset()
    # under /sign-in/ but only after the password: the second step and its set-up
    sign_in_steps: frozenset[str] = frozenset()
    # under /sign-in/ and open to everyone, but only a step on another way of signing in (the
    # council's identity provider): with nothing to go on, they send the visitor to sign in
    other_ways_to_sign_in: frozenset[str] = frozenset()
    any_signed_in: frozenset[str] = frozenset()
    needs_capability: dict[str, Capability] = field(default_factory=dict)
    post_only: frozenset[str] = frozenset()
    # name -> a function making a real object and returning the URL kwargs for it
    real_object: dict[str, Callable[[], dict]] = field(default_factory=dict)
    # a made-up object for URLs taking kwargs
    made_up: dict[str, dict] = field(default_factory=dict)
    # records found only through a relationship to the child: "not found" without one
    needs_a_relationship: frozenset[str] = frozenset()
    # URLs of a third-party app mounted whole under one prefix (Wagtail's admin and page serving),
    # name -> prefix: who may use them is decided for the whole prefix (a middleware gate or the
    # public prefixes) and tested by the app that mounts them, not URL by URL here.
    mounted: dict[str, str] = field(default_factory=dict)


def merged(*parts: UrlAccess) -> UrlAccess:
    return UrlAccess(
        public=frozenset().union(*(p.public for p in parts)),
        sign_in_steps=frozenset().union(*(p.sign_in_steps for p in parts)),
        other_ways_to_sign_in=frozenset().union(*(p.other_ways_to_sign_in for p in parts)),
        any_signed_in=frozenset().union(*(p.any_signed_in for p in parts)),
        needs_capability={k: v for p in parts for k, v in p.needs_capability.items()},
        post_only=frozenset().union(*(p.post_only for p in parts)),
        real_object={k: v for p in parts for k, v in p.real_object.items()},
        made_up={k: v for p in parts for k, v in p.made_up.items()},
        needs_a_relationship=frozenset().union(*(p.needs_a_relationship for p in parts)),
        mounted={k: v for p in parts for k, v in p.mounted.items()},
    )
