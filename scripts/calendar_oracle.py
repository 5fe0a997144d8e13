#!/usr/bin/env python3
"""The oracle of the calendar differential test (issue 12).

Reads every .ics under tests/calendars/ with python's `icalendar` and
`recurring-ical-events` (an implementation independent of ties), picks days
where a reader is likely to go wrong (each series' start and end, its
exceptions, the daylight-saving changes of the zones involved, a few fixed
days) and writes, for each (file, day, viewer zone), the meetings that day as
tests/calendars/expected.tsv. tests/calendar_oracle.rs compares ties with it.

Line of one occurrence (the same on both sides, see calendar-api):
  timed:   2026-06-15T10:00:00/2026-06-15T11:00:00 SUMMARY  (viewer wall time)
  all-day: 2026-06-15/2026-06-16 SUMMARY                    (end exclusive)

Usage: calendar_oracle.py REPO_ROOT
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import sys
import traceback
import warnings
import zoneinfo
from importlib import metadata
from pathlib import Path

import icalendar
import recurring_ical_events
from dateutil import rrule as du_rrule

VIEWERS = ("Europe/Vienna", "America/Los_Angeles")
# Days every file is asked about: a long-running series must still be there,
# and a one-off must not leak onto them.
FIXED_DAYS = (
    dt.date(2024, 2, 29),
    dt.date(2025, 12, 31),
    dt.date(2026, 6, 15),
    dt.date(2026, 11, 30),
)
# A recurring series is also asked about its first occurrence on or after
# these, so that "still listed years later" is checked on a day it occurs.
ANCHORS = (dt.date(2024, 6, 3), dt.date(2025, 7, 1), dt.date(2026, 11, 30))
DST_YEARS = range(2024, 2028)
CAP = 40
ONE_DAY = dt.timedelta(days=1)


def title_of(component) -> str:
    summary = component.get("SUMMARY")
    if summary is None:
        return "(no title)"
    text = re.sub(r"\s+", " ", str(summary)).strip()
    return text if text else "(no title)"


def is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def instant(value: dt.datetime, viewer: dt.tzinfo) -> dt.datetime:
    """A datetime as an instant in the viewer's zone. A floating time is the
    viewer's wall time; fold=0 gives RFC 5545 3.3.5's reading of a time that
    does not exist (moved forward by the gap) or exists twice (the first)."""
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=viewer, fold=0)
    return value.astimezone(dt.timezone.utc).astimezone(viewer)


def wall(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def line_of(component, day: dt.date, viewer: dt.tzinfo) -> str | None:
    """The comparison line of one occurrence if it is on `day` for the viewer."""
    start = component.decoded("DTSTART")
    end = component.decoded("DTEND") if "DTEND" in component else None
    if end is None:
        end = start + ONE_DAY if is_date(start) else start
    title = title_of(component)
    if is_date(start):
        if is_date(end) is False:
            end = end.date()
        on_day = start <= day < end or (start == end == day)
        return f"{start.isoformat()}/{end.isoformat()} {title}" if on_day else None
    if is_date(end):
        end = dt.datetime.combine(end, dt.time(), start.tzinfo)
    begin = instant(start, viewer)
    finish = instant(end, viewer)
    day_from = instant(dt.datetime.combine(day, dt.time()), viewer)
    day_to = instant(dt.datetime.combine(day + ONE_DAY, dt.time()), viewer)
    if begin == finish:
        on_day = day_from <= begin < day_to
    else:
        on_day = begin < day_to and finish > day_from
    return f"{wall(begin)}/{wall(finish)} {title}" if on_day else None


def lines_on(queries, day: dt.date, viewer_name: str) -> list[str]:
    viewer = zoneinfo.ZoneInfo(viewer_name)
    lines = []
    for query in queries:
        # A margin of two days each side covers every zone offset; the exact
        # cut is made in the viewer's zone by line_of.
        for component in query.between(day - 2 * ONE_DAY, day + 3 * ONE_DAY):
            line = line_of(component, day, viewer)
            if line is not None:
                lines.append(line)
    return sorted(lines)


# ---------------------------------------------------------------- day picking


def as_list(value):
    return value if isinstance(value, list) else [value]


def dates_of_property(component, name) -> list:
    """Every date or datetime in EXDATE/RDATE/RECURRENCE-ID (periods: start)."""
    found = []
    for prop in as_list(component.get(name, [])):
        for item in getattr(prop, "dts", [prop]):
            value = getattr(item, "dt", item)
            if isinstance(value, tuple):
                value = value[0]
            if isinstance(value, dt.date):
                found.append(value)
    return found


def day_views(value) -> set[dt.date]:
    """The wall date of a value, and its date in each viewer's zone."""
    if is_date(value):
        return {value}
    days = {value.date()}
    if value.tzinfo is not None and value.utcoffset() is not None:
        for name in VIEWERS:
            days.add(value.astimezone(zoneinfo.ZoneInfo(name)).date())
    return days


