import { Controller, Get, Injectable, Param, Post } from '@nestjs/common';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Traced } from 'nestjs-tracing';
import { Pool as MysqlPool, createConnection as createMysqlConnection, createPool as createMysqlPool } from 'mysql2';
import { createPool as createMysqlPromisePool } from 'mysql2/promise';
import { Client, Pool } from 'pg';
import { RunningApp, startApp } from '../support/http-apps';
import { requireService } from '../support/require-service';

const suffix = `${process.pid}_${Date.now().toString(36)}`;
const PG_TABLE = `users_db_${suffix}`;
const MYSQL_TABLE = `orders_db_${suffix}`;
/** A literal typed into the SQL and a value bound to a placeholder: neither may be exported. */
const LITERAL = 'ada-secret-literal';
const BOUND = 'grace-secret-bound';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' };

@Injectable()
class UsersRepository {
  readonly pool = new Pool({ ...PG, max: 1 });
  readonly client = new Client(PG);
  readonly mysqlPool: MysqlPool = createMysqlPool({ ...MYSQL, connectionLimit: 1 });
  readonly mysqlPromise = createMysqlPromisePool({ ...MYSQL, connectionLimit: 1 });

  @Traced()
  async findWithLiteral(): Promise<number> {
    const result = await this.pool.query(`SELECT id, name FROM ${PG_TABLE} WHERE name = '${LITERAL}' OR id = 42`);
    return result.rowCount ?? 0;
  }

  @Traced()
  async findBound(): Promise<number> {
    await this.client.query({ text: `SELECT id FROM ${PG_TABLE} WHERE name = $1`, values: [BOUND] });
    return new Promise((resolve, reject) =>
      this.client.query(`SELECT count(*) FROM ${PG_TABLE} WHERE name = $1`, [BOUND], (error, result) =>
        error ? reject(error) : resolve(Number(result.rows[0].count)),
      ),
    );
  }

  /** The pool has one client: a second caller waits and is handed it from the first one's code. */
  @Traced()
  async lookup(): Promise<void> {
    await this.pool.query(`SELECT id FROM ${PG_TABLE} WHERE id = 1`);
  }

  @Traced()
  async mysqlLookup(): Promise<void> {
    await this.mysqlPromise.query(`SELECT id FROM ${MYSQL_TABLE} WHERE id = 1`);
  }

  /** The promise form (a client) and the callback form (the pool calls its client so). */
  @Traced()
  async failing(): Promise<void> {
    await this.client.query(`SELECT * FROM ${PG_TABLE}_missing WHERE name = $1`, [BOUND]).catch(() => undefined);
    await this.pool.query(`SELECT * FROM ${PG_TABLE}_missing WHERE name = $1`, [BOUND]);
  }

  @Traced()
  async mysqlQueries(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.mysqlPool.query(`SELECT id FROM ${MYSQL_TABLE} WHERE note = ? AND id > 7`, [BOUND], (error) => (error ? reject(error) : resolve())),
    );
    await this.mysqlPromise.execute(`SELECT id FROM ${MYSQL_TABLE} WHERE note = ?`, [BOUND]);
    await this.mysqlPromise.query(`INSERT INTO ${MYSQL_TABLE} (note) VALUES ('${LITERAL}')`);
  }

  /** Connects, pings and closes inside a trace: only the two queries may become spans. */
  @Traced()
  async housekeeping(): Promise<void> {
    const fresh = new Pool({ ...PG, max: 2 });
    const client = await fresh.connect();
    client.release();
    await fresh.query('SELECT 1');
    await fresh.end();
    const connection = createMysqlConnection(MYSQL).promise();
    await connection.ping();
    await connection.query('SELECT 1');
    await connection.end();
  }

  @Traced()
  async mysqlFailing(): Promise<void> {
    await this.mysqlPromise.query(`SELECT * FROM ${MYSQL_TABLE}_missing WHERE note = ?`, [BOUND]);
  }
}

