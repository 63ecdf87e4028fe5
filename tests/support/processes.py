"""Throwaway services for deployment tests: a private PostgreSQL cluster (its own data dir and port, never the shared
server), app instances as `mllens serve` subprocesses, and nginx with the shipped site config."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from support.checkout import checkout_env, mllens_command

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_bin() -> Path | None:
    roots = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    found = [r for r in roots if (r / "initdb").exists() and (r / "pg_ctl").exists()]
    return found[0] if found else None


def _as_owner(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root: as root, run it as the `postgres` user Debian's package creates.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class PostgresCluster:
    def __init__(self) -> None:
        bin_dir = postgres_bin()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL server binaries are not installed")
        self.bin = bin_dir
        # Its own directory outside pytest's (which the postgres user cannot enter when the tests run as root).
        base = Path(tempfile.mkdtemp(prefix="mllens-pg-"))
        self.base = base
        self.dir = base / "pgdata"
        self.socket_dir = base / "pgsock"
        self.log = base / "postgres.log"
        self.port = free_port()
        self.url = f"postgresql+psycopg://mllens@127.0.0.1:{self.port}/mllens"

    def init(self) -> None:
        for path in (self.dir, self.socket_dir):
            path.mkdir(parents=True)
        self.log.touch()
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres")
            for path in (self.dir, self.socket_dir, self.log):
                shutil.chown(path, "postgres")
        self._run(["initdb", "-D", str(self.dir), "-U", "mllens", "--auth=trust", "-E", "UTF8", "--no-sync"])
        self.start()
        self._run(["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "mllens", "mllens"])

    def start(self) -> None:
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(["pg_ctl", "-D", str(self.dir), "-o", options, "-l", str(self.log), "-w", "start"])

    def restart(self) -> None:
        self._run(["pg_ctl", "-D", str(self.dir), "-l", str(self.log), "-m", "fast", "-w", "restart"])

    def stop(self) -> None:
        self._run(["pg_ctl", "-D", str(self.dir), "-m", "immediate", "-w", "stop"], check=False)

    def _run(self, cmd: list[str], *, check: bool = True) -> None:
        args = _as_owner([str(self.bin / cmd[0]), *cmd[1:]])
        done = subprocess.run(args, capture_output=True, timeout=60, cwd="/")
        if check and done.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed: {done.stderr.decode()[-1000:]}")


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(cluster.base, ignore_errors=True)


def run_mllens(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run `mllens ARGS` with `env` from the repository, whatever its exit code."""
    return subprocess.run(
        mllens_command(*args),
        env=checkout_env(env),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )


def mllens(env: dict[str, str], *args: str) -> list[str]:
    """Run `mllens ARGS` with `env` (e.g. `keys create --name ops`, as docs/deploy.md does first); its stdout lines.
    Raises CalledProcessError when it fails."""
    done = run_mllens(env, *args)
    done.check_returncode()
    return done.stdout.splitlines()


def sqlite_env(path: Path, **settings: str) -> dict[str, str]:
    """This process's environment without its MLLENS_* settings, on the SQLite database `path`, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLLENS_")}
    return {**env, "MLLENS_DATABASE_URL": f"sqlite:///{path}", **settings}


@contextmanager
def behind_nginx(env: dict[str, str], base: Path) -> Iterator[tuple[AppInstance, Nginx]]:
    """One `mllens serve` with `env` and the shipped nginx site in front of it (both its upstreams), both ready;
    stopped on exit."""
    app = AppInstance(env, base / "app.log")
    nginx = Nginx(base, [app.port, app.port])
    app.start()
    try:
        app.wait_ready()
        nginx.start()
        yield app, nginx
    finally:
        nginx.stop()
        app.stop()


class AppInstance:
    """`mllens serve` on a loopback port, as its own process (so it can be SIGKILLed)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        cmd = mllens_command("serve", "--port", str(self.port))
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(cmd, env=checkout_env(self.env), stdout=out, stderr=out, cwd=REPO)

    def wait_ready(self, timeout_s: float = 90) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"instance exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"instance not ready: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (("/usr/sbin/nginx") if Path("/usr/sbin/nginx").exists() else None)


class Nginx:
    """nginx in the foreground with deploy/nginx/mllens.conf, its upstream ports and listen port swapped for free
    ones, and logs and temp files under `base`."""

    def __init__(self, base: Path, upstream_ports: list[int]) -> None:
        self.base = base
        self.port = free_port()
        site = (REPO / "deploy" / "nginx" / "mllens.conf").read_text()
        for shipped, port in zip(("127.0.0.1:8001", "127.0.0.1:8002"), upstream_ports, strict=True):
            site = site.replace(shipped, f"127.0.0.1:{port}")
        site = site.replace("listen 8080;", f"listen 127.0.0.1:{self.port};")
        site = site.replace("/var/log/nginx/mllens.access.log", str(base / "access.log"))
        (base / "mllens.conf").write_text(site)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (base / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {base / 'nginx.pid'};\nerror_log {base / 'error.log'} warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            f"  client_body_temp_path {base / 'body'};\n  proxy_temp_path {base / 'proxy'};\n"
            f"  fastcgi_temp_path {base / 'fastcgi'};\n  uwsgi_temp_path {base / 'uwsgi'};\n"
            f"  scgi_temp_path {base / 'scgi'};\n"
            f"  include {base / 'mllens.conf'};\n"
            "}\n"
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = nginx_binary()
        assert binary is not None
        cmd = [binary, "-p", str(self.base), "-c", str(self.base / "nginx.conf"), "-g", "daemon off;"]
        test = subprocess.run([*cmd[:-2], "-t"], capture_output=True, timeout=30)
        if test.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {test.stderr.decode()}")
        self.process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
