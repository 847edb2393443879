'use strict';
// The compatibility matrix: the packed nestjs-tracing installed from its tarball into fresh
// apps, one folder per Nest major, each built as a user builds it and run on every Node given.
//   node test/compat/run-matrix.js [nodeBinary...]   (default: the Node running this script)
// Per Nest major: the HTTP app type-checked under the old `nest new` tsconfig with skipLibCheck
// off and no gRPC package installed, then built as CommonJS and as ESM and run on Express and
// Fastify; then the gRPC packages are added and the gRPC app is run. Prints one table row per
// cell and exits 1 if any failed. Needs the npm registry.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const NEST_MAJORS = (process.env.COMPAT_NEST_MAJORS ?? '10,11,12').split(',');
const PLATFORMS = ['express', 'fastify'];

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

/** npm's own entry point, to run it on another Node (engines are judged against the Node running npm). */
const NPM_CLI = path.join(path.dirname(fs.realpathSync(run('sh', ['-c', 'command -v npm']).trim())), 'npm-cli.js');

/** Runs npm install, printing the warnings a user would see about peers and engines. */
function npmInstall(cwd, packages, node = process.execPath) {
  const started = Date.now();
  const result = require('node:child_process').spawnSync(node, [NPM_CLI, 'install', '--no-audit', '--no-fund', ...packages], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm install failed in ${cwd}:\n${result.stderr}`);
  const lines = result.stderr.split('\n');
  const count = (pattern) => lines.filter((line) => pattern.test(line)).length;
  console.log(
    `  npm install ${packages.length} packages: ${((Date.now() - started) / 1000).toFixed(0)} s, ` +
      `${count(/warn EBADENGINE Unsupported engine/)} EBADENGINE and ${count(/warn ERESOLVE/)} ERESOLVE warnings`,
  );
  for (const line of lines.filter((text) => /EBADENGINE|ERESOLVE|While resolving|peer|package:|required:/.test(text))) console.log(`    ${line}`);
}

function pack() {
  const destination = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-tracing-pack-'));
  const output = run('npm', ['pack', '--pack-destination', destination], { cwd: ROOT });
  return path.join(destination, output.trim().split('\n').pop());
}

/** A fresh app folder: cjs/ and esm/ (a "type": "module" package), each with its sources. */
function layoutApp(major) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nest${major}-app-`));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `nest${major}-app`, private: true }));
  for (const kind of ['cjs', 'esm']) {
    fs.mkdirSync(path.join(dir, kind, 'src'), { recursive: true });
    fs.copyFileSync(path.join(__dirname, `tsconfig.${kind}.json`), path.join(dir, kind, 'tsconfig.json'));
    fs.copyFileSync(path.join(__dirname, 'app', 'http-app.ts'), path.join(dir, kind, 'src', 'http-app.ts'));
  }
  fs.writeFileSync(path.join(dir, 'esm', 'package.json'), JSON.stringify({ type: 'module' }));
  fs.copyFileSync(path.join(__dirname, 'tsconfig.grpc.json'), path.join(dir, 'cjs', 'tsconfig.grpc.json'));
  fs.copyFileSync(path.join(__dirname, 'app', 'grpc-app.ts'), path.join(dir, 'cjs', 'src', 'grpc-app.ts'));
  fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'proto', 'shop.proto'), path.join(dir, 'cjs', 'shop.proto'));
  return dir;
}

const results = [];

/** Runs one cell; a failure is recorded with its output, and the matrix goes on. */
function cell(major, name, node, action) {
  const label = `Nest ${major} | ${name} | Node ${node ? node.version : '-'}`;
  try {
    const output = action();
    results.push({ label, ok: true });
    console.log(`  ok   ${label}${output ? `: ${output.trim().split('\n').pop()}` : ''}`);
  } catch (error) {
    results.push({ label, ok: false });
    console.log(`  FAIL ${label}\n${String(error.stdout ?? '')}${String(error.stderr ?? error.message)}`);
  }
}

/** OpenTelemetry JS 3.x runs on Node 22.15 and later. */
function supportsSdk3(version) {
  const [major, minor] = version.slice(1).split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 15);
}

