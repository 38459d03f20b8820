"""``jixiao web …`` forwards to the web application's management commands, and ``serve`` (waitress,
what a deployment runs) answers pages and the locally served static files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from jixiao.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_jixiao_web_forwards_to_the_management_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["web", "showmigrations", "dossiers"]) == 0
    out = capsys.readouterr().out
    assert "[X] 0001_initial" in out


def test_jixiao_web_serve_help_names_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["web", "serve", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "--threads" in out and "--port" in out and "waitress" in out


def test_jixiao_web_unknown_command_fails_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["web", "no_such_command"])
    assert exit_.value.code == 1
    assert "no_such_command" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_runs_the_application_under_waitress(tmp_path: Path) -> None:
    """A fresh SQLite deployment, production settings: migrate, serve, then the login page and htmx."""
    env = {
        **os.environ,
        "JIXIAO_DATA_DIR": str(tmp_path),
        "JIXIAO_DEBUG": "0",
        "JIXIAO_HTTPS": "0",
        "JIXIAO_SECRET_KEY": "test-" + "k" * 40,
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-m", "jixiao.cli.main", "web"]
    subprocess.run([*cli, "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--threads", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"{base}/accounts/login/", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("waitress did not answer")
        assert page.status == 200
        assert "登录" in page.read().decode("utf-8")
        assert page.headers["Server"] == "jixiao"
        htmx = urllib.request.urlopen(f"{base}/static/jixiao/vendor/htmx/htmx.min.js", timeout=5)
        assert htmx.status == 200
        assert b"htmx" in htmx.read()[:2000]
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert server.stdout is not None
    assert "waitress" in server.stdout.read()


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ({"JIXIAO_DEBUG": "1", "JIXIAO_SECRET_KEY": "test-" + "k" * 40}, "调试模式"),
        ({}, "JIXIAO_SECRET_KEY"),
    ],
)
def test_a_deployment_refuses_to_start_with_debug_pages_or_without_a_key(
    tmp_path: Path, extra: dict[str, str], said: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")}
    env.update({"JIXIAO_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT / "src"), **extra})
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "jixiao.cli.main", "web", "serve", "--port", str(_free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert said in done.stderr and "settings_unsafe" in done.stderr
    assert "Traceback" not in done.stderr


def test_debug_is_off_unless_asked_for_and_the_key_is_not_a_published_constant() -> None:
    from django.conf import settings

    if os.environ.get("JIXIAO_DEBUG") is None:
        assert settings.DEBUG is False
    assert "demo" not in settings.SECRET_KEY and len(settings.SECRET_KEY) >= 50
