#!/usr/bin/env python3
"""The analyst's job in pandas, as the benchmark times it beside xueshi (Benchmarks/peers_bench.sh):
the same as duckdb_job.py (one row per natural key, approved hours per person and year, 90 hours with
60 professional in each of 2023-2025). Hours are summed in hundredths as integers, exactly.
Prints {"people": N, "meeting": M}.

  python3 pandas_job.py --file EXPORT.csv
"""
import argparse
import json

import pandas as pd

KEY = ["身份证号", "年度", "科目类别", "项目名称", "开始日期", "结束日期", "学时"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", required=True)
    args = parser.parse_args()
    frame = pd.read_csv(args.file, skiprows=2, dtype=str, keep_default_na=False,
                        usecols=KEY + ["审核状态"])
    frame = frame.drop_duplicates(subset=KEY)
    people = frame["身份证号"].nunique()
    approved = frame[(frame["审核状态"] == "已审核") & frame["年度"].isin(["2023", "2024", "2025"])].copy()
    approved["hundredths"] = (approved["学时"].astype(float) * 100).round().astype("int64")
    approved["professional"] = approved["hundredths"].where(approved["科目类别"] == "专业科目", 0)
    years = approved.groupby(["身份证号", "年度"])[["hundredths", "professional"]].sum()
    meets = years[(years["hundredths"] >= 9000) & (years["professional"] >= 6000)].reset_index()
    meeting = int((meets.groupby("身份证号").size() == 3).sum())
    print(json.dumps({"people": int(people), "meeting": meeting}))


if __name__ == "__main__":
    main()
