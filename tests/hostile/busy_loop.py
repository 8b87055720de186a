"""Busy loop: burns CPU forever."""
while True:
    pass
