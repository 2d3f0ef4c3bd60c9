#!/usr/bin/env bash
# The key ceremony of a real network: fresh keys for every role, kept in keystores and
# secret files on disk, and a raw chain spec that names no well-known development account
# or node key.
#
#   scripts/new-network.sh <out-dir> [--validators N] [--council N] [--registrars N]
#                          [--name NAME] [--id ID] [--jurisdiction CC]
#
# <out-dir>/chain-spec.json           the raw chain spec every node starts with (public)
# <out-dir>/validator-<i>/            a node's base path: its keystore (aura, gran) and
#                                      node-key (SECRET: stays on that operator's machine)
# <out-dir>/secrets/*.json            account and session seeds (SECRET: hand each to its
#                                      holder, then delete it here)
# <out-dir>/public.json               accounts, session keys and peer ids (public)
#
# Every validator's node is admitted (node authorization) and its keys are its session keys
# at genesis; the council governs (two thirds), registrars admit participants; there is no
# sudo. Each council member, registrar and validator account holds a fee endowment.
set -euo pipefail
source "$(dirname "$0")/env.sh"

usage() { sed -n 2,16p "$0" >&2; exit 2; }
[ $# -ge 1 ] || usage
OUT="$1"; shift
VALIDATORS=3 COUNCIL=3 REGISTRARS=1 NAME="Compute Ledger" ID="compute_ledger" JURISDICTION="CH"
while [ $# -gt 0 ]; do
	case "$1" in
		--validators) VALIDATORS="$2"; shift 2 ;;
		--council) COUNCIL="$2"; shift 2 ;;
		--registrars) REGISTRARS="$2"; shift 2 ;;
		--name) NAME="$2"; shift 2 ;;
		--id) ID="$2"; shift 2 ;;
		--jurisdiction) JURISDICTION="$2"; shift 2 ;;
		*) usage ;;
	esac
done
[ -x "$NODE_BIN" ] || { echo "new-network: build the node first ($NODE_BIN)" >&2; exit 1; }
if [ -e "$OUT/chain-spec.json" ]; then
	echo "new-network: $OUT already holds a network; refusing to overwrite its keys" >&2
	exit 1
fi
mkdir -p "$OUT/secrets"
chmod 700 "$OUT/secrets"
node() { "$NODE_BIN" "$@"; }

# One fresh secret phrase, with its sr25519 account (json) written to a secret file.
new_account() { # <secret file>
	node key generate --scheme sr25519 --output-type json >"$1"
	chmod 600 "$1"
}
# The public key and address of `<phrase><derivation>` in `scheme`.
inspect() { # <scheme> <suri>
	node key inspect --scheme "$1" --output-type json "$2"
}

echo "new-network: generating keys for $VALIDATORS validators, $COUNCIL council members, $REGISTRARS registrars"
for i in $(seq 1 "$VALIDATORS"); do
	dir="$OUT/validator-$i"
	mkdir -p "$dir"
	chmod 700 "$dir"
	new_account "$OUT/secrets/validator-$i-account.json"
	# Session keys come from a seed of their own, so that the account key never sits on
	# the validating machine.
	new_account "$OUT/secrets/validator-$i-session.json"
	# (the command wants a chain only to find a default path; the key does not depend on it)
	node key generate-node-key --chain dev --file "$dir/node-key" 2>"$dir/peer-id"
	chmod 600 "$dir/node-key"
done
for i in $(seq 1 "$COUNCIL"); do new_account "$OUT/secrets/council-$i.json"; done
for i in $(seq 1 "$REGISTRARS"); do new_account "$OUT/secrets/registrar-$i.json"; done

# The public half of every key, as the genesis needs it.
python3 - "$OUT" "$VALIDATORS" "$COUNCIL" "$REGISTRARS" <<'PY' >"$OUT/public.json"
import json, subprocess, sys, os
out, v, c, r = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
node = os.environ["NODE_BIN"]
def secret(name):
    return json.load(open(f"{out}/secrets/{name}.json"))
def inspect(scheme, suri):
    return json.loads(subprocess.check_output(
        [node, "key", "inspect", "--scheme", scheme, "--output-type", "json", suri]))
validators = []
for i in range(1, v + 1):
    account = secret(f"validator-{i}-account")
    session = secret(f"validator-{i}-session")["secretPhrase"]
    peer = open(f"{out}/validator-{i}/peer-id").read().strip().split()[-1]
    validators.append({
        "account": account["ss58Address"],
        "aura": inspect("sr25519", session + "//aura")["ss58Address"],
        "grandpa": inspect("ed25519", session + "//grandpa")["ss58Address"],
        "peerId": peer,
    })
