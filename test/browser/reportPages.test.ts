import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProfile, findScenario } from '../../sim/cli/registry.js';
import { writeComparisonReport, writeRunReport } from '../../sim/report/reportWriter.js';
import type { RunResult } from '../../sim/report/runSummary.js';
import { writeRunsIndex } from '../../sim/report/runsIndex.js';
import { runScenario } from '../../sim/scenario/runScenario.js';
import { withMachineShapes } from '../../sim/scenario/withMachineShapes.js';

/** Debian's chromium, which scripts/install-peers.sh installs; playwright-core downloads no browser. */
const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
/** Kept with the test output for a person to look at; test-output/ is not committed. */
const screenshotDir = resolve('test-output', 'screenshots');

let root = '';
let profileDir = '';
let context: BrowserContext;

/** Two real runs of one scenario (a data node killed, then a whole node group), so the pages show an incident. */
async function writeRuns(): Promise<void> {
  const scenario = findScenario('ndb-node-failure');
  const results: RunResult[] = [];
  for (const kill of ['1', '1,2']) {
    const result = withMachineShapes(runScenario(scenario, findProfile(scenario), { seed: 1, set: { kill, durationMs: '15000' } }));
    await writeRunReport(join(root, 'ndb-node-failure', `kill-${kill.replace(',', '-')}`, '1'), result);
    results.push(result);
  }
  await writeComparisonReport(join(root, 'side-by-side'), results, 'ndb-node-failure: one node, then a node group',
    ['../ndb-node-failure/kill-1/1/report.html', '../ndb-node-failure/kill-1-2/1/report.html']);
  await writeRunsIndex(root);
}

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run scripts/install-peers.sh (as root) to install Debian's chromium for the browser tests`);
  }
  root = await mkdtemp(join(tmpdir(), 'report-pages-'));
  profileDir = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
  await mkdir(screenshotDir, { recursive: true });
  await writeRuns();
  context = await chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath, args: chromiumArgs, headless: true });
});

afterAll(async () => {
  await context?.close();
  await rm(root, { recursive: true, force: true });
  await rm(profileDir, { recursive: true, force: true });
});

/** Opens a page, collecting every console error, page error and failed request, and screenshots it. */
async function open(path: string, screenshot: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  await page.goto(pathToFileURL(join(root, path)).href, { waitUntil: 'load' });
  await page.screenshot({ path: join(screenshotDir, `${screenshot}.png`), fullPage: true });
  return { page, errors };
}

/** Every chart on the page (a Vega SVG), with how many line marks it drew and its drawn size. */
async function charts(page: Page): Promise<{ lines: number; widthPx: number; heightPx: number }[]> {
  return page.$$eval('svg', (svgs) => svgs
    .filter((svg) => svg.querySelector('.role-frame') !== null)
    .map((svg) => {
      const box = svg.getBoundingClientRect();
      const lines = [...svg.querySelectorAll('.mark-line path')].filter((path) => (path.getAttribute('d') ?? '').length > 2);
      return { lines: lines.length, widthPx: box.width, heightPx: box.height };
    }));
}

describe('report pages in headless Chromium', () => {
  it('report.html loads without errors and draws every chart with lines', async () => {
    const { page, errors } = await open('ndb-node-failure/kill-1/1/report.html', 'report');
    expect(errors).toEqual([]);
    const drawn = await charts(page);
    expect(drawn.length).toBeGreaterThanOrEqual(2);
    for (const chart of drawn) {
      expect(chart.lines).toBeGreaterThan(0);
      expect(chart.widthPx).toBeGreaterThan(200);
      expect(chart.heightPx).toBeGreaterThan(100);
    }
    // The kill at 10 s (kill=1, sugar for the fault below) is drawn as a rule with its label.
    expect(await page.locator('svg .mark-text').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/crash ndbd1 at 10s/)]));
  });

  it('the side-by-side page loads without errors and overlays both runs in each chart', async () => {
    const { page, errors } = await open('side-by-side/index.html', 'side-by-side');
    expect(errors).toEqual([]);
    const drawn = await charts(page);
    expect(drawn.length).toBeGreaterThanOrEqual(1);
    for (const chart of drawn) expect(chart.lines).toBeGreaterThanOrEqual(2);
    expect(await page.textContent('body')).toMatch(/What changed: .*kill/);
  });

  it('reports/index.html lists both runs with links that open', async () => {
    const { page, errors } = await open('index.html', 'index');
    expect(errors).toEqual([]);
    const links = await page.$$eval('a[href$="report.html"]', (anchors) => anchors.map((a) => (a as unknown as { href: string }).href));
    expect(links).toHaveLength(2);
    for (const link of links) {
      const { errors: linkErrors } = await open(link.slice(pathToFileURL(root).href.length + 1), `index-link-${links.indexOf(link)}`);
      expect(linkErrors).toEqual([]);
    }
  });
});
