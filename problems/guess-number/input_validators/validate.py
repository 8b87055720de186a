"""Input validator: one line `N X` with 1 <= X <= N <= 10^9. Exit 42 valid, 43 invalid."""

import re
import sys

text = sys.stdin.read()
m = re.fullmatch(r"([1-9][0-9]{0,9}) ([1-9][0-9]{0,9})\n", text)
if not m:
    print("expected one line 'N X'", file=sys.stderr)
    sys.exit(43)
n, x = int(m.group(1)), int(m.group(2))
if not (n <= 10**9 and x <= n):
    print(f"out of range: N={n} X={x}", file=sys.stderr)
    sys.exit(43)
sys.exit(42)