print(json.dumps({
    "validators": validators,
    "council": [secret(f"council-{i}")["ss58Address"] for i in range(1, c + 1)],
    "registrars": [secret(f"registrar-{i}")["ss58Address"] for i in range(1, r + 1)],
}, indent=2))
PY

# The plain spec of the loopback preset gives the runtime code and the shape of the
# genesis; every account, key and node in it is replaced.
node build-spec --chain local-loopback --disable-default-bootnode 2>/dev/null >"$OUT/plain-template.json"
python3 - "$OUT" "$NAME" "$ID" "$JURISDICTION" <<'PY'
import json, sys
out, name, chain_id, jurisdiction = sys.argv[1:5]
ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
def b58decode(text):
    n = 0
    for c in text:
        n = n * 58 + ALPHABET.index(c)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + raw
keys = json.load(open(f"{out}/public.json"))
spec = json.load(open(f"{out}/plain-template.json"))
patch = spec["genesis"]["runtimeGenesis"]["patch"]
validators, council, registrars = keys["validators"], keys["council"], keys["registrars"]
# Fees for every account that must act from the first block; nothing else is endowed.
ENDOWMENT = 1_000 * 10**12
KYC_EXPIRY = 3650 * 24 * 60 * 20  # about ten years of 3-second blocks
funded = [v["account"] for v in validators] + council + registrars
patch["balances"] = {"balances": [[a, ENDOWMENT] for a in dict.fromkeys(funded)]}
patch["validators"] = {"validators": [v["account"] for v in validators]}
patch["session"] = {"keys": [[v["account"], v["account"], {"aura": v["aura"], "grandpa": v["grandpa"]}] for v in validators]}
patch["council"] = {"members": council}
patch["nodeAuthorization"] = {"nodes": [[list(b58decode(v["peerId"])), v["account"]] for v in validators]}
patch["sudo"] = {"key": None}
patch["participants"] = {"participants": [[r, ["Registrar"], jurisdiction, KYC_EXPIRY] for r in registrars]}
# Real networks keep the runtime's hour-long epochs and ten-minute challenge window, and
# name their own stable-value issuers through governance.
patch.pop("computeAssets", None)
patch.pop("metering", None)
patch.setdefault("stableValue", {})["issuers"] = []
spec["name"], spec["id"], spec["chainType"] = name, chain_id, "Live"
spec["bootNodes"] = []
json.dump(spec, open(f"{out}/chain-spec-plain.json", "w"), indent=1)
PY
rm "$OUT/plain-template.json"
node build-spec --chain "$OUT/chain-spec-plain.json" --raw --disable-default-bootnode 2>/dev/null >"$OUT/chain-spec.json"

# Each validator's session keys go into its own keystore, where its node will find them.
for i in $(seq 1 "$VALIDATORS"); do
	phrase="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["secretPhrase"])' "$OUT/secrets/validator-$i-session.json")"
	node key insert --base-path "$OUT/validator-$i" --chain "$OUT/chain-spec.json" \
		--scheme sr25519 --key-type aura --suri "$phrase//aura"
	node key insert --base-path "$OUT/validator-$i" --chain "$OUT/chain-spec.json" \
		--scheme ed25519 --key-type gran --suri "$phrase//grandpa"
done

cat <<MSG
new-network: $OUT/chain-spec.json is the raw chain spec of "$NAME" ($ID): give it to every
new-network: operator. It holds no well-known development account or node key.
new-network: public keys and peer ids: $OUT/public.json
new-network: KEEP SECRET, each with its holder only, then delete them here:
new-network:   $OUT/secrets/validator-<i>-account.json  a validator's account (its stash)
new-network:   $OUT/secrets/validator-<i>-session.json  the seed of its session keys
new-network:   $OUT/secrets/council-<i>.json            a council member's account
new-network:   $OUT/secrets/registrar-<i>.json          a registrar's account
new-network:   $OUT/validator-<i>/node-key and the keystore under $OUT/validator-<i>/chains/
new-network:   (copy that directory to the validator's machine as its --base-path)
new-network: start validator i with:
new-network:   compute-ledger-node --chain chain-spec.json --base-path validator-<i> \\
new-network:     --node-key-file validator-<i>/node-key --validator --bootnodes <validator 1's address>
MSG
