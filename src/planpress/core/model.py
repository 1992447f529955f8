"""The typed model of a plan: the data contract that every partnership's data is written against.

Validation, the published JSON Schema, the data reference page and the exports all come from
these classes. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from planpress.core.characters import CONTROL, DIRECTION, INVISIBLE

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ACTION_ID_PATTERN = r"^[A-Z][A-Z0-9]*-[0-9]+$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?$"
_DATE = re.compile(DATE_PATTERN)
YEAR_OR_DATE_PATTERN = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
_YEAR = re.compile(r"[0-9]{4}")
# A glossary term: no character that markup gives a meaning to, no control character.
GLOSSARY_TERM_PATTERN = r'^[^\[\]<>\\{}|"`\x00-\x1F\x7F-\x9F]+$'
GLOSSARY_TERM_FORBIDDEN = '\\ [ ] < > { } | " `'

MIN_YEAR, MAX_YEAR = 1900, 2200
"""The years a date may fall in."""

MAX_ID = 100
MAX_ACTION_ID = 30
MAX_LINE = 300
"""Titles, names and other text shown on one line."""
MAX_VERSION_TITLE = 120
MAX_TERM = 100
MAX_PARAGRAPH = 5_000
"""Summaries, descriptions, pitches, notes and other text of a paragraph or two."""
MAX_LONG_TEXT = 20_000
"""The plan's summary and the prospectus's introduction."""
MAX_URL = 2_000
MAX_WORD = 100
"""The longest run of characters without a space, except a web address (it has `://`)."""


def _scalar_text(value: Any) -> Any:
    """Read a number written where text belongs as the text the user typed (`version: 1.10`)."""
    text = getattr(value, "yaml_text", None)
    if text is not None:
        return text
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_scalar_text)]
"""Any text, unchecked. Numbers written where text belongs are read as the text the user typed."""

# Characters refused in text: they change the direction of text, are invisible, or are controls.
_DIRECTION, _INVISIBLE, _CONTROL = DIRECTION, INVISIBLE, CONTROL
_CONTROL_BUT_TAB_AND_LINE_BREAK = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_PARAGRAPH_BAD = re.compile(f"[{_DIRECTION}{_INVISIBLE}{_CONTROL_BUT_TAB_AND_LINE_BREAK}]")
_LINE_BAD = re.compile(f"[{_DIRECTION}{_INVISIBLE}{_CONTROL}]")
_URL_BAD = re.compile(f"[{_DIRECTION}{_INVISIBLE}{_CONTROL}]|\\s")
_LONG_RUN = re.compile(f"\\S{{{MAX_WORD + 1},}}")
_IS_DIRECTION = re.compile(f"[{_DIRECTION}]")
_IS_INVISIBLE = re.compile(f"[{_INVISIBLE}]")


def _character(char: str) -> str:
    """`U+200B ZERO WIDTH SPACE`."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def text_problem(text: str, *, one_line: bool, url: bool = False) -> str | None:
    """What is wrong with `text` for a field (None if nothing): the words after the field's name.

    Refused: characters that change the direction of text or are invisible, control characters
    (in `one_line` text also tabs and line breaks), and a word longer than `MAX_WORD` characters
    unless it is a web address; in a `url`, any space.
    """
    pattern = _URL_BAD if url else _LINE_BAD if one_line else _PARAGRAPH_BAD
    found = pattern.search(text)
    if not url and len(text) > MAX_WORD:
        end = found.start() if found is not None else len(text)
        for run in _LONG_RUN.finditer(text, 0, end):
            word = run.group()
            if "://" not in word:
                return (
                    f"has a word of {len(word):,} characters with no space, at character "
                    f"{run.start() + 1:,} (a word may have at most {MAX_WORD} characters, unless "
                    "it is a web address)"
                )
    if found is None:
        return None
    at = found.start() + 1
    char = found.group()
    if char == "\n":
        return f"has a line break at character {at:,} (it must be one line of text)"
    if char == "\t" and one_line:
        return f"has a tab at character {at:,} (it must be one line of text, with spaces)"
    if char.isspace() and url:
        return f"has a space at character {at:,} (a web address has no spaces: write one as %20)"
    if _IS_DIRECTION.match(char):
        return (
            f"has an invisible character that changes the direction of text, "
            f"{_character(char)}, at character {at:,} (delete it: text may not hold direction "
            "controls, which can disguise what it says)"
        )
    if _IS_INVISIBLE.match(char):
        return (
            f"has an invisible character, {_character(char)}, at character {at:,} (delete it: "
            "text may not hold invisible characters)"
        )
    allowed = "" if one_line or url else "; tabs and line breaks are allowed"
    return (
        f"has a control character, {_character(char)}, at character {at:,} (delete it: text "
        f"may not hold control characters{allowed})"
    )


