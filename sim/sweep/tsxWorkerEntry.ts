import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * A worker thread's entry that registers tsx's loader in the worker, then imports the
 * TypeScript module at `moduleUrl`. `--import tsx` in execArgv is not enough on Node 20:
 * tsx registers its hooks only on the main thread (tsx `dist/esm/index.mjs`:
 * `isMainThread && register()`), relying on workers inheriting them, which Node does only
 * from version 22.
 */
export function tsxWorkerEntry(moduleUrl: string): URL {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(packageJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  const api = pathToFileURL(join(dirname(packageJson), exports['./esm/api']!.import.default)).href;
  const code = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(moduleUrl)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
