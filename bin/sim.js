#!/usr/bin/env node
// The `sim` command. It runs the TypeScript sources from an esbuild bundle built once and
// kept until a source changes (bin/bundleCache.js), so neither its start nor each worker
// thread of `sim sweep` pays for loading them through tsx; without a bundle it registers
// tsx and runs the sources as they are.
import { URL } from 'node:url';
import { bundleDir } from './bundleCache.js';

const dir = await bundleDir();
if (dir) {
  // Stack traces of internal errors then name the TypeScript sources, not the bundle.
  process.setSourceMapsEnabled(true);
  const { useBundledWorkers } = await import(new URL('workerEntry.mjs', dir).href);
  useBundledWorkers(dir.href);
  await import(new URL('sim.mjs', dir).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../sim/cli/sim.ts');
}
