// A wallet in JavaScript: connect with @polkadot/api, read the domain RPC (rwa_*), sign and
// submit a claim transfer and decode its events, from the node's metadata alone (no type
// definitions). Usage: node claims_transfer.mjs ws://127.0.0.1:9944
// Expects the state the wallet_rpc end-to-end test leaves: Bob holds claims of class 0.
// Prints progress, then one JSON line with what it saw; exits non-zero on any mismatch.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const url = process.argv[2] ?? 'ws://127.0.0.1:9944';
const fail = (message) => {
  console.error(`FAILED: ${message}`);
  process.exit(1);
};
const check = (condition, message) => condition || fail(message);

await cryptoWaitReady();
const provider = new WsProvider(url);
const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 ?? 42 });
const bob = keyring.addFromUri('//Bob');
const dave = keyring.addFromUri('//Dave');

// The domain RPC is plain JSON: no types needed to read it.
const rwa = (method, params = []) => provider.send(`rwa_${method}`, params);
const claimClass = await rwa('claimClass', [0]);
console.log(`claim class 0: asset ${claimClass.asset}, epoch ${claimClass.epoch}, outstanding ${claimClass.outstanding}`);
check(typeof claimClass.outstanding === 'string', 'amounts are strings');
const bobRecord = await rwa('participant', [bob.address]);
check(bobRecord.roles.includes('Trader'), `Bob is a trader: ${JSON.stringify(bobRecord)}`);
const before = BigInt(await rwa('claimsBalance', [0, dave.address]));

// Calls, storage and events come from metadata: the pallets are all there by name.
check(api.tx.claims?.transfer, 'Claims.transfer is in the metadata');
check(api.events.claims?.ClaimsTransferred, 'Claims.ClaimsTransferred is in the metadata');
const bobNative = await api.query.system.account(bob.address);
check(bobNative.data.free.toBigInt() > 0n, 'Bob pays fees in the native unit');

const events = await new Promise((resolve, reject) => {
  api.tx.claims
    .transfer(0, dave.address, 100)
    .signAndSend(bob, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        const meta = dispatchError.isModule ? api.registry.findMetaError(dispatchError.asModule) : null;
        reject(new Error(meta ? `${meta.section}.${meta.name}` : dispatchError.toString()));
      } else if (status.isFinalized) {
        resolve(events);
      }
    })
    .catch(reject);
}).catch((e) => fail(`transfer failed: ${e.message}`));

const record = events.find(({ event }) => api.events.claims.ClaimsTransferred.is(event));
check(record, `a ClaimsTransferred event among ${events.map(({ event }) => `${event.section}.${event.method}`)}`);
const { event } = record;
const fields = Object.fromEntries(event.data.names.map((name, i) => [name, event.data[i].toString()]));
check(fields.from === bob.address && fields.to === dave.address, `from Bob to Dave: ${JSON.stringify(fields)}`);
check(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)), 'ExtrinsicSuccess');

const after = BigInt(await rwa('claimsBalance', [0, dave.address]));
check(after - before === 100n, `Dave's claims went from ${before} to ${after}`);

console.log(JSON.stringify({
  event: `${event.section}.${event.method}`,
  class: fields.class,
  from: fields.from,
  to: fields.to,
  amount: fields.amount,
  daveBefore: before.toString(),
  daveAfter: after.toString(),
}));
await api.disconnect();
process.exit(0);
