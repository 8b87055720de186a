"""Write small packages of the shapes the shipped problems lack, for verify_vs_problemtools.py.

    python benchmarks/package_shapes.py /tmp/shapes
    python benchmarks/verify_vs_problemtools.py /tmp/shapes/*

The shipped problems are many small tests of Python and C++ with the default validator; real
contest packages also have outputs and inputs of megabytes, a custom output validator run on
every test, Java submissions, and packages so small that fixed costs are all there is. Each
shape stresses a different part of the judge (reading output, feeding input, starting package
programs, the JVM, start-up), so a slow path in one of them shows here. Fixed seed: the same
files on every run.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

SUM_CPP = (
    '#include <cstdio>\nint main(){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",a+b);}\n'
)
SUM_PY = "a, b = map(int, input().split())\nprint(a + b)\n"


def package(root: Path, name: str, config: str = "") -> Path:
    pkg = root / name
    for folder in ("data/sample", "data/secret", "submissions/accepted", "problem_statement"):
        (pkg / folder).mkdir(parents=True, exist_ok=True)
    (pkg / "problem.yaml").write_text(f"name: {name}\n{config}")
    (pkg / "problem_statement/problem.en.tex").write_text(f"\\problemname{{{name}}}\n")
    return pkg


def test(pkg: Path, group: str, name: str, given: str, answer: str) -> None:
    (pkg / "data" / group / f"{name}.in").write_text(given)
    (pkg / "data" / group / f"{name}.ans").write_text(answer)


def submission(pkg: Path, verdict: str, name: str, code: str) -> None:
    (pkg / "submissions" / verdict).mkdir(parents=True, exist_ok=True)
    (pkg / "submissions" / verdict / name).write_text(code)


def tiny(root: Path, rng: random.Random) -> None:
    """One sample, one secret test, one C++ submission: start-up and compilation only."""
    pkg = package(root, "tiny")
    test(pkg, "sample", "1", "1 2\n", "3\n")
    test(pkg, "secret", "1", "5 6\n", "11\n")
    submission(pkg, "accepted", "sum.cpp", SUM_CPP)


def big_output(root: Path, rng: random.Random) -> None:
    """A million numbers out (7 MB), in C++ and Python, and a Python one wrong at the last."""
    pkg = package(root, "big-output")
    step = rng.randrange(1000, 9000)

    def answer(n: int) -> str:
        return " ".join(str(i * step % 1000003) for i in range(n)) + "\n"

    test(pkg, "sample", "1", "3\n", answer(3))
    test(pkg, "secret", "1", "1000000\n", answer(1000000))
    submission(
        pkg,
        "accepted",
        "out.cpp",
        '#include <cstdio>\nint main(){int n;scanf("%d",&n);for(int i=0;i<n;i++)'
        f'printf("%lld ",(long long)i*{step}%1000003);printf("\\n");}}\n',
    )
    body = "sys.stdout.write(' '.join(str(i * {} % 1000003) for i in range(n)) + '\\n')\n"
    submission(pkg, "accepted", "out.py", "import sys\nn = int(input())\n" + body.format(step))
    submission(
        pkg,
        "wrong_answer",
        "last_wrong.py",
        "import sys\nn = int(input())\n"
        + body.format(step).replace("i * ", "(i + (i == n - 1)) * "),
    )


def float_output(root: Path, rng: random.Random) -> None:
    """Three hundred thousand real numbers out, judged with a float tolerance, printed with
    fewer digits than the answer's (every token differs as text), and one wrong submission."""
    pkg = package(root, "float-output", "validator_flags: float_tolerance 1e-6\n")

    def answer(n: int) -> str:
        return "\n".join(f"{i / 7:.9f}" for i in range(n)) + "\n"

    test(pkg, "sample", "1", "3\n", answer(3))
    test(pkg, "secret", "1", "300000\n", answer(300000))
    submission(
        pkg,
        "accepted",
        "out.cpp",
        '#include <cstdio>\nint main(){int n;scanf("%d",&n);'
        'for(int i=0;i<n;i++)printf("%.9f\\n",i/7.0);}\n',
    )
    body = "print('\\n'.join(f'{{i / 7:.{}f}}' for i in range(int(input()))))\n"
    submission(pkg, "accepted", "out.py", body.format(7))
    submission(
        pkg,
        "wrong_answer",
        "off_late.py",
        "print('\\n'.join(f'{i / 7 + (1e-3 if i >= 1000 else 0):.7f}' "
        "for i in range(int(input()))))\n",
    )


