"""`ptmkg ui`: serve the explorer (Streamlit, ptmkg/ui) against the chosen store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import click

from ptmkg.cli import Context, pass_ctx
from ptmkg.errors import PtmkgError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8501


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def explorer_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{shown}:{port}"


def streamlit_command(host: str, port: int) -> list[str]:
    from ptmkg.ui import APP

    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", host,
        "--server.port", str(port),
        # Always headless: a non-headless first run asks for an e-mail address on the
        # terminal and waits (`make demo` would hang); ptmkg opens the browser itself.
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
        "--browser.serverAddress", "127.0.0.1" if host in ("0.0.0.0", "::") else host,
        "--global.developmentMode", "false",
        "--client.toolbarMode", "viewer",
        "--theme.base", "light",
    ]


def _can_open_browser() -> bool:
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _open_browser_when_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Open the user's browser once the explorer answers (when there is a display)."""
    import urllib.request
    import webbrowser

    if not _can_open_browser():
        return
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                webbrowser.open(url)
                return
        except OSError:
            time.sleep(0.5)


def serve(store_uri: str | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, open_browser: bool = True) -> int:
    """Run the explorer until interrupted; returns Streamlit's exit code."""
    from ptmkg.graph.store import parse_store_uri

    parsed = parse_store_uri(store_uri)
    if parsed.is_embedded and not os.path.exists(parsed.path):
        click.echo(f"note: no embedded store at {parsed.path} yet; the explorer will say so (load data with `ptmkg demo --no-ui`)", err=True)
    if not _port_free(host, port):
        raise PtmkgError(f"port {port} on {host} is in use; pick another with --port")
    env = dict(os.environ)
    if store_uri:
        env["PTMKG_STORE"] = store_uri
    env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    click.echo(f"explorer: {explorer_url(host, port)}  (store: {parsed.display()}; Ctrl+C stops it)", err=False)
    sys.stdout.flush()
    proc = subprocess.Popen(streamlit_command(host, port), env=env)
    try:
        if open_browser:
            _open_browser_when_up(explorer_url(host, port), proc)
        return proc.wait()
    except KeyboardInterrupt:
        try:
            return proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            return proc.wait()


@click.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to serve on (0.0.0.0: every interface).")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port to serve on.")
@click.option("--no-browser", is_flag=True, help="Do not open a web browser (the URL is printed).")
@pass_ctx
def ui(ctx: Context, host: str, port: int, no_browser: bool) -> None:
    """Open the explorer: find a model, its phylogeny, license risk, datasets and downstream
    repositories; the largest families; the PeaTMOSS dashboards; a query console.

    Serves a Streamlit app on HOST:PORT against the store (--store / PTMKG_STORE); the
    embedded store is opened read-only. Everything is served locally (no CDN)."""
    ctx.close()  # the explorer opens the store itself (LadybugDB allows one writer)
    code = serve(ctx.store_uri, host, port, open_browser=not no_browser)
    if code not in (0, -2, 130):
        raise click.exceptions.Exit(code)


COMMANDS = [ui]
