#!/usr/bin/env python3
"""Synthetic export of the provincial continuing-education hours system, for benchmarks and tests.

Writes a CSV shaped like what 浙江省工业和信息化领域专业技术人员继续教育学时登记管理系统 exports and
Excel saves: optional title rows above the header, the 14 header columns, CRLF line ends, fields with
commas and quotes properly quoted. Every row is valid for the importer and no two rows share the
natural key (id, year, category, title, start, end, hours), unless --bad-rows asks for broken rows.

Deterministic for a given set of arguments (the seed included). Standard library only.

    python3 Benchmarks/generate_export.py --rows 1000000 --people 22000 --units 1000 --output big.csv
"""

import argparse
import csv
import datetime
import io
import math
import os
import random
import sys
import time

HEADER = ["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称",
          "主办单位", "开始日期", "结束日期", "学时", "审核状态", "登记日期"]
TITLE_ROW = "浙江省工业和信息化领域专业技术人员继续教育学时登记表"
EXPORT_TIME_ROW = "导出时间：2025-09-01 10:00:00"
# Everything happens before the export: 2025's records end by this day and are registered by it.
EXPORT_DAY = datetime.date(2025, 8, 31)
YEARS = (2023, 2024, 2025)

# --- people ---------------------------------------------------------------------------------------
# Region codes (first six digits): mostly Zhejiang districts, some from other provinces.
REGIONS_ZJ = ["330102", "330105", "330106", "330108", "330109", "330110", "330111", "330112",
              "330122", "330203", "330205", "330206", "330211", "330212", "330281", "330302",
              "330303", "330324", "330381", "330382", "330402", "330411", "330421", "330481",
              "330502", "330503", "330521", "330602", "330603", "330604", "330681", "330702",
              "330703", "330782", "330783", "330802", "330803", "330902", "331002", "331003",
              "331004", "331081", "331102", "331121"]
REGIONS_OTHER = ["110105", "110108", "120104", "310104", "310115", "320102", "320106", "320505",
                 "340104", "350203", "360102", "362301", "370102", "410105", "420106", "430104",
                 "440305", "500103", "510107", "610113"]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
            "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万"
            "钱严覃武戴莫孔向汤楼应俞项虞童舒诸葛")
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "东方"]
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌俊峰浩宇婷雪梅琳晨"
         "欣怡子涵梓轩一鸣思远嘉怡佳琪雨桐博文昊天晓东海波立新振华永刚国平春燕丹丹晶晶亮鹏飞瑞"
         "凯旭辉翔宁凡琦瑶颖慧倩璐蕾薇蓉婧晗玥彤萱")

# --- units ----------------------------------------------------------------------------------------
FIXED_UNITS = ["之江实验室", "浙江大学", "浙江工业大学", "杭州电子科技大学", "浙江理工大学",
               "浙江省经济和信息化研究院", "浙江省北大信息技术高等研究院", "西湖大学",
               "浙江省智能制造专家委员会秘书处", "浙江省电子信息产品检验研究院"]
CITIES = ["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水"]
BRAND_CHARS = "华信达联创智云数汇通和安明泰睿新远景宏源恒瑞博科微芯星海正天鼎盛诚嘉德易鸿浩思启航"
UNIT_SUFFIXES = ["科技有限公司", "信息技术有限公司", "智能科技有限公司", "网络科技股份有限公司",
                 "电子有限公司", "软件有限公司", "数据科技有限公司", "智能装备有限公司"]

