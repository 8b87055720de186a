"""Benchmark datasets as problem sets: LiveCodeBench and CodeContests rows become packages.

Each row is written as a problem package on disk so that the rest of the batch works as for any
package: public tests are `data/sample` (the loop's samples), private and generated tests are
`data/secret` (judged afterwards, never shown to the loop). `dataset.yaml` beside `problem.yaml`
keeps where the problem came from, its difficulty and its contest date, for the scores;
`.solver.yaml` says whose rules grade it (sandbox/grading.py), so every judge of the package
grades it as the dataset's own harness does.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import io
import json
import pickle
import pickletools
import re
import shutil
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sandbox.functional import FUNCTIONAL_FILE, STARTER_FILE
from sandbox.grading import CODECONTESTS, LIVECODEBENCH, SOLVER_FILE
from sandbox.package import read_yaml_quietly
from solver.errors import BadInput

LCB_TIME_LIMIT_S = 6.0
"""LiveCodeBench's own per-test timeout (its runner's default); its rows state no limits."""
DEFAULT_MEMORY_MIB = 1024
MAX_DECOMPRESSED = 1 << 30
"""A compressed test blob may not expand beyond this (a zip bomb is refused, not run)."""
DATASET_FILE = "dataset.yaml"
FORMATS = {
    "livecodebench": "livecodebench",
    "lcb": "livecodebench",
    "codecontests": "codecontests",
    "code_contests": "codecontests",
}


@dataclass
class DatasetProblem:
    key: str
    """Folder name: unique in the dataset and safe on any filesystem."""
    title: str
    statement: str
    public: list[tuple[str, str]]
    private: list[tuple[str, str]]
    difficulty: str | None = None
    """`easy`, `medium` or `hard` where the dataset says so."""
    date: dt.datetime | None = None
    """The contest's date and time (UTC when the row says a zone): LiveCodeBench's date filter
    compares datetimes."""
    time_limit_s: float | None = None
    memory_mib: int | None = None
    method: str | None = None
    """The `class Solution` method to call, for functional (LeetCode-style) problems."""
    starter_code: str = ""
    grading: str = LIVECODEBENCH
    """Whose rules grade it: the dataset's (written to `.solver.yaml`)."""
    meta: dict[str, Any] = field(default_factory=dict)


# ---- reading files -----------------------------------------------------------------------


def read_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Rows of a JSON lines file, a JSON array, or a folder of them (gzip allowed), each with
    `file:line` for messages."""
    if not path.exists():
        raise BadInput(f"{path}: no such dataset file or folder")
    files = (
        sorted(p for p in path.iterdir() if re.search(r"\.jsonl?(\.gz)?$", p.name))
        if path.is_dir()
        else [path]
    )
    if not files:
        raise BadInput(f"{path}: no .jsonl or .json files in the folder")
    for file in files:
        yield from _file_rows(file)


def _file_rows(file: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """One file's rows. Every message names the file as the dataset path names it (the
    folder joined with the file's name) and the line in the file: `FILE:LINE: ...`."""
    opener = gzip.open if file.suffix == ".gz" else open
    try:
        with opener(file, "rb") as f:  # type: ignore[operator]
            data = f.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise BadInput(f"{file}: cannot read: {exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadInput(f"{file}:{line}: not UTF-8 text") from None
    if text.lstrip().startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{file}:{exc.lineno}: not JSON: {exc.msg}") from None
        # Rows of an array are named by their line in the file as well.
        starts = _row_lines(text, len(rows)) if isinstance(rows, list) else []
        for number, row in enumerate(rows if isinstance(rows, list) else [rows], 1):
            where = f"{file}:{starts[number - 1] if starts else 1}"
            yield where, _mapping(row, where)
        return
    for number, line in enumerate(io.StringIO(text), 1):
        if not line.strip():
            continue
        where = f"{file}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{where}: not JSON: {exc.msg} (column {exc.colno})") from None
        yield where, _mapping(row, where)


