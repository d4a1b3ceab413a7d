"""A real Neo4j Community server for development, tests and CI, without Docker.

Neo4j Community and Neo4j Browser are published on Maven Central; Maven resolves the
server's classpath once into a per-version cache outside the repository
(`~/.cache/ptmkg/neo4j/<version>/lib`), and the server runs from there with its own
home (`~/.local/share/ptmkg/neo4j/<profile>`: conf, data, logs). See ../shared/NEO4J.md
for the facts this follows and docs/neo4j.md for what was measured.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ptmkg.errors import PtmkgError
from ptmkg.paths import cache_home, data_home

DEFAULT_VERSION = "5.26.30"  # the 5.26 LTS line; runs on Java 17
BROWSER_VERSION = "5.24.0"  # newest org.neo4j.client:neo4j-browser on Maven Central
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ptmkg.local</groupId><artifactId>neo4j-server-classpath</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{version}</version></dependency>
    <dependency><groupId>org.neo4j.app</groupId><artifactId>neo4j-server</artifactId><version>{version}</version></dependency>
    <dependency><groupId>org.neo4j.client</groupId><artifactId>neo4j-browser</artifactId><version>{browser}</version></dependency>
  </dependencies>
</project>
"""


class Neo4jServerError(PtmkgError):
    """The local Neo4j server could not be fetched, started or stopped."""


@dataclass(frozen=True)
class ServerConfig:
    profile: str = "default"
    version: str = DEFAULT_VERSION
    bolt_port: int = 7687
    http_port: int = 7474
    auth: bool = True
    heap: str = "1g"
    pagecache: str = "512m"

    @property
    def home(self) -> Path:
        return data_home() / "neo4j" / self.profile

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        auth = "" if self.auth else "&preselectAuthMethod=NO_AUTH"
        return f"http://127.0.0.1:{self.http_port}/browser/?dbms=bolt://127.0.0.1:{self.bolt_port}{auth}"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- the distribution ------------------------------------------------------------------
def lib_dir(version: str) -> Path:
    return cache_home() / "neo4j" / version / "lib"