# --- what a record is -----------------------------------------------------------------------------
CATEGORIES = ["一般公需科目", "行业公需科目", "专业科目"]
CATEGORY_WEIGHTS = [20, 15, 65]
FORMS_BY_CATEGORY = {
    "一般公需科目": (["网络课程", "面授培训"], [75, 25]),
    "行业公需科目": (["网络课程", "面授培训", "学术会议"], [50, 40, 10]),
    "专业科目": (["面授培训", "网络课程", "学术会议", "论文", "专利", "项目"], [38, 27, 15, 9, 5, 6]),
}
HOURS_BY_FORM = {
    "网络课程": ["1", "2", "3", "4", "6", "8", "12", "16"],
    "面授培训": ["4", "8", "8", "8.5", "12", "16", "16", "24", "32", "40"],
    "学术会议": ["8", "8", "12", "16", "24"],
    "论文": ["12", "16", "24", "32"],
    "专利": ["16", "24", "32", "40"],
    "项目": ["24", "32", "40"],
}
TITLES = {
    "一般公需科目": [
        "习近平新时代中国特色社会主义思想专题学习", "专业技术人员职业道德与诚信建设",
        "数字经济与数字化改革", "知识产权保护与运用", "《中华人民共和国安全生产法》解读",
        "《中华人民共和国民法典》解读", "科学家精神与科研诚信", "\"八八战略\"与浙江高质量发展",
        "共同富裕示范区建设专题", "心理健康与压力管理", "保密法律法规与保密常识",
        "创新驱动发展战略,理论与实践",
    ],
    "行业公需科目": [
        "浙江省工业和信息化政策解读", "制造业数字化转型与智能制造", "工业互联网平台建设与应用",
        "网络与数据安全合规", "绿色低碳与\"双碳\"目标", "专精特新企业培育",
        "信创产业发展与国产化替代", "产业链供应链安全与韧性", "数据要素市场化配置改革",
        "新型工业化,新质生产力与产业升级",
    ],
    "专业科目": [
        "人工智能大模型应用专题培训", "深度学习与计算机视觉", "自然语言处理前沿技术",
        "机器学习工程化实践", "智能芯片与边缘计算", "具身智能与机器人技术", "知识图谱构建与应用",
        "多模态大模型训练与推理优化", "AI for Science: 方法, 工具与案例", "智能语音与人机交互",
        "数据治理与数据质量管理", "生成式人工智能安全与伦理", "强化学习理论与应用",
        "云原生与分布式系统架构", "自动驾驶感知与决策", "工业视觉检测技术",
        "大模型检索增强生成(RAG)实践", "联邦学习与隐私计算", "算力网络与智算中心建设",
        "软件工程,测试与质量保障",
    ],
}
TITLE_SUFFIXES = ["", "", "", "（第{n}期）", "（第{n}期）", "高级研修班", "专题培训", "（线上）",
                  "研讨班（第{n}期）"]
CONFERENCES = ["中国人工智能大会", "世界人工智能大会", "全球数字经济大会", "中国计算机大会",
               "世界互联网大会乌镇峰会", "浙江省人工智能产业发展论坛", "之江智能论坛",
               "中国自动化大会", "中国智能制造大会"]
PAPER_TOPICS = ["基于深度学习的工业缺陷检测方法研究", "面向大模型推理的显存优化技术",
                "多模态知识图谱构建方法", "基于强化学习的机器人抓取策略", "联邦学习中的隐私保护机制",
                "小样本图像分类方法研究", "面向边缘设备的神经网络量化", "大语言模型的幻觉检测"]
JOURNALS = ["计算机学报", "软件学报", "自动化学报", "中国科学：信息科学", "电子学报", "浙江大学学报（工学版）"]
PATENT_TOPICS = ["一种基于大模型的文本生成方法及装置", "一种图像识别模型的训练方法、系统及介质",
                 "一种边缘计算任务调度方法", "一种工业设备故障预测方法及系统", "一种语音增强方法和装置"]
PROJECT_TOPICS = ["浙江省重点研发计划项目：智能制造关键技术攻关", "国家自然科学基金项目：可信人工智能基础理论",
                  "企业横向课题：智能客服系统研发", "之江实验室重大科研项目：智能计算平台",
                  "浙江省“尖兵”“领雁”研发攻关计划项目"]
ORGANIZERS_BY_CATEGORY = {
    "一般公需科目": ["浙江省人力资源和社会保障厅", "浙江省专业技术人员继续教育网", "浙江开放大学",
                   "杭州市人力资源和社会保障局", "宁波市人力资源和社会保障局"],
    "行业公需科目": ["浙江省经济和信息化厅", "浙江省经济和信息化研究院", "浙江省软件行业协会",
                   "浙江省电子信息产业协会", "浙江省信息化发展中心"],
    "专业科目": ["之江实验室", "浙江大学计算机科学与技术学院", "浙江大学继续教育学院", "中国人工智能学会",
              "中国计算机学会", "浙江省人工智能学会", "杭州电子科技大学", "浙江工业大学", "阿里云计算有限公司",
              "浙江省北大信息技术高等研究院"],
}
STATUSES = ["已审核", "待审核", "未通过"]
STATUS_WEIGHTS = {2023: [96, 1, 3], 2024: [93, 4, 3], 2025: [78, 19, 3]}
BAD_KINDS = ["bad-check-digit", "unknown-category", "bad-hours"]


