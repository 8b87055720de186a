"""Inside the sandbox: draw inputs from the model's hypothesis strategy.

Usage: python draw.py '{"size": "small", "count": 10}' (optional "seed": N)
`generator.py` beside this file defines `inputs(size)`, a hypothesis strategy of stdin texts.
Prints a JSON list of distinct inputs.
"""

import json
import sys

from hypothesis import HealthCheck, Phase, given, seed, settings

import generator

spec = json.loads(sys.argv[1])
drawn: list[str] = []


@settings(
    max_examples=spec["count"],
    database=None,
    derandomize="seed" not in spec,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@given(generator.inputs(spec["size"]))
def collect(text: object) -> None:
    if isinstance(text, str) and text.strip():
        drawn.append(text if text.endswith("\n") else text + "\n")


if "seed" in spec:
    collect = seed(spec["seed"])(collect)
collect()
json.dump(list(dict.fromkeys(drawn)), sys.stdout)
