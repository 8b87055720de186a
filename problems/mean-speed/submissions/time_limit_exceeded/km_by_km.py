# Naive simulation: travel the journey one kilometre at a time.
# Correct, but the total distance can be up to 10^9 kilometres.
import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
distance = 0
time = 0.0
for i in range(n):
    d = int(data[1 + 2 * i])
    v = int(data[2 + 2 * i])
    for km in range(d):
        distance += 1
        time += 1 / v
print('%.9f' % (distance / time))
