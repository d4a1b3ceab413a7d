"""`ptmkg neo4j start|stop|status|fetch|reset`: a real local Neo4j without Docker."""

from __future__ import annotations

import json

import click

from ptmkg.graph import neo4j_server as srv


def _profile_option(fn):  # type: ignore[no-untyped-def]
    return click.option("--profile", default="default", show_default=True, help="Server instance (its own home, data and ports).")(fn)


@click.group()
def neo4j() -> None:
    """Run a local Neo4j Community server (fetched from Maven Central, no Docker needed)."""


@neo4j.command()
@_profile_option
@click.option("--version", "version", default=srv.DEFAULT_VERSION, show_default=True, help="Neo4j version (5.x runs on Java 17; 2025.x and later need Java 21+).")
@click.option("--bolt-port", default=7687, show_default=True, type=int, help="Bolt port on 127.0.0.1.")
@click.option("--http-port", default=7474, show_default=True, type=int, help="HTTP port on 127.0.0.1 (Neo4j Browser at /browser).")
@click.option("--auth/--no-auth", default=True, show_default=True, help="Require NEO4J_USER/NEO4J_PASSWORD (the password is set on first start).")
@click.option("--heap", default="1g", show_default=True, help="JVM heap size.")
@click.option("--pagecache", default="512m", show_default=True, help="Page cache size.")
@click.option("--timeout", default=240.0, show_default=True, help="Seconds to wait until it answers queries.")
def start(profile: str, version: str, bolt_port: int, http_port: int, auth: bool, heap: str, pagecache: str, timeout: float) -> None:
    """Fetch (first time only), configure and start Neo4j; wait until it answers."""
    cfg = srv.ServerConfig(profile, version, bolt_port, http_port, auth, heap, pagecache)
    srv.start(cfg, timeout=timeout)
    click.echo(cfg.bolt_uri)


@neo4j.command()
@_profile_option
def stop(profile: str) -> None:
    """Stop the server cleanly (SIGTERM)."""
    srv.stop(srv.load_config(profile) or srv.ServerConfig(profile=profile))


@neo4j.command()
@_profile_option
def status(profile: str) -> None:
    """Say whether the server runs and answers, with its addresses."""
    cfg = srv.load_config(profile) or srv.ServerConfig(profile=profile)
    click.echo(json.dumps(srv.status(cfg), indent=2))


@neo4j.command()
@click.option("--version", "version", default=srv.DEFAULT_VERSION, show_default=True, help="Neo4j version to fetch.")
def fetch(version: str) -> None:
    """Download Neo4j and Neo4j Browser into the cache without starting anything."""
    click.echo(str(srv.fetch(version)))


@neo4j.command()
@_profile_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def reset(profile: str, yes: bool) -> None:
    """Delete a stopped server's data and configuration."""
    cfg = srv.load_config(profile) or srv.ServerConfig(profile=profile)
    if not yes:
        click.confirm(f"Delete {cfg.home}?", abort=True)
    srv.reset(cfg)
    click.echo(f"removed {cfg.home}")


COMMANDS = [neo4j]