@Controller('db')
class DbController {
  constructor(private readonly users: UsersRepository) {}

  @Get(':what')
  async run(@Param('what') what: 'findWithLiteral' | 'findBound' | 'mysqlQueries' | 'housekeeping') {
    return { value: await this.users[what]() };
  }

  @Post(':what/fail')
  async fail(@Param('what') what: 'failing' | 'mysqlFailing') {
    await this.users[what]().catch(() => undefined);
    return { failed: true };
  }
}

/** Every exported string of a span: name, status message, attributes, event names and attributes. */
function exportedText(span: ReadableSpan): string {
  return JSON.stringify([span.name, span.status, span.attributes, span.events.map((event) => [event.name, event.attributes])]);
}

describe('database spans from pg (PostgreSQL) and mysql2 (MariaDB) under a real Express app', () => {
  let running: RunningApp;
  let repository: UsersRepository;

  beforeAll(async () => {
    await requireService('PostgreSQL', PG.port);
    await requireService('MariaDB', MYSQL.port);
    running = await startApp('express', { controllers: [DbController], providers: [UsersRepository] });
    repository = running.app.get(UsersRepository);
    await repository.client.connect();
    await repository.pool.query(`CREATE TABLE ${PG_TABLE} (id serial PRIMARY KEY, name text)`);
    await repository.mysqlPromise.query(`CREATE TABLE ${MYSQL_TABLE} (id int AUTO_INCREMENT PRIMARY KEY, note text)`);
  });
  afterAll(async () => {
    if (!repository) return;
    await repository.pool.query(`DROP TABLE IF EXISTS ${PG_TABLE}`);
    await repository.mysqlPromise.query(`DROP TABLE IF EXISTS ${MYSQL_TABLE}`);
    await repository.client.end();
    await repository.pool.end();
    await repository.mysqlPromise.end();
    await new Promise((resolve) => repository.mysqlPool.end(resolve));
    await running.app.close();
  });
  beforeEach(() => running.exporter.reset());

  async function request(path: string, method = 'GET'): Promise<{ server: ReadableSpan; method: ReadableSpan; queries: ReadableSpan[] }> {
    const response = await fetch(`${running.url}/db/${path}`, { method });
    expect(response.ok).toBe(true);
    const server = running.exporter.find((span) => span.kind === SpanKind.SERVER)!;
    const traced = running.exporter.find((span) => span.name.startsWith('UsersRepository.'))!;
    expect(traced.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    const queries = running.exporter.findAll((span) => span.kind === SpanKind.CLIENT);
    return { server, method: traced, queries };
  }

  it('makes one CLIENT span per pg query, under the @Traced method, named and described by the conventions', async () => {
    const { server, method, queries } = await request('findWithLiteral');
    expect(queries).toHaveLength(1);
    const [query] = queries;
    expect(query.name).toBe(`SELECT ${PG_TABLE}`);
    expect(query.parentSpanContext?.spanId).toBe(method.spanContext().spanId);
    expect(query.spanContext().traceId).toBe(server.spanContext().traceId);
    expect(query.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.namespace': 'test',
      'db.operation.name': 'SELECT',
      'db.collection.name': PG_TABLE,
      'db.query.text': `SELECT id, name FROM ${PG_TABLE} WHERE name = ? OR id = ?`,
      'server.address': '127.0.0.1',
      'server.port': 5432,
    });
    expect(query.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('keeps placeholders and never reads bound values, with a query object and with a callback', async () => {
    const { queries } = await request('findBound');
    expect(queries.map((span) => span.attributes['db.query.text'])).toEqual([
      `SELECT id FROM ${PG_TABLE} WHERE name = $1`,
      `SELECT count(*) FROM ${PG_TABLE} WHERE name = $1`,
    ]);
    for (const span of running.exporter.spans) expect(exportedText(span)).not.toContain(BOUND);
  });

  it('parents each pool query (pg and mysql2) to its own caller when callers wait for the pool\'s one connection', async () => {
    await Promise.all([repository.lookup(), repository.lookup(), repository.lookup()]);
    await Promise.all([repository.mysqlLookup(), repository.mysqlLookup(), repository.mysqlLookup()]);
    for (const [method, table] of [['lookup', PG_TABLE], ['mysqlLookup', MYSQL_TABLE]]) {
      const lookups = running.exporter.findAll(`UsersRepository.${method}`);
      const queries = running.exporter.findAll(`SELECT ${table}`);
      expect(lookups).toHaveLength(3);
      expect(queries.map((query) => query.parentSpanContext?.spanId).sort()).toEqual(lookups.map((lookup) => lookup.spanContext().spanId).sort());
    }
  });

  it('marks a failed pg query ERROR with its SQLSTATE, and nothing of the values', async () => {
    const { queries } = await request('failing/fail', 'POST');
    expect(queries).toHaveLength(2);
    for (const query of queries) {
      expect(query.status).toEqual({ code: SpanStatusCode.ERROR, message: '42P01' });
      expect(query.attributes).toMatchObject({ 'db.response.status_code': '42P01', 'error.type': '42P01' });
      expect(query.events).toEqual([]);
    }
    for (const span of running.exporter.spans) expect(exportedText(span)).not.toContain(BOUND);
  });

  it('traces mysql2 query and execute, callback and promise API, literals and bound values removed', async () => {
    const { method, queries } = await request('mysqlQueries');
    expect(queries.map((span) => span.name)).toEqual([`SELECT ${MYSQL_TABLE}`, `SELECT ${MYSQL_TABLE}`, `INSERT ${MYSQL_TABLE}`]);
    for (const query of queries) expect(query.parentSpanContext?.spanId).toBe(method.spanContext().spanId);
    expect(queries.map((span) => span.attributes['db.query.text'])).toEqual([
      `SELECT id FROM ${MYSQL_TABLE} WHERE note = ? AND id > ?`,
      `SELECT id FROM ${MYSQL_TABLE} WHERE note = ?`,
      `INSERT INTO ${MYSQL_TABLE} (note) VALUES (?)`,
    ]);
    expect(queries[0].attributes).toMatchObject({
      'db.system.name': 'mysql',
      'db.namespace': 'test',
      'db.operation.name': 'SELECT',
      'db.collection.name': MYSQL_TABLE,
      'server.address': '127.0.0.1',
      'server.port': 3306,
    });
    for (const span of running.exporter.spans) {
      expect(exportedText(span)).not.toContain(BOUND);
      expect(exportedText(span)).not.toContain(LITERAL);
    }
  });

  it('marks a failed mysql2 query ERROR with the MySQL error number and code', async () => {
    const { queries } = await request('mysqlFailing/fail', 'POST');
    expect(queries).toHaveLength(1);
    expect(queries[0].status).toEqual({ code: SpanStatusCode.ERROR, message: '1146' });
    expect(queries[0].attributes).toMatchObject({ 'db.response.status_code': '1146', 'error.type': '1146' });
    for (const span of running.exporter.spans) expect(exportedText(span)).not.toContain(BOUND);
  });

  it('makes no span for connecting, pinging or pool housekeeping, only for the queries', async () => {
    const { method, queries } = await request('housekeeping');
    expect(queries.map((span) => [span.name, span.attributes['db.system.name'], span.attributes['db.query.text']])).toEqual([
      ['SELECT', 'postgresql', 'SELECT ?'],
      ['SELECT', 'mysql', 'SELECT ?'],
    ]);
    for (const query of queries) expect(query.parentSpanContext?.spanId).toBe(method.spanContext().spanId);
    expect(running.exporter.spans).toHaveLength(4);
  });

  it('makes no span for a query outside any trace (startup, a job without a span)', async () => {
    await repository.pool.query(`SELECT count(*) FROM ${PG_TABLE}`);
    await repository.mysqlPromise.query(`SELECT count(*) FROM ${MYSQL_TABLE}`);
    expect(running.exporter.spans).toEqual([]);
  });
});
