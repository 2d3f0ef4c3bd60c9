#!/usr/bin/env python3
"""Writes docs/rpc.md from docs/rpc.md.in and a recording of the node's answers.

The wallet_rpc end-to-end test sends every example request of docs/rpc.md to a node and
checks the documented response; run it with RWA_DOCS_RECORD=/tmp/rwa.json to record what the
node answered, then this script to refresh the responses in the document:

    RWA_DOCS_RECORD=/tmp/rwa.json cargo nextest run -p compute-ledger-e2e wallet_rpc
    scripts/rpc-docs.py /tmp/rwa.json

Values that change from run to run (block numbers, the current epoch) are written as "…",
which the test accepts as any value.
"""
import json
import re
import sys

# Keys whose values depend on when the test ran, not on what it did.
VOLATILE = {"admittedAt", "registeredAt", "placedAt", "expiresAt", "requestedAt", "createdAt",
            "attestedAt", "validUntil", "at", "closesAt", "activatedAt", "publishedAt",
            "validFrom", "proposedAt"}


def scrub(value, key=None):
    if key in VOLATILE and isinstance(value, (int, str)):
        return "…"
    if isinstance(value, dict):
        return {k: scrub(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def main():
    record = json.load(open(sys.argv[1]))
    path = "docs/rpc.md"
    text = open(path).read()
    answers = {json.dumps(r["request"], sort_keys=True): r["response"] for r in record}
    blocks = re.split(r"(```json\n.*?```)", text, flags=re.S)
    out, pending = [], None
    for block in blocks:
        if block.startswith("```json\n"):
            body = json.loads(block[len("```json\n"):-3])
            if "method" in body:
                pending = answers.get(json.dumps(body, sort_keys=True))
                if pending is None:
                    print(f"no recorded answer for {body}", file=sys.stderr)
            elif pending is not None:
                response = pending
                if body.get("result") == "…" or body.get("volatile"):
                    response = {**response, "result": "…"}
                response = scrub(response)
                block = "```json\n" + json.dumps(response, indent=2, ensure_ascii=False) + "\n```"
                pending = None
        out.append(block)
    open(path, "w").write("".join(out))


if __name__ == "__main__":
    main()
