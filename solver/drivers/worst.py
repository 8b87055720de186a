"""Inside the sandbox: the generator's optional worst cases at growing scales.

Usage: python worst.py '{"scales": [1.0, 0.1, 0.01], "per_scale": 4}'
`generator.py` beside this file may define `worst_cases(scale)`, returning a list of complete
inputs at `scale` times the maximum constraints, in the shapes worst for obvious algorithms.
Prints {"defined": bool, "cases": {scale: [inputs]}, "errors": {scale: message}}.
"""

import json
import sys
import traceback

import generator

spec = json.loads(sys.argv[1])
make = getattr(generator, "worst_cases", None)
cases: dict[str, list[str]] = {}
errors: dict[str, str] = {}
if callable(make):
    for scale in spec["scales"]:
        try:
            got = make(scale)
            if isinstance(got, str):
                got = [got]
            texts = [
                t if t.endswith("\n") else t + "\n"
                for t in list(got)
                if isinstance(t, str) and t.strip()
            ]
            cases[repr(scale)] = list(dict.fromkeys(texts))[: spec["per_scale"]]
        except Exception:  # the model's code: any failure is reported, not raised
            errors[repr(scale)] = traceback.format_exc(limit=2).strip().splitlines()[-1]
json.dump({"defined": callable(make), "cases": cases, "errors": errors}, sys.stdout)
