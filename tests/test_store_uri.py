from __future__ import annotations

import pytest

from ptmkg.errors import StoreURIError
from ptmkg.graph.store import parse_store_uri


def test_default_is_embedded_per_user(monkeypatch, tmp_path):
    monkeypatch.delenv("PTMKG_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    u = parse_store_uri(None)
    assert u.is_embedded and u.path == str(tmp_path / "ptmkg" / "graph.lbdb")


def test_environment_names_the_store(monkeypatch):
    monkeypatch.setenv("PTMKG_STORE", "neo4j://db.example:7688")
    u = parse_store_uri(None)
    assert (u.scheme, u.address) == ("neo4j", "db.example:7688")


@pytest.mark.parametrize(
    "uri, scheme, where, db",
    [
        ("embedded:/tmp/x.lbdb", "embedded", "/tmp/x.lbdb", None),
        ("bolt://127.0.0.1", "bolt", "127.0.0.1:7687", None),
        ("neo4j+s://h.example:7690?database=ptm", "neo4j+s", "h.example:7690", "ptm"),
        ("bolt://h:7687/movies", "bolt", "h:7687", "movies"),
    ],
)
def test_parse(uri, scheme, where, db):
    u = parse_store_uri(uri)
    assert u.scheme == scheme
    assert (u.path if u.is_embedded else u.address) == where
    assert u.database == db


@pytest.mark.parametrize(
    "uri, msg",
    [
        ("embedded:", "needs a path"),
        ("http://h:7474", "unknown store URI"),
        ("bolt://neo4j:secret@h:7687", "credentials"),
        ("bolt://:7687", "no host"),
        ("bolt://h:notaport", "invalid port"),
    ],
)
def test_bad_uris(uri, msg):
    with pytest.raises(StoreURIError, match=msg):
        parse_store_uri(uri)


def test_display_never_shows_secrets():
    assert parse_store_uri("bolt://h:7687?database=x").display() == "bolt://h:7687?database=x"
