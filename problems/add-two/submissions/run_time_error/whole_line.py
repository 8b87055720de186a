# Bug: int() of the whole line "a b" raises ValueError.
line = input()
a = int(line)
b = int(input())
print(a + b)
