"""One anonymous visitor of a widget must not use up the ceiling the key's other anonymous users share (own issue 8 of
the ninth closing note). A visitor is counted by its client address, the one the trusted proxy forwards
(X-Forwarded-For, believed only from MLLENS_FORWARDED_ALLOW_IPS): past MLLENS_RATE_WIDGET_VISITOR_PER_MINUTE it gets a
typed 429 with Retry-After however often it rotates its anonymous ID, and the refused requests do not count against
the key's ceiling (MLLENS_RATE_WIDGET_ANONYMOUS_PER_MINUTE), which stays as the outer bound over all visitors. The
counts live in the database, so two instances over one database agree. All through real uvicorn servers on free
loopback ports with httpx as the client."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx
import pytest
from support.live_server import live_server

from app.knowledge import KnowledgeBase
from app.main import create_app
from app.services import Services, build_rate_limiter, build_services
from app.settings import Settings

from .conftest import IN_SCOPE

PORTAL = "https://portal.example"
BUDGET = 3  # per visitor (client address) and minute
CEILING = 6  # all anonymous users of the key together


def _settings(tiny_settings: Settings, **update: object) -> Settings:
    return tiny_settings.model_copy(
        update={
            "rate_requests_per_minute": 100,
            "rate_widget_visitor_per_minute": BUDGET,
            "rate_widget_anonymous_per_minute": CEILING,
            **update,
        }
    )


@contextmanager
def _instances(settings: Settings, kb: KnowledgeBase, count: int = 1) -> Iterator[list[tuple[Services, httpx.Client]]]:
    """`count` instances over one database, each with its own rate limiter (as separate processes would have)."""
    base, started = 1_800_000_000.0 + 1, time.monotonic()  # a fixed window starting now: none rolls over mid-test
    with ExitStack() as stack:
        served = []
        for _ in range(count):
            services = build_services(settings, kb=kb)
            stack.callback(services.close)
            services.limits = build_rate_limiter(
                settings, services.db, clock=lambda: base + (time.monotonic() - started)
            )
            host, port = stack.enter_context(live_server(create_app(settings, services), settings, host="127.0.0.1"))
            http = stack.enter_context(httpx.Client(base_url=f"http://{host}:{port}", timeout=30))
            served.append((services, http))
        yield served


def _anonymous(raw_key: str, n: int, address: str | None) -> dict[str, str]:
    headers = {"X-Widget-Key": raw_key, "Origin": PORTAL, "X-Widget-Anonymous": f"rotated-id-{n:012d}"}
    if address is not None:
        headers["X-Forwarded-For"] = address  # what nginx sets ($proxy_add_x_forwarded_for)
    return headers


def _ask(http: httpx.Client, raw_key: str, n: int, address: str | None) -> httpx.Response:
    return http.post("/v1/ask", json={"question": IN_SCOPE}, headers=_anonymous(raw_key, n, address))


def test_one_visitor_rotating_ids_is_stopped_without_locking_out_the_others(
    tiny_settings: Settings, tiny_kb: KnowledgeBase
) -> None:
    with _instances(_settings(tiny_settings), tiny_kb) as [(services, http)]:
        _, raw_key = services.widget_keys.create("portal", [PORTAL])
        statuses = [_ask(http, raw_key, n, "203.0.113.7").status_code for n in range(3 * CEILING)]
        assert statuses == [200] * BUDGET + [429] * (3 * CEILING - BUDGET)
        refused = _ask(http, raw_key, 999, "203.0.113.7")
        error = refused.json()["error"]
        assert refused.status_code == 429 and error["code"] == "rate_limited"
        assert (
            "from this visitor's address to this widget key" in error["message"]
            and f"limit is {BUDGET} per 60 s" in error["message"]
        )
        assert 1 <= int(refused.headers["retry-after"]) <= 60

        # another visitor (another address) of the same key is served: the abuser's refused requests did not count
        assert [_ask(http, raw_key, 1000 + n, "198.51.100.20").status_code for n in range(BUDGET)] == [200] * BUDGET


def test_the_keys_ceiling_stays_the_outer_bound(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> None:
    with _instances(_settings(tiny_settings), tiny_kb) as [(services, http)]:
        _, raw_key = services.widget_keys.create("portal", [PORTAL])
        statuses = [_ask(http, raw_key, n, f"198.51.100.{n}").status_code for n in range(CEILING + 2)]
        assert statuses == [200] * CEILING + [429] * 2  # each visitor is within its budget; together they are not
        message = _ask(http, raw_key, 99, "198.51.100.99").json()["error"]["message"]
        assert "anonymous users of this widget key" in message and f"limit is {CEILING} per 60 s" in message


def test_two_instances_over_one_database_agree(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> None:
    with _instances(_settings(tiny_settings), tiny_kb, count=2) as [(services, first), (_, second)]:
        _, raw_key = services.widget_keys.create("portal", [PORTAL])
        statuses = []
        for n in range(2 * BUDGET + 2):  # alternating instances, with time for the pooled counts to be shared
            statuses.append(_ask(first if n % 2 else second, raw_key, n, "203.0.113.7").status_code)
            time.sleep(0.25)
        assert statuses[:BUDGET] == [200] * BUDGET
        assert statuses[BUDGET + 1 :] == [429] * (len(statuses) - BUDGET - 1)  # one late at most, never more
        assert _ask(first, raw_key, 500, "198.51.100.20").status_code == 200


def test_a_forwarded_address_is_believed_only_from_a_configured_proxy(
    tiny_settings: Settings, tiny_kb: KnowledgeBase
) -> None:
    """With only 192.0.2.1 trusted, a loopback caller's X-Forwarded-For is ignored: every "visitor" it names is the
    one address it connects from, so the budget holds for all of them together."""
    with _instances(_settings(tiny_settings, forwarded_allow_ips="192.0.2.1"), tiny_kb) as [(services, http)]:
        _, raw_key = services.widget_keys.create("portal", [PORTAL])
        statuses = [_ask(http, raw_key, n, f"198.51.100.{n}").status_code for n in range(BUDGET + 2)]
        assert statuses == [200] * BUDGET + [429] * 2


def test_an_ipv6_visitor_is_counted_by_its_64(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> None:
    """One subscriber holds a whole /64: rotating the interface part of the address is the same visitor."""
    with _instances(_settings(tiny_settings), tiny_kb) as [(services, http)]:
        _, raw_key = services.widget_keys.create("portal", [PORTAL])
        statuses = [_ask(http, raw_key, n, f"2001:db8:1:2::{n + 1:x}").status_code for n in range(BUDGET + 1)]
        assert statuses == [200] * BUDGET + [429]
        assert _ask(http, raw_key, 99, "2001:db8:1:3::1").status_code == 200


def test_signed_in_users_are_not_counted_by_address(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> None:
    from app.user_tokens import sign_user_token

    with _instances(_settings(tiny_settings), tiny_kb) as [(services, http)]:
        key, raw_key = services.widget_keys.create("portal", [PORTAL])
        for n in range(BUDGET + 2):
            token = sign_user_token(key.user_token_secret, f"user-{n}", int(time.time()) + 600)
            headers = {
                "X-Widget-Key": raw_key,
                "Origin": PORTAL,
                "X-Widget-User": token,
                "X-Forwarded-For": "203.0.113.7",
            }
            assert http.post("/v1/ask", json={"question": IN_SCOPE}, headers=headers).status_code == 200


def test_no_visitor_budget_when_it_is_0(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> None:
    settings = _settings(tiny_settings, rate_widget_visitor_per_minute=0)
    with _instances(settings, tiny_kb) as [(services, http)]:
        _, raw_key = services.widget_keys.create("portal", [PORTAL])
        assert [_ask(http, raw_key, n, "203.0.113.7").status_code for n in range(CEILING)] == [200] * CEILING


@pytest.mark.parametrize("value", ["10.0.0.1, not-an-address", "10.0.0.0/33", "*, 10.0.0.1"])
def test_a_malformed_proxy_list_is_refused_at_start(value: str) -> None:
    with pytest.raises(ValueError, match="MLLENS_FORWARDED_ALLOW_IPS"):
        Settings(forwarded_allow_ips=value)
