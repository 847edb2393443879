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

/** The version in a driver's package.json, or undefined when it cannot be read. */
export function appModuleVersion(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
