"""The Principal: the four kinds, their tenants and subjects, and what is refused."""

from __future__ import annotations

import pytest

from app.errors import InvalidInput
from app.principal import MAX_SUBJECT_CHARS, MAX_TENANT_CHARS, Principal


def test_the_four_kinds() -> None:
    assert Principal.local() == Principal("local", "local") and Principal.local().kind == "local"
    assert Principal.api_key("k1") == Principal("key:k1", "k1") and Principal.api_key("k1").kind == "key"
    assert (
        Principal.widget("pk1", "u@x") == Principal("widget:pk1", "u@x")
        and Principal.widget("pk1", "u").kind == "widget"
    )
    assert Principal.slack("T1", "U1") == Principal("slack:T1", "U1") and Principal.slack("T1", "U1").kind == "slack"
    assert str(Principal.slack("T1", "U1")) == "slack:T1/U1"


def test_equal_only_when_tenant_and_subject_match() -> None:
    assert Principal.api_key("a") != Principal.widget("a", "a")  # same IDs, another kind of tenant
    assert Principal.slack("T1", "U1") != Principal.slack("T1", "U2")
    assert len({Principal.local(), Principal.local(), Principal.api_key("a")}) == 2  # hashable, frozen
    with pytest.raises(AttributeError):
        Principal.local().subject = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("tenant", "subject"),
    [
        ("", "s"),
        ("team:1", "s"),
        ("key:", "s"),
        ("local:x", "s"),
        ("key:" + "k" * MAX_TENANT_CHARS, "s"),
        ("key:k", ""),
        ("key:k", "  "),
        ("key:k", "s" * (MAX_SUBJECT_CHARS + 1)),
    ],
)
def test_malformed_principals_are_refused(tenant: str, subject: str) -> None:
    with pytest.raises(InvalidInput):
        Principal(tenant, subject)
