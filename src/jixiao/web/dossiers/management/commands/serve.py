"""``python -m jixiao.web serve``: the application under waitress, the production WSGI server.

Waitress is pure Python and runs the same on a Windows intranet server and on Linux. It serves the
application and its static files (htmx, echarts, css: looked up where Django's staticfiles finds
them, no ``collectstatic`` step); one process, ``--threads`` requests at a time. Settings come from
the environment as for any deployment (``JIXIAO_SECRET_KEY``, ``JIXIAO_DEBUG=0``, ``DATABASE_URL``…).
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def refusal() -> str | None:
    """Why a deployment must not start as configured (``None`` when it may): debug pages on, or the key
    that signs sessions not given by the environment. The local demo (JIXIAO_DEMO=1) may do both."""
    from django.conf import settings

    if getattr(settings, "DEMO", False):
        return None
    if settings.DEBUG:
        return "部署不能开启调试模式（JIXIAO_DEBUG=1 会向访问者显示程序回溯和设置）；请去掉 JIXIAO_DEBUG 或设为 0"
    if not getattr(settings, "SECRET_KEY_FROM_ENVIRONMENT", False):
        return "部署须在环境变量 JIXIAO_SECRET_KEY 中设置密钥（至少 50 个随机字符），它用于签署登录会话"
    return None


class Command(BaseCommand):
    help = "以 waitress 启动网页应用（部署用）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1；局域网访问用 0.0.0.0）"
        )
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="同时处理的请求数（默认 8）")
        parser.add_argument(
            "--conn-max-age",
            type=int,
            default=int(os.environ.get("JIXIAO_CONN_MAX_AGE", "300")),
            help="PostgreSQL 连接保持秒数（每个线程一个连接；默认 300，0 表示每个请求重新连接）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import waitress  # type: ignore[import-untyped]
        from django.conf import settings
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.core.wsgi import get_wsgi_application

        if (reason := refusal()) is not None:
            raise CommandError(f"{reason} [settings_unsafe]")
        database = settings.DATABASES["default"]
        if not database["ENGINE"].endswith("sqlite3"):
            # a fixed pool of threads: each keeps its connection instead of opening one per request
            database["CONN_MAX_AGE"] = options["conn_max_age"]
        application = StaticFilesHandler(get_wsgi_application())
        self.stdout.write(
            f"jixiao 网页应用：http://{options['host']}:{options['port']}/ （waitress，{options['threads']} 线程）"
        )
        waitress.serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="jixiao",
            channel_timeout=120,
        )
