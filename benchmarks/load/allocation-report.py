"""Bytes allocated per request from a JFR recording: the heap's growth between collections divided
by the requests served, and the allocating sites weighted by the TLABs they filled.
Usage: allocation-report.py RECORDING.jfr REQUESTS NAME"""
import collections
import json
import subprocess
import sys

recording, requests, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
printed = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events",
                          "jdk.GCHeapSummary,jdk.ObjectAllocationInNewTLAB,jdk.ObjectAllocationOutsideTLAB",
                          recording], capture_output=True, text=True, check=True).stdout
events = json.loads(printed)["recording"]["events"]

heap = sorted((e["values"] for e in events if e["type"] == "jdk.GCHeapSummary"),
              key=lambda v: (v["gcId"], v["when"] != "Before GC"))
allocated, after = 0, None
for v in heap:
    if v["when"] == "Before GC":
        if after is not None:
            allocated += v["heapUsed"] - after
    else:
        after = v["heapUsed"]

sites, entries = collections.Counter(), collections.Counter()
for e in events:
    if not e["type"].startswith("jdk.ObjectAllocation"):
        continue
    v = e["values"]
    weight = v.get("tlabSize") or v.get("allocationSize")
    frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
              for f in (v.get("stackTrace") or {}).get("frames") or []]
    first = next((f for f in frames if not f.startswith(("java.", "jdk.", "sun."))), frames[0] if frames else "?")
    sites[(v["objectClass"]["name"].replace("/", "."), first)] += weight
    entries[next((f for f in frames if f.startswith("dev.latchkey")), "(outside Latchkey)")] += weight
total = sum(sites.values()) or 1
collections_seen = sum(1 for v in heap if v["when"] == "Before GC")
print(f"{name}: {requests} requests, {allocated / max(requests, 1):,.0f} bytes allocated per request "
      f"({collections_seen} collections)")
print("  by allocating site:")
for (kind, site), weight in sites.most_common(15):
    print(f"  {100 * weight / total:5.1f}%  {kind}  <- {site}")
print("  by innermost Latchkey frame:")
for frame, weight in entries.most_common(12):
    print(f"  {100 * weight / total:5.1f}%  {frame}")
