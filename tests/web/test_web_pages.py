"""The bureau's year list in pages for a large region: filters, search and sort kept in every link."""

from __future__ import annotations

import datetime
import re

import pytest
from tests.web.conftest import World

from jixiao.web.review.views import PAGE_SIZE


def _many_units(world: World, count: int) -> None:
    from jixiao.web.accounts.models import Department, Unit
    from jixiao.web.dossiers.models import Task

    department = Department.objects.get(name="农业部门")
    units = Unit.objects.bulk_create(
        Unit(department=department, name=f"乡镇农业站{n:03d}") for n in range(count)
    )
    Task.objects.bulk_create(Task(year=2023, unit=u, deadline=datetime.date(2099, 1, 1)) for u in units)


def _units_on(page: str) -> list[str]:
    return re.findall(r"<td>(乡镇农业站\d{3}|人社局本级|就业服务中心|农业农村局)</td>", page)


@pytest.mark.django_db
def test_year_list_is_paginated_and_every_row_is_on_exactly_one_page(world: World) -> None:
    _many_units(world, PAGE_SIZE + 30)
    client = world.client("bureau")
    total = PAGE_SIZE + 30 + 4  # and the world's own four tasks of the north region
    first = client.get("/review/?year=2023").content.decode()
    assert f'class="task-count">{total}<' in first
    assert len(_units_on(first)) == PAGE_SIZE
    assert "第 1 / 2 页" in first
    second = client.get("/review/?year=2023&page=2").content.decode()
    assert len(_units_on(second)) == total - PAGE_SIZE
    assert set(_units_on(first)).isdisjoint(_units_on(second))
    assert set(_units_on(first)) | set(_units_on(second)) >= {
        f"乡镇农业站{n:03d}" for n in range(PAGE_SIZE + 30)
    }
    # out-of-range or garbage page numbers show a real page, not an error
    assert _units_on(client.get("/review/?year=2023&page=99").content.decode()) == _units_on(second)
    assert _units_on(client.get("/review/?year=2023&page=x").content.decode()) == _units_on(first)


@pytest.mark.django_db
def test_page_links_keep_search_filter_and_sort(world: World) -> None:
    _many_units(world, PAGE_SIZE + 30)
    client = world.client("bureau")
    page = client.get("/review/?year=2023&q=乡镇&department=&sort=-unit").content.decode()
    assert 'class="task-count">' + str(PAGE_SIZE + 30) + "<" in page
    names = _units_on(page)
    assert names[0] == "乡镇农业站129" and names == sorted(names, reverse=True)  # sorted before paging
    link = re.search(r'href="\?([^"]+)" rel="next"', page)
    assert link is not None
    query = link.group(1).replace("&amp;", "&")
    assert "q=%E4%B9%A1%E9%95%87" in query and "sort=-unit" in query and "page=2" in query
    assert query.count("sort=") == 1 and query.count("page=") == 1
    nxt = client.get("/review/?" + query).content.decode()
    assert _units_on(nxt) == [f"乡镇农业站{n:03d}" for n in range(29, -1, -1)]
    # a sort link starts again at page 1 with the search kept
    sort_link = re.search(r'href="\?([^"]*sort=state)"', nxt)
    assert sort_link is not None and "page=" not in sort_link.group(1) and "q=" in sort_link.group(1)


@pytest.mark.django_db
def test_task_form_writes_its_deadline_as_a_date_input_reads_it(world: World) -> None:
    from jixiao.web.review.views import TaskForm

    form = TaskForm(world.users["bureau"], initial={"deadline": datetime.date(2024, 4, 30)})
    assert 'value="2024-04-30"' in str(form["deadline"])  # not 2024/04/30, which <input type=date> drops
