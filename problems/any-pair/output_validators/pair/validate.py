# Output validator for "Any Pair" (Kattis convention).
# Usage: python3 validate.py INPUT_FILE ANSWER_FILE FEEDBACK_DIR [flags] < team_output
# Exit 42 = accepted, 43 = wrong answer (reason in FEEDBACK_DIR/judgemessage.txt).
# The answer file is only used to know whether some pair exists; any valid
# pair printed by the team is checked against the input itself.
import os
import re
import sys

NUM = re.compile(rb'-?[0-9]{1,20}')


def verdict(accepted, msg=''):
    if msg:
        try:
            with open(os.path.join(sys.argv[3], 'judgemessage.txt'), 'w') as f:
                f.write(msg.replace('\n', ' ')[:500] + '\n')
        except OSError:
            pass
    sys.exit(42 if accepted else 43)


def main():
    with open(sys.argv[1], 'rb') as f:
        data = f.read().split()
    n, t = int(data[0]), int(data[1])
    a = [int(x) for x in data[2:2 + n]]
    with open(sys.argv[2], 'rb') as f:
        ans = f.read().split()
    pair_exists = bool(ans) and ans[0].lower() != b'impossible'

    team = sys.stdin.buffer.read().split()
    if not team:
        verdict(False, 'empty output')
    if team[0].lower() == b'impossible':
        if len(team) != 1:
            verdict(False, 'trailing output after "impossible"')
        if pair_exists:
            verdict(False, 'team says impossible, but a pair exists')
        verdict(True)
    if len(team) != 2:
        verdict(False, 'expected two indices or "impossible", got %d tokens' % len(team))
    idx = []
    for tok in team:
        if not NUM.fullmatch(tok):
            verdict(False, 'not an integer: %r' % tok[:30])
        v = int(tok)
        if not 1 <= v <= n:
            verdict(False, 'index %d out of range [1, %d]' % (v, n))
        idx.append(v)
    i, j = idx
    if i == j:
        verdict(False, 'the two indices must differ (both are %d)' % i)
    if a[i - 1] + a[j - 1] != t:
        verdict(False, 'a_%d + a_%d = %d, not %d' % (i, j, a[i - 1] + a[j - 1], t))
    if not pair_exists:
        verdict(True, 'note: answer file says impossible, but the team found a valid pair')
    verdict(True)


main()
