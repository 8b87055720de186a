import sys

data = sys.stdin.read().split()
n, t = int(data[0]), int(data[1])
a = [int(x) for x in data[2:2 + n]]
answer = "impossible"
for i in range(n):
    for j in range(n):
        if i != j and a[i] + a[j] == t:
            answer = f"{i + 1} {j + 1}"
            break
    if answer != "impossible":
        break
print(answer)
