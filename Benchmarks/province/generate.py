#!/usr/bin/env python3
"""Writes a province-scale Content folder for riskpress, and optionally the same site for Hugo.

Seeded and deterministic: random.Random streams derived from --seed (one per kind of thing, so
changing --risks leaves the flows' shapes and the documents' text as they were), lists iterated in
a fixed order, files written with "\\n" line ends: the same arguments give byte-identical files
on every machine.
Every text is real: risk texts, manifestations, measures, persons, unit names, post names and
duties, register and flow titles, step labels, step notes, time limits, 承办 actors, branch
(条件) labels, document titles and paragraphs are read from the example Content and recombined.
Nothing is invented; where a name comes round again, （2）, （3） … is added to keep it unique.
Standard library only.

    python3 Benchmarks/province/generate.py --out /tmp/province/Content --hugo /tmp/province/hugo
    python3 Benchmarks/province/generate.py --out DIR --risks 5000 --seed 7

See Benchmarks/province/README.md for what is generated and how.
"""
import argparse
import csv
import importlib.util
import json
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))


def _load_search_generator():
    """The search benchmark's generator, loaded by path (its module name, `generate`, is ours too)."""
    spec = importlib.util.spec_from_file_location("search_generate", os.path.join(HERE, "..", "search", "generate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_search = _load_search_generator()
q = _search.q  # a YAML double-quoted scalar (JSON string syntax)
split_cell = _search.split_cell  # a CSV cell of numbered items or lines -> its items

# Risk levels of the sanji scheme and how often each is drawn; a few risks stay unrated.
LEVELS = (("重大", 15), ("较大", 35), ("一般", 50))
UNRATED_SHARE = 0.03
INTERNAL_SHARE = 0.05  # risks marked 公开: 否
LEVEL_SCHEME = "sanji"
# The columns a document's risk table sometimes names, as the example's chapters do.
DOCUMENT_COLUMNS = "[序号, 风险点, 风险等级, 责任主体]"


# ---------------------------------------------------------------------------
# Reading the example Content
# ---------------------------------------------------------------------------

def parse_yaml(text, source="<text>"):
    """Parses the block-style YAML subset the example Content is written in: mappings, sequences
    (also `- key: value` items and sequences at their key's indent), plain, single- and
    double-quoted scalars, and one-line flow sequences and mappings. Comments are whole lines.
    Scalars stay strings. Raises ValueError on anything else, so a change in the example shows."""
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        body = raw.strip()
        if body and not body.startswith("#"):
            lines.append([len(raw) - len(raw.lstrip(" ")), body, number])
    if not lines:
        return None
    value, end = _yaml_node(lines, 0, lines[0][0])
    if end != len(lines):
        raise ValueError(f"{source}:{lines[end][2]}: not in the YAML subset this script reads")
    return value


def _is_item(body):
    return body == "-" or body.startswith("- ")


def _is_key(body):
    return re.match(r"^[^\s'\"{\[-][^:]*:(\s|$)", body) is not None


def _yaml_node(lines, i, indent):
    return _yaml_sequence(lines, i, indent) if _is_item(lines[i][1]) else _yaml_mapping(lines, i, indent)


def _yaml_sequence(lines, i, indent):
    items = []
    while i < len(lines) and lines[i][0] == indent and _is_item(lines[i][1]):
        body = lines[i][1]
        rest = body[1:].lstrip(" ")
        if not rest:
            if i + 1 < len(lines) and lines[i + 1][0] > indent:
                value, i = _yaml_node(lines, i + 1, lines[i + 1][0])
            else:
                value, i = None, i + 1
        elif _is_key(rest):
            # `- key: value`: a mapping whose keys line up with the text after the dash.
            lines[i] = [indent + len(body) - len(rest), rest, lines[i][2]]
            value, i = _yaml_mapping(lines, i, lines[i][0])
        else:
            value, i = _yaml_scalar(rest), i + 1
        items.append(value)
    return items, i


def _yaml_mapping(lines, i, indent):
    mapping = {}
    while i < len(lines) and lines[i][0] == indent and not _is_item(lines[i][1]) and _is_key(lines[i][1]):
        key, _, rest = lines[i][1].partition(":")
        rest = rest.strip()
        i += 1
        if rest:
            mapping[key.strip()] = _yaml_scalar(rest)
        elif i < len(lines) and (lines[i][0] > indent or (lines[i][0] == indent and _is_item(lines[i][1]))):
            mapping[key.strip()], i = _yaml_node(lines, i, lines[i][0])
        else:
            mapping[key.strip()] = None
    return mapping, i


def _split_flow(text):
    """The parts of a flow collection's inside, split at commas outside quotes and brackets."""
    parts, depth, quote, start = [], 0, None, 0
    for k, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _yaml_scalar(text):
    if text.startswith('"'):
        return json.loads(text)
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    if text.startswith("[") and text.endswith("]"):
        return [_yaml_scalar(part) for part in _split_flow(text[1:-1])]
    if text.startswith("{") and text.endswith("}"):
        pairs = (part.partition(":") for part in _split_flow(text[1:-1]))
        return {key.strip(): _yaml_scalar(value.strip()) for key, _, value in pairs}
    return text


def split_front_matter(text):
    """A Markdown document's front matter text and its body."""
    match = re.match(r"^---\n(.*?)\n---\n?(.*)$", text, re.S)
    return (match.group(1), match.group(2)) if match else ("", text)


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text_items(value):
    """The non-empty strings of a scalar or list."""
    return [item.strip() for item in as_list(value) if isinstance(item, str) and item.strip()]


class Pool:
    """An ordered, duplicate-free list of real texts of one kind."""

    def __init__(self):
        self._items = {}

    def add(self, *values):
        for value in values:
            for item in text_items(value):
                self._items.setdefault(item, None)

    def items(self):
        return list(self._items)


@dataclass
class Corpus:
    """Every text this script samples, each kind in the order first read (files sorted by path)."""
    risk_texts: list
    manifestations: list
    measures: list
    persons: list
    categories: list
    body_names: list
    department_names: list
    post_names: list
    post_summaries: list
    duties: list
    register_titles: list
    flow_titles: list
    start_labels: list
    end_labels: list
    step_labels: list
    decision_labels: list
    step_notes: list
    time_limits: list
    actors: list
    branch_labels: list
    branch_groups: list  # the 条件 labels of each example decision, in order
    document_titles: list
    paragraphs: list
    plain_paragraphs: list
    headings: list


def content_files(content, folder, suffix):
    root = os.path.join(content, folder)
    paths = []
    for directory, _, files in os.walk(root):
        paths += [os.path.join(directory, name) for name in files if name.endswith(suffix)]
    return sorted(paths)


def read_text(path):
    with open(path, encoding="utf-8-sig") as f:
        return f.read()


def read_corpus(content):
    pools = {name: Pool() for name in Corpus.__dataclass_fields__ if name != "branch_groups"}
    branch_groups = {}

    # Registers: the YAML ones (风险清单 and 默认) and the CSV ones (cells of numbered items).
    for path in content_files(content, "registers", ".yaml"):
        document = parse_yaml(read_text(path), path) or {}
        pools["register_titles"].add(document.get("标题"))
        if path.endswith(".csv.yaml"):
            continue
        pools["measures"].add((document.get("默认") or {}).get("防控措施"))
        for risk in document.get("风险清单") or []:
            pools["risk_texts"].add(risk.get("风险点"))
            pools["manifestations"].add(risk.get("表现形式"))
            pools["measures"].add(risk.get("防控措施"))
            pools["persons"].add(risk.get("责任人"))
            pools["categories"].add(risk.get("风险类别"), risk.get("类别"))
    csv_paths = list(content_files(content, "registers", ".csv"))
    # The example keeps its 责任清单 as a workbook; its CSV form is the test fixture beside it.
    if os.path.exists(os.path.join(content, "registers", "qwb", "zerenqingdan.xlsx")):
        csv_paths.append(os.path.join(REPO, "Tests", "Fixtures", "Office", "zerenqingdan.csv"))
    for path in csv_paths:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                items = split_cell(row.get("风险点") or "")
                # One item is a risk text; a numbered list is how the risk shows itself.
                pools["risk_texts" if len(items) == 1 else "manifestations"].add(items)
                pools["measures"].add(split_cell(row.get("防控措施") or ""))
                pools["persons"].add(row.get("责任人"))
                pools["categories"].add(row.get("风险类别"), row.get("类别"))

    # The organisation chart: top-level units are bodies, the ones under 下设 departments.
    def walk_units(units, depth):
        for unit in units or []:
            pools["body_names" if depth == 0 else "department_names"].add(unit.get("名称"))
            walk_units(unit.get("下设"), depth + 1)

    for path in content_files(content, "units", ".yaml"):
        walk_units(parse_yaml(read_text(path), path), 0)

    for path in content_files(content, "posts", ".yaml"):
        for post in (parse_yaml(read_text(path), path) or {}).get("岗位") or []:
            pools["post_names"].add(post.get("名称"))
            pools["post_summaries"].add(post.get("概述"))
            pools["duties"].add(post.get("岗位职责"))

    # Flows: first and last steps give the start and end labels; 判断 steps, and inner steps
    # whose label says 审 (审核, 审批 …), the decision labels.
    for path in content_files(content, "flows", ".yaml"):
        flow = parse_yaml(read_text(path), path) or {}
        pools["flow_titles"].add(flow.get("标题"))
        steps = flow.get("步骤") or []
        for position, step in enumerate(steps):
            label = step.get("名称")
            kind = step.get("类型")
            if position == 0 or kind == "开始":
                pools["start_labels"].add(label)
            elif position == len(steps) - 1 or kind == "结束":
                pools["end_labels"].add(label)
            else:
                pools["step_labels"].add(label)
            if kind == "判断" or (kind is None and "审" in (label or "") and 0 < position < len(steps) - 1):
                pools["decision_labels"].add(label)
            pools["step_notes"].add(step.get("说明"))
            pools["time_limits"].add(step.get("时限"))
            pools["actors"].add(step.get("承办"))
            labels = [branch.get("条件") for branch in as_list(step.get("去向")) if isinstance(branch, dict)]
            pools["branch_labels"].add(labels)
            if labels:
                branch_groups.setdefault(tuple(labels), None)

    # Documents: titles, and every line of the body outside fenced blocks and without links.
    for path in content_files(content, "documents", ".md"):
        header, body = split_front_matter(read_text(path))
        title = (parse_yaml(header, path) or {}).get("标题")
        pools["document_titles"].add(title)
        pools["headings"].add(title)
        fenced = False
        for line in body.splitlines():
            line = line.strip()
            if line.startswith("```"):
                fenced = not fenced
            elif line and not fenced and "](" not in line and not line.startswith("#"):
                pools["paragraphs"].add(line)
                if not re.match(r"^(\*\*|\d+[.、]|[（(])", line):
                    pools["plain_paragraphs"].add(line)
                if re.match(r"^表\d+\s", line):
                    pools["headings"].add(line)  # a table's caption

    corpus = Corpus(branch_groups=list(branch_groups), **{name: pool.items() for name, pool in pools.items()})
    required = [name for name in Corpus.__dataclass_fields__ if name != "categories"]
    empty = [name for name in required if not getattr(corpus, name)]
    if empty:
        sys.exit(f"{content}: found no texts for {', '.join(empty)}")
    return corpus


# ---------------------------------------------------------------------------
# The generated model
# ---------------------------------------------------------------------------

@dataclass
class Unit:
    id: str
    name: str
    body: str  # the id of the top-level unit it belongs to (its own for a body)
    parent: str = None
    children: list = field(default_factory=list)


@dataclass
class Post:
    id: str
    unit: str
    name: str
    summary: str
    duties: list


@dataclass
class Risk:
    id: str
    register: str
    text: str
    manifestations: list
    level: str  # "" for unrated
    unit: str
    post: str
    person: str
    category: str
    measures: list
    public: bool


@dataclass
class Register:
    id: str
    body: str
    title: str
    risks: list = field(default_factory=list)


@dataclass
class Step:
    id: str
    label: str
    kind: str  # 开始, 办理 (written as no 类型), 判断 or 结束
    lane: str = None
    note: str = None
    time_limit: str = None
    branches: list = field(default_factory=list)  # (target step id, 条件 label); empty: sequence
    risks: list = field(default_factory=list)


@dataclass
class Flow:
    id: str
    body: str
    title: str
    unit: str
    post: str
    lanes: list
    note: str
    steps: list


@dataclass
class Document:
    id: str
    body: str
    title: str
    unit: str
    blocks: list  # ("p", text), ("h", text) or ("risks", register id, with columns)


@dataclass
class Model:
    units: list  # in chart order: each body, then its departments
    posts: list
    registers: list
    risks: list
    flows: list
    documents: list

    def units_by_id(self):
        return {unit.id: unit for unit in self.units}


class Namer:
    """Unique names from a pool of real ones: the first use as is, later uses with （2）, （3） …"""

    def __init__(self):
        self._uses = {}

    def name(self, base):
        count = self._uses.get(base, 0) + 1
        self._uses[base] = count
        return base if count == 1 else f"{base}（{count}）"


def spread(total, buckets):
    """`total` split over `buckets` as evenly as integers allow, the larger shares first."""
    return [total // buckets + (1 if k < total % buckets else 0) for k in range(buckets)]


def id_width(count, minimum):
    return max(minimum, len(str(count)))


def generate(corpus, args):
    def stream(name):
        # One random stream per kind of thing, so that changing one count (say --risks) changes
        # nothing else: the flows keep their shapes and labels, the documents their text.
        # A str seed is hashed with SHA-512, the same on every machine.
        return random.Random(f"{args.seed}/{name}")

    units = make_units(corpus, args, stream("units"))
    posts = make_posts(corpus, args, stream("posts"), units)
    registers, risks = make_registers(corpus, args, stream("risks"), units, posts)
    flows = make_flows(corpus, args, stream("flows"), stream("flow-risks"), units, posts, risks)
    documents = make_documents(corpus, args, stream("documents"), stream("document-registers"), units, registers)
    return Model(units, posts, registers, risks, flows, documents)


def make_units(corpus, args, rng):
    """About one body per ten units; the other units are departments spread over the bodies."""
    bodies = max(1, round(args.units / 10))
    namer = Namer()
    width = id_width(args.units, 3)
    units = []
    for b, departments in enumerate(spread(args.units - bodies, bodies)):
        body_id = f"u{len(units) + 1:0{width}d}"
        body = Unit(body_id, namer.name(corpus.body_names[b % len(corpus.body_names)]), body_id)
        units.append(body)
        # Each body takes its department names in its own shuffled order of the pool.
        names = rng.sample(corpus.department_names, len(corpus.department_names))
        for d in range(departments):
            unit = Unit(f"u{len(units) + 1:0{width}d}", namer.name(names[d % len(names)]), body.id, parent=body.id)
            body.children.append(unit.id)
            units.append(unit)
    return units


def make_posts(corpus, args, rng, units):
    """Every unit gets a post (while there are enough), the rest go to units drawn at random."""
    counts = [1 if args.posts >= len(units) else 0 for _ in units]
    for _ in range(args.posts - sum(counts)):
        counts[rng.randrange(len(units))] += 1
    width = id_width(args.posts, 4)
    posts = []
    for unit, count in zip(units, counts):
        namer = Namer()  # post names are unique within their unit
        for _ in range(count):
            posts.append(Post(
                id=f"p{len(posts) + 1:0{width}d}", unit=unit.id,
                name=namer.name(rng.choice(corpus.post_names)),
                summary=rng.choice(corpus.post_summaries) if rng.random() < 0.1 else None,
                duties=rng.sample(corpus.duties, min(len(corpus.duties), rng.randint(2, 6)))))
    return posts


def make_registers(corpus, args, rng, units, posts):
    """Registers of about 50 risks, spread evenly over the bodies. Each register covers its body
    and 2-4 of its departments, as a register covers a few 科室; each risk names one of them."""
    bodies = [unit for unit in units if unit.parent is None]
    posts_of = {}
    for post in posts:
        posts_of.setdefault(post.unit, []).append(post.id)
    levels = [label for label, _ in LEVELS]
    weights = [weight for _, weight in LEVELS]
    namer = Namer()
    registers, risks = [], []
    register_count = max(1, round(args.risks / 50))
    per_body = spread(register_count, len(bodies))
    sizes = iter(spread(args.risks, register_count))
    for body, count in zip(bodies, per_body):
        width = id_width(count, 2)
        for n in range(1, count + 1):
            register = Register(f"{body.id}-r{n:0{width}d}", body.id,
                                namer.name(corpus.register_titles[len(registers) % len(corpus.register_titles)]))
            members = [body.id] + rng.sample(body.children, min(len(body.children), rng.randint(2, 4)))
            for position in range(1, next(sizes) + 1):
                unit = rng.choice(members)
                text = rng.choice(corpus.risk_texts)
                if rng.random() < 0.25:
                    text += rng.choice(corpus.risk_texts)  # two real risk texts, as some registers join them
                manifestations = []
                if rng.random() < 0.25:
                    manifestations = rng.sample(corpus.manifestations, min(len(corpus.manifestations), rng.randint(1, 3)))
                level = "" if rng.random() < UNRATED_SHARE else rng.choices(levels, weights)[0]
                unit_posts = posts_of.get(unit, [])
                risk = Risk(
                    id=f"{register.id}-{position}", register=register.id, text=text, manifestations=manifestations,
                    level=level, unit=unit, post=rng.choice(unit_posts) if unit_posts else None,
                    person=rng.choice(corpus.persons) if rng.random() < 0.3 else None,
                    category=rng.choice(corpus.categories) if corpus.categories and rng.random() < 0.4 else None,
                    measures=rng.sample(corpus.measures, rng.randint(2, 4)),
                    public=rng.random() >= INTERNAL_SHARE)
                register.risks.append(risk)
                risks.append(risk)
            registers.append(register)
    return registers, risks


def flow_length(rng):
    """5-40 steps, skewed towards short flows: 5 + floor(36 r²) for r uniform in [0, 1), so the
    median is about 14 steps, the mean about 17, and 29% of the flows have 7 steps or fewer."""
    return 5 + int(36 * rng.random() ** 2)


def make_flows(corpus, args, rng, pick, units, posts, risks):
    """Flows owned by units drawn at random; `pick` draws the risk points on their steps."""
    body_of = {unit.id: unit.body for unit in units}
    posts_of, risks_of, body_risks = {}, {}, {}
    for post in posts:
        posts_of.setdefault(post.unit, []).append(post.id)
    for risk in risks:
        risks_of.setdefault(risk.unit, []).append(risk.id)
        body_risks.setdefault(body_of[risk.unit], []).append(risk.id)
    namer = Namer()
    width = id_width(args.flows, 4)
    flows = []
    for n in range(1, args.flows + 1):
        unit = rng.choice(units)
        # Risk points of the flow's unit; a unit that owns none lends its body's.
        candidates = risks_of.get(unit.id) or body_risks.get(unit.body, [])
        lanes = []
        if rng.random() < 0.7:
            lanes = rng.sample(corpus.actors, min(len(corpus.actors), rng.randint(2, 6)))
        unit_posts = posts_of.get(unit.id, [])
        flows.append(Flow(
            id=f"f{n:0{width}d}", body=unit.body,
            title=namer.name(corpus.flow_titles[(n - 1) % len(corpus.flow_titles)]),
            unit=unit.id, post=rng.choice(unit_posts) if unit_posts and rng.random() < 0.5 else None,
            lanes=lanes, note=rng.choice(corpus.plain_paragraphs) if rng.random() < 0.2 else None,
            steps=make_steps(corpus, rng, pick, flow_length(rng), lanes, candidates)))
    return flows


def branch_labels(corpus, rng, count, back):
    """`count` real 条件 labels for one decision, taken as the example's decisions group them
    (合格/不合格, 通过/不通过, 5000元以下/5000元以上（含5000元）). A back edge (退回) takes a
    group with a negative label (one starting with 不): the positive label for the next step, the
    negative one for the way back. Three branches, when no example decision has three, join a
    group without a negative label to the negative label of another group."""
    pairs = [group for group in corpus.branch_groups if len(group) == 2]
    negatable = [sorted(group, key=lambda label: label.startswith("不")) for group in pairs
                 if sum(label.startswith("不") for label in group) == 1]
    plain = [group for group in pairs if not any(label.startswith("不") for label in group)]
    exact = [group for group in corpus.branch_groups if len(group) == count]
    if back and negatable:
        return list(rng.choice(negatable))
    if count == 3 and not exact and plain and negatable:
        return list(rng.choice(plain)) + [rng.choice(negatable)[1]]
    if exact:
        return list(rng.choice(exact))
    return [rng.choice(corpus.branch_labels) for _ in range(count)]  # a thin example: any labels


def fresh(rng, pool, used):
    """A text from `pool` not yet in `used` (while there is one), added to `used`."""
    candidates = [text for text in pool if text not in used] or pool
    text = rng.choice(candidates)
    used.add(text)
    return text


def make_steps(corpus, rng, pick, count, lanes, risk_ids):
    """A flow's steps: 开始 first, 结束 last, a main sequence in between. About one in eight inner
    steps is a 判断 whose first branch is always the next step (so every step stays reachable);
    the others skip ahead 2-6 steps and merge back into the sequence there, or (a quarter of the
    decisions) go back to one of the five steps before it (退回). About 30% of the steps carry one
    or two of `risk_ids`, drawn with `pick`; `rng` alone decides the shape."""
    steps, used = [], set()  # labels are not repeated within a flow while the pool lasts
    lane = rng.choice(lanes) if lanes else None
    for position in range(1, count + 1):
        if position == 1:
            kind, label = "开始", fresh(rng, corpus.start_labels, used)
        elif position == count:
            kind, label = "结束", fresh(rng, corpus.end_labels, used)
        elif position < count - 1 and steps[-1].kind != "判断" and rng.random() < 0.12:
            kind, label = "判断", fresh(rng, corpus.decision_labels, used)
        else:
            kind, label = "办理", fresh(rng, corpus.step_labels, used)
        if lanes and position > 1 and rng.random() < 0.35:
            lane = rng.choice(lanes)  # consecutive steps mostly stay with the same actor
        step = Step(id=f"s{position}", label=label, kind=kind, lane=lane)
        if rng.random() < 0.35:
            step.note = rng.choice(corpus.step_notes)
        if rng.random() < 0.1:
            step.time_limit = rng.choice(corpus.time_limits)
        with_risks, risk_count = rng.random() < 0.3, 1 if rng.random() < 0.8 else 2
        if with_risks and risk_ids:
            step.risks = pick.sample(risk_ids, min(len(risk_ids), risk_count))
        if kind == "判断":
            if rng.random() < 0.25:
                targets = [position + 1, rng.randint(max(1, position - 5), position - 1)]
                labels = branch_labels(corpus, rng, 2, back=True)
            else:
                ahead = list(range(position + 2, min(count, position + 6) + 1))
                extra = sorted(rng.sample(ahead, min(len(ahead), 1 if rng.random() < 0.7 else 2)))
                targets = [position + 1] + extra
                labels = branch_labels(corpus, rng, len(targets), back=False)
            step.branches = [(f"s{target}", label) for target, label in zip(targets, labels)]
        steps.append(step)
    return steps


def make_documents(corpus, args, rng, pick, units, registers):
    """Documents of 5-30 real paragraphs with up to three headings; about half show the risk
    table of one of their body's registers, drawn with `pick`."""
    registers_of = {}
    for register in registers:
        registers_of.setdefault(register.body, []).append(register.id)
    namer = Namer()
    width = id_width(args.documents, 3)
    documents = []
    for n in range(1, args.documents + 1):
        unit = rng.choice(units)
        blocks = [("p", text) for text in rng.sample(corpus.paragraphs, min(len(corpus.paragraphs), rng.randint(5, 30)))]
        for _ in range(rng.randint(0, 1) if len(blocks) < 8 else rng.randint(1, 3)):
            blocks.insert(rng.randint(1, len(blocks)), ("h", rng.choice(corpus.headings)))
        with_table, columns, place = rng.random() < 0.5, rng.random() < 0.3, rng.randint(1, len(blocks))
        if with_table and registers_of.get(unit.body):
            blocks.insert(place, ("risks", pick.choice(registers_of[unit.body]), columns))
        documents.append(Document(
            id=f"d{n:0{width}d}", body=unit.body,
            title=namer.name(corpus.document_titles[(n - 1) % len(corpus.document_titles)]),
            unit=unit.id, blocks=blocks))
    return documents


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

def prepare(directory, marker, protected):
    """Empties `directory` for writing. Only an absent or empty folder, or one this script wrote
    before (it holds `marker`), is replaced — never the example Content."""
    directory = os.path.abspath(directory)
    if directory in protected:
        sys.exit(f"{directory}: refusing to replace the example Content")
    if os.path.isdir(directory) and os.listdir(directory) and not os.path.exists(os.path.join(directory, marker)):
        sys.exit(f"{directory}: exists and holds no {marker}; not replacing it")
    if os.path.exists(directory):
        shutil.rmtree(directory)
    os.makedirs(directory)


def write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def yaml_list(items):
    return "[" + ", ".join(q(item) for item in items) + "]"


def write_riskpress(model, args):
    out = args.out
    header = f"# Generated by Benchmarks/province/generate.py --seed {args.seed}; edit the generator, not this file."
    shutil.copyfile(os.path.join(args.content, "site.yaml"), os.path.join(out, "site.yaml"))
    units = model.units_by_id()

    for body in (unit for unit in model.units if unit.parent is None):
        lines = [header, f"- 编号: {body.id}", f"  名称: {q(body.name)}", f"  等级方案: {LEVEL_SCHEME}"]
        if body.children:
            lines.append("  下设:")
            for child in body.children:
                lines += [f"  - 编号: {child}", f"    名称: {q(units[child].name)}"]
        write(os.path.join(out, "units", body.id + ".yaml"), lines)

    posts_of = {}
    for post in model.posts:
        posts_of.setdefault(post.unit, []).append(post)
    for unit in model.units:
        if unit.id not in posts_of:
            continue
        lines = [header, f"单位: {unit.id}", "岗位:"]
        for post in posts_of[unit.id]:
            lines += [f"- 编号: {post.id}", f"  名称: {q(post.name)}"]
            if post.summary:
                lines.append(f"  概述: {q(post.summary)}")
            lines.append("  岗位职责:")
            lines += [f"  - {q(duty)}" for duty in post.duties]
        write(os.path.join(out, "posts", unit.id + ".yaml"), lines)

    for register in model.registers:
        lines = [header, f"编号: {register.id}", f"标题: {q(register.title)}", f"范围: {register.body}", "风险清单:"]
        for risk in register.risks:
            lines.append(f"- 风险点: {q(risk.text)}")
            if risk.manifestations:
                lines.append("  表现形式:")
                lines += [f"  - {q(item)}" for item in risk.manifestations]
            lines.append(f"  风险等级: {q(risk.level)}" if not risk.level else f"  风险等级: {risk.level}")
            lines.append(f"  责任主体: {risk.unit}")
            if risk.post:
                lines.append(f"  岗位: {risk.post}")
            if risk.person:
                lines.append(f"  责任人: {q(risk.person)}")
            if risk.category:
                lines.append(f"  风险类别: {q(risk.category)}")
            lines.append("  防控措施:")
            lines += [f"  - {q(measure)}" for measure in risk.measures]
            if not risk.public:
                lines.append("  公开: 否")
        write(os.path.join(out, "registers", register.body, register.id + ".yaml"), lines)

    for flow in model.flows:
        lines = [header, f"编号: {flow.id}", f"标题: {q(flow.title)}", f"单位: {flow.unit}"]
        if flow.post:
            lines.append(f"岗位: {flow.post}")
        if flow.lanes:
            lines.append(f"泳道: {yaml_list(flow.lanes)}")
        if flow.note:
            lines.append(f"说明: {q(flow.note)}")
        lines.append("步骤:")
        for step in flow.steps:
            lines.append(f"  - 名称: {q(step.label)}")
            if step.kind != "办理":
                lines.append(f"    类型: {step.kind}")
            if step.lane:
                lines.append(f"    承办: {q(step.lane)}")
            if step.note:
                lines.append(f"    说明: {q(step.note)}")
            if step.time_limit:
                lines.append(f"    时限: {q(step.time_limit)}")
            if step.risks:
                lines.append(f"    风险点: [{', '.join(step.risks)}]")
            if step.branches:
                lines.append("    去向:")
                lines += [f"      - {{到: {target}, 条件: {q(label)}}}" for target, label in step.branches]
        write(os.path.join(out, "flows", flow.body, flow.id + ".yaml"), lines)

    for document in model.documents:
        lines = ["---", f"标题: {q(document.title)}", f"编号: {document.id}", f"单位: {document.unit}", "---"]
        for block in document.blocks:
            lines.append("")
            if block[0] == "p":
                lines.append(block[1])
            elif block[0] == "h":
                lines.append("## " + block[1])
            else:
                lines += ["```risks", f"register: {block[1]}"]
                if block[2]:
                    lines.append(f"columns: {DOCUMENT_COLUMNS}")
                lines.append("```")
        write(os.path.join(out, "documents", document.body, document.id + ".md"), lines)


# --- Hugo -------------------------------------------------------------------

HUGO_CONFIG = """\
# Generated by Benchmarks/province/generate.py: the riskpress benchmark Content as a Hugo site.
baseURL = "/"
languageCode = "zh-CN"
title = {title}
uglyURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableRobotsTXT = false

[markup.goldmark.renderer]
unsafe = false
"""

# The layouts print what riskpress's pages print. Names of linked pages come from
# site.GetPage on an id kept in front matter: one lookup per link, never a scan of all pages.
HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>{{ partialCached "nav.html" . }}</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "partials/nav.html": """\
<nav>{{ range site.Sections }} <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
""",
    "partials/link.html": """\
{{- with site.GetPage .path }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end -}}
""",
    "partials/risk-rows.html": """\
{{- with . }}<table class="risk-table"><thead><tr><th>编号</th><th>责任主体</th><th>岗位</th><th>风险点</th><th>风险等级</th><th>防控措施</th><th>责任人</th></tr></thead><tbody>
{{ range . }}{{ with site.GetPage (printf "/risks/%s" .) }}<tr id="risk-{{ .Params.id }}"><td>{{ .Params.id }}</td><td>{{ partial "link.html" (dict "path" (printf "/units/%s" .Params.unit)) }}</td><td>{{ with .Params.post }}{{ partial "link.html" (dict "path" (printf "/posts/%s" .)) }}{{ end }}</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.manifestations }}<ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol>{{ end }}</td><td>{{ with .Params.level }}{{ . }}{{ else }}未定级{{ end }}</td><td><ol>{{ range .Params.measures }}<li>{{ . }}</li>{{ end }}</ol></td><td>{{ .Params.person }}</td></tr>
{{ end }}{{ end }}</tbody></table>{{ end -}}
""",
    "tables/single.html": """\
{{ define "main" }}<p class="eyebrow">登记表 {{ .Params.id }}</p>
<h1>{{ .Title }}</h1>
{{ partial "risk-rows.html" .Params.risks }}
{{ end }}
""",
    "levels/single.html": """\
{{ define "main" }}<p class="eyebrow">风险等级</p>
<h1>{{ .Title }}</h1>
<p>{{ len .Params.risks }} 个风险点</p>
{{ partial "risk-rows.html" .Params.risks }}
{{ end }}
""",
    "_default/single.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.level }} {{ . }}{{ end }}</li>
{{ end }}</ul>{{ end }}
""",
    "risks/single.html": """\
{{ define "main" }}<p class="eyebrow">风险点 {{ .Params.id }}{{ if eq .Params.public false }} · 不公开{{ end }}</p>
<h1>{{ .Title }}</h1>
{{ with .Params.manifestations }}<h2>表现形式</h2><ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol>{{ end }}
<dl class="facts">
<dt>风险等级</dt><dd>{{ with .Params.level }}{{ . }}{{ else }}未定级{{ end }}</dd>
<dt>责任主体</dt><dd>{{ partial "link.html" (dict "path" (printf "/units/%s" .Params.unit)) }}</dd>
{{ with .Params.post }}<dt>岗位</dt><dd>{{ partial "link.html" (dict "path" (printf "/posts/%s" .)) }}</dd>{{ end }}
{{ with .Params.person }}<dt>责任人</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.category }}<dt>风险类别</dt><dd>{{ . }}</dd>{{ end }}
<dt>登记表</dt><dd>{{ .Params.register_title }}</dd>
</dl>
<h2>防控措施</h2>
{{ .Content }}
{{ with .Params.flows }}<h2>所在流程</h2><ul>{{ range . }}<li>{{ partial "link.html" (dict "path" (printf "/flows/%s" .flow)) }}：{{ .step }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.documents }}<h2>相关文件</h2><ul>{{ range . }}<li>{{ partial "link.html" (dict "path" (printf "/documents/%s" .)) }}</li>{{ end }}</ul>{{ end }}
{{ end }}
""",
    "units/single.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<dl class="facts">
{{ with .Params.parent }}<dt>上级单位</dt><dd>{{ partial "link.html" (dict "path" (printf "/units/%s" .)) }}</dd>{{ end }}
<dt>风险点</dt><dd>{{ with .Params.risks }}{{ len . }}{{ else }}0{{ end }}</dd>
</dl>
{{ with .Params.children }}<h2>下设单位</h2><ul>{{ range . }}<li>{{ partial "link.html" (dict "path" (printf "/units/%s" .)) }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.posts }}<h2>岗位</h2><ul>{{ range . }}<li>{{ partial "link.html" (dict "path" (printf "/posts/%s" .)) }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.flows }}<h2>流程图</h2><ul>{{ range . }}<li>{{ partial "link.html" (dict "path" (printf "/flows/%s" .)) }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.documents }}<h2>文件</h2><ul>{{ range . }}<li>{{ partial "link.html" (dict "path" (printf "/documents/%s" .)) }}</li>{{ end }}</ul>{{ end }}
<h2>风险防控责任清单</h2>
{{ partial "risk-rows.html" .Params.risks }}
{{ end }}
""",
    "posts/single.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<dl class="facts">