def check_digit(first17):
    s = 0
    for ch, w in zip(first17, ID_WEIGHTS):
        s += (ord(ch) - 48) * w
    return ID_CHECK[s % 11]


def make_ids(rng, count):
    """count distinct valid 18-character resident IDs."""
    ids, seen = [], set()
    born_from = datetime.date(1960, 1, 1).toordinal()
    born_to = datetime.date(1998, 12, 31).toordinal()
    while len(ids) < count:
        region = rng.choice(REGIONS_ZJ) if rng.random() < 0.85 else rng.choice(REGIONS_OTHER)
        born = datetime.date.fromordinal(rng.randint(born_from, born_to)).strftime("%Y%m%d")
        first17 = "%s%s%03d" % (region, born, rng.randint(1, 999))
        ident = first17 + check_digit(first17)
        if ident not in seen:
            seen.add(ident)
            ids.append(ident)
    return ids


def make_name(rng):
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choice(SURNAMES)
    given = rng.choice(GIVEN) if rng.random() < 0.3 else rng.choice(GIVEN) + rng.choice(GIVEN)
    return surname + given


def make_units(rng, count):
    units = FIXED_UNITS[:count]
    seen = set(units)
    attempts = 0
    while len(units) < count:
        attempts += 1
        name = rng.choice(CITIES) + rng.choice(BRAND_CHARS) + rng.choice(BRAND_CHARS) + rng.choice(UNIT_SUFFIXES)
        if attempts > 50 * count:  # more units asked than the word lists give: number them
            name = name.replace("有限公司", "有限公司第%d分公司" % len(units))
        if name not in seen:
            seen.add(name)
            units.append(name)
    return units


def rows_per_person(rng, rows, people):
    """Split rows over people: everyone gets at least one (when rows >= people), the rest by activity."""
    if rows <= people:
        counts = [0] * people
        for p in rng.sample(range(people), rows):
            counts[p] = 1
        return counts
    counts = [1] * people
    weights = [rng.lognormvariate(0.0, 0.6) for _ in range(people)]
    extra = rows - people
    total = sum(weights)
    shares = [w * extra / total for w in weights]
    floors = [int(s) for s in shares]
    for p in range(people):
        counts[p] += floors[p]
    left = extra - sum(floors)
    # hand out what rounding left over to the largest remainders (ties by index: deterministic)
    order = sorted(range(people), key=lambda p: (floors[p] - shares[p], p))
    for p in order[:left]:
        counts[p] += 1
    return counts


def build_title(rng, category, form):
    if form == "论文":
        return "论文：%s（%s）" % (rng.choice(PAPER_TOPICS), rng.choice(JOURNALS))
    if form == "专利":
        return "发明专利：" + rng.choice(PATENT_TOPICS)
    if form == "项目":
        return rng.choice(PROJECT_TOPICS)
    if form == "学术会议":
        return "第%d届%s" % (rng.randint(2, 12), rng.choice(CONFERENCES))
    base = rng.choice(TITLES[category])
    suffix = rng.choice(TITLE_SUFFIXES)
    return base + suffix.format(n=rng.randint(1, 12))


