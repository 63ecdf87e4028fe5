"""Rotating a widget's anonymous IDs, through the shipped nginx site (deploy/nginx/mllens.conf) in front of a real
`mllens serve` (SQLite): the app's ceiling on the key's anonymous users answers first (its own 429, passed through
nginx unchanged), and nginx's per-address limit on widget requests answers past its burst, with a 429 in the API's
error shape and Retry-After. A secret-key caller from the same address is not held back by nginx's widget limit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from support.processes import behind_nginx, mllens, nginx_binary, sqlite_env

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (.ci/nginx installs it)"),
]

PORTAL = "https://portal.example"
PATH = "/v1/lens/questions/MLSEC03"  # a cheap route with a principal
APP_CEILING = 20  # MLLENS_RATE_WIDGET_ANONYMOUS_PER_MINUTE for this test; nginx lets a burst of 40 through at once


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """nginx's URL, a widget key and a secret key of the app behind it."""
    env = sqlite_env(tmp_path / "mllens.db", MLLENS_RATE_WIDGET_ANONYMOUS_PER_MINUTE=str(APP_CEILING))
    widget_key = mllens(env, "keys", "create", "--widget", "--origin", PORTAL)[0]
    secret_key = mllens(env, "keys", "create", "--name", "server")[0]
    with behind_nginx(env, tmp_path) as (_, nginx):
        yield f"http://127.0.0.1:{nginx.port}", widget_key, secret_key


def test_rotating_anonymous_ids_meet_the_apps_ceiling_then_nginxs_limit(proxied: tuple[str, str, str]) -> None:
    url, widget_key, secret_key = proxied
    seen: list[tuple[int, str]] = []
    with httpx.Client(base_url=url, timeout=30) as http:
        for n in range(400):  # as fast as one client goes: past the app's ceiling, then past nginx's burst
            headers = {"X-Widget-Key": widget_key, "Origin": PORTAL, "X-Widget-Anonymous": f"rotated-id-{n:012d}"}
            response = http.get(PATH, headers=headers)
            message = response.json()["error"]["message"] if response.status_code != 200 else ""
            seen.append((response.status_code, message))
            if response.status_code == 429 and "from this address" in message:
                assert response.headers["content-type"].startswith("application/json")
                assert response.json()["error"]["code"] == "rate_limited"
                assert response.headers["retry-after"] == "1"
                break
        else:
            pytest.fail(f"nginx never limited the widget requests: {Counter(s for s, _ in seen)}")
        # the secret-key caller from the same address is not a widget request: nginx lets it through
        assert http.get(PATH, headers={"Authorization": f"Bearer {secret_key}"}).status_code == 200
    statuses = [status for status, _ in seen]
    assert statuses[:APP_CEILING] == [200] * APP_CEILING
    app_refusals = [message for status, message in seen[APP_CEILING:-1]]
    assert app_refusals and all("anonymous users of this widget key" in m for m in app_refusals)
    assert all(status == 429 for status in statuses[APP_CEILING:])
