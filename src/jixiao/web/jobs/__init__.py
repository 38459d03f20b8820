"""Long work outside the request: jobs kept in the database and run by a worker process.

A :class:`~jixiao.web.jobs.models.Job` is what the user sees (kind, year, state, progress, the error in
Chinese); the queue under it is django-tasks with its database backend (``django_tasks_db``), so the
embedded SQLite demo needs no other service. ``python -m jixiao.web worker`` runs the worker.
"""
