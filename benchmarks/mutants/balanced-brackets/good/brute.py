import sys

lines = sys.stdin.read().split()
t = int(lines[0])
for s in lines[1:1 + t]:
    while "()" in s or "[]" in s or "{}" in s:
        s = s.replace("()", "").replace("[]", "").replace("{}", "")
    print("YES" if s == "" else "NO")
