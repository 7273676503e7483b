import { describe, expect, it } from 'vitest';
import { countSockets } from '../../../sim/live/reproduce/socketSample.js';
import { calibrationFigure, disagreementsOf } from '../../../sim/report/calibration.js';

const ssText = [
  'LISTEN    0 1024 127.0.0.1:8080  0.0.0.0:*',
  'TIME-WAIT 0 0    127.0.0.1:40002 127.0.0.1:7500',
  'TIME-WAIT 0 0    127.0.0.1:40004 127.0.0.1:7500',
  'ESTAB     0 0    127.0.0.1:40002 127.0.0.1:8081',
  'TIME-WAIT 0 0    127.0.0.1:40006 127.0.0.1:8081',
  'TIME-WAIT 0 0    127.0.0.1:8081  127.0.0.1:40008',
  'ESTAB     0 0    127.0.0.1:40100 127.0.0.1:8080',
].join('\n');

describe('counting the proxy\'s sockets from ss', () => {
  it('counts TIME_WAIT towards storage and towards the app apart, and distinct local ports towards either', () => {
    expect(countSockets(ssText, { storagePorts: new Set([7500]), appPorts: new Set([8081]) })).toEqual({ timeWait: 2, timeWaitToApp: 1, portsInUse: 3 });
  });
});

describe('a calibration figure', () => {
  it('gives the error in percent of the prediction, 0 when both sides saw nothing, null when only one did', () => {
    expect(calibrationFigure(20_000, 20_500)).toEqual({ predicted: 20_000, measured: 20_500, errorPercent: 2.5 });
    expect(calibrationFigure(null, null).errorPercent).toBe(0);
    expect(calibrationFigure(0, 0).errorPercent).toBe(0);
    expect(calibrationFigure(null, 4_000).errorPercent).toBeNull();
    expect(calibrationFigure(0, 3).errorPercent).toBeNull();
  });

  it('gives the error in percent of a resource when the figure is judged against one', () => {
    const ports = { label: 'ports in the range', value: 1_000 };
    expect(calibrationFigure(0, 20, ports)).toEqual({ predicted: 0, measured: 20, errorPercent: 2, scale: ports });
    expect(calibrationFigure(1_000, 1_000, ports).errorPercent).toBe(0);
    expect(calibrationFigure(null, 20, ports).errorPercent).toBeNull();
  });

  it('names every figure outside the tolerance or without a comparison', () => {
    const agree = calibrationFigure(100, 104);
    expect(disagreementsOf({ onsetMs: agree, failureShare: calibrationFigure(0.5, 0.6), timeWaitPeak: calibrationFigure(null, 3), steadySuccessPerSec: agree }, 5))
      .toEqual(['failureShare', 'timeWaitPeak']);
  });
});
