"""The local Neo4j route: configuration, and the server `make test` started."""

from __future__ import annotations

import urllib.request

import yaml

from ptmkg.graph import neo4j_server as srv
from tests.conftest import REAL_DATA_HOME, REPO, TEST_NEO4J, need_neo4j


def test_conf_uses_5x_names_and_loopback(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    cfg = srv.ServerConfig(profile="x", bolt_port=17001, http_port=17002, auth=False)
    conf = dict(line.split("=", 1) for line in srv._conf(cfg).splitlines() if line and not line.startswith("#"))
    assert conf["server.bolt.listen_address"] == "127.0.0.1:17001"
    assert conf["server.http.listen_address"] == "127.0.0.1:17002"
    assert conf["dbms.security.auth_enabled"] == "false"
    assert conf["server.directories.data"].startswith(str(tmp_path))
    assert all(k.startswith(("server.", "dbms.")) for k in conf)


def test_compose_runs_the_same_neo4j_version_with_auth():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    neo = compose["services"]["neo4j"]
    assert neo["image"] == f"neo4j:{srv.DEFAULT_VERSION}-community"
    assert neo["environment"]["NEO4J_AUTH"].startswith("neo4j/")


def test_the_test_server_answers_and_serves_browser(monkeypatch):
    need_neo4j()
    monkeypatch.setenv("XDG_DATA_HOME", REAL_DATA_HOME)
    from ptmkg.graph.store import open_store

    with open_store(TEST_NEO4J) as s:
        assert s.run("RETURN 1 AS one") == [{"one": 1}]
        version = s.run("CALL dbms.components() YIELD versions RETURN versions[0] AS v")[0]["v"]
    assert version.startswith("5.26")
    cfg = srv.load_config("test")
    if cfg is not None and cfg.bolt_uri == TEST_NEO4J:
        with urllib.request.urlopen(f"http://127.0.0.1:{cfg.http_port}/browser/", timeout=10) as r:
            assert r.status == 200
            assert b"<title>Neo4j Browser</title>" in r.read()
