import { describe, expect, it } from 'vitest';
import { linux2005 } from '../../profiles/linux-2005.js';
import { linuxModern } from '../../profiles/linux-modern.js';
import { ephemeralPorts } from '../../scenarios/ephemeral-ports.js';
import { choiceParam, enumParam, intParam, portRangeParam } from '../../sim/scenario/param.js';
import { resolveParams } from '../../sim/scenario/resolveParams.js';
import { UsageError } from '../../sim/scenario/usageError.js';

describe('scenario parameters', () => {
  it('parse --set strings and reject what is not allowed, saying what is', () => {
    const rate = intParam({ description: 'rate', defaultValue: 1, min: 1, max: 10 });
    expect(rate.parse('7')).toBe(7);
    for (const bad of ['abc', '', '0', '11', '2.5']) expect(() => rate.parse(bad)).toThrow(/an integer from 1 to 10/);
    const range = portRangeParam({ description: 'range', defaultValue: { low: 1, high: 2 } });
    expect(range.parse('32768-60999')).toEqual({ low: 32_768, high: 60_999 });
    for (const bad of ['60999-32768', '0-10', '1-70000', '1000', 'a-b']) expect(() => range.parse(bad)).toThrow(/low-high/);
    expect(() => enumParam({ description: 'c', values: ['client', 'server'], defaultValue: 'client' }).parse('both')).toThrow(/one of client, server/);
    expect(() => choiceParam({ description: 'r', values: [0, 1, 2], defaultValue: 0 }).parse('3')).toThrow(/one of 0, 1, 2/);
  });

  it('take defaults from the profile where the scenario says so', () => {
    expect(resolveParams(ephemeralPorts, linuxModern, {}).portRange).toEqual({ low: 32_768, high: 60_999 });
    expect(resolveParams(ephemeralPorts, linux2005, {}).portRange).toEqual({ low: 32_768, high: 61_000 });
    expect(resolveParams(ephemeralPorts, linux2005, {}).twReuse).toBe(0);
  });

  it('name an unknown parameter and list the known ones', () => {
    expect(() => resolveParams(ephemeralPorts, linuxModern, { rate: '5' })).toThrow(UsageError);
    expect(() => resolveParams(ephemeralPorts, linuxModern, { rate: '5' })).toThrow(/unknown parameter "rate".*ratePerSec/);
  });
});