<dt>所属单位</dt><dd>{{ partial "link.html" (dict "path" (printf "/units/%s" .Params.unit)) }}</dd>
{{ with .Params.summary }}<dt>概述</dt><dd>{{ . }}</dd>{{ end }}
<dt>风险点</dt><dd>{{ with .Params.risks }}{{ len . }}{{ else }}0{{ end }}</dd>
</dl>
<h2>岗位职责</h2>
{{ .Content }}
{{ with .Params.flows }}<h2>流程图</h2><ul>{{ range . }}<li>{{ partial "link.html" (dict "path" (printf "/flows/%s" .)) }}</li>{{ end }}</ul>{{ end }}
<h2>岗位风险防控要点</h2>
{{ partial "risk-rows.html" .Params.risks }}
{{ end }}
""",
    "flows/single.html": """\
{{ define "main" }}<p class="eyebrow">流程图 {{ .Params.id }}</p>
<h1>{{ .Title }}</h1>
<dl class="facts">
<dt>责任主体</dt><dd>{{ partial "link.html" (dict "path" (printf "/units/%s" .Params.unit)) }}</dd>
{{ with .Params.post }}<dt>岗位</dt><dd>{{ partial "link.html" (dict "path" (printf "/posts/%s" .)) }}</dd>{{ end }}
{{ with .Params.lanes }}<dt>泳道</dt><dd>{{ delimit . "、" }}</dd>{{ end }}
</dl>
{{ with .Params.note }}<p class="lead">{{ . }}</p>{{ end }}
{{ .Content }}
{{ end }}
""",
    "documents/single.html": """\
{{ define "main" }}<article class="document">
<h1>{{ .Title }}</h1>
<p class="eyebrow">{{ partial "link.html" (dict "path" (printf "/units/%s" .Params.unit)) }}</p>
{{ .Content }}
</article>{{ end }}
""",
}


def front_matter(fields):
    """YAML front matter; strings JSON-quoted, lists of strings or of small mappings."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, int):
            lines.append(f"{key}: {value}")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            for item in value:
                lines.append("  - {" + ", ".join(f"{k}: {q(v)}" for k, v in item.items()) + "}")
        elif isinstance(value, list):
            lines.append(f"{key}: {yaml_list(value)}")
        else:
            lines.append(f"{key}: {q(value)}")
    return lines + ["---", ""]


