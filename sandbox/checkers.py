"""Output checking: the Kattis default validator, Kattis custom validators, testlib checkers."""

from __future__ import annotations

import itertools
import math
import operator
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sandbox import quota, safe_io
from sandbox.isolation import JUDGE, Bind, detect
from sandbox.languages import Program
from sandbox.limits import MIB, Limits
from sandbox.verdict import Verdict

VALIDATOR_LIMITS = Limits(
    time_s=60.0, wall_s=120.0, memory_mib=2048, output_bytes=8 * MIB, scratch_mib=256, spawn=True
)
# Each character can be matched in only one way (digits before the point, after it, or in the
# exponent), so a failed match backs off at most once per character: linear on any token. The
# old `\d+\.?\d*` could split a run of digits between its two halves in n ways, so a long run
# of digits cost the judge quadratic time.
_NUMBER = re.compile(rb"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_TOKEN = re.compile(rb"\S+")
_NUMBER_CHARS = b"0123456789.+-eE"
_WHITESPACE = b" \t\n\r\x0b\x0c"
"""What bytes.split() splits on."""
_SPACE = re.compile(rb"\s+")
_SHOW = 40
FEEDBACK_READ_BYTES = 64 * 1024
"""How much of a feedback file (judgemessage.txt, teammessage.txt) the judge reads."""
FEEDBACK_QUOTA_BYTES = 64 * MIB
"""What a validator may write into its feedback folder in all (see sandbox/quota.py)."""
ANSWER_MAX_BYTES = 1 << 30
"""The largest judge answer file the default validator reads."""


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict
    """AC, WA, or JE when the checker itself failed."""
    message: str = ""


class Checker(Protocol):
    def check(
        self, input_file: Path, answer_file: Path, output: bytes, args: Sequence[str] = ()
    ) -> CheckResult: ...


@dataclass(frozen=True)
class OutputFlags:
    """The default validator's flags, as written in `validator_flags` / `output_validator_args`."""

    case_sensitive: bool = False
    space_change_sensitive: bool = False
    float_absolute_tolerance: float | None = None
    float_relative_tolerance: float | None = None

    @classmethod
    def parse(cls, args: Sequence[str]) -> OutputFlags:
        """Parse flags; raises ValueError naming the first one that makes no sense."""
        values: dict[str, object] = {}
        it = iter(args)
        for flag in it:
            if flag in ("case_sensitive", "space_change_sensitive"):
                values[flag] = True
            elif flag in (
                "float_tolerance",
                "float_absolute_tolerance",
                "float_relative_tolerance",
            ):
                raw = next(it, None)
                try:
                    tol = float(raw) if raw is not None else math.nan
                except ValueError:
                    tol = math.nan
                if not tol >= 0:
                    raise ValueError(f"{flag} needs a non-negative number, got {raw!r}")
                if flag != "float_relative_tolerance":
                    values["float_absolute_tolerance"] = tol
                if flag != "float_absolute_tolerance":
                    values["float_relative_tolerance"] = tol
            else:
                raise ValueError(f"unknown output validator flag {flag!r}")
        return cls(**values)  # type: ignore[arg-type]

    @property
    def floats(self) -> bool:
        return (
            self.float_absolute_tolerance is not None or self.float_relative_tolerance is not None
        )


def compare_default(output: bytes, answer: bytes, flags: OutputFlags) -> CheckResult:
    """The Kattis default validator: token by token, with the flags' leniency.

    Tokens are what `bytes.split()` gives (runs of space, tab, newline, CR, VT, FF: the C
    `isspace` set Kattis' validator uses). Both texts are split a piece at a time and the
    pieces' token lists compared at C speed, so a right answer of millions of tokens costs a
    fraction of a second, and the judge's memory stays bounded whatever a package's answer
    file or output limit; tokens are looked at one by one only where the lists differ.
    """
    spaces_counts_differ = False
    if flags.space_change_sensitive:
        # Runs of whitespace compared in order, a leading one included; a run more or fewer on
        # either side is reported once the tokens have been compared.
        runs = itertools.zip_longest(_SPACE.finditer(output), _SPACE.finditer(answer))
        for i, (o, a) in enumerate(runs):
            if o is None or a is None:
                spaces_counts_differ = True
                break
            if o.group() != a.group():
                return CheckResult(Verdict.WA, f"whitespace differs after token {i + 1}")
    out, ans = _Tokens(output), _Tokens(answer)
    while out.fill() and ans.fill():
        k = min(len(out.tokens) - out.used, len(ans.tokens) - ans.used)
        got = out.tokens[out.used : out.used + k]
        want = ans.tokens[ans.used : ans.used + k]
        if got != want and not _all_lenient_ok(out.piece, ans.piece, got, want, flags):
            for i, (g, w) in enumerate(zip(got, want, strict=True)):
                if g != w and not _token_ok(g, w, flags):
                    return CheckResult(
                        Verdict.WA,
                        f"line {out.line_of(out.used + i)}, token {out.base + out.used + i + 1}: "
                        f"expected {_show(w)}, got {_show(g)}",
                    )
        out.used += k
        ans.used += k
    out_more, ans_more = out.fill(), ans.fill()
    if ans_more:
        return CheckResult(
            Verdict.WA,
            f"output ended after {out.base + out.used} tokens; "
            f"expected {_show(ans.tokens[ans.used])} next",
        )
    if out_more:
        return CheckResult(
            Verdict.WA,
            f"extra output after {ans.base + ans.used} tokens: {_show(out.tokens[out.used])}",
        )
    if spaces_counts_differ:
        return CheckResult(Verdict.WA, "whitespace differs at the end of the output")
    return CheckResult(Verdict.AC)


PIECE_BYTES = 1 << 22
"""About how much of a text the default validator splits at a time (each piece is cut just
after a run of whitespace, so no token is split): a list of tokens takes up to about 20 times
the bytes it came from."""


@dataclass
class _Tokens:
    """One text's tokens, a piece at a time."""

    text: bytes
    pos: int = 0
    """Where the next piece starts."""
    piece_start: int = 0
    piece: bytes = b""
    tokens: list[bytes] = field(default_factory=list)
    base: int = 0
    """How many tokens came before this piece's."""
    used: int = 0
    """How many of this piece's tokens have been compared."""

    def fill(self) -> bool:
        """Make sure a token not yet compared is at hand; False at the end of the text."""
        while self.used >= len(self.tokens):
            if self.pos >= len(self.text):
                return False
            end = self.pos + PIECE_BYTES
            if end < len(self.text):
                space = _SPACE.search(self.text, end)
                end = space.end() if space else len(self.text)
            self.base += len(self.tokens)
            self.piece_start, self.piece = self.pos, self.text[self.pos : end]
            self.tokens, self.used, self.pos = self.piece.split(), 0, end
        return True

    def line_of(self, index: int) -> int:
        """The line (from 1) on which this piece's token number `index` (from 0) starts."""
        match = next(itertools.islice(_TOKEN.finditer(self.piece), index, None))
        before = self.text.count(b"\n", 0, self.piece_start)
        return before + self.piece.count(b"\n", 0, match.start()) + 1


def _all_lenient_ok(
    out_text: bytes, ans_text: bytes, got: list[bytes], expected: list[bytes], flags: OutputFlags
) -> bool:
    """Whether every pair of tokens passes `_token_ok`, decided without a Python-level loop
    (iterators of builtins run at C speed: a million float tokens in a fraction of a second).
    True only when sure; False sends the caller to the token-by-token loop, which decides
    (and names the first failure)."""
    differ = list(itertools.compress(itertools.count(), map(operator.ne, got, expected)))
    if not differ:
        return True
    if not _token_ok(got[differ[0]], expected[differ[0]], flags):
        return False  # a wrong answer already: the loop names it at once
    if len(differ) == 1:  # (itemgetter of one index gives the item, not a tuple)
        return True
    pick = operator.itemgetter(*differ)
    got_d, exp_d = pick(got), pick(expected)
    if not flags.floats:
        return not flags.case_sensitive and all(
            map(operator.eq, map(bytes.lower, got_d), map(bytes.lower, exp_d))
        )
    # On these characters float() accepts exactly what _NUMBER matches (a test checks it), and
    # one pass over the texts the tokens came from costs less than a regular expression per
    # token (or than joining the tokens that differ, done only when the texts hold words too).
    only_numbers = _NUMBER_CHARS + _WHITESPACE
    words = out_text.translate(None, only_numbers) or ans_text.translate(None, only_numbers)
    if words and b"".join(itertools.chain(got_d, exp_d)).translate(None, _NUMBER_CHARS):
        return False  # words among the numbers that differ: left to the loop
    try:
        g, e = list(map(float, got_d)), list(map(float, exp_d))
    except ValueError:
        return False
    if not (all(map(math.isfinite, g)) and all(map(math.isfinite, e))):
        return False
    # Within the absolute tolerance or within the relative one: within the larger of the two.
    absolute, relative = flags.float_absolute_tolerance, flags.float_relative_tolerance
    bound: Iterable[float]
    if relative is None:
        bound = itertools.repeat(absolute or 0.0)
    else:
        bound = map(operator.mul, itertools.repeat(relative), map(abs, e))
        if absolute is not None:
            bound = map(max, itertools.repeat(absolute), bound)
    return all(map(operator.le, map(abs, map(operator.sub, g, e)), bound))


def _token_ok(got: bytes, expected: bytes, flags: OutputFlags) -> bool:
    if got == expected:
        return True
    if flags.floats and _NUMBER.fullmatch(expected):
        if not _NUMBER.fullmatch(got):
            return False
        g, e = float(got), float(expected)
        if math.isfinite(g) and math.isfinite(e):
            diff = abs(g - e)
            if (
                flags.float_absolute_tolerance is not None
                and diff <= flags.float_absolute_tolerance
            ):
                return True
            if (
                flags.float_relative_tolerance is not None
                and diff <= flags.float_relative_tolerance * abs(e)
            ):
                return True
        return False
    if not flags.case_sensitive:
        return got.lower() == expected.lower()
    return False


def _show(token: bytes) -> str:
    text = token.decode("utf-8", errors="replace")
    return repr(text if len(text) <= _SHOW else text[:_SHOW] + "...")


@dataclass(frozen=True)
class DefaultChecker:
    flags: OutputFlags = OutputFlags()

    def check(
        self, input_file: Path, answer_file: Path, output: bytes, args: Sequence[str] = ()
    ) -> CheckResult:
        flags = OutputFlags.parse(args) if args else self.flags
        try:
            # The package's own file (symlinks were checked to stay inside it on loading), but
            # still never a FIFO or a device, and bounded.
            answer = safe_io.read_bytes(answer_file, ANSWER_MAX_BYTES, follow=True)
        except OSError as exc:
            return CheckResult(
                Verdict.JE, f"cannot read the answer file {answer_file.name}: {exc.strerror or exc}"
            )
        return compare_default(output, answer, flags)


@dataclass(frozen=True)
class KattisChecker:
    """A custom output validator: `validator input answer feedback_dir [args] < output`,
    exit 42 accepts, 43 rejects, anything else is the validator's own failure."""

    program: Program

    def check(
        self, input_file: Path, answer_file: Path, output: bytes, args: Sequence[str] = ()
    ) -> CheckResult:
        with tempfile.TemporaryDirectory(prefix="solver-check-") as tmp:
            work = Path(tmp)
            feedback = work / "feedback"
            feedback.mkdir()
            feedback.chmod(0o777)  # the validator runs as the unprivileged sandbox user
            out_file = _stage(work, output)
            binds = (
                Bind(input_file, f"{JUDGE}/input.in"),
                Bind(answer_file, f"{JUDGE}/answer.ans"),
                Bind(feedback, f"{JUDGE}/feedback", writable=True),
            )
            paths = _paths(binds)
            # The feedback folder is the validator's to write: a bounded tmpfs for the run.
            with quota.bounded_dir(feedback, FEEDBACK_QUOTA_BYTES) as folder:
                res = self.program.run(
                    VALIDATOR_LIMITS,
                    stdin=out_file,
                    binds=binds,
                    args=(paths[0], paths[1], paths[2] + "/", *args),
                )
                message = _first_line(feedback, "judgemessage.txt") or _first_line(
                    feedback, "teammessage.txt"
                )
                if folder.full():
                    # A validator that fills its feedback folder is broken, whatever it exits
                    # with: the package's fault, never the submission's.
                    return CheckResult(
                        Verdict.JE,
                        "output validator failed: it filled its "
                        f"feedback folder ({FEEDBACK_QUOTA_BYTES // MIB} MiB)",
                    )
            if res.verdict is Verdict.OK or res.exit_code in (42, 43):
                if res.exit_code == 42:
                    return CheckResult(Verdict.AC, message)
                if res.exit_code == 43:
                    return CheckResult(Verdict.WA, message or "rejected by the output validator")
            return CheckResult(
                Verdict.JE,
                _failure("output validator", res.verdict, res.exit_code, res.message, res.stderr),
            )


@dataclass(frozen=True)
class TestlibChecker:
    """A testlib-style checker: `check input output answer`, exit 0 OK, 1 WA, 2 PE, 3 fail."""

    program: Program

    def check(
        self, input_file: Path, answer_file: Path, output: bytes, args: Sequence[str] = ()
    ) -> CheckResult:
        with tempfile.TemporaryDirectory(prefix="solver-check-") as tmp:
            out_file = _stage(Path(tmp), output)
            binds = (
                Bind(input_file, f"{JUDGE}/input.in"),
                Bind(out_file, f"{JUDGE}/output.out"),
                Bind(answer_file, f"{JUDGE}/answer.ans"),
            )
            res = self.program.run(VALIDATOR_LIMITS, binds=binds, args=tuple(_paths(binds)))
            message = res.stderr.decode(errors="replace").strip().splitlines()
            text = message[0] if message else ""
            if res.exit_code == 0:
                return CheckResult(Verdict.AC, text)
            if res.exit_code in (1, 2):
                return CheckResult(Verdict.WA, text or "rejected by the checker")
            return CheckResult(
                Verdict.JE, _failure("checker", res.verdict, res.exit_code, res.message, res.stderr)
            )


def _paths(binds: Sequence[Bind]) -> list[str]:
    iso = detect()
    return [b.target if iso.bwrap else str(b.source) for b in binds]


def _stage(work: Path, output: bytes) -> Path:
    work.chmod(0o755)
    path = work / "output.out"
    path.write_bytes(output)
    path.chmod(0o644)
    return path


def _first_line(feedback: Path, name: str) -> str:
    """The first line of a feedback file the validator wrote. The validator is untrusted: the
    file may be a symlink to a secret of the judge's user, a FIFO or a device, so it is read
    with safe_io (no symlink, regular files only) and only its head."""
    try:
        data = safe_io.read_head(name, FEEDBACK_READ_BYTES, base=feedback)
    except FileNotFoundError:
        return ""
    except safe_io.UnsafeFile as exc:
        return f"({name} ignored: {exc.strerror})"
    except OSError:
        return ""
    lines = data.decode(errors="replace").strip().splitlines()
    return lines[0].strip()[:1000] if lines else ""


def _failure(
    what: str, verdict: Verdict, exit_code: int | None, message: str, stderr: bytes
) -> str:
    tail = stderr.decode(errors="replace").strip().splitlines()[-1:]
    if exit_code is not None and verdict in (Verdict.OK, Verdict.RTE):
        why = f"exit code {exit_code}"
    else:
        why = f"{verdict.value} ({message})"
    return f"{what} failed: {why}" + (f": {tail[0]}" if tail else "")
