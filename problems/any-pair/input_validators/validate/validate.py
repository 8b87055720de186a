# Input validator for "Any Pair": reads the input on stdin,
# exits 42 if it is valid, 43 otherwise.
import re
import sys

INT = re.compile(rb'0|-?[1-9][0-9]{0,11}')


def fail(msg):
    sys.stderr.write(msg + '\n')
    sys.exit(43)


def integer(tok, lo, hi, what):
    if not INT.fullmatch(tok):
        fail('bad integer for %s: %r' % (what, tok[:20]))
    v = int(tok)
    if not lo <= v <= hi:
        fail('%s out of range: %d' % (what, v))
    return v


data = sys.stdin.buffer.read()
if not data.endswith(b'\n'):
    fail('input must end with a newline')
lines = data[:-1].split(b'\n')
if len(lines) != 2:
    fail('input must consist of exactly two lines')
first = lines[0].split(b' ')
if len(first) != 2:
    fail('first line must be "n t"')
n = integer(first[0], 2, 2 * 10**5, 'n')
integer(first[1], -2 * 10**9, 2 * 10**9, 't')
values = lines[1].split(b' ')
if len(values) != n:
    fail('expected %d values separated by single spaces, found %d fields' % (n, len(values)))
for i, tok in enumerate(values, 1):
    integer(tok, -10**9, 10**9, 'a_%d' % i)
sys.exit(42)
