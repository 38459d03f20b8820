"""``create_api_token <username> <用途>``: issue an API token; it is printed once and stored only as a hash."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jixiao.web.accounts.models import User
from jixiao.web.api.models import ApiToken


class Command(BaseCommand):
    help = "为用户生成接口令牌（只显示一次）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("name", nargs="?", default="预算管理一体化系统")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户 {options['username']} 不存在")
        _, token = ApiToken.issue(user, options["name"])
        self.stdout.write(token)
