"""One huge allocation, far past any memory limit."""
block = bytearray(8 << 30)
print(len(block))