def big_input(root: Path, rng: random.Random) -> None:
    """Four tests of a million numbers in (about 10 MB each): feeding stdin."""
    pkg = package(root, "big-input")
    test(pkg, "sample", "1", "3\n1 2 3\n", "6\n")
    for i in range(4):
        numbers = [rng.randint(-(10**9), 10**9) for _ in range(1_000_000)]
        given = f"{len(numbers)}\n" + " ".join(map(str, numbers)) + "\n"
        test(pkg, "secret", f"{i}", given, f"{sum(numbers)}\n")
    submission(
        pkg,
        "accepted",
        "sum.cpp",
        '#include <cstdio>\nint main(){int n;scanf("%d",&n);long long s=0;'
        'for(int i=0;i<n;i++){long long x;scanf("%lld",&x);s+=x;}printf("%lld\\n",s);}\n',
    )
    submission(
        pkg,
        "accepted",
        "sum.py",
        "import sys\nd = sys.stdin.buffer.read().split()\nprint(sum(map(int, d[1:])))\n",
    )


def custom_validator(root: Path, rng: random.Random) -> None:
    """Forty tests, each output read by the package's C++ validator (a package program run
    per test), and a submission wrong only on large numbers."""
    pkg = package(root, "custom-validator", "validation: custom\n")
    folder = pkg / "output_validators" / "check"
    folder.mkdir(parents=True)
    (folder / "check.cpp").write_text(
        "#include <cstdio>\n#include <fstream>\n"
        "int main(int argc, char** argv){\n"
        "  std::ifstream in(argv[1]); long long a, b; in >> a >> b; long long got;\n"
        '  if (scanf("%lld", &got) != 1) return 43;\n'
        '  char c; if (scanf(" %c", &c) == 1) return 43;\n'
        "  return got == a + b ? 42 : 43;\n}\n"
    )
    for i in range(40):
        a, b = rng.randint(1, 10**9), rng.randint(1, 10**9)
        test(pkg, "sample" if i < 2 else "secret", f"{i:02}", f"{a} {b}\n", f"{a + b}\n")
    submission(pkg, "accepted", "sum.cpp", SUM_CPP)
    submission(pkg, "accepted", "sum.py", SUM_PY)
    submission(
        pkg,
        "wrong_answer",
        "big_wrong.py",
        "a, b = map(int, input().split())\nprint(a + b if a < 9 * 10**8 else a)\n",
    )


def java(root: Path, rng: random.Random) -> None:
    """Twenty tests, a Java submission beside a C++ one: the JVM's start-up per test."""
    pkg = package(root, "java")
    for i in range(20):
        a, b = rng.randint(1, 10**9), rng.randint(1, 10**9)
        test(pkg, "sample" if i < 2 else "secret", f"{i:02}", f"{a} {b}\n", f"{a + b}\n")
    submission(
        pkg,
        "accepted",
        "Main.java",
        "import java.util.*;\npublic class Main { public static void main(String[] x) {\n"
        "  Scanner s = new Scanner(System.in);\n"
        "  System.out.println(s.nextLong() + s.nextLong());\n} }\n",
    )
    submission(pkg, "accepted", "sum.cpp", SUM_CPP)


SHAPES: list[Callable[[Path, random.Random], None]] = [
    tiny,
    big_output,
    float_output,
    big_input,
    custom_validator,
    java,
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to write the packages (must not exist)")
    args = parser.parse_args()
    args.folder.mkdir(parents=True)
    rng = random.Random(20261127)
    for shape in SHAPES:
        shape(args.folder, rng)
    print("\n".join(str(p) for p in sorted(args.folder.iterdir())))


if __name__ == "__main__":
    main()