def fetch(version: str = DEFAULT_VERSION) -> Path:
    """The server's classpath folder, resolved from Maven Central on first use."""
    target = lib_dir(version)
    if (target / ".complete").exists():
        return target
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jServerError("Maven (`mvn`) is needed once to fetch Neo4j from Maven Central; install it (Debian: apt-get install maven)")
    target.parent.mkdir(parents=True, exist_ok=True)
    log(f"fetching Neo4j {version} and Neo4j Browser {BROWSER_VERSION} from Maven Central into {target} ...")
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        pom = Path(tmp) / "pom.xml"
        pom.write_text(_POM.format(version=version, browser=BROWSER_VERSION))
        out = Path(tmp) / "lib"
        proc = subprocess.run(
            [mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies", "-DincludeScope=runtime", f"-DoutputDirectory={out}"],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise Neo4jServerError(f"Maven could not resolve Neo4j {version}:\n{tail}")
        (out / ".complete").write_text(version)
        if target.exists():
            shutil.rmtree(target)
        out.rename(target)
    size = sum(f.stat().st_size for f in target.iterdir()) / 1e6
    log(f"Neo4j {version}: {len(list(target.glob('*.jar')))} jars, {size:.0f} MB cached")
    return target


def java_for(version: str) -> str:
    """A java binary new enough for this Neo4j version (5.x: 17+, 2025.x and later: 21+)."""
    need = 17 if version.startswith("5.") else 21
    candidates = [os.environ.get("PTMKG_JAVA"), os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "java") if os.environ.get("JAVA_HOME") else None, shutil.which("java")]
    candidates += sorted((str(p) for p in Path("/usr/lib/jvm").glob("*/bin/java")), reverse=True) if Path("/usr/lib/jvm").exists() else []
    for java in candidates:
        if java and os.path.exists(java) and _java_major(java) >= need:
            return java
    raise Neo4jServerError(f"Neo4j {version} needs Java {need} or newer; none found (set PTMKG_JAVA or JAVA_HOME)")


def _java_major(java: str) -> int:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return 0
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not m:
        return 0
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


# -- the server ------------------------------------------------------------------------
def _conf(cfg: ServerConfig) -> str:
    h = cfg.home
    return "\n".join(
        [
            "# written by `ptmkg neo4j start`; edits are overwritten at the next start",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{cfg.bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{cfg.bolt_port}",
            f"server.http.listen_address=127.0.0.1:{cfg.http_port}",
            f"server.http.advertised_address=127.0.0.1:{cfg.http_port}",
            "server.https.enabled=false",
            f"dbms.security.auth_enabled={'true' if cfg.auth else 'false'}",
            f"server.directories.data={h / 'data'}",
            f"server.directories.logs={h / 'logs'}",
            f"server.directories.plugins={h / 'plugins'}",
            f"server.directories.import={h / 'import'}",
            f"server.directories.run={h / 'run'}",
            f"server.memory.pagecache.size={cfg.pagecache}",
            "dbms.memory.transaction.total.max=2g",
            "dbms.usage_report.enabled=false",
            "",
        ]
    )


def _pid_file(cfg: ServerConfig) -> Path:
    return cfg.home / "run" / "ptmkg-neo4j.pid"


def _saved(profile: str) -> Path:
    return ServerConfig(profile=profile).home / "run" / "ptmkg-server.json"


def load_config(profile: str) -> ServerConfig | None:
    """The configuration a profile was last started with (ports, version, auth)."""
    import json

    try:
        return ServerConfig(**json.loads(_saved(profile).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _save_config(cfg: ServerConfig) -> None:
    import dataclasses
    import json

    _saved(cfg.profile).write_text(json.dumps(dataclasses.asdict(cfg)))


def running_pid(cfg: ServerConfig) -> int | None:
    pf = _pid_file(cfg)
    try:
        pid = int(pf.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        pf.unlink(missing_ok=True)
        return None
    except PermissionError:
        pass
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists() and ENTRY_POINT.encode() not in cmdline.read_bytes():
        pf.unlink(missing_ok=True)  # a stale pid reused by another process
        return None
    return pid


def _port_busy(port: int) -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _java_env(cfg: ServerConfig) -> dict[str, str]:
    return {**os.environ, "NEO4J_HOME": str(cfg.home), "NEO4J_CONF": str(cfg.home / "conf")}


def start(cfg: ServerConfig, timeout: float = 240.0) -> int:
    """Start the server (fetching it first if needed) and wait until it answers queries."""
    pid = running_pid(cfg)
    if pid:
        log(f"Neo4j ({cfg.profile}) already running, pid {pid}")
        wait_ready(cfg, timeout)
        return pid
    for port in (cfg.bolt_port, cfg.http_port):
        if _port_busy(port):
            raise Neo4jServerError(f"port {port} on 127.0.0.1 is in use by another process; choose others with --bolt-port/--http-port")
    password = os.environ.get("NEO4J_PASSWORD")
    if cfg.auth and not password:
        raise Neo4jServerError("auth is on: set NEO4J_PASSWORD (8+ characters) or pass --no-auth for a throwaway server")
    lib = fetch(cfg.version)
    java = java_for(cfg.version)
    h = cfg.home
    for sub in ("conf", "data", "logs", "plugins", "import", "run"):
        (h / sub).mkdir(parents=True, exist_ok=True)
    (h / "conf" / "neo4j.conf").write_text(_conf(cfg))
    _save_config(cfg)
    cp = f"{lib}/*"
    fresh = not (h / "data" / "databases").exists()
    if cfg.auth and fresh:
        proc = subprocess.run(
            [java, "-cp", cp, ADMIN_TOOL, "dbms", "set-initial-password", password],
            env=_java_env(cfg),
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise Neo4jServerError(f"could not set the initial password: {(proc.stderr or proc.stdout).strip().splitlines()[-1:]}")
    cmd = [
        java,
        f"-Xms{cfg.heap}",
        f"-Xmx{cfg.heap}",
        "-XX:+UseG1GC",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dio.netty.tryReflectionSetAccessible=true",
        "-cp",
        cp,
        ENTRY_POINT,
        f"--home-dir={h}",
        f"--config-dir={h / 'conf'}",
        "--console-mode",
    ]
    console = h / "logs" / "console.log"
    with open(console, "ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=_java_env(cfg), start_new_session=True)
    _pid_file(cfg).write_text(f"{proc.pid}\n")
    log(f"starting Neo4j {cfg.version} ({cfg.profile}), pid {proc.pid}, log {console}")
    t0 = time.monotonic()
    try:
        wait_ready(cfg, timeout, proc)
    except Neo4jServerError:
        stop(cfg, quiet=True)
        raise
    log(f"Neo4j ready in {time.monotonic() - t0:.1f} s: {cfg.bolt_uri}  Browser: {cfg.browser_url}")
    return proc.pid


def wait_ready(cfg: ServerConfig, timeout: float, proc: subprocess.Popen | None = None) -> None:
    """Poll until a Bolt session answers `RETURN 1` (the port opens before the database)."""
    import neo4j

    auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")) if cfg.auth else None
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = _log_tail(cfg)
            raise Neo4jServerError(f"Neo4j exited with code {proc.returncode} while starting:\n{tail}")
        try:
            with neo4j.GraphDatabase.driver(cfg.bolt_uri, auth=auth, connection_timeout=3) as d:
                d.verify_connectivity()
                d.execute_query("RETURN 1")
                return
        except neo4j.exceptions.AuthError as e:
            raise Neo4jServerError(f"Neo4j at {cfg.bolt_uri} refused NEO4J_USER/NEO4J_PASSWORD: {e.message}") from None
        except Exception as e:  # not up yet: refused, database still starting, ...
            last = str(e).splitlines()[0] if str(e) else type(e).__name__
        time.sleep(1.0)
    raise Neo4jServerError(f"Neo4j did not answer on {cfg.bolt_uri} within {timeout:.0f} s (last: {last})\n{_log_tail(cfg)}")


def _log_tail(cfg: ServerConfig, n: int = 12) -> str:
    console = cfg.home / "logs" / "console.log"
    try:
        return "\n".join(console.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def stop(cfg: ServerConfig, timeout: float = 90.0, quiet: bool = False) -> bool:
    """Stop with SIGTERM (a clean shutdown); SIGKILL only if it hangs. True if it ran."""
    pid = running_pid(cfg)
    if pid is None:
        if not quiet:
            log(f"Neo4j ({cfg.profile}) is not running")
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        _reap(pid)
        time.sleep(0.3)
    else:
        os.kill(pid, signal.SIGKILL)
        log(f"Neo4j ({cfg.profile}) did not stop in {timeout:.0f} s; killed (it will recover at the next start)")
    _pid_file(cfg).unlink(missing_ok=True)
    if not quiet:
        log(f"Neo4j ({cfg.profile}) stopped")
    return True


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def status(cfg: ServerConfig) -> dict[str, object]:
    pid = running_pid(cfg)
    answering = False
    if pid:
        try:
            wait_ready(cfg, timeout=3)
            answering = True
        except Neo4jServerError:
            answering = False
    return {
        "profile": cfg.profile,
        "running": bool(pid),
        "pid": pid,
        "answering": answering,
        "bolt": cfg.bolt_uri,
        "browser": cfg.browser_url,
        "home": str(cfg.home),
        "cached_versions": sorted(p.name for p in (cache_home() / "neo4j").glob("*") if (p / "lib" / ".complete").exists()),
    }


def reset(cfg: ServerConfig) -> None:
    """Delete the profile's data (the server must be stopped)."""
    if running_pid(cfg):
        raise Neo4jServerError(f"stop Neo4j ({cfg.profile}) before resetting it")
    shutil.rmtree(cfg.home, ignore_errors=True)
