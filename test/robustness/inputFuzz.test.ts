import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReplayToken } from '../../sim/check/grab/replayToken.js';
import { collectSet } from '../../sim/cli/parseSets.js';
import { resolveParams } from '../../sim/scenario/resolveParams.js';
import { UsageError } from '../../sim/scenario/usageError.js';
import { linuxModern } from '../../profiles/linux-modern.js';
import { ephemeralPorts } from '../../scenarios/ephemeral-ports.js';

/** Runs `fn`; true if it returned, false if it threw a UsageError; anything else thrown fails the property. */
function acceptsOrRefuses(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (error instanceof UsageError) {
      expect(error.message.length).toBeLessThan(600);
      return false;
    }
    throw error;
  }
}

const tokenPart = fc.oneof(fc.constantFrom('grab1', 'hub', 'naive', 'requeue', 'fail', '1', '-1', '0:1', '4294967296', '9'.repeat(40), ''), fc.string({ maxLength: 12 }));

describe('inputs the CLI reads, fuzzed', () => {
  it('a replay token is read within its ranges or refused with a short UsageError, never anything else', () => {
    fc.assert(
      fc.property(fc.array(tokenPart, { minLength: 1, maxLength: 7 }), (parts) => {
        const text = parts.join('.');
        if (acceptsOrRefuses(() => parseReplayToken(text))) {
          const token = parseReplayToken(text);
          expect(token.seed).toBeGreaterThanOrEqual(-(2 ** 31));
          expect(token.seed).toBeLessThan(2 ** 31);
        }
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('a scenario parameter is one strict decimal number in range or a UsageError, whatever the text', () => {
    const numberLike = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('0b11', '0o7', '+5', '5 ', '1e3', '0x10', '600', '-1', '2.5', ' 600'));
    fc.assert(
      fc.property(fc.constantFrom('ratePerSec', 'durationMs', 'twReuse', 'portRange', 'constructor', 'toString', '__proto__'), numberLike, (name, raw) => {
        if (acceptsOrRefuses(() => resolveParams(ephemeralPorts, linuxModern, collectSet(`${name}=${raw}`)))) {
          expect(raw).toMatch(/^(-?\d+(\.\d+)?|\d+-\d+)$/);
        }
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
