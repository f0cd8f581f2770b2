"""Parsers for each source format. Each returns records plus the problems it met, so one bad file
is reported by name and the rest of the corpus still loads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.models import EscoOccupation, FrenchCourse, FrenchJob, Standard


class SourceError(ValueError):
    """A source file that cannot be used; the message names the file and what is wrong."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass
class ParseOutcome:
    """What a batch of sources gave: records, and one message per file that could not be used."""

    standards: list[Standard] = field(default_factory=list)
    archived: list[Standard] = field(default_factory=list)  # versions from an archive of every version published
    jobs: list[FrenchJob] = field(default_factory=list)
    courses: list[FrenchCourse] = field(default_factory=list)
    esco: list[EscoOccupation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def extend(self, other: ParseOutcome) -> None:
        self.standards.extend(other.standards)
        self.archived.extend(other.archived)
        self.jobs.extend(other.jobs)
        self.courses.extend(other.courses)
        self.esco.extend(other.esco)
        self.errors.extend(other.errors)
