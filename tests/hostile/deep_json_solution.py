"""A functional (LeetCode-style) submission that writes its own "return value" past the harness,
straight to descriptor 1: JSON nested 200,000 deep, which made the judge's JSON parser raise
RecursionError ("the judge failed", exit 3) instead of judging a wrong answer (issue 17)."""

import os


class Solution:
    def topSum(self, nums, k):
        depth = 200_000
        os.write(1, b"[" * depth + b"]" * depth + b"\n")
        os._exit(0)
