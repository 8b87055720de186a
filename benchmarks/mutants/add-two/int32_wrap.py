# BUG: 32-bit overflow: the sum wraps around like a C int
a, b = map(int, input().split())
s = (a + b) % (1 << 32)
if s >= 1 << 31:
    s -= 1 << 32
print(s)