def dst_days(tz: dt.tzinfo) -> list[dt.date]:
    """Days on which the zone's offset changes, 2024-2027 (noon to noon)."""
    changes = []
    day = dt.date(DST_YEARS[0], 1, 1)
    last = dt.date(DST_YEARS[-1], 12, 31)

    def offset(d):
        return dt.datetime.combine(d, dt.time(12), tz).utcoffset()

    before = offset(day)
    while day < last:
        day += ONE_DAY
        now = offset(day)
        if now != before:
            changes.append(day)
        before = now
    return changes


def unbounded_rule(component, start):
    """The series' RRULEs without UNTIL/COUNT, on the naive wall DTSTART, and
    the UNTIL (as naive wall time in the series' zone) / COUNT of each."""
    rules = []
    naive = start if is_date(start) else start.replace(tzinfo=None)
    if is_date(naive):
        naive = dt.datetime.combine(naive, dt.time())
    for recur in as_list(component.get("RRULE", [])):
        text = recur.to_ical().decode()
        parts = [p for p in text.split(";") if p and not p.upper().startswith(("UNTIL=", "COUNT="))]
        until = recur.get("UNTIL", [None])[0]
        count = recur.get("COUNT", [None])[0]
        if isinstance(until, dt.datetime) and until.tzinfo is not None:
            if not is_date(start) and start.tzinfo is not None:
                until = until.astimezone(start.tzinfo)
            until = until.replace(tzinfo=None)
        elif is_date(until):
            until = dt.datetime.combine(until, dt.time(23, 59, 59))
        try:
            rule = du_rrule.rrulestr("RRULE:" + ";".join(parts), dtstart=naive)
        except Exception:  # a rule dateutil cannot read still gets its DTSTART days
            continue
        rules.append((rule, until, count))
    return rules


def series_days(component, start, zones) -> tuple[set, set, set]:
    """(must, around, later): days a series must be asked about, then days
    around its daylight-saving changes and anchors, then other years' changes."""
    must, around, later = set(), set(), set()
    for rule, until, count in unbounded_rule(component, start):
        first = rule.after(dt.datetime.min, inc=True)
        last = None  # the series' last occurrence; None while open-ended
        if count:
            seq = list(rule[: int(count) + 1]) if int(count) < 100000 else []
            for o in seq[max(0, int(count) - 2) :]:
                must |= day_views_wall(o, start)
            if len(seq) > int(count):
                last = seq[int(count) - 1]
        if until is not None:
            before = rule.before(until, inc=True)
            after = rule.after(until)
            for o in (before, after):
                if o is not None:
                    must |= day_views_wall(o, start)
                    must.add(o.date() + ONE_DAY)
            if before is not None:
                prev = rule.before(before)
                if prev is not None:
                    must |= day_views_wall(prev, start)
            last = before if last is None else min(last, before or last)
        if first is None:
            continue

        def alive(day: dt.date) -> bool:
            """Within a week of the series' real span."""
            if day < first.date() - 8 * ONE_DAY:
                return False
            return last is None or day <= last.date() + 8 * ONE_DAY

        for anchor in ANCHORS:
            o = rule.after(dt.datetime.combine(anchor, dt.time()), inc=True)
            if o is not None and alive(o.date()):
                around |= day_views_wall(o, start)
        for tz in zones:
            for change in dst_days(tz):
                if not alive(change):
                    continue
                moment = dt.datetime.combine(change, dt.time())
                target = around if change.year == 2026 else later
                target.add(change)
                for o in (rule.before(moment), rule.after(moment, inc=True)):
                    if o is not None and abs((o.date() - change).days) <= 8:
                        target |= day_views_wall(o, start)
    return must, around, later


def day_views_wall(naive_occurrence: dt.datetime, start) -> set[dt.date]:
    """Days of one rule occurrence, put back in the series' zone."""
    if is_date(start):
        return {naive_occurrence.date()}
    if start.tzinfo is None:
        return day_views(naive_occurrence)
    return day_views(naive_occurrence.replace(tzinfo=start.tzinfo))


