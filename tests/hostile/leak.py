"""Gradual leak: a list that keeps growing by a megabyte at a time."""
hoard = []
while True:
    hoard.append(bytearray(1 << 20))