def _row_lines(text: str, count: int) -> list[int]:
    """The line on which each of the `count` elements of a JSON array starts."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    pos = text.index("[") + 1
    for _ in range(count):
        while text[pos] in " \t\r\n,":
            pos += 1
        lines.append(text.count("\n", 0, pos) + 1)
        _value, pos = decoder.raw_decode(text, pos)
    return lines


def _mapping(row: Any, where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise BadInput(f"{where}: expected a JSON object per row")
    return row


# ---- LiveCodeBench -----------------------------------------------------------------------


class _StringsOnly(pickle.Unpickler):
    """Refuses every class and function a pickle names: only plain data can come out."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refused: the pickle names {module}.{name}")


# The opcodes a pickled str or bytes is made of (any protocol); anything else is refused before
# unpickling starts, so no pickle machinery beyond these ever runs.
_PLAIN_OPCODES = frozenset(
    {
        "PROTO",
        "FRAME",
        "STOP",
        "MEMOIZE",
        "PUT",
        "BINPUT",
        "LONG_BINPUT",
        "UNICODE",
        "BINUNICODE",
        "SHORT_BINUNICODE",
        "BINUNICODE8",
        "BINBYTES",
        "SHORT_BINBYTES",
        "BINBYTES8",
        "BINSTRING",
        "SHORT_BINSTRING",
        "STRING",
    }
)


def decode_tests(raw: Any, where: str) -> list[dict[str, Any]]:
    """LiveCodeBench's test cases: a JSON string of [{input, output, testtype}], or that
    JSON string pickled, zlib-compressed and base64-encoded (its private tests)."""
    if isinstance(raw, list):
        return raw
    if not isinstance(raw, str):
        raise BadInput(f"{where}: test cases must be a string, got {type(raw).__name__}")
    try:
        value = json.loads(raw)
    except ValueError:
        value = json.loads(_unpickle_string(raw, where))
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise BadInput(f"{where}: test cases must be a JSON list of objects")
    return value


def _unpickle_string(raw: str, where: str) -> str:
    try:
        packed = base64.b64decode(raw.encode("ascii"), validate=True)
        inflater = zlib.decompressobj()
        data = inflater.decompress(packed, MAX_DECOMPRESSED)
        if inflater.unconsumed_tail:
            raise BadInput(f"{where}: compressed tests expand beyond {MAX_DECOMPRESSED >> 20} MiB")
    except (ValueError, zlib.error) as exc:
        raise BadInput(
            f"{where}: test cases are neither JSON nor LiveCodeBench's compressed encoding ({exc})"
        ) from None
    try:
        for op, _arg, _pos in pickletools.genops(data):
            if op.name not in _PLAIN_OPCODES:
                raise BadInput(
                    f"{where}: refused a compressed test blob that is not a plain "
                    f"pickled string (it uses {op.name})"
                )
        value = _StringsOnly(io.BytesIO(data)).load()
    except (pickle.UnpicklingError, ValueError, EOFError) as exc:
        raise BadInput(f"{where}: refused the compressed test blob: {exc}") from None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        raise BadInput(
            f"{where}: the compressed test blob holds {type(value).__name__}, not a JSON string"
        )
    return value


