"""`solver fetch URL`: a problem from an online judge as a package, through the client the
contestant tools use (online-judge-api-client-ng: AtCoder, Codeforces, yukicoder, Kattis, AOJ,
...). Samples come from the client; the statement is the page's statement block as Markdown;
limits come from the client where it parses them (AtCoder), else from the page's text."""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sandbox.package import read_yaml_quietly
from solver.errors import BadInput
from solver.samples import stated_memory_limit, stated_time_limit

TIMEOUT_S = 20.0
# Where each judge's page keeps the statement (CSS selectors, first match wins).
STATEMENT_BLOCKS = {
    "AtCoder": ("#task-statement .lang-en", "#task-statement"),
    "Codeforces": (".problem-statement",),
    "yukicoder": ("#content",),
    "Kattis": (".problembody", "#problem-statement"),
}
TITLES = {"Codeforces": ".problem-statement .header .title", "Kattis": "h1"}
_URL = re.compile(r"^(https?):/+(.+)$")


@dataclass(frozen=True)
class Fetched:
    root: Path
    judge: str
    samples: int
    time_limit_s: float | None
    memory_mib: int | None


def _session() -> Any:
    import requests

    class Session(requests.Session):
        """The client sets no timeout; an unreachable judge must not hang the command."""

        def request(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("timeout", TIMEOUT_S)
            return super().request(*args, **kwargs)

    return Session()


def _judge_name(problem: Any) -> str:
    try:
        return str(problem.get_service().get_name())
    except Exception:  # the client's services all have a name; be safe anyway
        return type(problem).__name__.removesuffix("Problem")


def slug(url: str) -> str:
    """A folder name for the problem: the URL's last parts, e.g. `abc301_a`, `cf-1-a`."""
    path = re.sub(r"^[a-z]+://[^/]+/", "", url.split("?")[0].rstrip("/"))
    parts = [
        p
        for p in path.split("/")
        if p not in ("contests", "contest", "tasks", "problem", "problems", "problemset")
    ]
    text = (
        "-".join(parts[-2:])
        if len(parts) >= 2 and len(parts[-1]) <= 2
        else (parts[-1] if parts else "problem")
    )
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.").lower() or "problem"


def fetch(url: str, out_dir: Path | None = None, *, reuse: bool = False) -> Fetched:
    """Download the problem at `url` into a package folder (default: ./SLUG)."""
    import onlinejudge.dispatch
    import requests

    # The client logs its parsing troubles; the one-line error below says what matters.
    client_log = logging.getLogger("onlinejudge")
    client_log.propagate = False
    client_log.addHandler(logging.NullHandler())
    problem = onlinejudge.dispatch.problem_from_url(url)
    if problem is None:
        raise BadInput(
            f"{url}: not a problem URL of a supported judge (AtCoder, Codeforces, "
            "yukicoder, Kattis, AOJ, ... as online-judge-tools knows them)"
        )
    root = (out_dir or Path.cwd() / slug(url)).resolve()
    if reuse and _fetched_from(root) == url:
        return Fetched(
            root,
            _judge_name(problem),
            len(list((root / "data" / "sample").glob("*.in"))),
            None,
            None,
        )
    judge = _judge_name(problem)
    session = _session()
    try:
        time_ms = memory_bytes = None
        if judge == "AtCoder":  # one request gives the page, the samples and the limits
            data = problem.download_data(session=session)
            html: bytes = data.html
            samples = data.sample_cases or problem.download_sample_cases(session=session)
            time_ms, memory_bytes = data.time_limit_msec, data.memory_limit_byte
            title = f"{data.alphabet} - {data.name}" if data.alphabet else data.name
        else:
            samples = problem.download_sample_cases(session=session)
            page = session.get(problem.get_url())
            page.raise_for_status()
            html, title = page.content, ""
    except requests.RequestException as exc:
        raise BadInput(f"{url}: cannot fetch from {judge}: {_reason(exc)}") from None
    except Exception as exc:  # the client's parsers fail in their own ways on odd pages
        raise BadInput(
            f"{url}: {judge}'s page could not be read ({type(exc).__name__}"
            f"{': ' + str(exc) if str(exc) else ''})"
        ) from None
    if not samples:
        raise BadInput(f"{url}: {judge} shows no samples for this problem")
    text, page_title, page_text = statement_markdown(html, judge)
    title = title or page_title or slug(url)
    time_limit = time_ms / 1000 if time_ms else stated_time_limit(page_text)
    memory = round(memory_bytes / 2**20) if memory_bytes else stated_memory_limit(page_text)
    _write(root, url, judge, title, text, samples, time_limit, memory)
    return Fetched(root, judge, len(samples), time_limit, memory)


def _reason(exc: Exception) -> str:
    import requests

    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code}"
    if isinstance(exc, requests.Timeout):
        return f"no answer in {TIMEOUT_S:g} s"
    if isinstance(exc, requests.ConnectionError):
        return "the site cannot be reached"
    return type(exc).__name__


