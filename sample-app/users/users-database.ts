import { Pool } from 'pg';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

/** DI token of the users service's `pg` pool. */
export const USERS_DATABASE = 'SAMPLE:USERS_DATABASE';

export interface UsersDatabase {
  pool: Pool;
  /** Where it runs: the server of `DATABASE_URL`, or the embedded one. */
  description: string;
  close(): Promise<void>;
}

const SCHEMA = 'CREATE TABLE IF NOT EXISTS users (id text PRIMARY KEY, name text NOT NULL, active boolean NOT NULL)';
const SEED = "INSERT INTO users (id, name, active) VALUES ('123', 'Ada', true), ('124', 'Grace', false) ON CONFLICT (id) DO NOTHING";

/**
 * The users table in PostgreSQL through the `pg` driver: the server at `url` (`DATABASE_URL`)
 * when given, else an embedded PostgreSQL (PGlite) started in this process, so the demo needs
 * nothing installed. The table is created and seeded outside any trace: no span.
 */
export async function openUsersDatabase(url = process.env.DATABASE_URL): Promise<UsersDatabase> {
  const embedded: EmbeddedPostgres | undefined = url ? undefined : await startEmbeddedPostgres();
  const pool = new Pool({ connectionString: url || embedded!.url, max: 2 });
  try {
    await pool.query(SCHEMA);
    await pool.query(SEED);
  } catch (error) {
    await pool.end();
    await embedded?.stop();
    throw error;
  }
  return {
    pool,
    description: embedded ? 'embedded PostgreSQL (PGlite)' : 'PostgreSQL at DATABASE_URL',
    async close() {
      await pool.end();
      await embedded?.stop();
    },
  };
}