def _checker(*, one_line: bool, url: bool = False) -> AfterValidator:
    search = (_URL_BAD if url else _LINE_BAD if one_line else _PARAGRAPH_BAD).search
    short = 10**9 if url else MAX_WORD

    def check(text: str) -> str:
        if len(text) <= short and search(text) is None:  # the usual case, made quick
            return text
        problem = text_problem(text, one_line=one_line, url=url)
        if problem is not None:
            raise PydanticCustomError("text_problem", "{problem}", {"problem": problem})
        return text

    return AfterValidator(check)


_check_line = _checker(one_line=True)
_check_paragraph = _checker(one_line=False)
_check_url = _checker(one_line=True, url=True)

Line = Annotated[
    str, StringConstraints(max_length=MAX_LINE), BeforeValidator(_scalar_text), _check_line
]
"""Text on one line (a title or a name): no line breaks, at most `MAX_LINE` characters."""

VersionTitle = Annotated[
    str,
    StringConstraints(max_length=MAX_VERSION_TITLE),
    BeforeValidator(_scalar_text),
    _check_line,
]
"""A version's title, shown in the version selector: one line, at most `MAX_VERSION_TITLE`."""

Paragraph = Annotated[
    str,
    StringConstraints(max_length=MAX_PARAGRAPH),
    BeforeValidator(_scalar_text),
    _check_paragraph,
]
"""Text of a paragraph or two, over several lines if need be: at most `MAX_PARAGRAPH`."""

LongText = Annotated[
    str,
    StringConstraints(max_length=MAX_LONG_TEXT),
    BeforeValidator(_scalar_text),
    _check_paragraph,
]
"""Text of several paragraphs: at most `MAX_LONG_TEXT` characters."""

Url = Annotated[
    str, StringConstraints(max_length=MAX_URL), BeforeValidator(_scalar_text), _check_url
]
"""A web address: one line without spaces, at most `MAX_URL` characters."""

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_ID),
    BeforeValidator(_scalar_text),
]
"""An id: lowercase letters, digits and single hyphens, e.g. `skills-sub-group`."""

ActionId = Annotated[
    str,
    StringConstraints(pattern=ACTION_ID_PATTERN, max_length=MAX_ACTION_ID),
    BeforeValidator(_scalar_text),
]
"""An action id: capitals and digits, a hyphen, then digits, e.g. `SKL-01`."""

Money = Annotated[StrictInt, Field(ge=0)]
"""Whole units of the plan's currency: no decimals, commas or currency signs."""


