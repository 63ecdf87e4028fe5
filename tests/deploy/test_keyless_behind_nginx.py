"""Keyless access fails closed behind the shipped nginx site (deploy/nginx/mllens.conf) in front of a real
`mllens serve` bound to loopback with no key: a keyless caller reaching the instance directly is still the local user,
but the same request through nginx (which reaches the instance from 127.0.0.1 and sets X-Forwarded-For) gets 401 in
the API's error shape and creates nothing; once a key exists, it is served through nginx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from support.processes import behind_nginx, mllens, nginx_binary, sqlite_env

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (.ci/nginx installs it)"),
]

PATH = "/v1/lens/questions/MLSEC03"  # a cheap route with a principal


@pytest.fixture
def keyless(tmp_path: Path) -> Iterator[tuple[str, str, dict[str, str]]]:
    """The instance's own URL, nginx's URL, and the instance's environment (no key created)."""
    env = sqlite_env(tmp_path / "mllens.db")
    with behind_nginx(env, tmp_path) as (app, nginx):
        yield f"http://127.0.0.1:{app.port}", f"http://127.0.0.1:{nginx.port}", env


def test_a_keyless_caller_through_nginx_is_refused(keyless: tuple[str, str, dict[str, str]]) -> None:
    direct, proxied, env = keyless
    assert httpx.get(direct + PATH, timeout=30).status_code == 200  # on the host itself: the local user
    for request in (
        httpx.Request("GET", proxied + PATH),
        httpx.Request("POST", proxied + "/v1/ask", json={"question": "least privilege access to training data"}),
        httpx.Request("POST", proxied + "/v1/reviews", json={"workload_name": "from the internet"}),
    ):
        with httpx.Client(timeout=30) as http:
            response = http.send(request)
        assert response.status_code == 401, (request.url, response.text)
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["error"]["code"] == "unauthorized"
    listed = httpx.get(direct + "/v1/reviews", timeout=30)
    assert listed.status_code == 200 and listed.json()["reviews"] == []  # nothing was created through nginx

    key = mllens(env, "keys", "create", "--name", "proxy")[0]
    response = httpx.get(proxied + PATH, headers={"Authorization": f"Bearer {key}"}, timeout=30)
    assert response.status_code == 200
