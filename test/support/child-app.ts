import { ChildProcess, spawn } from 'node:child_process';
import { Agent, get } from 'node:http';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/** A Nest app in its own Node process, as it runs in production: real signals, real exit. */
export interface ChildApp {
  url: string;
  process: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when the process has exited, with how and when. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts `entry` (a .ts file, loaded without a build) with `env` added, and waits for its URL. */
export async function startChildApp(entry: string, env: Record<string, string>, timeoutMillis = 30000): Promise<ChildApp> {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'test/support/require-typescript.js'), join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL from ${entry} in time:\n${output}`)), timeoutMillis);
    const look = () => {
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', look);
    void exited.then(() => reject(new Error(`${entry} exited before listening:\n${output}`)));
  });
  return { url, process: child, output: () => output, exited };
}

function getStatus(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => response.resume().on('end', () => resolve(response.statusCode ?? 0))).on('error', reject);
  });
}

/**
 * Sends `count` GET requests to `url(i)` over `concurrency` kept-alive connections (cheaper
 * than fetch on a loaded machine); returns how many got each status.
 */
export async function sendRequests(count: number, concurrency: number, url: (index: number) => string): Promise<Map<number, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const status = await getStatus(url(next++), agent);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return statuses;
}
