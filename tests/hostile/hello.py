"""A trivial, well-behaved program: doubles the number on stdin."""
print(2 * int(input()))
