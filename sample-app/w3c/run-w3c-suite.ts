import 'reflect-metadata';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolvePort } from '../free-port';
import { startW3cTestService } from './w3c-test-service';

/**
 * `npm run w3c -- <dir>`: runs the official W3C Trace Context suite (the `test/` folder of
 * w3c/trace-context, Python with aiohttp) at level 2, strict, against the test service.
 * PYTHON picks the interpreter (default python3).
 */
async function main(): Promise<number> {
  const dir = process.argv[2];
  if (!dir || !existsSync(join(dir, 'test.py'))) {
    console.error('usage: npm run w3c -- <w3c/trace-context test/ folder, the one with test.py>');
    return 2;
  }
  const python = process.env.PYTHON ?? 'python3';
  if (spawnSync(python, ['-c', 'import aiohttp'], { stdio: 'ignore' }).status !== 0) {
    console.error(`${python} cannot import aiohttp, which the suite needs: pip install aiohttp (or apt-get install python3-aiohttp and PYTHON=/usr/bin/python3)`);
    return 2;
  }
  const service = await startW3cTestService();
  const harnessPort = await resolvePort(Number(process.env.HARNESS_PORT ?? 0));
  console.log(`test service ${service.url}, harness port ${harnessPort}`);
  try {
    const child = spawn(python, ['test.py', service.url], {
      cwd: resolve(dir),
      stdio: 'inherit',
      env: { SPEC_LEVEL: '2', STRICT_LEVEL: '2', ...process.env, HARNESS_PORT: String(harnessPort) },
    });
    return await new Promise<number>((done) => child.on('exit', (code) => done(code ?? 1)));
  } finally {
    await service.app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