def duration_days(rng, form, hours):
    """Days from start to end (0 = one-day event)."""
    if form == "面授培训" or form == "学术会议":
        return max(0, math.ceil(float(hours) / 8.0) - 1)
    if form == "网络课程":
        return rng.randint(0, 45)
    if form == "项目":
        return rng.randint(30, 180)
    return 0  # a paper's publication day, a patent's grant day


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="data rows (default 1000000)")
    ap.add_argument("--people", type=int, default=22_000, help="distinct people (default 22000)")
    ap.add_argument("--units", type=int, default=1_000, help="distinct employers (default 1000)")
    ap.add_argument("--seed", type=int, default=20250728, help="random seed (default 20250728)")
    ap.add_argument("--encoding", choices=["utf-8", "gb18030"], default="utf-8")
    ap.add_argument("--bom", action="store_true", help="start with a byte-order mark")
    ap.add_argument("--title-rows", dest="title_rows", action="store_true", default=True,
                    help="write the form title and export time rows above the header (default)")
    ap.add_argument("--no-title-rows", dest="title_rows", action="store_false",
                    help="the header is the first row")
    ap.add_argument("--bad-rows", type=int, default=0, metavar="K",
                    help="corrupt K rows (bad check digit, unknown category, hours 'abc', in turn)")
    ap.add_argument("--lf", action="store_true", help="LF line ends instead of Excel's CRLF")
    ap.add_argument("--xlsx", action="store_true",
                    help="write the same records as an .xlsx the way Excel writes it (shared strings, "
                         "numbers as numbers, date cells with a date style) instead of a CSV")
    ap.add_argument("--output", "-o", required=True, help="the CSV file to write ('-' for stdout)")
    ap.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    args = ap.parse_args(argv)
    if args.rows < 0 or args.people < 1 or args.units < 1:
        ap.error("--rows must be >= 0, --people and --units >= 1")
    if not 0 <= args.bad_rows <= args.rows:
        ap.error("--bad-rows must be between 0 and --rows")
    if args.xlsx and (args.output == "-" or args.encoding != "utf-8" or args.bom or args.lf):
        ap.error("--xlsx writes a file: it takes no '-', --encoding, --bom or --lf")

    t0 = time.perf_counter()
    rng = random.Random(args.seed)
    ids = make_ids(rng, args.people)
    names = [make_name(rng) for _ in range(args.people)]
    units = make_units(rng, args.units)
    # Units by size: a few big employers, many small ones.
    unit_weights = [1.0 / (i + 1) ** 0.8 for i in range(len(units))]
    home_unit = rng.choices(range(len(units)), weights=unit_weights, k=args.people)
    # ...and every unit has someone, where there are enough people
    for u, p in enumerate(rng.sample(range(args.people), min(len(units), args.people))):
        home_unit[p] = u
    # About 3% moved employer in 2025: their earlier records carry the previous unit.
    prev_unit = [rng.randrange(len(units)) if rng.random() < 0.03 else -1 for _ in range(args.people)]
    counts = rows_per_person(rng, args.rows, args.people)

    # Date strings by ordinal, 2023-01-01 .. 2026-03-31.
    first_ord = datetime.date(2023, 1, 1).toordinal()
    last_ord = datetime.date(2026, 3, 31).toordinal()
    day_str = {o: datetime.date.fromordinal(o).isoformat() for o in range(first_ord, last_ord + 1)}
    export_ord = EXPORT_DAY.toordinal()
    # Per year: the window where an event may start and the last day it may end.
    windows = {}
    for y in YEARS:
        y0 = datetime.date(y, 1, 3).toordinal()
        y_end = datetime.date(y, 12, 31).toordinal()
        if y == 2025:
            y_end = export_ord - 10  # so the registration still falls before the export
        windows[y] = (y0, y_end)

    # A pool of record "templates" (category, form, title, organizer, hours, duration). Each row draws
    # one; the row's start date, distinct per person and year, keeps the natural key unique.
    pool = []
    for _ in range(4096):
        category = rng.choices(CATEGORIES, weights=CATEGORY_WEIGHTS)[0]
        forms, fweights = FORMS_BY_CATEGORY[category]
        form = rng.choices(forms, weights=fweights)[0]
        hours = rng.choice(HOURS_BY_FORM[form])
        title = build_title(rng, category, form)
        organizer = rng.choice(ORGANIZERS_BY_CATEGORY[category])
        if form == "学术会议":
            organizer = rng.choice(["中国人工智能学会", "中国计算机学会", "中国自动化学会", "浙江省人工智能学会"])
        pool.append((category, form, title, organizer, hours, duration_days(rng, form, hours)))
    pool_n = len(pool)
    status_cum = {}
    for y in YEARS:
        w = STATUS_WEIGHTS[y]
        s = float(sum(w))
        status_cum[y] = (w[0] / s, (w[0] + w[1]) / s)
    year_cum = (0.345, 0.70)  # a little less in 2025: the year is not over at export time

    out_path = args.output
    if args.xlsx:
        from xlsx_export_writer import XlsxExportWriter
        # 序号, 年度 and 学时 are numbers, the three dates date cells; the rest shared strings.
        w = XlsxExportWriter(out_path, len(HEADER), args.rows + 1 + (2 if args.title_rows else 0),
                             numbers=(0, 4, 11), dates=(9, 10, 13),
                             merged_title_rows=2 if args.title_rows else 0)
        f = None
    else:
        if out_path == "-":
            raw = sys.stdout.buffer
        else:
            raw = open(out_path, "wb")
        f = io.TextIOWrapper(io.BufferedWriter(raw, buffer_size=1 << 20), encoding=args.encoding,
                             newline="", write_through=False)
        lineterm = "\n" if args.lf else "\r\n"
        w = csv.writer(f, lineterminator=lineterm)
        if args.bom:
            f.write("\ufeff")
    pad = [""] * (len(HEADER) - 1)
    if args.title_rows:
        w.writerow([TITLE_ROW] + pad)
        w.writerow([EXPORT_TIME_ROW] + pad)
    w.writerow(HEADER)

    # --bad-rows: which data rows (by 序号) to break, chosen apart from the data's own random stream
    bad = {}
    if args.bad_rows:
        bad_rng = random.Random(args.seed ^ 0x5BAD)
        for i, s in enumerate(sorted(bad_rng.sample(range(1, args.rows + 1), args.bad_rows))):
            bad[s] = BAD_KINDS[i % len(BAD_KINDS)]
    bad_lines = []
    first_data_line = (3 if args.title_rows else 1) + 1  # the row number a spreadsheet shows

    r = rng.random
    sample = rng.sample
    seq = 0
    batch = []
    for p in range(args.people):
        n = counts[p]
        if n == 0:
            continue
        ident, name = ids[p], names[p]
        unit_now = units[home_unit[p]]
        unit_before = units[prev_unit[p]] if prev_unit[p] >= 0 else unit_now
        # the year of each of this person's records
        per_year = {2023: 0, 2024: 0, 2025: 0}
        years = []
        for _ in range(n):
            x = r()
            y = 2023 if x < year_cum[0] else (2024 if x < year_cum[1] else 2025)
            per_year[y] += 1
            years.append(y)
        # Start dates distinct per person and year: that alone makes the natural key unique. Should a
        # person have more records in a year than there are days, a slot past the window's length
        # becomes a batch number in the title.
        starts = {}
        for y, k in per_year.items():
            if k:
                lo, hi = windows[y]
                span = hi - lo - 14
                rounds = (k + span - 1) // span
                starts[y] = iter(sample(range(span * rounds), k))
        for y in years:
            slot = next(starts[y])
            lo, hi = windows[y]
            span = hi - lo - 14
            start = lo + slot % span
            category, form, title, organizer, hours, dur = pool[int(r() * pool_n)]
            if slot >= span:
                title = "%s（第%d批）" % (title, slot // span + 1)
            end = start + dur
            if end > hi:
                end = hi
            reg = end + 1 + int(r() * 40)
            if y == 2025 and reg > export_ord:
                reg = export_ord
            x = r()
            sc = status_cum[y]
            status = "已审核" if x < sc[0] else ("待审核" if x < sc[1] else "未通过")
            seq += 1
            row = [seq, name, ident, unit_now if y == 2025 else unit_before, y, category, form,
                   title, organizer, day_str[start], day_str[end], hours, status, day_str[reg]]
            if bad and seq in bad:
                kind = bad[seq]
                if kind == "bad-check-digit":
                    good = ident[17]
                    row[2] = ident[:17] + ID_CHECK[(ID_CHECK.index(good) + 1) % 11]
                elif kind == "unknown-category":
                    row[5] = "其他科目"
                else:
                    row[11] = "abc"
                bad_lines.append((first_data_line + seq - 1, kind))
            batch.append(row)
        if len(batch) >= 20000:
            w.writerows(batch)
            batch.clear()
    w.writerows(batch)
    if f is None:
        w.close()
    elif out_path == "-":
        f.flush()
        f.detach()
    else:
        f.close()
    if not args.quiet:
        used_units = {home_unit[p] for p in range(args.people) if counts[p]}
        used_units |= {prev_unit[p] for p in range(args.people) if counts[p] and prev_unit[p] >= 0}
        dt = time.perf_counter() - t0
        size = "" if out_path == "-" else " (%.1f MB)" % (os.path.getsize(out_path) / 1e6)
        print("wrote %d rows for %d people in %d units to %s%s in %.1f s"
              % (seq, sum(1 for c in counts if c), len(used_units), out_path, size, dt), file=sys.stderr)
        if bad_lines:
            shown = ", ".join("%d (%s)" % bl for bl in bad_lines[:20])
            more = "" if len(bad_lines) <= 20 else ", ... %d more" % (len(bad_lines) - 20)
            print("corrupted %d rows, by spreadsheet row number: %s%s" % (len(bad_lines), shown, more),
                  file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
