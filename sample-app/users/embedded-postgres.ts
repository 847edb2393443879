import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A PostgreSQL server in this process: PGlite served on 127.0.0.1, so `pg` talks to it as to any server. */
export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Creating a cluster (initdb, in WebAssembly) takes seconds; the fresh cluster is kept as a
 * tarball in the temporary folder and later runs start from it.
 */
async function freshCluster(PGlite: typeof import('@electric-sql/pglite').PGlite) {
  // The package exports no package.json; it sits above the entry point in dist/.
  const manifest = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
  const cache = join(tmpdir(), `nestjs-tracing-sample-pglite-${version}.tar.gz`);
  if (existsSync(cache)) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([await readFile(cache)]) });
    } catch {
      // A cache left by another version or cut short: made anew below.
    }
  }
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('gzip');
  const partial = `${cache}.${process.pid}`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, cache);
  return db;
}

/** Starts PGlite and its socket server on a free port of 127.0.0.1. Loaded only when used. */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await freshCluster(PGlite);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
