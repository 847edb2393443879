'use strict';
// Fixed numbers of requests for the instruction counts: a count, not a duration, so every
// config does the same work. Keep-alive connections, a few in flight, from this process.
const http = require('node:http');
const { paymentsClient } = require('../grpc/load');
const { PATTERN, tcpOptions } = require('../messaging/app');

/**
 * `count` HTTP requests, `concurrency` at a time over kept-alive connections; `send(index,
 * agent, next, fail)` sends one and calls `next` when it is answered. Rejects on any failure.
 */
function keepAliveRequests(count, concurrency, send) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let sent = 0;
  const worker = () =>
    new Promise((resolve, reject) => {
      const next = () => (sent >= count ? resolve() : send(sent++, agent, next, reject));
      next();
    });
  return Promise.all(Array.from({ length: concurrency }, worker)).finally(() => agent.destroy());
}

/** `count` GET /users/:id requests, `concurrency` at a time; rejects on any failure. */
function httpRequests(port, count, concurrency) {
  return keepAliveRequests(count, concurrency, (id, agent, next, fail) =>
    http
      .get({ host: '127.0.0.1', port, path: `/users/${id % 100}`, agent }, (response) => {
        if (response.statusCode !== 200) return fail(new Error(`HTTP ${response.statusCode}`));
        response.resume();
        response.on('end', next);
      })
      .on('error', fail),
  );
}

/** `count` unary Charge calls, `concurrency` at a time over one channel. */
function grpcCalls(port, count, concurrency) {
  const client = paymentsClient(port);
  let sent = 0;
  const worker = (index) =>
    new Promise((resolve, reject) => {
      const next = () => {
        if (sent >= count) return resolve();
        sent++;
        client.Charge({ orderId: `order-${index}`, amount: 9.99 }, (error) => (error ? reject(error) : next()));
      };
      next();
    });
  return Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index))).finally(() => client.close());
}

/**
 * `count` TCP request/response messages (`client.send`), `concurrency` at a time over one Nest
 * TCP client; this driver process has no tracing, so the messages carry no trace context.
 */
async function tcpCalls(port, count, concurrency) {
  const { ClientProxyFactory } = require('@nestjs/microservices');
  const { lastValueFrom } = require('rxjs');
  const client = ClientProxyFactory.create(tcpOptions(port));
  await client.connect();
  let sent = 0;
  const worker = async (index) => {
    while (sent < count) {
      sent++;
      await lastValueFrom(client.send(PATTERN, { orderId: `order-${index}`, amount: 9.99 }));
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  } finally {
    await client.close();
  }
}

/** `count` GraphQL `GetOrder` operations (POST /graphql), `concurrency` at a time; rejects on any failure or GraphQL error. */
function graphqlRequests(port, count, concurrency) {
  const { GET_ORDER } = require('../graphql/app');
  return keepAliveRequests(count, concurrency, (id, agent, next, fail) => {
    const body = JSON.stringify({ query: GET_ORDER, variables: { id: String(id % 100) }, operationName: 'GetOrder' });
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const request = http.request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => (response.statusCode !== 200 || text.includes('"errors"') ? fail(new Error(`GraphQL ${response.statusCode} ${text}`)) : next()));
    });
    request.on('error', fail).end(body);
  });
}

module.exports = { httpRequests, grpcCalls, tcpCalls, graphqlRequests };
