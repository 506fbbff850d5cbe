#!/usr/bin/env python3
"""Overlapping exports for Benchmarks/concurrency_trials.sh, cut from one generate_export.py file.

    python3 Benchmarks/concurrency_files.py make SOURCE.csv OUTDIR [--files 8] [--k 16] [--shared 2000] [--base 2000]
    python3 Benchmarks/concurrency_files.py check ROUND_DIR DESCRIPTION.json new|filled

SOURCE is an export written with --no-title-rows (the header on its first line), rows grouped by person.
`make` writes OUTDIR/file-1.csv .. file-N.csv, OUTDIR/shared.csv and OUTDIR/base.csv:

- a shared part, every row of the first people until --shared rows, in every file;
- file i's own part: k * 2**(i-1) people not in any other file, one record each;
- base.csv: other people's rows (about --base), none in any file, for the rounds into a filled ledger.

So any set of files, imported, adds the shared part plus the sum of its own parts, a number that no other
set of files gives, in records and in people alike: a reader that counts the ledger can tell which
imports it saw whole, and a count that is no such sum is half an import. Prints a JSON description:
the records and people of the shared part, of the base, and of each file's own part.

`check` reads what a round of concurrency_trials.sh left in ROUND_DIR (each import's and each reader's
start and end times, exit status, output) and prints a JSON verdict; see check_round.
"""
import argparse
import csv
import glob
import json
import os
import re
import sqlite3