def statement_markdown(html: bytes, judge: str) -> tuple[str, str, str]:
    """(the statement as Markdown, the page's title, the whole page as text for limits)."""
    import bs4

    soup = bs4.BeautifulSoup(html, "lxml")
    page_text = " ".join(soup.get_text(" ").split())
    title_tag = soup.select_one(TITLES.get(judge, "title")) or soup.find("title")
    title = " ".join(title_tag.get_text().split()) if title_tag else ""
    block = None
    for selector in STATEMENT_BLOCKS.get(judge, ()):
        block = soup.select_one(selector)
        if block is not None:
            break
    block = block or soup.body or soup
    for tag in block.find_all(["script", "style"]):
        tag.decompose()
    for pre in block.find_all("pre"):
        pre.replace_with(f"\n\n```\n{pre.get_text().strip(chr(10))}\n```\n\n")
    for var in block.find_all("var"):  # AtCoder's maths
        var.replace_with(f"${var.get_text()}$")
    for level in range(1, 5):
        for heading in block.find_all(f"h{level}"):
            marks = "##" if level <= 2 else "###"
            heading.replace_with(f"\n\n{marks} {heading.get_text().strip()}\n\n")
    for tag in block.select(".section-title, .title"):  # Codeforces' headings are divs
        tag.replace_with(f"\n\n### {tag.get_text().strip()}\n\n")
    for tag in block.select(".property-title"):  # "time limit per test" + "1 second"
        tag.replace_with(f"\n{tag.get_text().strip()}: ")
    for tag in block.find_all("li"):
        tag.insert_before("\n- ")
    for tag in block.find_all(["p", "div", "br", "section", "ul", "ol"]):
        tag.insert_before("\n")
    text = block.get_text()
    text = text.replace("$$$", "$")  # Codeforces' inline maths
    lines = [line.rstrip() for line in text.splitlines()]
    markdown = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    return markdown, title, page_text


def _fetched_from(root: Path) -> str | None:
    config = read_yaml_quietly(root / "problem.yaml")
    return config.get("source_url") if isinstance(config, dict) else None


def _write(
    root: Path,
    url: str,
    judge: str,
    title: str,
    statement: str,
    samples: list[Any],
    time_limit: float | None,
    memory: int | None,
) -> None:
    if root.exists() and _fetched_from(root) is None and any(root.iterdir()):
        raise BadInput(
            f"{root}: exists and is not a package fetched by solver; choose another folder with -o"
        )
    staging = root.with_name(f".{root.name}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "statement").mkdir(parents=True)
    config: dict[str, Any] = {"name": title, "source": judge, "source_url": url}
    limits: dict[str, Any] = {}
    if time_limit:
        limits["time_limit"] = time_limit
    if memory:
        limits["memory"] = memory
    if limits:
        config["limits"] = limits
    (staging / "problem.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    )
    (staging / "statement" / "problem.en.md").write_text(
        f"# {title}\n\nSource: {url}\n\n{statement}"
    )
    sample_dir = staging / "data" / "sample"
    sample_dir.mkdir(parents=True)
    for number, case in enumerate(samples, 1):
        (sample_dir / f"{number}.in").write_bytes(case.input_data.replace(b"\r\n", b"\n"))
        (sample_dir / f"{number}.ans").write_bytes(case.output_data.replace(b"\r\n", b"\n"))
    shutil.rmtree(root, ignore_errors=True)
    staging.rename(root)


def resolve_problem(problem: Path) -> Path:
    """A problem argument that is a URL (which a Path argument has turned into `https:/...`)
    is fetched first, into ./SLUG (reused when it was fetched from the same URL)."""
    m = _URL.match(str(problem))
    if not m:
        return problem
    return fetch(f"{m.group(1)}://{m.group(2)}", reuse=True).root
