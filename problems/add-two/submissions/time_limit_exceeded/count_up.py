# Naive: start from b and step towards a one unit at a time.
a, b = map(int, input().split())
step = 1 if a >= 0 else -1
result = b
i = 0
while i != a:
    i += step
    result += step
print(result)
