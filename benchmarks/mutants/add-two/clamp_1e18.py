# BUG: overflow-like cut-off: the result is clamped to the input range [-10^18, 10^18]
a, b = map(int, input().split())
print(max(-10**18, min(10**18, a + b)))