@dataclass(frozen=True, order=True)
class PlanDate:
    """A calendar date, or a month when only the month is known (`2021-03`), or, for a figure
    published once a year (an indicator's value), a whole year (`2025`)."""

    year: int
    month: int
    day: int | None = None
    whole_year: bool = False  # `2025`: January to December (month is 1, day None)

    @classmethod
    def parse_year_or_date(cls, value: Any) -> PlanDate:
        """A year (`2025`, as text or a number) or any date `parse` takes."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and _YEAR.fullmatch(value):
            year = int(value)
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError(f"the year must be from {MIN_YEAR} to {MAX_YEAR}")
            return cls(year, 1, None, whole_year=True)
        return cls.parse(value)

    @classmethod
    def parse(cls, value: Any) -> PlanDate:
        if isinstance(value, PlanDate):
            return value
        if isinstance(value, date):
            if not MIN_YEAR <= value.year <= MAX_YEAR:
                raise ValueError(f"the year must be from {MIN_YEAR} to {MAX_YEAR}")
            return cls(value.year, value.month, value.day)
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise ValueError("not a date")
        parts = [int(p) for p in value.split("-")]
        year, month = parts[0], parts[1]
        day = parts[2] if len(parts) == 3 else None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"the year must be from {MIN_YEAR} to {MAX_YEAR}")
        if not 1 <= month <= 12:
            raise ValueError(f"there is no month {month}")
        if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise ValueError(f"{calendar.month_name[month]} {year} has no day {day}")
        return cls(year, month, day)

    @property
    def first_day(self) -> date:
        """The earliest day this date can mean."""
        return date(self.year, self.month, self.day or 1)

    @property
    def last_day(self) -> date:
        """The latest day this date can mean."""
        if self.whole_year:
            return date(self.year, 12, 31)
        return date(
            self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1]
        )

    @property
    def month_only(self) -> bool:
        return self.day is None and not self.whole_year

    def __str__(self) -> str:
        if self.whole_year:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def human(self) -> str:
        """`16 July 2020`, or `March 2021` for a month, or `2025` for a year."""
        if self.whole_year:
            return f"{self.year}"
        month = calendar.month_name[self.month]
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"


def _parse_date(value: Any) -> PlanDate:
    try:
        return PlanDate.parse(value)
    except ValueError as exc:
        raise ValueError(f"date:{exc}") from None


def _parse_year_or_date(value: Any) -> PlanDate:
    try:
        return PlanDate.parse_year_or_date(value)
    except ValueError as exc:
        raise ValueError(f"date:{exc}") from None


YearOrDate = Annotated[
    PlanDate,
    PlainValidator(_parse_year_or_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": YEAR_OR_DATE_PATTERN,
            "description": "A date, YYYY-MM-DD, or YYYY-MM when only the month is known, or "
            "YYYY for a figure published once a year.",
        }
    ),
]
"""The date of an indicator's figure: a date, a month, or a whole year."""

Date = Annotated[
    PlanDate,
    PlainValidator(_parse_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "A date, YYYY-MM-DD, or YYYY-MM when only the month is known.",
        }
    ),
]


