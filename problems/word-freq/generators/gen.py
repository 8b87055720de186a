# Regenerates data/secret/ from scratch. Run from the package directory:
#     python3 generators/gen.py
# Deterministic (fixed seed); answers come from the reference solution below.
import os
import random
import shutil
import string

SECRET = os.path.join("data", "secret")
LETTERS = string.ascii_lowercase


def solve(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    best = max(counts.values())
    return min(w for w, c in counts.items() if c == best), best


def lines_of(rng, words, lo, hi):
    """Cut the word list into lines of lo..hi words each."""
    out = []
    i = 0
    while i < len(words):
        j = min(len(words), i + rng.randint(lo, hi))
        out.append(" ".join(words[i:j]))
        i = j
    return out


def write(name, lines):
    text = "".join(line + "\n" for line in lines)
    words = text.split()
    assert 1 <= len(words) <= 200000 and len(text) <= 2 * 10**6
    assert all(1 <= len(w) <= 20 and set(w) <= set(LETTERS) for w in words)
    os.makedirs(SECRET, exist_ok=True)
    with open(os.path.join(SECRET, name + ".in"), "w") as f:
        f.write(text)
    with open(os.path.join(SECRET, name + ".ans"), "w") as f:
        f.write("%s %d\n" % solve(words))


def rand_word(rng, lo, hi, alphabet=LETTERS):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi)))


def distinct_words(rng, count, lo, hi):
    seen = set()
    out = []
    while len(out) < count:
        w = rand_word(rng, lo, hi)
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def main():
    rng = random.Random(5550123)
    if os.path.isdir(SECRET):
        shutil.rmtree(SECRET)

    write("01-single-letter", ["q"])
    write("02-single-long-word", ["z" * 20])
    write("03-all-same", lines_of(rng, ["abc"] * 1000, 1, 40))

    # 100 different words, each once: the answer is the smallest, which is not first.
    words = distinct_words(rng, 100, 1, 8)
    words.sort(reverse=True)
    rng.shuffle(words[1:])
    write("04-all-distinct", lines_of(rng, words, 1, 15))

    # A three-way tie; the lexicographically smallest appears last.
    words = ["mango"] * 7 + ["kiwi"] * 7 + ["banana"] * 7 + ["fig"] * 5 + ["pear"] * 6
    rng.shuffle(words)
    words.remove("banana")
    words.append("banana")
    write("05-tie-smallest-last", lines_of(rng, words, 3, 9))

    # Prefix and length traps: "ab" < "abc" < "b"; "b" occurs first everywhere.
    words = ["b", "abc", "ab", "zzzzzzzzzzzzzzzzzzzz", "b", "abc", "ab", "zzzzzzzzzzzzzzzzzzzz"]
    words = words * 300 + ["ab", "b", "abc", "aaaaaaaaaaaaaaaaaaaa"]
    words.remove("ab")
    words.append("ab")
    write("06-prefix-tie", lines_of(rng, words, 1, 12))

    # One word per line.
    words = [rand_word(rng, 1, 3, "xyz") for _ in range(5000)]
    write("07-one-word-per-line", words)

    # Tiny alphabet, many ties among short words.
    words = [rand_word(rng, 1, 3, "ab") for _ in range(10000)]
    write("08-tiny-alphabet", lines_of(rng, words, 1, 30))

    # The most frequent word is the largest one and wins clearly.
    words = [rand_word(rng, 3, 6) for _ in range(20000)] + ["zzzz"] * 50
    rng.shuffle(words)
    write("09-largest-wins", lines_of(rng, words, 5, 50))

    # Zipf-like frequencies over a vocabulary of 20000 words.
    vocab = distinct_words(rng, 20000, 2, 10)
    weights = [1.0 / (i + 1) for i in range(len(vocab))]
    words = rng.choices(vocab, weights, k=30000)
    write("10-zipf", lines_of(rng, words, 1, 100))

    # About 10^5 distinct words; 5000 of them occur twice, so the answer is a tie at 2.
    vocab = distinct_words(rng, 100000, 4, 6)
    words = vocab + rng.sample(vocab, 5000)
    rng.shuffle(words)
    write("11-many-distinct", lines_of(rng, words, 50, 500))

    # Maximum number of words, short words from a small alphabet.
    words = [rand_word(rng, 1, 2, "abcdefghij") for _ in range(200000)]
    write("12-max-words", lines_of(rng, words, 1000, 5000))

    # Long words sharing a common prefix, differing only at the end.
    prefix = "wordfrequencyx"
    vocab = [prefix + rand_word(rng, 3, 6) for _ in range(3000)]
    words = rng.choices(vocab, k=20000)
    write("13-long-common-prefix", lines_of(rng, words, 10, 200))

    # 120000 words on a single line; "pp" and "kk" tie at the top and "pp"
    # comes first in the text.
    words = [rand_word(rng, 3, 3, "klmnop") for _ in range(117600)]
    words += ["pp"] * 1200 + ["kk"] * 1200
    rng.shuffle(words)
    i = words.index("pp")
    words[0], words[i] = words[i], words[0]
    write("14-one-long-line", [" ".join(words)])

if __name__ == "__main__":
    main()
