"""What one live edit asks of the database: the number of queries an htmx cell edit makes is pinned,
so a change that adds a query per edit (a lazy relation read in a template, a re-read of the 100 KB
record after saving it) fails here instead of showing up only under load."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.web.conftest import World
from tests.web.test_web_dossier import _edit, _path_of


def _statements(queries: list[dict[str, str]]) -> list[str]:
    """Each query as its verb and table (savepoints of the test's own transaction left out)."""
    shown = []
    for query in queries:
        sql = query["sql"]
        if "SAVEPOINT" in sql:
            continue
        table = re.search(r'(?:FROM|UPDATE|INTO)\s+"?(\w+)', sql)
        shown.append(f"{sql.split(None, 1)[0].upper()} {table.group(1) if table else ''}")
    return shown


@pytest.mark.django_db
def test_an_edit_reads_the_session_user_record_and_acceptances_then_writes_once(world: World) -> None:
    record = world.records["own"]
    client = world.client("filler")
    path = _path_of(record, "职称评定通过率", 3) + ".score"
    version: int = record.version  # type: ignore[attr-defined]
    _edit(client, record, path, "1.50", version, sheet=1)  # the first edit warms the caches
    with CaptureQueriesContext(connection) as captured:
        response = _edit(client, record, path, "1.40", version + 1, sheet=1)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert 'value="1.40"' in response.content.decode()  # type: ignore[attr-defined]
    assert _statements(captured.captured_queries) == [
        "SELECT django_session",
        "SELECT accounts_user",
        "SELECT dossiers_dossierrecord",
        "SELECT dossiers_findingacceptance",
        "UPDATE dossiers_dossierrecord",
        "INSERT dossiers_dossierversion",
    ]