def _date(value: Any, where: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        return _naive_utc(dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    except ValueError:
        raise BadInput(f"{where}: contest_date {value!r} is not an ISO date") from None


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    """A datetime comparable with any other: one with a zone in UTC, without the zone."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


def livecodebench(where: str, row: dict[str, Any]) -> DatasetProblem:
    for key in ("question_id", "question_content", "public_test_cases"):
        if key not in row:
            raise BadInput(f"{where}: no `{key}` (is this LiveCodeBench's code generation JSONL?)")
    tests = decode_tests(row["public_test_cases"], f"{where}: public_test_cases")
    private = decode_tests(row.get("private_test_cases") or "[]", f"{where}: private_test_cases")
    metadata = row.get("metadata") or {}
    if isinstance(metadata, str):
        metadata = json.loads(metadata or "{}")
    functional = any(t.get("testtype") == "functional" for t in tests + private)
    method = metadata.get("func_name") if functional else None
    if functional and not method:
        raise BadInput(f"{where}: a functional problem without metadata.func_name")
    platform = str(row.get("platform") or "unknown")
    title = str(row.get("question_title") or row["question_id"])
    difficulty = str(row.get("difficulty") or "").lower() or None
    return DatasetProblem(
        key=_safe(f"{platform}-{row['question_id']}"),
        title=title,
        statement=f"# {title}\n\n{row['question_content'].strip()}\n",
        public=[_pair(t, where) for t in tests],
        private=[_pair(t, where) for t in private],
        difficulty=difficulty if difficulty in ("easy", "medium", "hard") else None,
        date=_date(row.get("contest_date"), where),
        time_limit_s=LCB_TIME_LIMIT_S,
        memory_mib=DEFAULT_MEMORY_MIB,
        method=method,
        starter_code=str(row.get("starter_code") or ""),
        meta={
            "dataset": "livecodebench",
            "id": str(row["question_id"]),
            "platform": platform,
            "contest_id": str(row.get("contest_id") or ""),
            "difficulty_label": row.get("difficulty"),
        },
    )


def _pair(test: dict[str, Any], where: str) -> tuple[str, str]:
    if not isinstance(test.get("input"), str) or not isinstance(test.get("output"), str):
        raise BadInput(f"{where}: a test case without string `input` and `output`")
    return test["input"], test["output"]


# ---- CodeContests ------------------------------------------------------------------------

# problem.proto's Difficulty enum, and how its values fall into the three buckets scores use.
_CC_DIFFICULTY = [
    "UNKNOWN_DIFFICULTY",
    "EASY",
    "MEDIUM",
    "HARD",
    "HARDER",
    "HARDEST",
    "EXTERNAL",
    *"ABCDEFGHIJKLMNOPQRSTUV",
]


def _cc_bucket(label: str, rating: int) -> str | None:
    if rating > 0:  # Codeforces problems: the rating says more than the letter
        return "easy" if rating <= 1300 else "medium" if rating <= 2000 else "hard"
    if label in ("EASY", "A", "B"):
        return "easy"
    if label in ("MEDIUM", "C", "D"):
        return "medium"
    if label in ("UNKNOWN_DIFFICULTY", "EXTERNAL"):
        return None
    return "hard"


def codecontests(where: str, row: dict[str, Any]) -> DatasetProblem:
    for key in ("name", "description", "public_tests"):
        if key not in row:
            raise BadInput(f"{where}: no `{key}` (is this a CodeContests JSON export?)")
    raw = row.get("difficulty", 0)
    label = (
        _CC_DIFFICULTY[raw]
        if isinstance(raw, int) and 0 <= raw < len(_CC_DIFFICULTY)
        else str(raw).upper()
    )
    limit = row.get("time_limit") or {}
    seconds = (
        float(limit.get("seconds") or 0) + float(limit.get("nanos") or 0) / 1e9
        if isinstance(limit, dict)
        else 0.0
    )
    memory = int(row.get("memory_limit_bytes") or 0) >> 20
    name = str(row["name"])
    several = several_answers(str(row["description"]))
    return DatasetProblem(
        key=_safe(name),
        title=name,
        statement=f"# {name}\n\n{row['description'].strip()}\n",
        public=_cc_tests(row.get("public_tests"), where, "public_tests"),
        private=_cc_tests(row.get("private_tests"), where, "private_tests")
        + _cc_tests(row.get("generated_tests"), where, "generated_tests"),
        difficulty=_cc_bucket(label, int(row.get("cf_rating") or 0)),
        time_limit_s=seconds or None,
        memory_mib=min(memory, DEFAULT_MEMORY_MIB) or None,
        grading=CODECONTESTS,
        meta={
            "dataset": "codecontests",
            "id": name,
            "difficulty_label": label,
            "cf_rating": int(row.get("cf_rating") or 0),
            "source": row.get("source"),
            SEVERAL_ANSWERS: several,
        },
    )


SEVERAL_ANSWERS = "several_answers"
"""dataset.yaml key: the statement accepts more than one right output and the dataset has no
checker, so an exact comparison may reject a right answer; scores count such problems apart."""
_SEVERAL = re.compile(
    r"(?:multiple|several|many|more than one)\s+(?:possible\s+|correct\s+|valid\s+|optimal\s+)?"
    r"(?:answers|solutions|outputs)"
    r"|(?:print|output|find)\s+any\s+(?:of\s+them|one|such|valid|correct|possible|suitable)"
    r"|any\s+of\s+them\s+(?:is|will\s+be)\s+accepted",
    re.IGNORECASE,
)


def several_answers(statement: str) -> bool:
    """Whether a statement says more than one output is right ("If there are multiple
    answers, print any of them"): CodeContests has no checkers for such problems."""
    return _SEVERAL.search(statement) is not None


def _cc_tests(value: Any, where: str, key: str) -> list[tuple[str, str]]:
    if value in (None, {}):
        return []
    if not (
        isinstance(value, dict)
        and isinstance(value.get("input"), list)
        and isinstance(value.get("output"), list)
        and len(value["input"]) == len(value["output"])
    ):
        raise BadInput(f"{where}: `{key}` must be {{input: [...], output: [...]}} of equal length")
    return list(zip(map(str, value["input"]), map(str, value["output"]), strict=True))


# ---- loading and writing -----------------------------------------------------------------


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.").lower()[:80] or "problem"


def parse_spec(spec: str) -> tuple[str, Path]:
    fmt, sep, path = spec.partition(":")
    if not sep or fmt.lower() not in FORMATS or not path:
        raise BadInput(
            f"--dataset {spec!r}: expected FORMAT:PATH with FORMAT one of "
            f"{', '.join(sorted(set(FORMATS.values())))}"
        )
    return FORMATS[fmt.lower()], Path(path)


def load(
    spec: str, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[DatasetProblem]:
    """The dataset's problems, those whose contest date and time falls in [since, until] when
    a window is given (problems with no date are then left out). The ends are datetimes, as in
    LiveCodeBench's filter: a date alone is its midnight, so `until` 2025-02-01 leaves out a
    contest at 2025-02-01T19:30."""
    since, until = _moment(since), _moment(until)
    fmt, path = parse_spec(spec)
    convert = livecodebench if fmt == "livecodebench" else codecontests
    problems: list[DatasetProblem] = []
    seen: dict[str, int] = {}
    for where, row in read_rows(path):
        try:
            problem = convert(where, row)
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            # A field of the wrong type: say where, in one line, as for any bad input.
            raise BadInput(f"{where}: unexpected {fmt} row ({type(exc).__name__}: {exc})") from None
        if since or until:
            if problem.date is None:
                continue
            if (since and problem.date < since) or (until and problem.date > until):
                continue
        count = seen.get(problem.key, 0)
        seen[problem.key] = count + 1
        if count:
            problem.key = f"{problem.key}-{count + 1}"
        problems.append(problem)
    if not problems:
        window = f" in {_shown(since)} .. {_shown(until)}" if since or until else ""
        raise BadInput(f"{path}: no problems{window}")
    return problems


def _moment(value: dt.date | None) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return _naive_utc(value) if value else None
    return dt.datetime.combine(value, dt.time())


def _shown(moment: dt.datetime | None) -> str:
    if moment is None:
        return "..."
    return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat()


def write_package(problem: DatasetProblem, root: Path) -> Path:
    """The problem as a package folder `root/KEY` (replacing an older copy)."""
    folder = root / problem.key
    staging = root / f".{problem.key}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "statement").mkdir(parents=True)
    limits: dict[str, Any] = {}
    if problem.time_limit_s:
        limits["time_limit"] = problem.time_limit_s
    if problem.memory_mib:
        limits["memory"] = problem.memory_mib
    config: dict[str, Any] = {"name": problem.title}
    if limits:
        config["limits"] = limits
    (staging / "problem.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    )
    (staging / "statement" / "problem.en.md").write_text(problem.statement)
    meta = {
        **problem.meta,
        "difficulty": problem.difficulty,
        "contest_date": problem.date.date().isoformat() if problem.date else None,
        "contest_time": problem.date.isoformat() if problem.date else None,
    }
    (staging / DATASET_FILE).write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False))
    (staging / SOLVER_FILE).write_text(yaml.safe_dump({"grading": problem.grading}))
    if problem.method:
        (staging / FUNCTIONAL_FILE).write_text(yaml.safe_dump({"method": problem.method}))
        if problem.starter_code:
            (staging / STARTER_FILE).write_text(problem.starter_code)
    for group, tests in (("sample", problem.public), ("secret", problem.private)):
        folder_path = staging / "data" / group
        folder_path.mkdir(parents=True)
        width = max(3, len(str(len(tests))))
        for number, (inp, out) in enumerate(tests, 1):
            (folder_path / f"{number:0{width}}.in").write_text(inp)
            (folder_path / f"{number:0{width}}.ans").write_text(out)
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return folder


def describe(package: Path) -> str:
    """One line about a package written from a dataset: what `--list` prints."""
    meta = read_meta(package)
    conf = read_yaml_quietly(package / SOLVER_FILE)
    grading = conf.get("grading") if isinstance(conf, dict) else None
    parts = [
        f"{meta.get('dataset') or '-'}:{meta.get('id') or package.name}",
        str(meta.get("difficulty") or "-"),
        str(meta.get("contest_time") or meta.get("contest_date") or "-"),
        str(grading or "kattis"),
    ]
    if meta.get(SEVERAL_ANSWERS):
        parts.append("several answers")
    return f"{package}  " + "  ".join(parts)


def read_meta(package: Path) -> dict[str, Any]:
    """What `dataset.yaml` says about a package written from a dataset ({} otherwise)."""
    data = read_yaml_quietly(package / DATASET_FILE)
    return data if isinstance(data, dict) else {}


def parse_date(text: str | None, option: str) -> dt.datetime | None:
    """`--since` / `--until`: a date (its midnight) or a date and time, ISO 8601."""
    if text is None:
        return None
    try:
        return _naive_utc(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise BadInput(
            f"{option} {text!r}: expected a date as YYYY-MM-DD (or YYYY-MM-DDTHH:MM)"
        ) from None


def problem_paths(
    problems: list[Path] | None,
    dataset: str | None,
    since: str | None,
    until: str | None,
    out_dir: Path,
) -> list[Path]:
    """What `solver batch` runs: the packages named, then the dataset's problems written as
    packages under OUT/problems."""
    from solver.batch import find_problems

    if (since or until) and not dataset:
        raise BadInput("--since/--until select problems of a --dataset by contest date")
    paths = find_problems(problems) if problems else []
    if dataset:
        paths += export(dataset, out_dir / "problems", since, until)
    if not paths:
        raise BadInput("no problems: name packages or folders of packages, or --dataset")
    return list(dict.fromkeys(paths))


def export(dataset: str, root: Path, since: str | None, until: str | None) -> list[Path]:
    """The dataset's problems in the window written as packages under `root` (no model
    needed): what `solver batch --dataset ... --list` does, and what a batch runs."""
    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    if start and end and start > end:
        raise BadInput(f"--since {_shown(start)} is after --until {_shown(end)}")
    problems = load(dataset, since=start, until=end)
    root.mkdir(parents=True, exist_ok=True)
    return [write_package(p, root).resolve() for p in problems]
