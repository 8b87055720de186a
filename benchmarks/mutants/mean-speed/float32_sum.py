# BUG: precision cut: the total time is accumulated in single precision (float32)
import struct
import sys


def f32(x):
    return struct.unpack('f', struct.pack('f', x))[0]


data = sys.stdin.buffer.read().split()
n = int(data[0])
dist = 0
hours = f32(0.0)
for i in range(n):
    d, v = int(data[1 + 2 * i]), int(data[2 + 2 * i])
    dist += d
    hours = f32(hours + f32(d / v))
print('%.9f' % (dist / hours))
