"""When a widget key's anonymous users are at the key's per-minute ceiling (MLLENS_RATE_WIDGET_ANONYMOUS_PER_MINUTE),
the anonymous IDs already served in that minute keep being served and only new IDs are refused (own issue 7 of the
tenth closing note): a visitor mid-conversation is not cut off because newcomers arrived. Who was served is recorded in
the database, so two instances over one database agree: an ID served by one instance is still served by the other
past the ceiling. Through two real uvicorn servers on free loopback ports with httpx as the client."""

from __future__ import annotations

import time

from app.knowledge import KnowledgeBase
from app.settings import Settings

from .test_widget_visitor_budget_http import PORTAL, _ask, _instances, _settings

CEILING = 4


def test_ids_served_before_the_ceiling_keep_being_served_on_either_instance(
    tiny_settings: Settings, tiny_kb: KnowledgeBase
) -> None:
    settings = _settings(tiny_settings, rate_widget_anonymous_per_minute=CEILING, rate_widget_visitor_per_minute=100)
    with _instances(settings, tiny_kb, count=2) as [(services, first), (_, second)]:
        _, raw_key = services.widget_keys.create("portal", [PORTAL])
        # four visitors (own addresses, own IDs), each served once by the first instance: the ceiling is reached
        assert [_ask(first, raw_key, n, f"198.51.100.{n}").status_code for n in range(CEILING)] == [200] * CEILING
        time.sleep(0.3)  # the pooled counts reach the database (every 0.2 s)
        # a newcomer is refused on both instances, typed, with Retry-After
        for http in (first, second):
            refused = _ask(http, raw_key, 77, "198.51.100.77")
            assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"
            assert "anonymous users of this widget key" in refused.json()["error"]["message"]
            assert 1 <= int(refused.headers["retry-after"]) <= 60
        # the visitors already served carry on, on the instance that served them and on the other one
        for n in range(CEILING):
            assert _ask(first, raw_key, n, f"198.51.100.{n}").status_code == 200
            assert _ask(second, raw_key, n, f"198.51.100.{n}").status_code == 200
        # and another newcomer is still refused: serving the known IDs let nobody new in
        assert _ask(second, raw_key, 78, "198.51.100.78").status_code == 429


def test_a_served_id_still_has_its_visitors_budget(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> None:
    """Being served past the ceiling is no way round the visitor's own budget (its client address)."""
    settings = _settings(tiny_settings, rate_widget_anonymous_per_minute=2, rate_widget_visitor_per_minute=4)
    with _instances(settings, tiny_kb) as [(services, http)]:
        _, raw_key = services.widget_keys.create("portal", [PORTAL])
        assert _ask(http, raw_key, 1, "198.51.100.1").status_code == 200
        assert _ask(http, raw_key, 2, "198.51.100.2").status_code == 200
        assert _ask(http, raw_key, 3, "198.51.100.3").status_code == 429  # the ceiling: a newcomer
        statuses = [_ask(http, raw_key, 1, "198.51.100.1").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]  # the address's budget of 4 a minute
