'use strict';
// The app under load for the fetch + pg row: GET /users/:id -> UsersController ->
// UsersService.getUser(id), which calls a downstream service with fetch and reads one row with
// pg, then answers JSON. The downstream and the table are the driver's (fetch-pg/run.js).
const http = require('../http/app');

function buildAppModule(hooks) {
  const { Pool } = require('pg');
  // Not ended on close: requests still arriving then would fail; the process exits anyway.
  const pool = new Pool({ connectionString: process.env.BENCH_PG_URL, max: 10 });
  const downstream = process.env.BENCH_DOWNSTREAM_URL;
  const query = `SELECT id, name FROM ${process.env.BENCH_PG_TABLE} WHERE id = $1`;

  class UsersService {
    async getUser(id) {
      const profile = await (await fetch(`${downstream}/profiles/${id}`)).json();
      const { rows } = await pool.query(query, [Number(id) % 100]);
      return { ...rows[0], profile };
    }
  }
  return http.buildAppModule(hooks, UsersService);
}

module.exports = { buildAppModule };
