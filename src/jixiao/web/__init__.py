"""The web application (issue #6): 填报, 汇总, 审核, 公开 on the same core as the CLI.

Django 5.2 project. Apps, one purpose each: ``accounts`` (users, roles, scope), ``dossiers`` (tasks,
records, versions, editing, upload, workflow), ``review`` (department and bureau views, ranking,
charts, batch audit), ``public`` (disclosure pages). Run it with ``python -m jixiao.web runserver``.
"""
