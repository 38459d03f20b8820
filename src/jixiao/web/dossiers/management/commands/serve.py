"""``python -m jixiao.web serve``: the application under waitress, the production WSGI server.

Waitress is pure Python and runs the same on a Windows intranet server and on Linux. It serves the
application and its static files (htmx, echarts, css: looked up where Django's staticfiles finds
them, no ``collectstatic`` step); one process, ``--threads`` requests at a time. Settings come from
the environment as for any deployment (``JIXIAO_SECRET_KEY``, ``JIXIAO_DEBUG=0``, ``DATABASE_URL``…).
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


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
