# Regenerates data/secret/ from scratch. Run from the package directory:
#     python3 generators/gen.py
# Deterministic (fixed seed); answers come from the reference solution below.
import os
import random
import shutil

SECRET = os.path.join("data", "secret")
OPEN = "([{"
CLOSE = ")]}"
MATCH = {")": "(", "]": "[", "}": "{"}


def balanced(s):
    stack = []
    for c in s:
        if c in OPEN:
            stack.append(c)
        elif not stack or stack.pop() != MATCH[c]:
            return False
    return not stack


def write(group, name, cases):
    assert 1 <= len(cases) <= 10
    assert all(1 <= len(s) <= 200000 and set(s) <= set(OPEN + CLOSE) for s in cases)
    assert sum(map(len, cases)) <= 400000
    d = os.path.join(SECRET, group)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + ".in"), "w") as f:
        f.write("%d\n" % len(cases))
        f.write("".join(s + "\n" for s in cases))
    with open(os.path.join(d, name + ".ans"), "w") as f:
        f.write("".join(("YES" if balanced(s) else "NO") + "\n" for s in cases))


def random_balanced(rng, length, p_open=0.5, kinds=3):
    # A uniformly-ish random walk that never goes below zero and ends at zero.
    assert length % 2 == 0
    out = []
    stack = []
    for i in range(length):
        left = length - i
        if not stack or (len(stack) < left and rng.random() < p_open):
            k = rng.randrange(kinds)
            stack.append(k)
            out.append(OPEN[k])
        else:
            out.append(CLOSE[stack.pop()])
    return "".join(out)


def swap_closers(rng, s):
    # Swapping two closing brackets of different types keeps every count equal but always
    # breaks a balanced string: the first of them no longer matches the top of the stack.
    s = list(s)
    while True:
        i = rng.randrange(len(s))
        j = rng.randrange(len(s))
        if i != j and s[i] in CLOSE and s[j] in CLOSE and s[i] != s[j]:
            s[i], s[j] = s[j], s[i]
            return "".join(s)


def deep(k, o="(", c=")"):
    return o * k + c * k


def main():
    rng = random.Random(20240611)
    if os.path.isdir(SECRET):
        shutil.rmtree(SECRET)

    # --- small group ---
    write("small", "01-single-chars",
          ["(", ")", "[", "]", "{", "}", "()", "[]", "{}", ")("])
    write("small", "02-wrong-order",
          ["([)]", "{[}]", ")(", "][", "}{", "(}{)", "())(", "[(])", "{()}[]", "([]{})"])
    cases = []
    for _ in range(5):
        b = random_balanced(rng, 2 * rng.randint(2, 15))
        cases.append(b)
        cases.append(swap_closers(rng, b))
    write("small", "03-tiny-random", cases)
    write("small", "04-unclosed-unopened",
          ["((((]", "(()", "())", "[[[[[[", "}}}}", "{", "()()()(", ")()()()",
           "{[()]}}", "{{[()]}"])
    write("small", "05-nested-types",
          ["{[()]}", "{[(])}", "([{}])[{()}]", "(((())))[[[[]]]]{{{{}}}}", "((((]]]]",
           "[{([{([{}])}])}]", "[{([{([{}])})])}]", "()[]{}" * 5, "([{" * 7 + "}])" * 7,
           "([{" * 7 + "])}" * 7])

    # --- large group ---
    write("large", "01-deep-round", [deep(100000)])
    write("large", "02-deep-two", [deep(100000, "[", "]"), deep(100000, "{", "}")])
    write("large", "03-deep-mixed", ["([{" * 33333 + "}])" * 33333])
    write("large", "04-deep-mismatch-center",
          ["(" * 99998 + "([)]" + ")" * 99998])
    write("large", "05-random-balanced", [random_balanced(rng, 200000)])
    write("large", "06-random-swapped",
          [swap_closers(rng, random_balanced(rng, 200000, p_open=0.6))])
    write("large", "07-flat", ["()[]{}" * 16666 + "()"])
    cases = [
        random_balanced(rng, 20000),
        swap_closers(rng, random_balanced(rng, 20000)),
        deep(10000, "{", "}"),
        deep(10000) + ")",
        "(" + deep(9999, "[", "]"),
        random_balanced(rng, 20000, p_open=0.9),
        random_balanced(rng, 20000, p_open=0.1),
        "]" + random_balanced(rng, 19998) + "[",
        "([{" * 3333 + "}])" * 3333,
        "([{" * 3333 + "})]" + "}])" * 3332,
    ]
    write("large", "08-ten-cases", cases)
    write("large", "09-all-open-all-close", ["(" * 50000, ")" * 50000])
    write("large", "10-closer-first", [")" + "()" * 49999 + "("])
    write("large", "11-odd-length",
          [random_balanced(rng, 50000)[:49999]])
    write("large", "12-deep-late-mismatch",
          ["[" + "(" * 99999 + ")" * 99999 + "}"])


if __name__ == "__main__":
    main()
