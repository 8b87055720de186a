"""Sleeps forever without using any CPU: only the wall-clock limit can stop it."""
import time

while True:
    time.sleep(3600)
