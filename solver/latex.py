"""LaTeX problem statements (Kattis `problem.en.tex`) rendered as readable plain text.

The model should read a LaTeX statement the way a contestant reads the PDF: sections as
headings, lists as lists, math as legible plain text (`1 ≤ n ≤ 10^5`, `a_(i+1)`), no macro
left over. pylatexenc parses and renders; this module only teaches it the macros of Kattis'
problem class and of common statements, and the macros a statement defines for itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable

from pylatexenc import latexwalker as lw
from pylatexenc import macrospec as ms
from pylatexenc.latex2text import (
    EnvironmentTextSpec,
    LatexNodes2Text,
    MacroTextSpec,
    SpecialsTextSpec,
    get_default_latex_context_db,
)

_THIN = "\u2009"
MAX_DEPTH = 8
"""Nesting of a statement's own macros, expanded inside one another."""
MAX_EXPANSIONS = 200
"""Expansions of a statement's own macros in one statement."""
MAX_EXPANDED = 5000
"""Characters of LaTeX one expansion may produce."""

# How the parser reads each macro's arguments ('{' mandatory, '[' optional, '*' a star).
_PARSE_ARGS = {
    "problemname": "[{",
    "illustration": "{{{",
    "href": "{{",
    "url": "{",
    "includegraphics": "*[{",
    "sampletable": "{{{{",
    "texttt": "{",
    "textsf": "{",
    "underline": "{",
    "operatorname": "*{",
    "pmod": "{",
    "caption": "[{",
    "fbox": "{",
    "mbox": "{",
    "hspace": "*{",
    "vspace": "*{",
    "newline": "",
    "def": "",
    "DeclareMathOperator": "*{{",
    "newenvironment": "*{[[{{",
    "nocaption": "",
}


def _arg(l2t: LatexNodes2Text, node: lw.LatexNode, index: int) -> str:
    """The text of one argument of `node`, counting the parser's argument slots
    (optional and star slots included), or '' when it was not given."""
    args = node.nodeargd.argnlist if node.nodeargd is not None else []
    if index >= len(args) or args[index] is None:
        return ""
    return str(l2t.nodelist_to_text([args[index]])).strip()


def _raw_arg(node: lw.LatexNode, index: int) -> str:
    args = node.nodeargd.argnlist if node.nodeargd is not None else []
    if index >= len(args) or args[index] is None:
        return ""
    arg = args[index]
    if isinstance(arg, lw.LatexGroupNode):
        return "".join(n.latex_verbatim() for n in arg.nodelist)
    return str(arg.latex_verbatim())


def _script(mark: str) -> Callable[..., str]:
    """`^`, `_`: a one-token script stays as it is (`10^5`, `a_i`); a longer one is
    bracketed so it reads unambiguously (`a_(i+1)`, `10^(-6)`)."""

    def render(n: lw.LatexSpecialsNode, l2tobj: LatexNodes2Text) -> str:
        text = _arg(l2tobj, n, 0)
        text = f"{mark}{text}" if len(text) <= 1 or text.isalnum() else f"{mark}({text})"
        # The renderer drops the space between two constructs (`a_{i} \le b`): keep it.
        source = n.parsing_state.s
        end = n.pos + n.len
        return text + " " if end < len(source) and source[end].isspace() else text

    return render


def _section(mark: str) -> Callable[..., str]:
    def render(n: lw.LatexMacroNode, l2tobj: LatexNodes2Text) -> str:
        return f"\n\n{mark} {_arg(l2tobj, n, 2)}\n\n"

    return render


def _list(numbered: bool) -> Callable[..., str]:
    def render(n: lw.LatexEnvironmentNode, l2tobj: LatexNodes2Text) -> str:
        items: list[list[lw.LatexNode]] = []
        for child in n.nodelist:
            if child.isNodeType(lw.LatexMacroNode) and child.macroname == "item":
                items.append([])
            elif items:
                items[-1].append(child)
        lines = []
        for i, nodes in enumerate(items, 1):
            body = " ".join(str(l2tobj.nodelist_to_text(nodes)).split())
            lines.append(f"{i}. {body}" if numbered else f"- {body}")
        return "\n\n" + "\n".join(lines) + "\n\n"

    return render


def _tabular(n: lw.LatexEnvironmentNode, l2tobj: LatexNodes2Text) -> str:
    """Rows as `| a | b |` lines: `&` separates cells, `\\\\` rows, rules vanish."""
    rows: list[list[str]] = [[]]
    cell: list[lw.LatexNode] = []

    def end_cell() -> None:
        rows[-1].append(" ".join(str(l2tobj.nodelist_to_text(cell)).split()))
        cell.clear()

    for child in n.nodelist:
        if child.isNodeType(lw.LatexSpecialsNode) and child.specials_chars == "&":
            end_cell()
        elif child.isNodeType(lw.LatexMacroNode) and child.macroname in ("\\", "tabularnewline"):
            end_cell()
            rows.append([])
        elif child.isNodeType(lw.LatexMacroNode) and child.macroname in ("hline", "cline"):
            continue
        else:
            cell.append(child)
    end_cell()
    lines = ["| " + " | ".join(r) + " |" for r in rows if any(r)]
    return "\n\n" + "\n".join(lines) + "\n\n"


