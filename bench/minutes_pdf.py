"""The minutes of a large meeting, end to end, against plain reportlab laying out the same text.

A demo meeting of 2,000 registered people, all checked in, and 3,000 ideas, written through the
services into a fresh database; 30 votes counted with ``civodesk.voting`` (yes/no, majority
judgment, Schulze, approval in turn) are attached to the record in memory, since votes are not
in the journal yet. Timed: reading the record from the database plus laying the PDF out
(``civodesk.minutes``), then a bare ``SimpleDocTemplate`` with reportlab's sample styles laying
out the same attendance rows, idea texts and vote explanations. Issue 11's targets: ≤ 10 s,
≤ 3× plain reportlab, peak memory ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bench._support import machine_note, median
from civodesk.clock import SystemClock
from civodesk.db.database import open_database
from civodesk.demo import create_demo_meeting
from civodesk.devices.identity import DeviceIdentity
from civodesk.documents.fonts import register_fonts
from civodesk.minutes.options import MinutesOptions
from civodesk.minutes.record import MeetingRecord, VoteEntry
from civodesk.minutes.service import MinutesService, render_record
from civodesk.services import build_services
from civodesk.voting import ABSTAIN, NO, YES, count


def large_meeting(folder: Path, participants: int, ideas: int) -> tuple[MinutesService, str]:
    services = build_services(
        open_database(folder / "large.db"), DeviceIdentity.generate("bench"), SystemClock()
    )
    meeting = create_demo_meeting(services, participants=participants, ideas=ideas, seed=7)
    present = {
        row.participant_id
        for row in services.checkin.search(meeting, "", limit=10**6)
        if row.present
    }
    for person in services.participants.list_participants(meeting):
        if person.id not in present:
            services.checkin.check_in(meeting, person.id)
    return MinutesService(services.database), meeting


def votes_for(record: MeetingRecord, how_many: int) -> tuple[VoteEntry, ...]:
    rng = random.Random(5)
    voters = len(record.attendees)
    options = {
        f"o{i}": f"Projet {i} : {record.agenda[i % len(record.agenda)].title}" for i in range(5)
    }
    votes = []
    for number in range(how_many):
        kind = number % 4
        if kind == 0:
            ballots = [rng.choice([YES, YES, NO, ABSTAIN]) for _ in range(voters)]
            result = count("yes_no_abstain", [YES, NO, ABSTAIN], ballots)
        elif kind == 1:
            grades = [{o: rng.randrange(7) for o in options} for _ in range(voters)]
            result = count("majority_judgment", options, grades)
        elif kind == 2:
            ranked = [tuple(rng.sample(list(options), 5)) for _ in range(voters)]
            result = count("schulze", options, ranked)
        else:
            approved = [frozenset(rng.sample(list(options), 2)) for _ in range(voters)]
            result = count("approval", options, approved)
        item = record.agenda[number % len(record.agenda)].id
        votes.append(VoteEntry(item, f"Vote n° {number + 1}", result, secret=number % 2 == 0))
    return tuple(votes)


def plain(record: MeetingRecord) -> int:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    sheet = getSampleStyleSheet()
    story: list[object] = [
        Paragraph(record.title, sheet["Title"]),
        Paragraph("Présences", sheet["Heading1"]),
        Table(
            [["N°", "Nom et prénom", "Commune", "Arrivée"]]
            + [
                [str(n), p.listed_name, p.commune, p.arrived_at.strftime("%H:%M")]
                for n, p in enumerate(record.attendees, start=1)
            ],
            repeatRows=1,
        ),
    ]
    for item in record.agenda:
        story.append(Paragraph(item.title, sheet["Heading1"]))
        for number, idea in enumerate(record.ideas_of(item.id), start=1):
            story.append(Paragraph(f"{number}. {idea.text}", sheet["BodyText"]))
        for vote in record.votes_of(item.id):
            story.append(Paragraph(vote.question, sheet["Heading3"]))
            rows = [["Option", "Rang"]] + [
                [vote.result.labels[o], "1"] for o in vote.result.options
            ]
            story.append(Table(rows))
            for line in vote.result.explanation.splitlines():
                story.append(Paragraph(line, sheet["BodyText"]))
    for number, idea in enumerate(record.unfiled_ideas(), start=1):
        story.append(Paragraph(f"{number}. {idea.text}", sheet["BodyText"]))
    document = SimpleDocTemplate(io.BytesIO())
    document.build(story)
    return int(document.page)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--ideas", type=int, default=3000)
    parser.add_argument("--votes", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    register_fonts()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        minutes, meeting = large_meeting(Path(folder), args.participants, args.ideas)
        setup = time.perf_counter() - started
        ours, theirs, pages, plain_pages = [], [], 0, 0
        for _ in range(args.runs):
            started = time.perf_counter()
            record = minutes.read_record(meeting)
            record = replace(record, votes=votes_for(record, args.votes)) if args.votes else record
            counted = time.perf_counter()
            rendered = render_record(record, MinutesOptions())
            ours.append(time.perf_counter() - counted + (counted - started))
            pages = rendered.pages
            started = time.perf_counter()
            plain_pages = plain(record)
            theirs.append(time.perf_counter() - started)
    ours_s, plain_s = median(ours), median(theirs)
    print(
        f"minutes_pdf: {args.participants:,} present, {args.ideas:,} ideas, {args.votes} votes "
        f"(in memory), median of {args.runs} runs ({machine_note()}); setup {setup:.1f} s"
    )
    print(f"  plain reportlab, same text     {plain_pages:>4} pages  {plain_s:.2f} s")
    print(
        f"  civodesk.minutes (read+render) {pages:>4} pages  {ours_s:.2f} s  "
        f"({ours_s / plain_s:.2f}× plain)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory of the run: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