/** An app that registers its own SDK 3.x provider (api 1.10) first: our spans go through it. */
function sdk3Host(tarball, node) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk3-host-app-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'sdk3-host-app', private: true }));
  fs.copyFileSync(path.join(__dirname, 'sdk3', 'sdk3-host-app.ts'), path.join(dir, 'src', 'sdk3-host-app.ts'));
  const tsconfig = JSON.parse(fs.readFileSync(path.join(__dirname, 'tsconfig.cjs.json'), 'utf8'));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...tsconfig.compilerOptions, skipLibCheck: true }, files: ['src/sdk3-host-app.ts'] }),
  );
  console.log(`SDK 3.x host app in ${dir} (npm and the app on Node ${node.version})`);
  const nest = ['common', 'core', 'platform-express'].map((name) => `@nestjs/${name}@11`);
  const otel = ['@opentelemetry/api@1.10', '@opentelemetry/sdk-trace@3', '@opentelemetry/context-async-hooks@3'];
  npmInstall(dir, [tarball, ...nest, ...otel, 'reflect-metadata@0.2', 'rxjs@7', 'typescript@5.9', '@types/node@22'], node.binary);
  cell('11', 'tsc, SDK 3.x host app', undefined, () => run(process.execPath, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir }));
  cell('11', 'app registers its own SDK 3.x TracerProvider first', node, () => run(node.binary, [path.join('dist', 'sdk3-host-app.js')], { cwd: dir, timeout: 60_000 }));
  fs.rmSync(dir, { recursive: true, force: true });
}

function main() {
  const nodes = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : [process.execPath]).map((binary) => ({
    binary,
    version: run(binary, ['--version']).trim(),
  }));
  const started = Date.now();
  const tarball = pack();
  console.log(`packed ${path.basename(tarball)}; Nest ${NEST_MAJORS.join(', ')} on Node ${nodes.map((node) => node.version).join(', ')}`);
  for (const major of NEST_MAJORS) {
    const dir = layoutApp(major);
    console.log(`Nest ${major} in ${dir}`);
    const nest = ['common', 'core', 'platform-express', 'platform-fastify'].map((name) => `@nestjs/${name}@${major}`);
    // The newest major also proves our 2.x SDK runs with api 1.10 (npm warns about its peer cap).
    const api = major === NEST_MAJORS[NEST_MAJORS.length - 1] ? '1.10' : '1.9';
    npmInstall(dir, [tarball, ...nest, 'reflect-metadata@0.2', 'rxjs@7', `@opentelemetry/api@${api}`, 'typescript@5.9', '@types/node@20']);
    const tsc = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
    const grpcInstalled = ['@grpc/grpc-js', '@nestjs/microservices'].filter((name) => fs.existsSync(path.join(dir, 'node_modules', name)));
    cell(major, `tsc, nest-new CJS tsconfig, skipLibCheck off, no gRPC packages (${grpcInstalled.join(', ') || 'none installed'})`, undefined, () => {
      if (grpcInstalled.length > 0) throw new Error(`${grpcInstalled.join(', ')} installed`);
      return run(process.execPath, [tsc, '-p', 'cjs/tsconfig.json'], { cwd: dir });
    });
    cell(major, 'tsc, ESM (nodenext, "type": "module")', undefined, () => run(process.execPath, [tsc, '-p', 'esm/tsconfig.json'], { cwd: dir }));
    for (const node of nodes) {
      for (const kind of ['cjs', 'esm']) {
        for (const platform of PLATFORMS) {
          cell(major, `${platform} ${kind === 'cjs' ? 'CommonJS' : 'ESM'} app`, node, () =>
            run(node.binary, [path.join(kind, 'dist', 'http-app.js'), platform], { cwd: dir, timeout: 60_000 }),
          );
        }
      }
    }
    npmInstall(dir, [`@nestjs/microservices@${major}`, '@grpc/grpc-js@1', '@grpc/proto-loader@0.8']);
    cell(major, 'tsc, gRPC app', undefined, () => run(process.execPath, [tsc, '-p', 'cjs/tsconfig.grpc.json'], { cwd: dir }));
    for (const node of nodes) {
      cell(major, 'gRPC app (hybrid, ClientGrpc withGrpcTracing)', node, () =>
        run(node.binary, [path.join('dist', 'grpc-app.js')], { cwd: path.join(dir, 'cjs'), timeout: 60_000 }),
      );
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const modern = nodes.find((node) => supportsSdk3(node.version));
  if (modern) sdk3Host(tarball, modern);
  fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
  const failed = results.filter((result) => !result.ok);
  console.log(`compatibility matrix: ${results.length - failed.length} passed, ${failed.length} failed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main();