def _verbatim(n: lw.LatexEnvironmentNode) -> str:
    body = getattr(n.nodeargd, "verbatim_text", "") or ""
    return "\n\n```\n" + body.strip("\n") + "\n```\n\n"


def _illustration(n: lw.LatexMacroNode, l2tobj: LatexNodes2Text) -> str:
    caption = " ".join(_arg(l2tobj, n, 2).split())
    return f"\n[Illustration: {caption}]\n" if caption else "\n[Illustration]\n"


def _href(n: lw.LatexMacroNode, l2tobj: LatexNodes2Text) -> str:
    url, text = _raw_arg(n, 0), _arg(l2tobj, n, 1)
    return f"{text} ({url})" if text and text != url else url


_TEXT_SPECS: dict[str, str | Callable[..., str]] = {
    "problemname": lambda n, l2tobj: f"# {_arg(l2tobj, n, 1)}\n\n",
    "section": _section("##"),
    "subsection": _section("###"),
    "subsubsection": _section("####"),
    "paragraph": _section("####"),
    "illustration": _illustration,
    "href": _href,
    "url": lambda n: _raw_arg(n, 0),
    "includegraphics": lambda n: "\n[Figure]\n",
    "caption": lambda n, l2tobj: f"\n[Caption: {_arg(l2tobj, n, 1)}]\n",
    "sampletable": lambda n: "",  # the samples are shown from data/sample instead
    "texttt": lambda n, l2tobj: _arg(l2tobj, n, 0),
    "textsf": lambda n, l2tobj: _arg(l2tobj, n, 0),
    "underline": lambda n, l2tobj: _arg(l2tobj, n, 0),
    "fbox": lambda n, l2tobj: _arg(l2tobj, n, 0),
    "mbox": lambda n, l2tobj: _arg(l2tobj, n, 0),
    "operatorname": lambda n, l2tobj: _arg(l2tobj, n, 1),
    "bmod": " mod ",
    "mod": " mod ",
    "pmod": lambda n, l2tobj: f" (mod {_arg(l2tobj, n, 0)})",
    ",": _THIN,
    ";": " ",
    ":": " ",
    "!": "",
    "quad": "  ",
    "qquad": "    ",
    "newline": "\n",
    "hspace": "",
    "vspace": "",
    "nocaption": "",
    "newcommand": "",
    "renewcommand": "",
    "def": "",
    "DeclareMathOperator": "",
    "newenvironment": "",
}

_ENV_SPECS: dict[str, Callable[..., str]] = {
    "itemize": _list(False),
    "enumerate": _list(True),
    "description": _list(False),
    "tabular": _tabular,
    "tabular*": _tabular,
    "tabularx": _tabular,
    "array": _tabular,
    "verbatim": lambda n: _verbatim(n),
}


def _parse_db(user_macros: dict[str, int]) -> ms.LatexContextDb:
    db = lw.get_default_latex_context_db()
    specs = [ms.MacroSpec(name, args) for name, args in _PARSE_ARGS.items()]
    specs += [ms.MacroSpec(name, "{" * count) for name, count in user_macros.items()]
    scripts = [ms.SpecialsSpec(c, args_parser=ms.MacroStandardArgsParser("{")) for c in "^_"]
    db.add_context_category(
        "kattis",
        prepend=True,
        macros=specs,
        environments=[ms.EnvironmentSpec("array", "{")],
        specials=scripts,
    )
    return db


def _text_db(user_macros: dict[str, Callable[..., str]]) -> object:
    db = get_default_latex_context_db()
    macros = [MacroTextSpec(name, simplify_repl=repl) for name, repl in _TEXT_SPECS.items()]
    macros += [MacroTextSpec(name, simplify_repl=repl) for name, repl in user_macros.items()]
    db.add_context_category(
        "kattis",
        prepend=True,
        macros=macros,
        environments=[
            EnvironmentTextSpec(name, simplify_repl=repl) for name, repl in _ENV_SPECS.items()
        ],
        specials=[
            SpecialsTextSpec("~", " "),
            SpecialsTextSpec("^", _script("^")),
            SpecialsTextSpec("_", _script("_")),
        ],
    )
    return db


