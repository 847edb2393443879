const { paymentsClient } = require('./grpc/load');
const [port, n, conc] = process.argv.slice(2).map(Number);
const client = paymentsClient(port);
let sent = 0, done = 0;
const t0 = Date.now();
function one(w) {
  if (sent >= n) return;
  sent++;
  client.Charge({ orderId: `order-${w}`, amount: 9.99 }, (error) => {
    if (error) { console.error(error.message); process.exit(1); }
    if (++done === n) { console.log(`done ${n} ${Date.now() - t0}ms`); client.close(); } else one(w);
  });
}
for (let i = 0; i < conc; i++) one(i);
