import type { MachineShape } from '../../sim/contract/machineShape.js';
/**
 * Fake runs of an ephemeral-ports scenario: a client opening a new TCP connection per
 * request, with either side closing first. When the client closes first its sockets sit
 * in TIME_WAIT for 60 s and the 28232-port range runs out at about 35 s. The numbers
 * are shaped like a real run, not computed by one: the report code only renders them.
 */
import type { ChartSpec, RunResult, TimeSeries } from '../../sim/report/runSummary.js';

export type Closer = 'client' | 'server';

const PORT_RANGE = 61000 - 32768;
const POINTS = 120;
const INTERVAL_MS = 1000;

export const CHARTS: readonly ChartSpec[] = [
  { id: 'ports', title: 'Client ephemeral ports', yLabel: 'ports', series: ['client.tcp.portsInUse', 'client.tcp.timeWait'] },
  { id: 'errors', title: 'EADDRNOTAVAIL per second', yLabel: 'errors / s', series: ['client.tcp.eaddrnotavailPerSec'] },
];

/** A complete run; `closer` picks which side of the connection closes first. */
/** A small machine as machineShape() gives it, with one state the fake run never entered. */
export const FAKE_SHAPE: MachineShape = {
  id: 'rpcConnection',
  initial: 'connecting',
  states: [
    { name: 'connecting', type: 'atomic', parent: null, initial: null, description: null },
    { name: 'requesting', type: 'atomic', parent: null, initial: null, description: null },
    { name: 'closed', type: 'final', parent: null, initial: null, description: null },
  ],
  transitions: [
    { source: 'connecting', event: 'tcp.connected', target: 'requesting', guard: null },
    { source: 'requesting', event: 'tcp.peerClosed', target: 'closed', guard: null },
  ],
};

export function fakeRunResult(closer: Closer = 'client'): RunResult {
  const exhausted = closer === 'client';
  return {
    summary: {
      scenario: 'ephemeral-ports',
      title: 'A client without keep-alive runs out of ephemeral ports when it closes first',
      profile: 'dev',
      seed: 42,
      params: {
        closer,
        requestsPerSec: 800,
        keepAlive: false,
        tcpTimeWaitMs: 60000,
        ephemeralPortLow: 32768,
        ephemeralPortHigh: 61000,
        durationMs: 120000,
      },
      simulatedMs: 120000,
      wallMs: 1834.7,
      events: exhausted ? 1204417 : 1398002,
      traceHash: exhausted ? '9f3c0a17d2e4b658' : '04be61c93a7d2f10',
      stopReason: 'completed',
      passed: !exhausted,
      expectations: [
        { name: 'no EADDRNOTAVAIL', metric: 'client.tcp.eaddrnotavail', op: '==', threshold: 0, value: exhausted ? 41231 : 0, passed: !exhausted },
        { name: 'ports below range', metric: 'client.tcp.portsInUseMax', op: '<', threshold: PORT_RANGE, value: exhausted ? PORT_RANGE : 1612, passed: !exhausted },
      ],
      invariants: [
        { name: 'no port reused while in TIME_WAIT', violations: 0, first: null },
        exhausted
          ? { name: 'connect errors reach the caller', violations: 3, first: {
              atMs: 35312,
              message: 'connect() returned EADDRNOTAVAIL but request 28233 was marked ok',
              recentEvents: [
                '35311.870 client socket 28232 bind port=60999',
                '35311.990 client socket 28232 connect -> ESTABLISHED',
                '35312.004 client socket 28233 bind -> EADDRNOTAVAIL',
                '35312.004 client request 28233 complete status=ok',
              ],
            } }
          : { name: 'connect errors reach the caller', violations: 0, first: null },
      ],
      metrics: {
        'requests.ok': exhausted ? 54769 : 96000,
        'requests.failed': exhausted ? 41231 : 0,
        'client.tcp.eaddrnotavail': exhausted ? 41231 : 0,
        'client.tcp.firstEaddrnotavailMs': exhausted ? 35312 : null,
        'client.tcp.timeWaitMax': exhausted ? 28190 : 0,
        'client.tcp.portsInUseMax': exhausted ? PORT_RANGE : 1612,
        'requests.latencyP99Ms': exhausted ? 0.8734 : 0.61249,
      },
      findings: exhausted
        ? [
            'The client closed first, so each closed socket held its port in TIME_WAIT for 60 s.',
            'At 800 requests/s the 28232-port range was exhausted at 35.3 s; 41231 requests failed with EADDRNOTAVAIL.',
          ]
        : ['The server closed first, so TIME_WAIT stayed on the server and client ports were reused at once.'],
      charts: CHARTS,
      replay: `npx tsx sim/cli/main.ts run ephemeral-ports --seed 42 --param closer=${closer}`,
      machines: {
        rpcConnection: {
          states: { connecting: 3, requesting: 2 },
          transitions: { 'connecting --tcp.connected--> requesting': 2 },
        },
      },
    },
    series: fakeSeries(exhausted),
    machineShapes: [FAKE_SHAPE],
  };
}

function fakeSeries(exhausted: boolean): TimeSeries {
  const tMs = Array.from({ length: POINTS }, (_, i) => (i + 1) * INTERVAL_MS);
  const wobble = (i: number): number => Math.round(20 * Math.sin(i / 3));
  const timeWait = tMs.map((t, i) => (exhausted ? Math.min(PORT_RANGE - 42, 800 * Math.min(t / 1000, 60) + wobble(i)) : 0));
  const inUse = timeWait.map((tw, i) => (exhausted ? Math.min(PORT_RANGE, tw + 40) : 1600 + wobble(i)));
  const errors = tMs.map((t, i) => (exhausted && t > 35000 ? 330 + wobble(i) : 0));
  return {
    intervalMs: INTERVAL_MS,
    tMs,
    series: {
      'client.tcp.portsInUse': inUse,
      'client.tcp.timeWait': timeWait,
      'client.tcp.eaddrnotavailPerSec': errors,
    },
  };
}
