# Bug: converting to float loses precision for numbers above 2^53.
a, b = map(float, input().split())
print(int(a + b))
