"""Connects to a TCP server on 127.0.0.1. stdin: the port. A refusal is not caught."""
import socket
import sys

port = int(sys.stdin.readline())
with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
    conn.sendall(b"hello from the sandbox\n")
print("connected")
