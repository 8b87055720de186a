"""Interactor for Guess the Number: `interactor.py input answer feedback_dir < team > team`.

Reads N and X from the input file, tells the team N, answers up to 30 guesses. Exit 42 when the
team found X and then stopped talking, 43 for any protocol violation (with the reason in
feedback_dir/judgemessage.txt).
"""

import sys

MAX_GUESSES = 30


def reject(feedback: str, why: str) -> None:
    with open(feedback + "judgemessage.txt", "w") as f:
        f.write(why + "\n")
    sys.exit(43)


def main() -> None:
    input_file, _answer_file, feedback = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(input_file) as f:
        n, x = map(int, f.read().split())
    print(n, flush=True)
    for turn in range(1, MAX_GUESSES + 1):
        line = sys.stdin.readline()
        if not line:
            reject(feedback, f"no guess {turn}: the program ended or closed its output")
        parts = line.split()
        if len(parts) != 2 or parts[0] != "guess" or not parts[1].lstrip("-").isdigit():
            reject(feedback, f"guess {turn}: expected 'guess G', got {line.strip()[:40]!r}")
        g = int(parts[1])
        if not 1 <= g <= n:
            reject(feedback, f"guess {turn}: {g} is outside [1, {n}]")
        if g == x:
            try:
                print("correct", flush=True)
            except BrokenPipeError:
                pass
            extra = sys.stdin.read()
            if extra.strip():
                reject(feedback, f"output after 'correct': {extra.strip()[:40]!r}")
            with open(feedback + "judgemessage.txt", "w") as f:
                f.write(f"found {x} in {turn} guesses\n")
            sys.exit(42)
        try:
            print("higher" if x > g else "lower", flush=True)
        except BrokenPipeError:
            reject(feedback, f"the program stopped listening after guess {turn}")
    reject(feedback, f"more than {MAX_GUESSES} guesses")


main()
