"""Verdicts and the record one sandboxed run produces."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Verdict(str, Enum):
    """Outcome codes. `OK` is a run that ended normally; the judge turns it into AC or WA."""

    OK = "OK"
    AC = "AC"
    WA = "WA"
    TLE = "TLE"
    MLE = "MLE"
    RTE = "RTE"
    OLE = "OLE"
    CE = "CE"
    JE = "JE"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class RunResult:
    """What one run of one program on one input did."""

    verdict: Verdict
    exit_code: int | None
    signal: int | None
    cpu_time_s: float
    wall_time_s: float
    memory_mib: float
    stdout: bytes
    stderr: bytes
    message: str = ""
    stdout_truncated: bool = False

    @classmethod
    def judge_error(cls, message: str) -> RunResult:
        """A run that says nothing about the program: the judge failed (`message` says how)."""
        return cls(Verdict.JE, None, None, 0.0, 0.0, 0.0, b"", b"", message=message)

    def to_json(self) -> dict[str, object]:
        return {
            "verdict": self.verdict.value,
            "exit_code": self.exit_code,
            "signal": self.signal,
            "cpu_time_s": round(self.cpu_time_s, 4),
            "wall_time_s": round(self.wall_time_s, 4),
            "memory_mib": round(self.memory_mib, 2),
            "stdout": self.stdout.decode("utf-8", errors="replace"),
            "stderr": self.stderr.decode("utf-8", errors="replace"),
            "stdout_truncated": self.stdout_truncated,
            "message": self.message,
        }
