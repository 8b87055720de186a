# Input validator for "Mean Speed": reads the input on stdin,
# exits 42 if it is valid, 43 otherwise.
import re
import sys

POS = re.compile(rb'[1-9][0-9]{0,5}')


def fail(msg):
    sys.stderr.write(msg + '\n')
    sys.exit(43)


def posint(tok, hi, what):
    if not POS.fullmatch(tok):
        fail('bad integer for %s: %r' % (what, tok[:20]))
    v = int(tok)
    if not 1 <= v <= hi:
        fail('%s out of range: %d' % (what, v))
    return v


data = sys.stdin.buffer.read()
if not data.endswith(b'\n'):
    fail('input must end with a newline')
lines = data[:-1].split(b'\n')
n = posint(lines[0], 10**5, 'n')
if len(lines) != n + 1:
    fail('expected %d lines after the first, found %d' % (n, len(lines) - 1))
for i in range(1, n + 1):
    parts = lines[i].split(b' ')
    if len(parts) != 2:
        fail('line %d must contain exactly two integers separated by one space' % (i + 1))
    posint(parts[0], 10**4, 'd_%d' % i)
    posint(parts[1], 10**4, 'v_%d' % i)
sys.exit(42)
