# Input validator for "Add Two": reads the input on stdin,
# exits 42 if it is valid, 43 otherwise.
import re
import sys

INT = rb'(0|-?[1-9][0-9]*)'
LIM = 10**18


def fail(msg):
    sys.stderr.write(msg + '\n')
    sys.exit(43)


data = sys.stdin.buffer.read()
m = re.fullmatch(INT + rb' ' + INT + rb'\n', data)
if not m:
    fail('input must be exactly one line "a b" followed by a newline')
for tok in m.groups():
    if len(tok) > 20:
        fail('number too long')
    v = int(tok)
    if not -LIM <= v <= LIM:
        fail('number out of range: %d' % v)
sys.exit(42)
