import { describe, expect, it } from 'vitest';
import { evaluateThresholds, parseThreshold } from '../../sim/scenario/threshold.js';
import { UsageError } from '../../sim/scenario/usageError.js';

const series = { intervalMs: 1_000, tMs: [1_000, 2_000, 3_000, 4_000, 5_000], series: { 'http.failedPerSec': [0, 10, 30, 0, 0] } };

describe('k6-style thresholds', () => {
  it('reads a metric threshold, with spaces optional and percents as fractions', () => {
    expect(parseThreshold('http.failed.share<1%')).toMatchObject({ kind: 'metric', metric: 'http.failed.share', op: '<', value: 0.01, text: 'http.failed.share < 1%' });
    expect(parseThreshold('http.latencyMs.p99 >= 500')).toMatchObject({ op: '>=', value: 500 });
  });

  it('folds a series over sliding windows of simulated time', () => {
    const [max] = evaluateThresholds([parseThreshold('max(http.failedPerSec over 2s) < 15')], {}, series);
    expect(max).toMatchObject({ value: 20, passed: false, metric: 'http.failedPerSec' });
    const [min] = evaluateThresholds([parseThreshold('min(http.failedPerSec over 2s) == 0')], {}, series);
    expect(min).toMatchObject({ value: 0, passed: true });
    const [avg] = evaluateThresholds([parseThreshold('avg(http.failedPerSec over 1s) == 8')], {}, series);
    expect(avg).toMatchObject({ value: 8, passed: true });
  });

  it('fails a threshold on a metric that is null (the thing never happened)', () => {
    const [result] = evaluateThresholds([parseThreshold('proxy.firstErrorMs < 100')], { 'proxy.firstErrorMs': null }, series);
    expect(result).toMatchObject({ value: null, passed: false });
  });

  it('refuses a metric the run does not report, naming the nearest it does', () => {
    expect(() => evaluateThresholds([parseThreshold('http.failed < 1')], { 'http.failedPerSecond': 0, 'http.ok': 1 }, series)).toThrow(/does not report; it reports http\.failedPerSecond, http\.ok/);
    expect(() => evaluateThresholds([parseThreshold('max(nope over 1s) < 1')], {}, series)).toThrow(UsageError);
  });

  it('refuses what is no threshold, listing the forms', () => {
    expect(() => parseThreshold('p99 is low')).toThrow(/bad threshold "p99 is low": expected\n {2}METRIC OP VALUE/);
    expect(() => parseThreshold('max(x over 10) < 1')).toThrow(UsageError);
  });

  it('compares a metric that holds a choice with its word, as the scenario names the words', () => {
    const words = { 'ndb.outcome': ['shut down', 'running'] };
    expect(parseThreshold('ndb.outcome == running', words)).toMatchObject({ metric: 'ndb.outcome', op: '==', value: 1 });
    expect(parseThreshold('ndb.outcome != shut down', words)).toMatchObject({ op: '!=', value: 0 });
    const [held] = evaluateThresholds([parseThreshold('ndb.outcome == running', words)], { 'ndb.outcome': 0 }, series);
    expect(held).toMatchObject({ value: 0, passed: false });
  });

  it('refuses a word the metric does not have, a word for a number, and an order on words', () => {
    const words = { 'ndb.outcome': ['shut down', 'running'] };
    expect(() => parseThreshold('ndb.outcome == runing', words)).toThrow(/ndb\.outcome is one of "shut down", "running"/);
    expect(() => parseThreshold('http.failed == running', words)).toThrow(/http\.failed is a number/);
    expect(() => parseThreshold('ndb.outcome < running', words)).toThrow(/a word compares with == or !=/);
  });
});