def pick_days(calendars) -> list[dt.date]:
    must, around, later = set(FIXED_DAYS), set(), set()
    zones = {zoneinfo.ZoneInfo(name) for name in VIEWERS}
    for cal in calendars:
        for event in cal.walk("VEVENT"):
            start = event.decoded("DTSTART") if "DTSTART" in event else None
            if isinstance(start, dt.datetime) and start.tzinfo is not None:
                zones.add(start.tzinfo)
    zones = list(zones)
    for cal in calendars:
        for event in cal.walk("VEVENT"):
            try:
                start = event.decoded("DTSTART")
            except Exception:
                continue
            if not isinstance(start, dt.date):
                continue
            must |= day_views(start)
            around.add((start if is_date(start) else start.date()) - ONE_DAY)
            try:
                end = event.decoded("DTEND") if "DTEND" in event else None
                if end is None and "DURATION" in event:
                    end = start + event.decoded("DURATION")
            except Exception:
                end = None
            if isinstance(end, dt.date):
                first = start if is_date(start) else start.date()
                last = end if is_date(end) else end.date()
                span = (last - first).days
                covered = range(span + 1) if span <= 5 else (1, span // 2, span - 1, span)
                for k in covered:
                    around.add(first + dt.timedelta(days=k))
            for name in ("EXDATE", "RDATE", "RECURRENCE-ID"):
                try:
                    for value in dates_of_property(event, name):
                        must |= day_views(value)
                except Exception:
                    pass
            if "RRULE" in event:
                try:
                    m, a, l = series_days(event, start, zones)
                except Exception:
                    continue
                must |= m
                around |= a
                later |= l
    chosen: list[dt.date] = []
    for group in (must, around, later):
        for day in sorted(group):
            if len(chosen) >= CAP:
                break
            if day not in chosen and dt.date(1900, 1, 1) <= day <= dt.date(2100, 1, 1):
                chosen.append(day)
    return sorted(chosen)


# ---------------------------------------------------------------- driver


def read(path: Path):
    """The file's VCALENDARs, and what the oracle had to leave out to read
    them: VEVENTs without DTSTART (RFC 5545 3.6.1 requires one, and
    recurring-ical-events stops on them), text after END:VCALENDAR."""
    data = path.read_bytes()
    notes = []
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except ValueError:
        # icalendar stops on text after END:VCALENDAR; a reader should not.
        cut = data.rfind(b"END:VCALENDAR")
        rest = data[cut:].split(b"\n", 1)[1] if cut >= 0 and b"\n" in data[cut:] else b""
        if not rest.strip():
            raise
        calendars = icalendar.Calendar.from_ical(data[: len(data) - len(rest)], multiple=True)
        notes.append("the oracle ignored the text after END:VCALENDAR")
    calendars = [c for c in calendars if c.name == "VCALENDAR"]
    if not calendars:
        raise ValueError("no complete VCALENDAR")
    dropped = 0
    for cal in calendars:
        kept = [c for c in cal.subcomponents if c.name != "VEVENT" or "DTSTART" in c]
        dropped += len(cal.subcomponents) - len(kept)
        cal.subcomponents[:] = kept
    if dropped:
        notes.append(f"the oracle left out {dropped} VEVENT(s) without DTSTART")
    return calendars, "; ".join(notes)


def reason_of(error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"
    return re.sub(r"\s+", " ", text).strip()[:200]


def versions() -> str:
    names = ("icalendar", "recurring-ical-events", "x-wr-timezone", "python-dateutil", "tzdata")
    parts = [f"python {sys.version.split()[0]}"]
    for name in names:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    return "; ".join(parts)


def oracle_of(job: tuple[str, str]) -> tuple[list[str], int, bool]:
    """The expected.tsv lines of one file: (lines, pairs, skipped)."""
    root, name = job
    warnings.simplefilter("ignore")  # icalendar's TZID guesses are compared, not news
    path = Path(root) / name
    rel = path.relative_to(root).as_posix()
    try:
        calendars, partial = read(path)
        queries = [recurring_ical_events.of(c) for c in calendars]
        days = pick_days(calendars)
        rows = []
        for day in days:
            for viewer in VIEWERS:
                joined = " | ".join(lines_on(queries, day, viewer))
                rows.append(f"{rel}\t{day.isoformat()}\t{viewer}\t{joined}")
    except Exception as error:  # the oracle cannot read it: say why, go on
        if "--debug" in sys.argv:
            traceback.print_exc()
        return [f"# skipped\t{rel}\t{reason_of(error)}"], 0, True
    head = [f"# partial\t{rel}\t{partial}"] if partial else []
    return head + rows, len(days), False


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    base = root / "tests" / "calendars"
    files = sorted(p.relative_to(root).as_posix() for p in base.rglob("*.ics") if p.is_file())
    out = [
        "# Expected meetings per (file, day, viewer zone), written by scripts/calendar_oracle.py",
        "# (run scripts/calendar-oracle.sh to regenerate; do not edit by hand).",
        f"# oracle: {versions()}",
        "# columns: path<TAB>day<TAB>viewer zone<TAB>occurrence lines sorted, joined by ' | '",
        "# '# skipped<TAB>path<TAB>reason' marks a file the oracle itself cannot read.",
    ]
    # Each file in a fresh interpreter: icalendar remembers every VTIMEZONE it
    # has read, process-wide, and would lend one file's zone to the next.
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=2, maxtasksperchild=1) as pool:
        results = pool.map(oracle_of, [(str(root), f) for f in files], chunksize=1)
    pairs = skipped = 0
    for lines, n, was_skipped in results:
        out.extend(lines)
        pairs += n
        skipped += was_skipped
    (base / "expected.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
    print(
        f"oracle: {len(files)} files, {pairs} (file, day) pairs x {len(VIEWERS)} viewer zones,"
        f" {skipped} files skipped -> {base / 'expected.tsv'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
