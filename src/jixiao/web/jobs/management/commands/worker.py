"""``python -m jixiao.web worker``: runs the queued jobs (batch re-audit, …) until stopped.

First queues again whatever a worker that died left unfinished, then runs django-tasks-db's worker loop.
Ctrl+C or SIGTERM: the running job stops after its current dossier and waits, queued, for the next start.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from jixiao.web.jobs.tasks import recover
from jixiao.web.jobs.worker import Worker


class Command(DatabaseWorkerCommand):
    help = "运行后台任务（批量重新审核等）；先接续中断的任务。Ctrl+C 停止，进行中的任务下次启动时继续"

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)  # a reload would stop a job mid-way; restart by hand

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        requeued = recover()
        if requeued and options["verbosity"]:
            self.stdout.write(f"接续中断的任务：{', '.join(map(str, requeued))}")
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=options["exclude_queues"].split(",") if options["exclude_queues"] else [],
        )
        worker.configure_signals()
        worker.run()
