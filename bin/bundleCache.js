// The TypeScript sources as one esbuild bundle, built once and kept until a source changes.
//
// Loading the sources through tsx costs every `sim` start about 1.5 s of CPU (each module
// resolved, transformed or read from tsx's cache, and a loader-hooks thread beside the main
// one), and every worker thread of `sim sweep` pays it again. A bundle is a few plain
// modules Node loads at once. It is keyed by content: the checkout's path, the esbuild
// version, the options below, this file, package.json and tsconfig.json, and the exact
// text of every source file that went into it (hashed as esbuild read it), so an edited
// file rebuilds it on the next start and nothing stale runs. Packages stay in node_modules (not bundled), and every
// `import.meta.url` keeps the URL of its own source file, so paths resolved from it
// (the repository root, the git commit) are those of the sources.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'stacksim-bundle');
/** Entry points: the CLI, the hook that points workers at their bundled entries, and the worker entries. */
const entryPoints = {
  sim: 'sim/cli/sim.ts',
  workerEntry: 'sim/sweep/workerEntry.ts',
  sweepWorker: 'sim/sweep/sweepWorker.ts',
  grabCheckWorker: 'sim/sweep/grabCheckWorker.ts',
};
const buildOptions = {
  entryPoints, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
  packages: 'external', outExtension: { '.js': '.mjs' }, sourcemap: 'linked', keepNames: true,
  logLevel: 'silent', absWorkingDir: root,
};
/** Bundles no longer current are removed once this old (a long run started from one may still load a chunk). */
const staleMs = 24 * 3_600_000;

/**
 * The file URL of the bundle's directory (with `sim.mjs`, `workerEntry.mjs` and the worker
 * entries), built first if the cached one is missing or stale; null when no bundle can be
 * had (esbuild missing, the cache not writable), and the caller runs the sources through tsx.
 */
export async function bundleDir() {
  try {
    // esbuild's version from its package.json: importing esbuild itself, only to read it,
    // cost every start about 0.1 s of CPU (profiled); it is imported when a build is due.
    const esbuildVersion = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8')).version;
    // The root too: the bundle holds absolute source URLs (import.meta.url), so a node_modules shared by two checkouts must not share it.
    const configKey = sha256([root, esbuildVersion, JSON.stringify(buildOptions), ...['bin/bundleCache.js', 'package.json', 'tsconfig.json'].map(readProjectFile)].join('\0'));
    const dir = currentBundle(configKey) ?? (await buildBundle(await import('esbuild'), configKey));
    return pathToFileURL(`${dir}/`);
  } catch (error) {
    process.stderr.write(`sim: running the sources through tsx (no bundle: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})\n`);
    return null;
  }
}

/** The directory named by `current.json` if it was built with this configuration from the sources as they are now. */
function currentBundle(configKey) {
  let manifest;
  try {
    const { name } = JSON.parse(readFileSync(join(cacheDir, 'current.json'), 'utf8'));
    manifest = JSON.parse(readFileSync(join(cacheDir, name, 'manifest.json'), 'utf8'));
    manifest.dir = join(cacheDir, name);
  } catch {
    return null;
  }
  if (manifest.configKey !== configKey) return null;
  for (const [path, hash] of Object.entries(manifest.inputs)) {
    let text;
    try {
      text = readProjectFile(path);
    } catch {
      return null;
    }
    if (sha256(text) !== hash) return null;
  }
  return manifest.dir;
}

/** Builds into a fresh directory, then renames it to its content hash and points `current.json` at it. */
async function buildBundle(esbuild, configKey) {
  mkdirSync(cacheDir, { recursive: true });
  const inputs = {};
  const building = join(cacheDir, `building-${process.pid}-${process.hrtime.bigint()}`);
  await esbuild.build({ ...buildOptions, outdir: building, plugins: [sourceFiles(inputs)] });
  const sorted = Object.fromEntries(Object.keys(inputs).sort().map((path) => [path, inputs[path]]));
  const name = sha256(configKey + JSON.stringify(sorted)).slice(0, 16);
  writeFileSync(join(building, 'manifest.json'), JSON.stringify({ configKey, inputs: sorted }, null, 1));
  const dir = join(cacheDir, name);
  try {
    renameSync(building, dir);
  } catch {
    // Another `sim` built the same bundle meanwhile: use theirs.
    rmSync(building, { recursive: true, force: true });
  }
  writeAtomically(join(cacheDir, 'current.json'), JSON.stringify({ name }));
  removeStale(name);
  return dir;
}

/** Loads the project's own files for esbuild: hashes the exact text it bundles, and gives `import.meta.url` the source file's URL. */
function sourceFiles(inputs) {
  const loaders = { ts: 'ts', js: 'js', mjs: 'js', json: 'json' };
  return {
    name: 'stacksim-source-files',
    setup(build) {
      build.onLoad({ filter: /.*/ }, (args) => {
        const loader = loaders[args.path.split('.').pop()];
        if (!loader || args.path.includes('/node_modules/')) return undefined;
        const text = readFileSync(args.path, 'utf8');
        inputs[relative(root, args.path)] = sha256(text);
        return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader };
      });
    },
  };
}

function removeStale(keep) {
  for (const entry of readdirSync(cacheDir)) {
    if (entry === keep || entry === 'current.json') continue;
    try {
      const path = join(cacheDir, entry);
      if (Date.now() - statSync(path).mtimeMs > staleMs) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another `sim` meanwhile.
    }
  }
}

function writeAtomically(path, text) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function readProjectFile(path) {
  return readFileSync(join(root, path), 'utf8');
}

function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}
