"""Write a synthetic plan of N actions that passes `planpress check`, the same for the same seed.

    python benchmarks/generate_plan.py N OUT_DIR [--seed 1]

The plan models a national programme: partnerships of about six sub-groups each, every
sub-group owning about 40 actions in its own file (`actions/<group>.yml`), with the other
records in the proportions of the worked example, scaled:

| record          | how many                                      | N=100 | N=1,000 | N=10,000 |
| --------------- | --------------------------------------------- | ----- | ------- | -------- |
| sub-groups      | N / 40 (at least 3), 6 to a partnership       | 3     | 25      | 250      |
| partnerships    | a board, a LEP and a strategy each            | 1     | 5       | 42       |
| groups          | the sub-groups, the boards, a secretariat     | 6     | 32      | 294      |
| organisations   | the LEPs, 4 national bodies, 8 + N / 16 more  | 19    | 79      | 679      |
| meetings        | N / 50 (at least 3); two publish a version    | 3     | 20      | 200      |
| milestones      | N / 25 (at least 4)                           | 4     | 40      | 400      |
| procurements    | N / 100 (at least 1)                          | 1     | 10      | 100      |
| prospectus asks | a quarter of the actions (seed 1)             | 27    | 252     | 2,478    |

Of the actions, about 3 in 4 have a budget, 3 in 10 depend on earlier actions of their
sub-group (so there are no cycles), and most have a summary, partners and outputs. Every
record is marked illustrative. The text is made of plain English words; nothing is random
except through `random.Random(seed)`, so the files are byte-for-byte the same for a seed.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
import textwrap
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

PROGRAMME_BOARD = "programme-board"
"""Group id of the board whose meetings publish versions of the plan."""

ACTIONS_PER_SUB_GROUP = 40
SUB_GROUPS_PER_PARTNERSHIP = 6

# (id part, action id code, name) of the kinds of sub-group each partnership has.
TOPICS = (
    ("skills", "SKL", "Skills & Employment"),
    ("business", "BUS", "Business Support & Trade"),
    ("innovation", "INN", "Clean Growth & Innovation"),
    ("infrastructure", "INF", "Infrastructure & Connectivity"),
    ("places", "PLC", "Places & Housing"),
    ("digital", "DIG", "Digital & Data"),
)
STRANDS = (
    ("recovery", "Recovery", "Getting firms and people back to work after the pandemic."),
    ("industrial-strategy", "Industrial strategy", "The partnerships' industrial strategies."),
    ("trade", "International trade", "New trading arrangements and export growth."),
)
THEMES = (
    ("restart", "Restart", "short"),
    ("resilience", "Resilience", "short"),
    ("renewal", "Renewal", "medium"),
    ("productivity", "Productivity", "medium"),
    ("levelling-up", "Levelling up", "long"),
)
STATUSES = (
    ("proposed", 10),
    ("planned", 35),
    ("in-progress", 35),
    ("complete", 12),
    ("paused", 5),
    ("cancelled", 3),
)
RAGS = (("green", 50), ("amber", 35), ("red", 15))
FOUNDATIONS = ("ideas", "people", "infrastructure", "business-environment", "places")
ORG_KINDS = (
    ("local-authority", "Council"),
    ("business-body", "Business Forum"),
    ("anchor-institution", "University"),
    ("education", "College"),
    ("housing-association", "Homes"),
    ("consultancy", "Consulting"),
    ("other", "Trust"),
)
GOVERNMENT = (
    ("dwp", "Department for Work and Pensions", "DWP"),
    ("dit", "Department for International Trade", "DIT"),
    ("beis", "Department for Business, Energy and Industrial Strategy", "BEIS"),
)
GLOSSARY = {
    "LEP": "Local Enterprise Partnership",
    "SME": "Small or medium-sized enterprise",
    "RAG": "Red, amber, green: a rating of how an action is going",
    "FE": "Further education",
    "R&D": "Research and development",
    "DWP": "Department for Work and Pensions",
    "DIT": "Department for International Trade",
    "BEIS": "Department for Business, Energy and Industrial Strategy",
}

SYLLABLES = ("north", "moor", "vale", "brook", "ford", "ley", "ton", "bury", "wick", "dale")
SYLLABLES += ("ham", "stone", "field", "marsh", "combe", "holt", "wold", "mere", "cliff", "bridge")
VERBS = ("Expand", "Launch", "Deliver", "Pilot", "Extend", "Fund", "Build", "Create", "Support")
VERBS += ("Establish", "Improve", "Scale up", "Develop", "Open", "Commission")
ADJECTIVES = ("low-carbon", "digital", "local", "regional", "advanced", "green", "inclusive")
ADJECTIVES += ("flexible", "community", "shared", "specialist", "rural", "town centre")
NOUNS = ("skills bootcamps", "business grants", "innovation vouchers", "apprenticeships")
NOUNS += ("export advisers", "broadband vouchers", "retrofit programme", "enterprise hubs")
NOUNS += ("transport links", "careers advice", "supply chain support", "test beds")
NOUNS += ("heat networks", "workspace", "start-up loans", "data partnerships", "SME mentoring")
FOR_WHOM = ("for young people", "for SMEs", "for manufacturers", "for the visitor economy")
FOR_WHOM += ("for FE colleges", "for social enterprises", "for R&D intensive firms", "")
SENTENCES = (
    "Partners will work with local firms to design the offer and measure what it achieves.",
    "The programme builds on a pilot that reached more businesses than expected.",
    "Funding is matched by the private sector and by the local authorities.",
    "It responds to demand recorded by the Growth Hub and the business forums.",
    "Delivery is phased so that the first places can start within six months.",
    "An independent evaluation reports to the sub-group every quarter.",
    "The action helps SMEs adopt new technology and reach new markets.",
    "It closes a gap in provision that employers raised at every consultation.",
)
OUTPUTS = ("businesses supported", "learners trained", "jobs created", "homes retrofitted")
OUTPUTS += ("grants awarded", "hectares of employment land", "km of cycle route", "premises")
DECISIONS = ("notes", "endorses", "approves")
PAPERS = ("progress report", "revised actions", "budget")
MILESTONES = ("Bid deadline", "Spending review", "Funding decision", "Evaluation report")
PROCUREMENTS = ("Evaluation partner", "Technical support", "Delivery partner")


@dataclass(frozen=True)
class Shape:
    """How many of each record a synthetic plan of `actions` actions has."""

    actions: int
    sub_groups: int
    partnerships: int
    organisations: int
    groups: int
    meetings: int
    milestones: int
    procurements: int
    glossary_terms: int
    asks: int = 0
    files: int = 0


def shape_for(n: int) -> Shape:
    """The counts of each record for a plan of `n` actions (asks and files are filled later)."""
    if n < 3:
        raise ValueError("a synthetic plan needs at least 3 actions")
    sub_groups = min(n, max(3, round(n / ACTIONS_PER_SUB_GROUP)))
    partnerships = math.ceil(sub_groups / SUB_GROUPS_PER_PARTNERSHIP)
    others = 8 + round(n / 16)
    return Shape(
        actions=n,
        sub_groups=sub_groups,
        partnerships=partnerships,
        organisations=1 + partnerships + len(GOVERNMENT) + others,
        groups=2 + partnerships + sub_groups,  # the programme board, the secretariat
        meetings=max(3, round(n / 50)),
        milestones=max(4, round(n / 25)),
        procurements=max(1, round(n / 100)),
        glossary_terms=len(GLOSSARY) + partnerships,
    )


# ---------------------------------------------------------------- YAML, written as people do

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ,.'()/&+-]*$")
_NOT_TEXT = re.compile(r"^([-+]?[0-9][0-9_.,]*|y|n|yes|no|true|false|on|off|null)$", re.I)


def scalar(value: Any) -> str:
    """A value as YAML: plain where that reads back as the same text, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and not _NOT_TEXT.match(text) and not text.endswith((" ", ".")):
        return text
    return json.dumps(text, ensure_ascii=False)


