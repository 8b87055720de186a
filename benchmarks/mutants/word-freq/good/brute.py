import sys

words = sys.stdin.read().split()
best_word, best_count = None, 0
for w in sorted(set(words)):  # ascending: a later word wins only with a strictly larger count
    count = words.count(w)
    if count > best_count:
        best_word, best_count = w, count
print(best_word, best_count)
