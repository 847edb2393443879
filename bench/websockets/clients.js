'use strict';
// `count` gateway messages `order.get`, each awaited for its reply, over `concurrency`
// connections of the platform's own client (socket.io-client, ws) from this untraced process.
const { PATTERN, WS_PATH } = require('./app');

function socketIoConnection(port) {
  const { io } = require('socket.io-client');
  const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () =>
      resolve({
        request: (id) => new Promise((done) => {
          socket.once('order', done);
          socket.emit(PATTERN, { id });
        }),
        close: () => socket.close(),
      }),
    );
  });
}

function wsConnection(port) {
  const { WebSocket } = require('ws');
  const socket = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}`);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        request: (id) => new Promise((done) => {
          socket.once('message', done);
          socket.send(JSON.stringify({ event: PATTERN, data: { id } }));
        }),
        close: () => socket.close(),
      }),
    );
  });
}

async function gatewayMessages(port, count, concurrency, platform) {
  const connect = platform === 'ws' ? wsConnection : socketIoConnection;
  const connections = await Promise.all(Array.from({ length: concurrency }, () => connect(port)));
  let sent = 0;
  const worker = async (connection) => {
    while (sent < count) {
      sent++;
      await connection.request(`order-${sent % 100}`);
    }
  };
  try {
    await Promise.all(connections.map(worker));
  } finally {
    connections.forEach((connection) => connection.close());
  }
}

module.exports = { gatewayMessages };