def emit(value: Any, indent: int = 0) -> list[str]:
    """Lines of block-style YAML for a mapping or list (long text folded with `>-`)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}:")
                lines.extend(emit(item, indent + 2))
            elif isinstance(item, str) and len(item) > 70:
                lines.append(f"{pad}{key}: >-")
                lines.extend(
                    f"{pad}  {line}"
                    for line in textwrap.wrap(item, 76 - indent, break_on_hyphens=False)
                )
            else:
                lines.append(f"{pad}{key}: {scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict):
                inner = emit(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {scalar(item)}")
    return lines


def yaml_list(records: list[dict[str, Any]], comment: str) -> str:
    """A file of records: a comment, then one mapping per record with a blank line between."""
    blocks = ["\n".join(emit([record])) for record in records]
    return f"# {comment}\n\n" + "\n\n".join(blocks) + "\n"


def yaml_mapping(record: dict[str, Any], comment: str) -> str:
    return f"# {comment}\n\n" + "\n".join(emit(record)) + "\n"


# ---------------------------------------------------------------- the plan


class _Generator:
    def __init__(self, n: int, seed: int):
        self.n = n
        self.rng = random.Random(seed)
        self.shape = shape_for(n)

    def pick(self, weighted: tuple[tuple[str, int], ...]) -> str:
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights)[0]

    def place(self, index: int) -> str:
        """A made-up place name, different for each index."""
        first = SYLLABLES[index % len(SYLLABLES)]
        second = SYLLABLES[(index // len(SYLLABLES) + 3 * index + 1) % len(SYLLABLES)]
        name = (first + second).capitalize()
        return name if index < len(SYLLABLES) ** 2 else f"{name} {index // len(SYLLABLES) ** 2}"

    def date(self, year: int, month: int, with_day: bool) -> str:
        return (
            f"{year}-{month:02d}-{self.rng.randint(1, 28):02d}"
            if with_day
            else f"{year}-{month:02d}"
        )

    # -- records

    def partnerships(self) -> list[dict[str, Any]]:
        result = []
        for p in range(self.shape.partnerships):
            place = self.place(p)
            slug = place.lower().replace(" ", "-")
            letters = "".join(ch for ch in place.upper() if ch.isalpha())
            abbreviation = f"{letters[0]}{letters[-1]}{p + 1}LEP"
            result.append({"index": p, "place": place, "slug": slug, "abbr": abbreviation})
        return result

    def organisations(self, partnerships: list[dict[str, Any]]) -> list[dict[str, Any]]:
        orgs: list[dict[str, Any]] = [
            {
                "id": "national-programme",
                "name": "National Growth Programme",
                "kind": "government",
                "url": "https://growth-programme.example.org",
            }
        ]
        for org_id, name, abbr in GOVERNMENT:
            orgs.append({"id": org_id, "name": name, "abbreviation": abbr, "kind": "government"})
        for p in partnerships:
            orgs.append(
                {
                    "id": f"{p['slug']}-lep",
                    "name": f"{p['place']} Local Enterprise Partnership",
                    "abbreviation": p["abbr"],
                    "kind": "lep",
                    "part_of": "national-programme",
                }
            )
        others = self.shape.organisations - len(orgs)
        for i in range(others):
            kind, suffix = ORG_KINDS[i % len(ORG_KINDS)]
            place = self.place(i + 7)
            org: dict[str, Any] = {
                "id": f"{place.lower().replace(' ', '-')}-{suffix.lower().replace(' ', '-')}-{i}",
                "name": f"{place} {suffix}",
                "kind": kind,
            }
            if self.rng.random() < 0.4:
                org["url"] = f"https://{place.lower().replace(' ', '')}-{i}.example.org"
            orgs.append(org)
        for org in orgs:
            org["illustrative"] = True
        return orgs

    def groups(self, partnerships: list[dict[str, Any]], orgs: list[str]) -> list[dict[str, Any]]:
        groups: list[dict[str, Any]] = [
            {
                "id": PROGRAMME_BOARD,
                "name": "National Programme Board",
                "kind": "board",
                "members": ["national-programme"],
                "remit": "Approves each version of the programme's plan.",
            },
            {
                "id": "programme-secretariat",
                "name": "Programme Secretariat",
                "kind": "secretariat",
                "parent": PROGRAMME_BOARD,
                "members": ["national-programme"],
                "remit": "Keeps the plan's data and prepares each version for the board.",
            },
        ]
        sub_groups: list[dict[str, Any]] = []
        for p in partnerships:
            groups.append(
                {
                    "id": f"{p['slug']}-board",
                    "name": f"{p['place']} LEP Board",
                    "kind": "board",
                    "parent": PROGRAMME_BOARD,
                    "members": [f"{p['slug']}-lep"],
                    "remit": f"Oversees the {p['place']} partnership's part of the plan.",
                }
            )
        for s in range(self.shape.sub_groups):
            p = partnerships[s // SUB_GROUPS_PER_PARTNERSHIP]
            topic_id, code, topic_name = TOPICS[s % SUB_GROUPS_PER_PARTNERSHIP]
            group = {
                "id": f"{p['slug']}-{topic_id}",
                "name": f"{p['place']} {topic_name} Sub-Group",
                "kind": "sub-group",
                "parent": f"{p['slug']}-board",
                "chair": "A private-sector board member",
                "lead": f"{topic_name} lead",
                "members": [f"{p['slug']}-lep", *self.rng.sample(orgs, 3)],
                "remit": f"Delivers the {topic_name.lower()} actions of the {p['place']} "
                "partnership.",
                "code": f"{code}{p['index'] + 1}",
            }
            sub_groups.append(group)
        for group in groups + sub_groups:
            group["illustrative"] = True
        return groups + sub_groups

    def action(self, action_id: str, group: dict[str, Any], earlier: list[str], orgs: list[str]):
        rng = self.rng
        title = f"{rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        whom = rng.choice(FOR_WHOM)
        title = f"{title} {whom}".strip() if whom else title
        action: dict[str, Any] = {"id": action_id, "title": title}
        if rng.random() < 0.8:
            action["summary"] = " ".join(rng.sample(SENTENCES, rng.randint(1, 3)))
        action["strand"] = rng.choice(STRANDS)[0]
        action["theme"] = rng.choice(THEMES)[0]
        action["group"] = group["id"]
        action["owner"] = rng.choice(group["members"])
        if rng.random() < 0.7:
            partners = rng.sample(orgs, rng.randint(1, 4))
            action["partners"] = [o for o in partners if o != action["owner"]] or [orgs[0]]
        start_year, start_month = rng.randint(2020, 2027), rng.randint(1, 12)
        if rng.random() < 0.9:
            action["start"] = self.date(start_year, start_month, rng.random() < 0.3)
            months = start_year * 12 + start_month - 1 + rng.randint(3, 48)
            action["due"] = self.date(months // 12, months % 12 + 1, rng.random() < 0.3)
        action["status"] = self.pick(STATUSES)
        if rng.random() < 0.85:
            action["rag"] = self.pick(RAGS)
        if rng.random() < 0.75:
            amount = rng.randint(2, 400) * 25_000
            action["budget"] = {
                "amount": amount,
                "funded": rng.randint(0, amount // 25_000) * 25_000,
                "source": rng.choice(
                    ("UK Shared Prosperity Fund", "Local Growth Fund", "Private sector")
                ),
            }
        if rng.random() < 0.25:
            action["prospectus"] = {
                "ask": rng.randint(1, 200) * 50_000,
                "pitch": rng.choice(SENTENCES),
            }
        if earlier and rng.random() < 0.3:
            action["depends_on"] = sorted(
                rng.sample(earlier[-10:], min(len(earlier[-10:]), rng.randint(1, 2)))
            )
        if rng.random() < 0.7:
            action["outputs"] = [
                f"{rng.randint(2, 400) * 5:,} {output}"
                for output in rng.sample(OUTPUTS, rng.randint(1, 3))
            ]
        if rng.random() < 0.7:
            action["foundation"] = rng.choice(FOUNDATIONS)
        if rng.random() < 0.1:
            action["note"] = "Rated after the last sub-group meeting; the board will review it."
        if rng.random() < 0.2:
            action["source"] = f"{group['name']} delivery plan"
        action["illustrative"] = True
        return action

    def action_counts(self) -> list[int]:
        """Actions per sub-group: about equal, some larger and some smaller; N in total."""
        weights = [self.rng.uniform(0.5, 1.5) for _ in range(self.shape.sub_groups)]
        spare = self.n - len(weights)  # every sub-group owns at least one action
        raw = [spare * w / sum(weights) for w in weights]
        counts = [1 + int(r) for r in raw]
        by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
        for i in by_remainder[: self.n - sum(counts)]:
            counts[i] += 1
        return counts

    def meetings(self, groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
        bodies = [g["id"] for g in groups if g["kind"] in ("board", "sub-group")]
        meetings = []
        for m in range(self.shape.meetings):
            body = PROGRAMME_BOARD if m < 2 else bodies[(m * 7) % len(bodies)]
            year, month = 2020 + (m * 5 // 12) % 7, (m * 5) % 12 + 1
            day = self.rng.randint(1, 28)
            meeting: dict[str, Any] = {
                "id": f"{body}-{year}-{month:02d}-{day:02d}-{m}",
                "date": f"{year}-{month:02d}-{day:02d}",
                "body": body,
                "title": f"{next(g['name'] for g in groups if g['id'] == body)}, meeting {m + 1}",
                "status": "held" if year < 2025 else "scheduled",
                "papers": [{"title": "Progress report on the plan's actions"}],
                "recommendations": [
                    {
                        "id": ("i", "ii", "iii")[r],
                        "text": f"that the meeting {self.rng.choice(DECISIONS)} "
                        f"the {self.rng.choice(PAPERS)}",
                        "outcome": self.rng.choice(("endorsed", "approved", "deferred")),
                    }
                    for r in range(self.rng.randint(1, 3))
                ],
            }
            if m < 2:
                meeting["status"] = "held"
                meeting["publishes"] = {
                    "version": meeting["date"],
                    "title": ("Draft programme plan", "Approved programme plan")[m],
                    "stage": ("draft", "approved")[m],
                }
            meeting["illustrative"] = True
            meetings.append(meeting)
        return meetings

    def milestones(self) -> list[dict[str, Any]]:
        kinds = ("deadline", "external", "fiscal-event", "other")
        return [
            {
                "id": f"milestone-{i + 1}",
                "date": self.date(2020 + i % 8, self.rng.randint(1, 12), self.rng.random() < 0.6),
                "title": f"{self.rng.choice(MILESTONES)} {i + 1}",
                "kind": kinds[i % len(kinds)],
                "illustrative": True,
            }
            for i in range(self.shape.milestones)
        ]

    def procurements(self, meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "id": f"procurement-{i + 1}",
                "title": f"{self.rng.choice(PROCUREMENTS)} {i + 1}",
                "max_value": self.rng.randint(2, 40) * 5_000,
                "duration_months": self.rng.choice((6, 12, 24)),
                "route": "Open tender",
                "status": self.rng.choice(("planned", "tendering", "awarded")),
                "agreed_by": PROGRAMME_BOARD,
                "approved_at": meetings[0]["id"],
                "illustrative": True,
            }
            for i in range(self.shape.procurements)
        ]

    def plan(self, partnerships: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "id": "national-growth-programme",
            "title": f"National Growth Programme: a synthetic plan of {self.n:,} actions",
            "short_title": "National Growth Programme",
            "organisation": "national-programme",
            "summary": "A synthetic plan that brings together the implementation plans of "
            f"{len(partnerships)} partnerships, made by planpress's benchmarks to measure how "
            "planpress scales. Every record in it is invented.",
            "currency": "GBP",
            "contact": {"name": "Programme Secretariat", "email": "programme@example.org"},
            "illustrative": True,
            "strands": [{"id": i, "name": n, "description": d} for i, n, d in STRANDS],
            "themes": [{"id": i, "name": n, "horizon": h} for i, n, h in THEMES],
            "documents": [
                {
                    "id": f"{p['slug']}-strategy",
                    "title": f"{p['place']} Local Industrial Strategy",
                    "published": f"{2019 + p['index'] % 2}-{p['index'] % 12 + 1:02d}",
                    "kind": "strategy",
                    "organisation": f"{p['slug']}-lep",
                }
                for p in partnerships
            ],
            "prospectus": {
                "title": "National Growth Programme investment asks",
                "introduction": "The asks that the partnerships put to government and investors.",
                "fiscal_event": "milestone-3",
                "next_steps": ["Agree the asks at the programme board.", "Publish the prospectus."],
            },
        }

    def write(self, out: Path) -> Shape:
        partnerships = self.partnerships()
        organisations = self.organisations(partnerships)
        org_ids = [o["id"] for o in organisations]
        groups = self.groups(partnerships, org_ids)
        sub_groups = [g for g in groups if g["kind"] == "sub-group"]
        files: dict[str, str] = {}
        asks = 0
        for group, count in zip(sub_groups, self.action_counts(), strict=True):
            ids: list[str] = []
            actions = []
            for k in range(count):
                action_id = f"{group['code']}-{k + 1:02d}"
                actions.append(self.action(action_id, group, ids, org_ids))
                ids.append(action_id)
            asks += sum(1 for a in actions if "prospectus" in a)
            files[f"actions/{group['id']}.yml"] = yaml_list(
                actions, f"{group['name']}: synthetic actions (planpress benchmarks)."
            )
        for group in sub_groups:
            del group["code"]
        meetings = self.meetings(groups)
        glossary = dict(GLOSSARY)
        glossary.update(
            {p["abbr"]: f"{p['place']} Local Enterprise Partnership" for p in partnerships}
        )
        files.update(
            {
                "plan.yml": yaml_mapping(self.plan(partnerships), "A synthetic plan."),
                "organisations.yml": yaml_list(organisations, "Synthetic organisations."),
                "groups.yml": yaml_list(groups, "Synthetic groups."),
                "meetings.yml": yaml_list(meetings, "Synthetic meetings."),
                "milestones.yml": yaml_list(self.milestones(), "Synthetic milestones."),
                "procurements.yml": yaml_list(
                    self.procurements(meetings), "Synthetic procurements."
                ),
                "glossary.yml": "# Synthetic glossary.\n\n"
                + "".join(f"{scalar(k)}: {scalar(v)}\n" for k, v in glossary.items()),
            }
        )
        if out.exists():
            shutil.rmtree(out)
        for name, text in files.items():
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return Shape(**{**asdict(self.shape), "asks": asks, "files": len(files)})


def generate(n: int, out: Path | str, seed: int = 1) -> Shape:
    """Write a plan of `n` actions to the data folder `out` (replacing it); return its shape."""
    return _Generator(n, seed).write(Path(out))


def first_action(data_dir: Path) -> tuple[Path, str, str]:
    """The file, id and title of the first action of the first actions file."""
    path = sorted((data_dir / "actions").glob("*.yml"))[0]
    match = re.search(r"^- id: (\S+)\n  title: (.*)$", path.read_text(encoding="utf-8"), re.M)
    assert match is not None, f"no action in {path}"
    return path, match.group(1), match.group(2)


def retitle(path: Path, action_id: str, title: str) -> None:
    """Change one action's title in its file, as a person editing it would."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^(- id: {re.escape(action_id)}\n  title: ).*$", re.M)
    changed, count = pattern.subn(lambda m: m.group(1) + scalar(title), text)
    if count != 1:
        raise ValueError(f"action {action_id} not found in {path}")
    path.write_text(changed, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("actions", type=int, help="how many actions")
    parser.add_argument("out", type=Path, help="the data folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed writes the same files")
    args = parser.parse_args(argv)
    shape = generate(args.actions, args.out, args.seed)
    print(json.dumps(asdict(shape)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
