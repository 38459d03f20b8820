"""The worker: django-tasks-db's, stopping a long job at an item boundary instead of at its end."""

from __future__ import annotations

from types import FrameType

from django_tasks_db.management.commands.db_worker import Worker as _DatabaseWorker

from jixiao.web.jobs.tasks import STOP


class Worker(_DatabaseWorker):
    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        STOP.set()  # the running job stops after its current item and is queued again
        super().shutdown(signum, frame)