def _definitions(source: str) -> tuple[dict[str, tuple[int, str]], str]:
    """Macros the statement defines (`\\newcommand`, `\\renewcommand`,
    `\\DeclareMathOperator`, `\\def`): name -> (argument count, body in LaTeX); and the
    source without its `\\def`s, which the parser cannot read as one construct."""
    found: dict[str, tuple[int, str]] = {}
    cut: list[tuple[int, int]] = []
    nodes, _, _ = lw.LatexWalker(
        source, latex_context=_parse_db({}), tolerant_parsing=True
    ).get_latex_nodes()

    def visit(nodelist: list[lw.LatexNode] | None) -> None:
        nodelist = [n for n in nodelist or [] if n is not None]
        for i, node in enumerate(nodelist):
            if node.isNodeType(lw.LatexMacroNode) and node.macroname in (
                "newcommand",
                "renewcommand",
                "DeclareMathOperator",
            ):
                name = _raw_arg(node, 1).strip().lstrip("\\")
                if node.macroname == "DeclareMathOperator":
                    found[name] = (0, _raw_arg(node, 2))
                    continue
                count = _raw_arg(node, 2).strip()
                found[name] = (int(count) if count.isdigit() else 0, _raw_arg(node, 4))
            elif node.isNodeType(lw.LatexMacroNode) and node.macroname == "def":
                define(nodelist[i + 1 : i + 4], node.pos)
            visit(getattr(node, "nodelist", None))

    def define(after: list[lw.LatexNode], start: int) -> None:
        # \def\name#1#2{body}: a macro node, parameter characters, a group.
        if not after or not after[0].isNodeType(lw.LatexMacroNode):
            return
        rest = after[1:]
        params = ""
        if rest and rest[0].isNodeType(lw.LatexCharsNode):
            params = rest[0].chars
            rest = rest[1:]
        if (
            not rest
            or not rest[0].isNodeType(lw.LatexGroupNode)
            or re.fullmatch(r"(#\d)*", params.strip()) is None
        ):
            return
        body = "".join(n.latex_verbatim() for n in rest[0].nodelist)
        found[after[0].macroname] = (params.count("#"), body)
        cut.append((start, rest[0].pos + rest[0].len))

    visit(nodes)
    for start, end in sorted(cut, reverse=True):
        source = source[:start] + source[end:]
    return found, source


RENDER_TIMEOUT_S = 20.0


def render_isolated(source: str, timeout_s: float = RENDER_TIMEOUT_S) -> str:
    """`latex_to_text` in a child process with a time limit. A statement comes from an
    untrusted package, and pylatexenc's tolerant parser backtracks exponentially on some
    unbalanced input: such a statement is shown as its source instead of hanging the run."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "solver.latex"],
            input=source.encode(),
            capture_output=True,
            timeout=timeout_s,
            check=False,
            env={**os.environ, "PYTHONPATH": path},
        )
    except subprocess.TimeoutExpired:
        return source
    return done.stdout.decode() if done.returncode == 0 else source


def latex_to_text(source: str) -> str:
    """A LaTeX statement as readable plain text (Markdown-like headings and lists).

    pylatexenc's tolerant parser can still give up on badly broken LaTeX (deep recursion on
    unbalanced groups); the model then gets the source as it is rather than no statement."""
    try:
        return _to_text(source)
    except (lw.LatexWalkerError, RecursionError):
        return source


def _to_text(source: str) -> str:
    definitions, source = _definitions(source)
    parse_db = _parse_db({name: count for name, (count, _) in definitions.items()})
    renderer: LatexNodes2Text

    budget = {"expansions": MAX_EXPANSIONS, "depth": 0}

    def expand(body: str) -> Callable[..., str]:
        def render(n: lw.LatexMacroNode) -> str:
            # A macro defined in terms of itself, or doubling its argument at each level,
            # would never end: expansion is bounded in depth and in count.
            if budget["depth"] >= MAX_DEPTH or budget["expansions"] <= 0:
                return ""
            budget["expansions"] -= 1
            text = body
            for i in range(len(n.nodeargd.argnlist) if n.nodeargd else 0):
                text = text.replace(f"#{i + 1}", _raw_arg(n, i))
            if len(text) > MAX_EXPANDED:
                return ""
            budget["depth"] += 1
            try:
                return _render(text, parse_db, renderer)
            finally:
                budget["depth"] -= 1

        return render

    renderer = LatexNodes2Text(
        latex_context=_text_db({name: expand(body) for name, (_, body) in definitions.items()}),
        math_mode="text",
    )
    text = _render(source, parse_db, renderer)
    text = re.sub(rf"(?<=\d){_THIN}(?=\d)", "", text)  # $1\,000$ is 1000
    text = text.replace(_THIN, " ").replace("\u00a0", " ")
    # Rendering leaves runs of spaces around symbols and blank lines around blocks; tidy
    # them everywhere but inside verbatim blocks.
    parts = re.split(r"(```\n.*?\n```)", text, flags=re.S)
    for i in range(0, len(parts), 2):
        part = re.sub(r"(?<=\S)[ \t]{2,}", " ", parts[i])
        part = re.sub(r"[ \t]+\n", "\n", part)
        parts[i] = re.sub(r"\n{3,}", "\n\n", part)
    return "".join(parts).strip() + "\n"


def _render(source: str, parse_db: ms.LatexContextDb, renderer: LatexNodes2Text) -> str:
    walker = lw.LatexWalker(source, latex_context=parse_db, tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    return str(renderer.nodelist_to_text(nodes))


if __name__ == "__main__":
    sys.stdout.buffer.write(
        latex_to_text(sys.stdin.buffer.read().decode(errors="replace")).encode()
    )
