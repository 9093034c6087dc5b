"""What the spike guard remembers of tokens stays bounded, whatever a flood sends."""

from services.core.ratelimit import KNOWN_TOKENS, REFUSED_TOKENS, UNKNOWN_TTL, RecentTokens


def test_refused_tokens_are_forgotten_after_their_ttl() -> None:
    now = [0.0]
    tokens = RecentTokens(clock=lambda: now[0])
    tokens.unknown("made-up")
    now[0] += UNKNOWN_TTL - 1
    assert tokens.refused_lately("made-up")
    now[0] += 1
    assert not tokens.refused_lately("made-up")


def test_a_flood_of_distinct_tokens_keeps_only_the_newest_refusals() -> None:
    tokens = RecentTokens(clock=lambda: 0.0)
    for n in range(3 * REFUSED_TOKENS):
        tokens.unknown(f"made-up-{n}")
    assert not tokens.refused_lately("made-up-0")
    assert tokens.refused_lately(f"made-up-{3 * REFUSED_TOKENS - 1}")
    assert sum(tokens.refused_lately(f"made-up-{n}") for n in range(3 * REFUSED_TOKENS)) == (
        REFUSED_TOKENS
    )


def test_a_token_that_worked_is_known_until_it_is_refused() -> None:
    tokens = RecentTokens()
    tokens.worked("real")
    assert tokens.knows("real")
    tokens.unknown("real")  # rotated away, or its project deleted
    assert not tokens.knows("real") and tokens.refused_lately("real")
    for n in range(KNOWN_TOKENS):
        tokens.worked(f"real-{n}")
    tokens.worked("one more")
    assert not tokens.knows("real-0") and tokens.knows("one more")
