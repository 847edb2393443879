'use strict';
// The load generator: `inFlight` concurrent unary Charge calls from this process over one
// channel to 127.0.0.1, each loop starting its next call when the last one replies, for a
// fixed time. Latency is taken per call with hrtime.
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { PROTO_PATH } = require('./app');

function paymentsClient(port) {
  const shop = grpc.loadPackageDefinition(protoLoader.loadSync(PROTO_PATH));
  return new shop.shop.v1.Payments(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}

const charge = (client, request) =>
  new Promise((resolve) => client.Charge(request, (error) => resolve(error)));

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/** Runs the load for `seconds`; resolves with calls/s, p50/p99 in ms, and counts. */
async function load(client, { seconds, inFlight }) {
  const latencies = [];
  let failed = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  async function loop(worker) {
    const request = { orderId: `order-${worker}`, amount: 99.99 };
    while (process.hrtime.bigint() < deadline) {
      const t0 = process.hrtime.bigint();
      const error = await charge(client, request);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (error) failed++;
    }
  }
  await Promise.all(Array.from({ length: inFlight }, (_, worker) => loop(worker)));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { calls: latencies.length, failed, callsPerSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

module.exports = { paymentsClient, load };
