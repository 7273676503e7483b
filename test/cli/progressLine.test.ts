import { describe, expect, it } from 'vitest';
import { createProgressLine } from '../../sim/cli/progressLine.js';

describe('progress off a terminal is one plain line every 10 s of wall time', () => {
  it('says simulated time, events per second and the ETA, and stays quiet in between', () => {
    let wallMs = 0;
    const lines: string[] = [];
    const update = createProgressLine('port-exhaustion seed 1', (line) => lines.push(line), () => wallMs);
    wallMs = 5_000;
    update(100_000, 600_000, 5_000_000);
    expect(lines).toEqual([]);
    wallMs = 10_000;
    update(200_000, 600_000, 12_000_000);
    expect(lines).toEqual(['port-exhaustion seed 1: 200/600 s simulated, 1 200 000 events/s, ETA 20 s\n']);
  });
});

describe('progress of a check counts runs', () => {
  it('says runs done of all, runs per second and the ETA', () => {
    let wallMs = 0;
    const lines: string[] = [];
    const update = createProgressLine('check grab hub', (line) => lines.push(line), () => wallMs, 'runs');
    wallMs = 10_000;
    update(2_500, 10_000, 2_500);
    expect(lines).toEqual(['check grab hub: 2 500/10 000 runs, 250 runs/s, ETA 30 s\n']);
  });

  it('says the ETA is unknown before the first run ends', () => {
    let wallMs = 0;
    const lines: string[] = [];
    const update = createProgressLine('check grab hub', (line) => lines.push(line), () => wallMs, 'runs');
    wallMs = 12_000;
    update(0, 10_000, 0);
    expect(lines).toEqual(['check grab hub: 0/10 000 runs, 0 runs/s, ETA ?\n']);
  });
});