def make(argv):
    parser = argparse.ArgumentParser(prog="concurrency_files.py make")
    parser.add_argument("source")
    parser.add_argument("outdir")
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--k", type=int, default=16)
    parser.add_argument("--shared", type=int, default=2000)
    parser.add_argument("--base", type=int, default=2000)
    args = parser.parse_args(argv)

    with open(args.source, newline="", encoding="utf-8-sig") as file:
        reader = csv.reader(file)
        header = next(reader)
        id_column = header.index("身份证号")
        people = []  # [(id, [rows])] in file order
        for row in reader:
            if people and people[-1][0] == row[id_column]:
                people[-1][1].append(row)
            else:
                people.append((row[id_column], [row]))
    if len({p for p, _ in people}) != len(people):
        raise SystemExit("concurrency_files: the source's rows are not grouped by person")

    position = 0

    def take_rows(count):
        """Every row of the next people until `count` rows: (rows, people)."""
        nonlocal position
        rows, n = [], 0
        while len(rows) < count:
            if position >= len(people):
                raise SystemExit("concurrency_files: the source has too few rows")
            rows += people[position][1]
            position, n = position + 1, n + 1
        return rows, n

    shared, shared_people = take_rows(args.shared)
    base, base_people = take_rows(args.base)
    own = []
    for i in range(args.files):
        size = args.k * 2 ** i
        if position + size > len(people):
            raise SystemExit("concurrency_files: the source has too few people (%d needed)" % (position + size))
        own.append([rows[0] for _, rows in people[position:position + size]])
        position += size

    os.makedirs(args.outdir, exist_ok=True)

    def write(name, rows):
        with open(os.path.join(args.outdir, name), "w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(rows)

    write("base.csv", base)
    write("shared.csv", shared)
    for i, rows in enumerate(own):
        # The own part first in some files, last in others: the imports overlap at different moments.
        write("file-%d.csv" % (i + 1), rows + shared if i % 2 else shared + rows)
    print(json.dumps({"shared": {"records": len(shared), "people": shared_people},
                      "base": {"records": len(base), "people": base_people},
                      "k": args.k, "own": [len(rows) for rows in own],
                      "rows": [len(rows) + len(shared) for rows in own]}))


LOCK_WORDS = re.compile(r"locked|busy|锁|繁忙")
NO_LEDGER = "找不到学时库"
NOBODY = "学时库里没有可核查的人"


def read(path, default=""):
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read()
    except FileNotFoundError:
        return default


def observed(reader, text, folder_file):
    """The ledger's size as a reader's output shows it: records for `records`, people for the others."""
    if reader == "records":
        return "records", len(json.loads(text)["records"])
    if reader == "verify":
        return "people", len(json.loads(text)["people"])
    if reader == "report":
        return "people", sum(unit["people"] for unit in json.loads(text)["units"])
    # schedule: one delivery to a folder, sent; the file it wrote is a `report units --format json`.
    deliveries = json.loads(text)["deliveries"]
    if [d["status"] for d in deliveries] != ["sent"]:
        raise ValueError("deliveries %s" % deliveries)
    return "people", sum(unit["people"] for unit in json.loads(read(folder_file))["units"])


def check_round(folder, description, kind):
    """Every import succeeded and inserted, together, exactly the distinct records; every reader's
    command succeeded, none said a word of a lock, and every count a reader saw is the shared part plus
    the own parts of a set of files (the base too in a filled ledger): a set that holds every import
    that had ended before the reader started, and no import that started after it ended."""
    k, n = description["k"], len(description["own"])
    filled = kind == "filled"
    failures, subsets = [], set()
    imports = []
    for i in range(1, n + 1):
        start = int(read(os.path.join(folder, "imp-%d.start" % i), "0"))
        rc, end = (int(x) for x in read(os.path.join(folder, "imp-%d.end" % i), "-1 0").split())
        err = read(os.path.join(folder, "imp-%d.err" % i))
        imports.append((start, end, rc))
        if rc != 0:
            failures.append("import %d exited %d: %s" % (i, rc, err[:300]))
        if LOCK_WORDS.search(err):
            failures.append("import %d spoke of a lock: %s" % (i, err[:300]))
    inserted = 0
    for i in range(1, n + 1):
        try:
            result = json.loads(read(os.path.join(folder, "imp-%d.out" % i)))
            inserted += result["inserted"]
            if result["inserted"] + result["duplicates"] != description["rows"][i - 1] or result["rejected"]:
                failures.append("import %d: %s" % (i, {x: result[x] for x in ("inserted", "duplicates", "rejected")}))
        except (ValueError, KeyError) as error:
            failures.append("import %d: no JSON (%s)" % (i, error))
    new_records = sum(description["own"]) + (0 if filled else description["shared"]["records"])
    if inserted != new_records:
        failures.append("the imports inserted %d records together, not %d" % (inserted, new_records))

    counts = {"records": 0, "verify": 0, "report": 0, "schedule": 0}
    no_ledger = 0
    for log in sorted(glob.glob(os.path.join(folder, "*.log"))):
        reader = os.path.basename(log)[:-4]
        for line in read(log).splitlines():
            number, start, end, rc = line.split()
            start, end, rc = int(start), int(end), int(rc)
            base = os.path.join(folder, "%s-%s" % (reader, number))
            err = read(base + ".err")
            counts[reader] += 1
            where = "%s #%s" % (reader, number)
            if LOCK_WORDS.search(err):
                failures.append("%s spoke of a lock: %s" % (where, err[:300]))
            ended_before = {i for i, (s, e, r) in enumerate(imports) if r == 0 and e < start}
            started_before = {i for i, (s, e, r) in enumerate(imports) if s < end}
            # In a new ledger, before the first import commits: no ledger yet, or one with nobody in it,
            # which verify and report refuse (exit 2) and a schedule's delivery fails on (exit 1). The
            # empty set of imports, fine if no import had ended.
            empty = rc == 2 and (NO_LEDGER in err or NOBODY in err) or \
                reader == "schedule" and rc == 1 and NOBODY in read(base + ".out")
            if not filled and empty:
                no_ledger += 1
                if ended_before:
                    failures.append("%s found no ledger or nobody in it after import(s) %s had ended: %s"
                                    % (where, sorted(ended_before), err[:300]))
                continue
            if rc != 0 and not (reader == "verify" and rc == 1):
                failures.append("%s exited %d: %s" % (where, rc, err[:300]))
                continue
            try:
                unit, value = observed(reader, read(base + ".out"), base + ".folder/report.json")
            except (ValueError, KeyError, TypeError) as error:
                failures.append("%s: unreadable output (%s)" % (where, error))
                continue
            offset = description["shared"][unit] + (description["base"][unit] if filled else 0)
            if not filled and value == 0:
                mask = 0  # an empty ledger: no import committed yet
            elif value < offset or (value - offset) % k or (value - offset) // k >= 2 ** n or \
                    (not filled and value == offset):
                failures.append("%s saw %d %s: no set of whole imports makes it" % (where, value, unit))
                continue
            else:
                mask = (value - offset) // k
            seen = {i for i in range(n) if mask >> i & 1}
            if not ended_before <= seen <= started_before:
                failures.append("%s saw imports %s; ended before it started: %s; started before it ended: %s"
                                % (where, sorted(seen), sorted(ended_before), sorted(started_before)))
            subsets.add(mask)

    ledger = os.path.join(folder, "ledger.sqlite")
    expected = sum(description["own"]) + description["shared"]["records"] + (description["base"]["records"] if filled else 0)
    final = {}
    try:
        db = sqlite3.connect(ledger)
        final["integrity"] = db.execute("PRAGMA integrity_check").fetchone()[0]
        final["records"] = db.execute("SELECT count(*) FROM records").fetchone()[0]
        final["keys"] = db.execute("""SELECT count(*) FROM (SELECT DISTINCT person_id, year, category, title,
                                      start_date, end_date, hours FROM records)""").fetchone()[0]
        db.close()
    except sqlite3.Error as error:
        final["error"] = str(error)
    if final != {"integrity": "ok", "records": expected, "keys": expected}:
        failures.append("the ledger at the end: %s, expected %d distinct records" % (final, expected))
    return {"failures": failures, "observations": counts, "noLedgerYet": no_ledger,
            "statesSeen": len(subsets), "records": final.get("records")}


def main():
    import sys
    if len(sys.argv) > 1 and sys.argv[1] == "make":
        make(sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "check":
        with open(sys.argv[3]) as file:
            description = json.load(file)
        print(json.dumps(check_round(sys.argv[2], description, sys.argv[4]), ensure_ascii=False))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
