import { sep } from 'node:path';
import { reportOnce } from '../diagnostics';

/**
 * The app's own copy of an optional driver, or undefined when it has none. `require` finds the
 * copy the app loads (a peer of this package, CommonJS even when the app imports it from ESM),
 * so patching its prototypes reaches the clients the app already made.
 */
export function loadAppModule<T>(name: string): T | undefined {
  try {
    require.resolve(name);
  } catch {
    return undefined;
  }
  try {
    return require(name) as T;
  } catch (error) {
    reportOnce(`load:${name}`, `"${name}" is installed but could not be loaded, so it is not traced`, error);
    return undefined;
  }
}

/**
 * Says once that the process loaded another copy of `name` than the one `loadAppModule` found
 * (two versions in `node_modules`): its queries are not traced.
 */
export function reportOtherCopies(name: string): void {
  let traced: string;
  try {
    traced = require.resolve(name);
  } catch {
    return;
  }
  const marker = `${sep}node_modules${sep}${name}${sep}`;
  const root = traced.slice(0, traced.lastIndexOf(marker) + marker.length);
  const other = Object.keys(require.cache ?? {}).find((file) => file.includes(marker) && !file.startsWith(root));
  if (other !== undefined) {
    reportOnce(`copies:${name}`, `another copy of "${name}" is loaded (${other}); only the one in ${root} is traced`);
  }
}

/** The version in a driver's package.json, or undefined when it cannot be read. */
export function appModuleVersion(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
