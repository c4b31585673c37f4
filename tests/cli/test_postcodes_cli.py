"""`flask postcodes import FILE.csv`."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from community.models import Postcode

ONSPD = ("pcd,pcd2,pcds,dointr,lat,long\n"
         "W5  4HX,W5  4HX,W5 4HX,199001,51.513000,-0.308900\n"
         "W5  1AA,W5  1AA,W5 1AA,199001,51.510000,-0.300000\n"
         "W5  9ZZ,W5  9ZZ,W5 9ZZ,199001,99.999999,0.000000\n")


def count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Postcode))


def test_an_onspd_file_is_imported_and_counted(runner, session, tmp_path):
    path = tmp_path / "onspd.csv"
    path.write_text(ONSPD, encoding="utf-8")
    result = runner.invoke(args=["postcodes", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Imported 2 postcodes.", "Left out 1 postcodes without a latitude and longitude."]
    assert count(session) == 2
    again = runner.invoke(args=["postcodes", "import", str(path)])
    assert again.exit_code == 0 and count(session) == 2


def test_a_byte_order_mark_from_excel_does_not_hide_the_header(runner, session, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffpostcode,latitude,longitude\nW5 2AA,51.5,-0.3\n".encode())
    assert runner.invoke(args=["postcodes", "import", str(path)]).exit_code == 0
    assert count(session) == 1


@pytest.mark.parametrize(("content", "message"), [
    ("name,lat\nx,1\n", "The file needs a header row with postcode (pcds), latitude (lat) and longitude"),
    ("pcds,lat,long\nW5 4HX,51.5,-0.3\nW5 1AA,fifty,-0.3\n",
     "Line 3: the latitude and longitude must be numbers"),
    (b"\xff\xfe\x00bad", "is not a UTF-8 text file"),
])
def test_a_bad_file_prints_one_line_exits_1_and_writes_nothing(runner, session, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = runner.invoke(args=["postcodes", "import", str(path)])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and message in result.output
    assert count(session) == 0


def test_a_missing_file_is_explained(runner, tmp_path):
    result = runner.invoke(args=["postcodes", "import", str(tmp_path / "nope.csv")])
    assert result.exit_code == 1 and "There is no file called" in result.output