class Record(BaseModel):
    """Fields that every record may carry, whatever its kind."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)

    source: Paragraph | None = Field(
        None, description="Where this fact comes from (a document, paragraph or web page)."
    )
    illustrative: StrictBool = Field(
        False,
        description="True when the record is invented for illustration; the site says so.",
    )
    note: Paragraph | None = Field(None, description="A remark shown beside the record.")
    extra: dict[str, Any] | None = Field(
        None, description="Your partnership's own fields, kept as they are and not checked."
    )


# ---------------------------------------------------------------- plan.yml


class Strand(Record):
    id: Slug = Field(description="Id of the strand, e.g. `recovery`.")
    name: Line = Field(description="Name of the strand.")
    description: Paragraph | None = Field(None, description="What the strand covers.")


Horizon = Literal["short", "medium", "long"]


class Theme(Record):
    id: Slug = Field(description="Id of the theme.")
    name: Line = Field(description="Name of the theme.")
    horizon: Horizon = Field(description="When the theme is meant to pay off.")
    description: Paragraph | None = Field(None, description="What the theme covers.")


DocumentKind = Literal["strategy", "paper", "evidence", "other"]


class Document(Record):
    id: Slug = Field(description="Id of the document.")
    title: Line = Field(description="Title of the document.")
    published: Date = Field(description="When it was published.")
    url: Url | None = Field(None, description="Where to read it.")
    kind: DocumentKind | None = Field(None, description="What sort of document it is.")
    organisation: Slug | None = Field(None, description="Organisation id of its author.")
    objectives: list[Paragraph] | None = Field(None, description="Its objectives or headings.")


class Contact(Record):
    name: Line | None = Field(None, description="Who to contact (a team or role).")
    email: Line | None = Field(None, description="Email address.")
    url: Url | None = Field(None, description="A web page for contact.")


class Licence(Record):
    name: Line = Field(description="Name of the licence, e.g. Open Government Licence v3.0.")
    id: Line | None = Field(
        None, description="Its short identifier (SPDX or Open Definition), e.g. OGL-UK-3.0."
    )
    url: Url | None = Field(None, description="Where the licence is published.")


class RagDefinitions(Record):
    green: Paragraph = Field(description="What a green rating means, e.g. on track.")
    amber: Paragraph = Field(description="What an amber rating means.")
    red: Paragraph = Field(description="What a red rating means.")


class ProspectusInfo(Record):
    title: Line = Field("Investment prospectus", description="Title of the prospectus.")
    introduction: LongText | None = Field(
        None, description="The case for investment: why these asks, why now."
    )
    fiscal_event: Slug | None = Field(
        None, description="Milestone id of the fiscal event the prospectus is for."
    )
    next_steps: list[Paragraph] | None = Field(None, description="What happens next, in order.")


LIST_ACTIONS_UP_TO = 300
"""Default of `PlanInfo.list_actions_up_to`: one page listing 300 actions three ways is ~1 MB."""


class PlanInfo(Record):
    """The contents of `plan.yml`."""

    id: Slug = Field(description="Id of the plan.")
    title: Line = Field(description="Full title of the plan.")
    short_title: Line | None = Field(None, description="A short title, used as the site name.")
    organisation: Slug = Field(description="Organisation id of the partnership that owns the plan.")
    summary: LongText = Field(description="What the plan is, in a few sentences.")
    currency: Line = Field("GBP", description="Currency of every amount, e.g. GBP.")
    contact: Contact | None = Field(None, description="How readers reach the partnership.")
    licence: Licence | None = Field(
        None,
        description=(
            "The licence under which the plan's data (its open data files) may be reused; "
            "without one, the Open data page says that no licence is stated."
        ),
    )
    rag_definitions: RagDefinitions | None = Field(
        None,
        description=(
            "What green, amber and red mean, shown wherever a RAG rating is, so that each "
            "means the same to everyone."
        ),
    )
    strands: list[Strand] = Field(description="The strands the plan brings together.")
    themes: list[Theme] = Field(description="Themes, each with its horizon.")
    documents: list[Document] | None = Field(None, description="Strategies and papers behind it.")
    prospectus: ProspectusInfo | None = Field(
        None, description="The investment prospectus: its case and next steps."
    )
    list_actions_up_to: StrictInt | None = Field(
        None,
        ge=1,
        description=(
            "The most actions the site's overview pages (the implementation plan, the timeline, "
            "partners) list one by one; a larger plan is counted there by theme, group and "
            f"owner, and each group's page lists its own actions. {LIST_ACTIONS_UP_TO} if not "
            "given. The prospectus shows each ask in full up to this many asks, and as a table "
            "row above it."
        ),
    )


# ---------------------------------------------------------------- organisations.yml

OrganisationKind = Literal[
    "lep",
    "local-authority",
    "business-body",
    "anchor-institution",
    "housing-association",
    "government",
    "consultancy",
    "education",
    "other",
]


class Organisation(Record):
    id: Slug = Field(description="Id of the organisation.")
    name: Line = Field(description="Name of the organisation.")
    kind: OrganisationKind = Field(description="What sort of organisation it is.")
    abbreviation: Line | None = Field(None, description="Its usual abbreviation, e.g. FSB.")
    url: Url | None = Field(None, description="Its website.")
    part_of: Slug | None = Field(None, description="Organisation id it belongs to.")


# ---------------------------------------------------------------- groups.yml

GroupKind = Literal["board", "sub-group", "secretariat", "meeting", "other"]


class Group(Record):
    id: Slug = Field(description="Id of the group.")
    name: Line = Field(description="Name of the group.")
    kind: GroupKind = Field(description="What sort of group it is.")
    chair: Line | None = Field(None, description="Who chairs it (a person or role).")
    lead: Line | None = Field(None, description="Who leads it (a person or role).")
    members: list[Slug] | None = Field(None, description="Organisation ids of its members.")
    remit: Paragraph | None = Field(None, description="What it is for.")
    parent: Slug | None = Field(None, description="Group id of the group it reports to.")


# ---------------------------------------------------------------- actions/*.yml

Status = Literal["proposed", "planned", "in-progress", "complete", "paused", "cancelled"]
Rag = Literal["green", "amber", "red"]
Foundation = Literal["ideas", "people", "infrastructure", "business-environment", "places"]


class Budget(Record):
    amount: Money | None = Field(None, description="Total cost, in whole units of currency.")
    funded: Money | None = Field(None, description="How much of it is already secured.")
    source: Paragraph | None = Field(None, description="Where the money comes from.")


class ProspectusAsk(Record):
    ask: Money = Field(description="Investment asked for, in whole units of currency.")
    pitch: Paragraph | None = Field(None, description="The case for it, in a sentence or two.")


class DecisionRef(Record):
    meeting: Slug = Field(description="Id of the meeting that decided (meetings.yml).")
    recommendation: Slug | None = Field(
        None, description="Id of the recommendation it decided, among that meeting's."
    )


class Action(Record):
    id: ActionId = Field(description="Stable id, e.g. `SKL-01`; never reuse or renumber.")
    title: Line = Field(description="What will be done, in a line.")
    summary: Paragraph | None = Field(None, description="More detail.")
    strand: Slug = Field(description="Strand id (from plan.yml).")
    theme: Slug = Field(description="Theme id (from plan.yml).")
    group: Slug = Field(description="Group id of the sub-group that owns it.")
    owner: Slug = Field(description="Organisation id of the owner.")
    partners: list[Slug] | None = Field(None, description="Organisation ids of partners.")
    start: Date | None = Field(None, description="When it starts.")
    due: Date | None = Field(None, description="When it is due; not before `start`.")
    status: Status = Field(description="Where it stands.")
    rag: Rag | None = Field(None, description="Red, amber or green rating.")
    budget: Budget | None = Field(None, description="Cost and funding.")
    prospectus: ProspectusAsk | None = Field(
        None, description="Present when the action is an investment ask in the prospectus."
    )
    depends_on: list[ActionId] | None = Field(None, description="Ids of actions it waits for.")
    outputs: list[Paragraph] | None = Field(None, description="What it will produce.")
    foundation: Foundation | None = Field(None, description="Foundation of productivity it serves.")
    progress: Annotated[StrictInt, Field(ge=0, le=100)] | None = Field(
        None, description="How far it has got, as a percentage from 0 to 100."
    )
    indicators: list[Slug] | None = Field(
        None, description="Ids of the outcome indicators (indicators.yml) it serves."
    )
    decisions: list[DecisionRef] | None = Field(
        None,
        description="The decisions that created or changed it: each the meeting that decided "
        "and, where it had one, the recommendation. Name a decision in the version it "
        "changes, so that the action's history shows it beside the change.",
    )


# ---------------------------------------------------------------- meetings.yml

Outcome = Literal["pending", "endorsed", "approved", "rejected", "deferred"]
StageName = Literal["embryonic", "draft", "approved", "final"]
MeetingStatus = Literal["scheduled", "held", "cancelled"]


class Paper(Record):
    title: Line = Field(description="Title of the paper.")
    url: Url | None = Field(None, description="Where to read it.")


class Recommendation(Record):
    id: Slug = Field(description="Id of the recommendation within the meeting, e.g. `i`.")
    text: Paragraph = Field(description="The recommendation, word for word.")
    outcome: Outcome | None = Field(None, description="What the meeting decided.")


class Publishes(Record):
    version: Text = Field(description="Version name, e.g. `2020-07-16`.")
    title: VersionTitle = Field(description="Version title shown to readers.")
    stage: StageName = Field(description="How far the plan has come.")
    url: Url | None = Field(
        None,
        description="Where this version was published before, elsewhere (for a past meeting "
        "whose version was never published from this repository); `planpress publish` then "
        "leaves it there.",
    )


class Meeting(Record):
    id: Slug = Field(description="Id of the meeting, e.g. `board-2020-07-16`.")
    date: Date = Field(description="When it meets.")
    body: Slug = Field(description="Group id of the body that meets.")
    title: Line = Field(description="Title of the meeting.")
    status: MeetingStatus | None = Field(None, description="Scheduled, held or cancelled.")
    papers: list[Paper] | None = Field(None, description="Papers put to the meeting.")
    recommendations: list[Recommendation] | None = Field(
        None, description="Recommendations and their outcomes."
    )
    publishes: Publishes | None = Field(
        None, description="The version of the plan this meeting endorses or approves."
    )


# ---------------------------------------------------------------- milestones.yml

MilestoneKind = Literal["meeting", "fiscal-event", "deadline", "external", "other"]


class Milestone(Record):
    id: Slug = Field(description="Id of the milestone.")
    date: Date = Field(description="When it happens.")
    title: Line = Field(description="What happens.")
    kind: MilestoneKind | None = Field(None, description="What sort of milestone it is.")


# ---------------------------------------------------------------- procurements.yml

ProcurementStatus = Literal["planned", "specification", "tendering", "awarded", "closed"]


class Procurement(Record):
    id: Slug = Field(description="Id of the procurement.")
    title: Line = Field(description="What is being bought.")
    max_value: Money = Field(description="Most it may cost, in whole units of currency.")
    currency: Line | None = Field(None, description="Currency, if not the plan's.")
    duration_months: Annotated[StrictInt, Field(ge=0)] | None = Field(
        None, description="Length of the contract in months."
    )
    route: Line | None = Field(None, description="How it is procured.")
    status: ProcurementStatus | None = Field(None, description="Where it stands.")
    agreed_by: Slug | None = Field(None, description="Group id of the group that agreed it.")
    approved_at: Slug | None = Field(None, description="Meeting id where it was approved.")
    supplier: Slug | None = Field(None, description="Organisation id of the supplier.")


# ---------------------------------------------------------------- indicators.yml

Unit = Literal[
    "percent",
    "percentage-points",
    "count",
    "people",
    "jobs",
    "businesses",
    "homes",
    "gbp",
    "gbp-per-hour",
    "gbp-million",
    "gbp-billion",
    "index",
    "ratio",
    "years",
    "hours",
    "tonnes-co2e",
    "kilotonnes-co2e",
]
Direction = Literal["up", "down"]


# The range of a measured value that the charts can draw and the pages and the PDF can show:
# up to a thousand million million either way, and, when not 0, at least a millionth.
MEASURE_LARGEST = 10**15
MEASURE_SMALLEST = 1e-6


def _measure(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("measure", "a number is needed, not infinity or not-a-number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError(
            "measure", "a number is needed (digits, with a decimal point if need be)"
        )
    if abs(value) > MEASURE_LARGEST:
        raise PydanticCustomError(
            "measure",
            "is too large to chart: at most 1,000,000,000,000,000 either side of 0 "
            "(use a larger unit, such as millions)",
        )
    if value and abs(value) < MEASURE_SMALLEST:
        raise PydanticCustomError(
            "measure",
            "is too small to show: 0, or at least 0.000001 either side of 0 (use a smaller "
            "unit, such as thousandths)",
        )
    return value


Measure = Annotated[float | int, BeforeValidator(_measure)]
"""A measured value: a number, whole or with a decimal point."""


class IndicatorPoint(Record):
    value: Measure = Field(description="The value, in the indicator's unit.")
    date: YearOrDate = Field(
        description="The date the value is for: a day, a month (YYYY-MM), or a year (YYYY) for "
        "a figure published once a year."
    )


class IndicatorValue(IndicatorPoint):
    pass


class Indicator(Record):
    id: Slug = Field(description="Id of the indicator.")
    name: Line = Field(description="What it measures, e.g. Output per hour worked.")
    unit: Unit = Field(description="The unit of its values.")
    direction: Direction = Field("up", description="Whether better is up or down.")
    baseline: IndicatorPoint = Field(description="Where it started: value and date.")
    target: IndicatorPoint | None = Field(None, description="Where it should get to, and by when.")
    theme: Slug | None = Field(None, description="Theme id (from plan.yml) it measures.")
    strand: Slug | None = Field(None, description="Strand id (from plan.yml) it measures.")
    values: list[IndicatorValue] | None = Field(
        None, description="Values measured since the baseline, each with its date and source."
    )


# ---------------------------------------------------------------- the whole plan


def term_problem(term: str) -> str | None:
    """What is wrong with a glossary term (None if nothing): the words after the term."""
    if not term.strip():
        return "is blank (a term needs at least one letter or digit)"
    markup = re.search(r'[\[\]<>\\{}|"`]', term)
    if markup is not None:
        return (
            f"has '{markup.group()}' at character {markup.start() + 1} (a term may not hold "
            f"{GLOSSARY_TERM_FORBIDDEN})"
        )
    if len(term) > MAX_TERM:
        return f"is too long: {len(term):,} characters (at most {MAX_TERM})"
    return text_problem(term, one_line=True)


def _check_term(term: str) -> str:
    problem = term_problem(term)
    if problem is not None:
        raise PydanticCustomError("term_problem", "{problem}", {"problem": problem})
    return term


GlossaryTerm = Annotated[
    str,
    StringConstraints(pattern=GLOSSARY_TERM_PATTERN, max_length=MAX_TERM),
    BeforeValidator(_scalar_text),
    AfterValidator(_check_term),
]
"""A term: one line, at most `MAX_TERM` characters, none of `GLOSSARY_TERM_FORBIDDEN`."""
Glossary = dict[GlossaryTerm, Paragraph]


class Plan(BaseModel):
    """A whole plan, as loaded from one `data/` folder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    plan: PlanInfo
    organisations: list[Organisation]
    groups: list[Group]
    actions: list[Action] = []
    meetings: list[Meeting] = []
    milestones: list[Milestone] = []
    procurements: list[Procurement] = []
    indicators: list[Indicator] = []
    glossary: Glossary = {}


@dataclass(frozen=True)
class DataFile:
    """One file (or folder of files) of `data/`, what it holds and whether it must exist."""

    name: str
    field: str
    shape: Any
    required: bool
    holds: str
    item: str


DATA_FILES: tuple[DataFile, ...] = (
    DataFile("plan.yml", "plan", PlanInfo, True, "the plan's title, strands and themes", "plan"),
    DataFile(
        "organisations.yml",
        "organisations",
        list[Organisation],
        True,
        "organisations",
        "organisation",
    ),
    DataFile("groups.yml", "groups", list[Group], True, "groups", "group"),
    DataFile("actions", "actions", list[Action], False, "actions", "action"),
    DataFile("meetings.yml", "meetings", list[Meeting], False, "meetings", "meeting"),
    DataFile("milestones.yml", "milestones", list[Milestone], False, "milestones", "milestone"),
    DataFile(
        "procurements.yml", "procurements", list[Procurement], False, "procurements", "procurement"
    ),
    DataFile(
        "indicators.yml", "indicators", list[Indicator], False, "outcome indicators", "indicator"
    ),
    DataFile("glossary.yml", "glossary", Glossary, False, "glossary terms", "term"),
)
"""The files of a plan's `data/` folder, in the order they are read."""
