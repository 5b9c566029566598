"""ws-sync's side of the synced-object benchmarks (bench/sync.ts): what ws-sync sends, and what its sync() costs.

ws-sync (github.com/JoongWonSeo/ws-sync, ws_sync/sync.py) syncs an object by taking a new snapshot of its synced
attributes (`_snapshot()`: `deepcopy` of each attribute, or a pydantic `TypeAdapter.dump_python(mode="json")` for
annotated ones), diffing it against the previous snapshot with `jsonpatch.make_patch(prev, new).patch`, and
sending `{"type": "_PATCH:<key>", "data": <ops>}` with Starlette's `send_json` (`json.dumps(data,
separators=(",", ":"), ensure_ascii=False)`). This script does exactly those steps, with the jsonpatch that ws-sync
depends on (`jsonpatch~=1.33`), without a server: the frame text is what goes on the wire.

Input (stdin, JSON): {"frames": [{"name", "key", "before", "after"} or {"name", "key", "set"}], "timing": {"size", "index", "maxIterations",
"maxSeconds"}}. Output (stdout, JSON): the frames' text and sizes, and the sync timings in microseconds.
"""

import copy
import json
import math
import statistics
import sys
import time

import jsonpatch

COLUMNS = ["todo", "doing", "done"]


def frame_text(key, ops):
    # starlette.websockets.WebSocket.send_json(mode="text")
    return json.dumps({"type": f"_PATCH:{key}", "data": ops}, separators=(",", ":"), ensure_ascii=False)


def make_cards(n):
    return [{"id": f"c{i}", "title": f"Card number {i}", "column": COLUMNS[i % 3], "votes": i % 7} for i in range(n)]


def quantile(xs, q):
    """Nearest rank, as bench/lib/stats.ts quantile()."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))]


def summary(xs):
    return {"iterations": len(xs), "medianUs": round(statistics.median(xs), 1), "p90Us": round(quantile(xs, 0.9), 1)}


def time_sync(snapshot, mutate, key, max_iterations, max_seconds):
    """ws-sync's Sync.sync(): snapshot, make_patch against the previous snapshot, the frame's JSON text."""
    prev = snapshot()
    snap_us, diff_us, total_us, sizes = [], [], [], []
    started = time.perf_counter()
    i = 0
    while i < max_iterations and (i < 5 or time.perf_counter() - started < max_seconds):
        mutate(i)
        t0 = time.perf_counter()
        new = snapshot()
        t1 = time.perf_counter()
        patch = jsonpatch.make_patch(prev, new).patch
        t2 = time.perf_counter()
        text = frame_text(key, patch)
        t3 = time.perf_counter()
        prev = new
        if i > 0:  # the first one warms up
            snap_us.append((t1 - t0) * 1e6)
            diff_us.append((t2 - t1) * 1e6)
            total_us.append((t3 - t0) * 1e6)
            sizes.append(len(text))
        i += 1
    return {"snapshot": summary(snap_us), "makePatch": summary(diff_us), "sync": summary(total_us), "frameChars": sizes[-1], "ops": len(patch)}


def timing(t):
    size, index = t["size"], t["index"]
    key = f"board/{size}/t"
    out = {}

    # Plain attributes: ws-sync deep-copies them.
    state = {"title": "Board t", "cards": make_cards(size)}

    def mutate_plain(i):
        state["cards"][index]["votes"] += 1

    out["deepcopy"] = time_sync(lambda: {k: copy.deepcopy(v) for k, v in state.items()}, mutate_plain, key, t["maxIterations"], t["maxSeconds"])

    # Annotated attributes (pydantic models): ws-sync dumps them with a TypeAdapter.
    try:
        import pydantic
        from pydantic import BaseModel, TypeAdapter

        class Card(BaseModel):
            id: str
            title: str
            column: str
            votes: int

        cards = [Card(**c) for c in make_cards(size)]
        adapters = {"title": TypeAdapter(str), "cards": TypeAdapter(list[Card])}
        values = {"title": "Board t", "cards": cards}

        def mutate_model(i):
            cards[index].votes += 1

        def snapshot_model():
            return {k: adapters[k].dump_python(values[k], mode="json", warnings=False) for k in values}

        out["pydantic"] = time_sync(snapshot_model, mutate_model, key, t["maxIterations"], t["maxSeconds"])
        out["pydanticVersion"] = pydantic.VERSION
    except ImportError:
        out["pydantic"] = None
    return out


def main():
    spec = json.load(sys.stdin)
    frames = []
    for f in spec["frames"]:
        if "set" in f:
            # The whole state, as ws-sync sends it on connect or when asked (`_SET:<key>`).
            ops = []
            text = json.dumps({"type": f"_SET:{f['key']}", "data": f["set"]}, separators=(",", ":"), ensure_ascii=False)
        else:
            ops = jsonpatch.make_patch(f["before"], f["after"]).patch
            text = frame_text(f["key"], ops)
        frames.append({"name": f["name"], "chars": len(text), "bytes": len(text.encode("utf-8")), "ops": len(ops), "head": text[:300]})
    result = {
        "python": sys.version.split()[0],
        "jsonpatch": getattr(jsonpatch, "__version__", "?"),
        "frames": frames,
        "timing": timing(spec["timing"]) if spec.get("timing") else None,
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