def markdown_list(items, ordered=False):
    return [f"{k}. {item}" if ordered else f"- {item}" for k, item in enumerate(items, 1)]


def write_hugo(model, args):
    """One page per risk point, unit, post, flow and document, and a list page per section."""
    root = args.hugo
    site = parse_yaml(read_text(os.path.join(args.content, "site.yaml"))) or {}
    write(os.path.join(root, "hugo.toml"), HUGO_CONFIG.format(title=q(site.get("标题") or "风险防控登记册")).splitlines())
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(root, "layouts", name), text.rstrip("\n").splitlines())
    content = os.path.join(root, "content")
    write(os.path.join(content, "_index.md"), front_matter({"title": site.get("标题") or "风险防控登记册"}))
    for section, title, weight in (("units", "单位", 1), ("posts", "岗位", 2), ("risks", "风险点", 3),
                                   ("flows", "流程图", 4), ("documents", "文件", 5), ("tables", "登记表", 6),
                                   ("levels", "风险等级", 7)):
        write(os.path.join(content, section, "_index.md"), front_matter({"title": title, "weight": weight}))

    # The reverse links riskpress computes while linking, computed here once.
    units = model.units_by_id()
    registers = {register.id: register for register in model.registers}
    by_unit, by_post, posts_of, flows_of, flows_of_post, documents_of = {}, {}, {}, {}, {}, {}
    risk_flows, register_documents = {}, {}
    for risk in model.risks:
        unit = units[risk.unit]
        for owner in dict.fromkeys([unit.id, unit.body]):  # a unit's table holds its children's risks too
            by_unit.setdefault(owner, []).append(risk.id)
        if risk.post:
            by_post.setdefault(risk.post, []).append(risk.id)
    for post in model.posts:
        posts_of.setdefault(post.unit, []).append(post.id)
    for flow in model.flows:
        flows_of.setdefault(flow.unit, []).append(flow.id)
        if flow.post:
            flows_of_post.setdefault(flow.post, []).append(flow.id)
        for step in flow.steps:
            for risk_id in step.risks:
                risk_flows.setdefault(risk_id, []).append({"flow": flow.id, "step": step.label})
    for document in model.documents:
        documents_of.setdefault(document.unit, []).append(document.id)
        for block in document.blocks:
            if block[0] == "risks":
                register_documents.setdefault(block[1], []).append(document.id)

    for weight, unit in enumerate(model.units, 1):
        write(os.path.join(content, "units", unit.id + ".md"), front_matter({
            "title": unit.name, "id": unit.id, "weight": weight, "parent": unit.parent, "children": unit.children,
            "posts": posts_of.get(unit.id, []), "flows": flows_of.get(unit.id, []),
            "documents": documents_of.get(unit.id, []), "risks": by_unit.get(unit.id, [])}))

    for weight, post in enumerate(model.posts, 1):
        write(os.path.join(content, "posts", post.id + ".md"), front_matter({
            "title": post.name, "id": post.id, "weight": weight, "unit": post.unit, "summary": post.summary,
            "flows": flows_of_post.get(post.id, []), "risks": by_post.get(post.id, [])}) + markdown_list(post.duties, True))

    for weight, risk in enumerate(model.risks, 1):
        write(os.path.join(content, "risks", risk.id + ".md"), front_matter({
            "title": risk.text, "id": risk.id, "weight": weight, "level": risk.level, "unit": risk.unit,
            "post": risk.post, "person": risk.person, "category": risk.category, "register": risk.register,
            "register_title": registers[risk.register].title, "public": risk.public,
            "manifestations": risk.manifestations, "flows": risk_flows.get(risk.id, []),
            "documents": register_documents.get(risk.register, []), "measures": risk.measures})
              + markdown_list(risk.measures, True))

    # The register (登记表) and level pages riskpress writes too, each with its table of risk points.
    by_register = {}
    for risk in model.risks:
        by_register.setdefault(risk.register, []).append(risk.id)
    for weight, register in enumerate(model.registers, 1):
        write(os.path.join(content, "tables", register.id + ".md"), front_matter({
            "title": register.title, "id": register.id, "weight": weight, "risks": by_register.get(register.id, [])}))
    by_level = {}
    for risk in model.risks:
        by_level.setdefault(risk.level or "未定级", []).append(risk.id)
    for weight, (level, ids) in enumerate(sorted(by_level.items()), 1):
        write(os.path.join(content, "levels", f"level-{weight}.md"), front_matter({
            "title": level, "weight": weight, "risks": ids}))

    for weight, flow in enumerate(model.flows, 1):
        numbers = {step.id: k for k, step in enumerate(flow.steps, 1)}
        items = []
        for step in flow.steps:
            parts = [f"**{step.label}**"]
            if step.kind != "办理":
                parts.append(f"（{step.kind}）")
            if step.lane:
                parts.append(f"　承办：{step.lane}")
            if step.time_limit:
                parts.append(f"　时限：{step.time_limit}")
            if step.risks:
                parts.append("　风险点：" + "、".join(f"[{risk_id}](../risks/{risk_id}.html)" for risk_id in step.risks))
            if step.branches:
                parts.append("　去向：" + "；".join(f"{label} → 第{numbers[target]}步" for target, label in step.branches))
            if step.note:
                parts.append(f"　说明：{step.note}")
            items.append("".join(parts))
        write(os.path.join(content, "flows", flow.id + ".md"), front_matter({
            "title": flow.title, "id": flow.id, "weight": weight, "unit": flow.unit, "post": flow.post,
            "lanes": flow.lanes, "note": flow.note}) + markdown_list(items, True))

    for weight, document in enumerate(model.documents, 1):
        lines = front_matter({"title": document.title, "id": document.id, "weight": weight, "unit": document.unit})
        for block in document.blocks:
            if block[0] == "p":
                lines += [block[1], ""]
            elif block[0] == "h":
                lines += ["## " + block[1], ""]
            else:
                # The risks block becomes a plain list of the register's risk points, linked.
                lines += markdown_list(
                    f"[{risk.text}](../risks/{risk.id}.html)（{risk.level or '未定级'}）" for risk in registers[block[1]].risks)
                lines.append("")
        write(os.path.join(content, "documents", document.id + ".md"), lines[:-1])


