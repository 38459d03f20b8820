"""``load_demo``: the demo region (``jixiao.web.dossiers.demo``): departments, units, one account per
role and two years of dossiers derived from the seed documents, in every workflow state, labelled 演示数据.
Idempotent: run again, it changes nothing that exists and prints the same accounts.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jixiao.ingest.errors import IngestError
from jixiao.web.dossiers import demo
from jixiao.web.dossiers.models import DossierRecord

PASSWORD = demo.PASSWORD


def print_accounts(out: Any, accounts: list[demo.Account]) -> None:
    out.write(f"演示账号（密码均为 {demo.PASSWORD}）：")
    for account in accounts:
        out.write(
            f"  {account.role:<8} 用户名 {account.username:<10} 密码 {demo.PASSWORD}  范围：{account.scope}"
        )


class Command(BaseCommand):
    help = "载入演示数据（演示地区的主管部门、预算单位、各角色演示账号，以及由种子文档生成的两个年度的自评档案）；可重复运行"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-accounts", action="store_true", help="不打印演示账号")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if demo.outdated():
            self.stderr.write(
                "演示地区中有旧版演示数据，未改动；请运行 JIXIAO_DEMO=1 python -m jixiao.web reset_demo 重新载入 [demo_outdated]"
            )
        existed = demo.is_loaded()
        try:
            accounts = demo.load(warn=self.stderr.write)
        except FileNotFoundError as exc:
            raise CommandError(f"{exc} [demo_no_seeds]") from exc
        except IngestError as exc:
            raise CommandError(f"种子文档无法读取：{exc.file}：{exc.message} [{exc.code}]") from exc
        seconds = time.perf_counter() - started
        count = DossierRecord.objects.filter(task__unit__department__region__name=demo.REGION).count()
        what = "演示数据已存在，未改动" if existed else f"已载入演示数据：{count} 份自评档案"
        # the timing goes to stderr, so that the accounts printed on stdout are the same on every run
        self.stderr.write(f"{what}（用时 {seconds:.1f} 秒）")
        if not options["quiet_accounts"]:
            print_accounts(self.stdout, accounts)
