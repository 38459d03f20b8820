"""``reset_demo``: delete the demo region's dossiers, tasks, users and staged uploads, and load the demo
again. Only in the demo (``JIXIAO_DEMO=1``): anywhere else it refuses and deletes nothing.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from jixiao.web.dossiers import demo


class Command(BaseCommand):
    help = "重置演示数据：删除演示地区的档案、任务、用户和上传文件，再重新载入（仅限演示环境 JIXIAO_DEMO=1）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-accounts", action="store_true", help="不打印演示账号")

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "DEMO", False):
            raise CommandError(
                "只能在演示环境中重置演示数据：未设置 JIXIAO_DEMO=1，为免删除真实数据，未做任何改动 [demo_only]"
            )
        started = time.perf_counter()
        deleted = demo.wipe()
        self.stderr.write(
            f"已删除演示数据：{deleted} 份自评档案（用时 {time.perf_counter() - started:.1f} 秒）"
        )
        call_command(
            "load_demo",
            quiet_accounts=options["quiet_accounts"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