# ---------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="the riskpress Content folder to write (replaced)")
    parser.add_argument("--hugo", help="also write the same site for Hugo here (replaced)")
    parser.add_argument("--content", default=os.path.join(REPO, "Content"), help="the example Content to sample")
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--risks", type=int, default=20000)
    parser.add_argument("--flows", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20260)
    args = parser.parse_args()
    if min(args.units, args.risks) < 1 or min(args.posts, args.flows, args.documents) < 0:
        sys.exit("--units and --risks must be at least 1, the other counts at least 0")

    corpus = read_corpus(args.content)
    model = generate(corpus, args)
    protected = {os.path.abspath(args.content)}
    prepare(args.out, "site.yaml", protected)
    write_riskpress(model, args)
    if args.hugo:
        prepare(args.hugo, "hugo.toml", protected)
        write_hugo(model, args)

    steps = sum(len(flow.steps) for flow in model.flows)
    print(f"{args.out}: {len(model.units)} units, {len(model.posts)} posts, {len(model.risks)} risk points in "
          f"{len(model.registers)} registers, {len(model.flows)} flows ({steps} steps), "
          f"{len(model.documents)} documents" + (f"; Hugo site in {args.hugo}" if args.hugo else ""))
    print(f"sampled from {args.content}: {len(corpus.risk_texts)} risk texts, {len(corpus.manifestations)} "
          f"manifestations, {len(corpus.measures)} measures, {len(corpus.step_labels)} step labels, "
          f"{len(corpus.paragraphs)} document paragraphs")


if __name__ == "__main__":
    main()
