"""Inside the sandbox: run a Python program and record its execution, one scope deep.

Usage: python trace_driver.py '{"program": PATH, "entry": NAME or null, "out": PATH,
                                "max_frames": N, "max_bytes": N}'

Records the frames of the entry function (or of the whole script when `entry` is null): call,
line, return and exception events with the scope's locals as reprs, as JSON lines in `out`. A
bound reached is written as a last line, never a silent cut; after it the program runs on
untraced. The program's stdin, stdout and exit status are its own.
"""

import json
import sys
import types

REPR_LIMIT = 300
SKIP_TYPES = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type)

spec = json.loads(sys.argv[1])
path = spec["program"]
with open(path) as f:
    source = f.read()
code = compile(source, path, "exec")
lines = source.splitlines()


def find(obj, name):
    for const in obj.co_consts:
        if isinstance(const, types.CodeType):
            if const.co_name == name:
                return const
            found = find(const, name)
            if found is not None:
                return found
    return None


target = code if spec["entry"] is None else find(code, spec["entry"])
if target is None:
    sys.stderr.write(f"trace: no function named {spec['entry']!r} in the program\n")
    sys.exit(120)

# Line-buffered: a run killed at its limits keeps the frames it made.
out = open(spec["out"], "w", buffering=1)  # noqa: SIM115
written = 0
frames = 0
stopped = False


def show(value):
    try:
        text = repr(value)
    except Exception as exc:  # a broken __repr__ is the program's business
        text = f"<repr failed: {type(exc).__name__}>"
    return text if len(text) <= REPR_LIMIT else text[:REPR_LIMIT] + "..."


def scope(frame):
    return {
        k: show(v)
        for k, v in frame.f_locals.items()
        if not k.startswith("__") and not isinstance(v, SKIP_TYPES)
    }


def emit(kind, frame, value=None, with_locals=True):
    global written, frames, stopped
    if stopped:
        return
    # At a call the frame has not reached a line yet: name the def (or the script's top).
    lineno = frame.f_code.co_firstlineno if kind == "call" else frame.f_lineno
    record = {
        "kind": kind,
        "line": lineno,
        "source": lines[lineno - 1].strip() if 0 < lineno <= len(lines) else "",
        "locals": scope(frame) if with_locals else {},
        "value": value,
    }
    text = json.dumps(record) + "\n"
    if frames + 1 > spec["max_frames"] or written + len(text) > spec["max_bytes"]:
        which = "frames" if frames + 1 > spec["max_frames"] else "bytes"
        limit = spec["max_frames"] if which == "frames" else spec["max_bytes"]
        out.write(
            json.dumps(
                {"kind": "cut", "reason": f"{which} limit of {limit} reached", "frames": frames}
            )
            + "\n"
        )
        stopped = True
        sys.settrace(None)
        return
    out.write(text)
    written += len(text)
    frames += 1


def local(frame, event, arg):
    if stopped:
        return None
    if event == "line":
        emit("line", frame)
    elif event == "return":
        emit("return", frame, show(arg), with_locals=False)
    elif event == "exception":
        emit("exception", frame, show(arg[1]), with_locals=False)
    return local


def global_trace(frame, event, arg):
    if stopped or frame.f_code is not target:
        return None
    emit("call", frame)
    return local


status = 0
sys.settrace(global_trace)
try:
    exec(code, {"__name__": "__main__", "__file__": path})
except SystemExit as exc:
    status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
except BaseException:
    sys.settrace(None)
    import traceback

    traceback.print_exc()
    status = 1
finally:
    sys.settrace(None)
    out.close()
    sys.stdout.flush()
sys.exit(status)
