#!/usr/bin/env python3
"""The analyst's job in DuckDB, as the benchmark times it beside xueshi (Benchmarks/peers_bench.sh).

Read the provincial export (two title rows above the header), keep one row per natural key (ID, year,
category, title, start, end, hours), add up approved hours per person and year, and decide who meets
90 hours, 60 of them professional, in each of 2023, 2024 and 2025. Prints {"people": N, "meeting": M}.

  python3 duckdb_job.py --file EXPORT.csv --db FILE.duckdb      # file → table in a file db → verdicts
  python3 duckdb_job.py --file EXPORT.csv --memory               # file → verdicts, nothing kept
  python3 duckdb_job.py --db FILE.duckdb --query-only            # verdicts from the table made before
"""
import argparse
import json
import os

import duckdb

LOAD = """
CREATE OR REPLACE TABLE records AS
SELECT DISTINCT "身份证号" AS id, "年度" AS year, "科目类别" AS category, "项目名称" AS title,
       "开始日期" AS start_date, "结束日期" AS end_date, "学时" AS hours, "审核状态" AS status
FROM read_csv(?, skip = 2, header = true, all_varchar = true)
"""

VERDICTS = """
WITH years AS (
    SELECT id, year,
           sum(CAST(hours AS DECIMAL(10, 2))) AS counted,
           sum(CASE WHEN category = '专业科目' THEN CAST(hours AS DECIMAL(10, 2)) ELSE 0 END) AS professional
    FROM records WHERE status = '已审核' AND year IN ('2023', '2024', '2025')
    GROUP BY id, year),
people AS (SELECT DISTINCT id FROM records)
SELECT (SELECT count(*) FROM people) AS people,
       (SELECT count(*) FROM (SELECT id FROM years WHERE counted >= 90 AND professional >= 60
                              GROUP BY id HAVING count(*) = 3)) AS meeting
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--file")
    parser.add_argument("--db")
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--query-only", action="store_true")
    args = parser.parse_args()
    if args.memory:
        con = duckdb.connect(":memory:")
    else:
        if not args.query_only and os.path.exists(args.db):
            os.remove(args.db)
        con = duckdb.connect(args.db)
    if not args.query_only:
        con.execute(LOAD, [args.file])
    people, meeting = con.execute(VERDICTS).fetchone()
    print(json.dumps({"people": people, "meeting": meeting}))


if __name__ == "__main__":
    main()
