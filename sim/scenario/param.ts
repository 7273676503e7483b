import { z } from 'zod';
import type { PortRange } from '../net/portTable.js';
import { decimalText, integerText } from './decimalText.js';
import type { Profile } from './profile.js';
import { quoteInput } from './quoteInput.js';

/** A value a parameter can hold once parsed. */
export type ParamValue = string | number | boolean | PortRange;

/**
 * One scenario parameter: how to read it from `--set name=value`, its default (which may
 * come from the profile, such as the port range), and what is allowed, in words, for help
 * text and error messages.
 */
export interface ParamSpec<T extends ParamValue> {
  readonly description: string;
  /** What values are allowed, e.g. "an integer from 1 to 100000". */
  readonly allowed: string;
  readonly defaultValue: T | ((profile: Profile) => T);
  /** Parses a string from the command line or a value from code; throws with `allowed`. */
  parse(raw: unknown): T;
  /** The value as summary.json and the replay command write it. */
  format(value: T): string | number | boolean;
  /** Where `--swarm` draws this parameter from; absent: the parameter keeps its value under swarm. */
  readonly swarm?: SwarmRange;
}

/**
 * A parameter's swarm range: a uniform draw on the grid `min, min + step, … ≤ max` (step
 * default 1), or one of the listed choices, each given as `--set` would take it. Every
 * drawn value still goes through the parameter's own `parse`.
 */
export type SwarmRange =
  | { readonly min: number; readonly max: number; readonly step?: number }
  | { readonly choices: readonly (string | number)[] };

/** The values of a parameter record, by name. */
export type ParamValues<P extends Record<string, ParamSpec<ParamValue>>> = {
  readonly [K in keyof P]: P[K] extends ParamSpec<infer T> ? T : never;
};

/**
 * A parameter whose value is checked by the schema `schemaOf` makes, made on the first value
 * parsed: a scenario's module defines its parameters as it loads, and building every zod
 * schema then was about half of zod's share of a sweep worker's start (profiled), while a
 * run parses only the values given with --set (defaults are not parsed).
 */
function fromSchema<T extends ParamValue>(
  schemaOf: () => z.ZodType<T>, description: string, allowed: string, defaultValue: T | ((profile: Profile) => T),
  format: (value: T) => string | number | boolean, swarm: SwarmRange | undefined,
): ParamSpec<T> {
  let schema: z.ZodType<T> | null = null;
  return {
    description, allowed, defaultValue, format, ...(swarm ? { swarm } : {}),
    parse(raw) {
      if (typeof raw === 'string' && raw.trim() === '') throw new Error(`an empty value is not allowed: expected ${allowed}`);
      schema ??= schemaOf();
      const result = schema.safeParse(raw);
      if (!result.success) throw new Error(`${quoteInput(raw)} is not allowed: expected ${allowed}`);
      return result.data;
    },
  };
}

export interface IntParamConstraints {
  readonly description: string;
  readonly defaultValue: number | ((profile: Profile) => number);
  readonly min: number;
  readonly max: number;
  readonly swarm?: SwarmRange;
}

/**
 * A number from the command line in {@link decimalText}'s syntax, or one from code: never
 * `Number()`'s looser reading (`0b11`, `+5`, `5 `, `1e3`).
 */
function strictNumber(syntax: RegExp): z.ZodType<number> {
  return z.union([z.number(), z.string().regex(syntax).transform(Number)]) as unknown as z.ZodType<number>;
}

/** An integer parameter within `min`..`max`, with a default (a number, or one read from the profile). */
export function intParam({ description, defaultValue, min, max, swarm }: IntParamConstraints): ParamSpec<number> {
  const schema = (): z.ZodType<number> => strictNumber(integerText).pipe(z.number().int().min(min).max(max));
  return fromSchema(schema, description, `an integer from ${min} to ${max}`, defaultValue, (value) => value, swarm);
}

/** A finite number parameter within `min`..`max`, with a default. */
export function numberParam({ description, defaultValue, min, max, swarm }: IntParamConstraints): ParamSpec<number> {
  const schema = (): z.ZodType<number> => strictNumber(decimalText).pipe(z.number().finite().min(min).max(max));
  return fromSchema(schema, description, `a number from ${min} to ${max}`, defaultValue, (value) => value, swarm);
}

/** A parameter that takes one of the listed words, with a default among them. */
export function enumParam<const T extends readonly [string, ...string[]]>(
  options: { readonly description: string; readonly values: T; readonly defaultValue: T[number]; readonly swarm?: SwarmRange },
): ParamSpec<T[number]> {
  const schema = (): z.ZodType<T[number]> => z.enum(options.values) as unknown as z.ZodType<T[number]>;
  const allowed = `one of ${options.values.join(', ')}`;
  return fromSchema(schema, options.description, allowed, options.defaultValue, (value) => value, options.swarm);
}

/** A choice among integers written as digits, e.g. tcp_tw_reuse 0, 1 or 2. */
export function choiceParam<const T extends readonly number[]>(
  options: {
    readonly description: string; readonly values: T; readonly defaultValue: T[number] | ((profile: Profile) => T[number]); readonly swarm?: SwarmRange;
  },
): ParamSpec<T[number]> {
  const schema = (): z.ZodType<T[number]> => strictNumber(integerText).refine((value) => options.values.includes(value)) as unknown as z.ZodType<T[number]>;
  return fromSchema(schema, options.description, `one of ${options.values.join(', ')}`, options.defaultValue, (value) => value, options.swarm);
}

const portRangeText = /^(\d{1,5})-(\d{1,5})$/;

/** A port range written `low-high`, as in ip_local_port_range. */
export function portRangeParam(
  options: { readonly description: string; readonly defaultValue: PortRange | ((profile: Profile) => PortRange); readonly swarm?: SwarmRange },
): ParamSpec<PortRange> {
  const allowed = 'a range low-high with 1 <= low < high <= 65535, e.g. 32768-60999';
  const schema = (): z.ZodType<PortRange> => z.union([
    z.string().regex(portRangeText).transform((text) => {
      const [, low, high] = portRangeText.exec(text) as RegExpExecArray;
      return { low: Number(low), high: Number(high) };
    }),
    z.object({ low: z.number().int(), high: z.number().int() }),
  ]).refine(({ low, high }) => low >= 1 && high <= 65_535 && low < high) as unknown as z.ZodType<PortRange>;
  return fromSchema(schema, options.description, allowed, options.defaultValue, ({ low, high }) => `${low}-${high}`, options.swarm);
}

/** Free text checked against a pattern, e.g. a node list `1,3`; `allowed` says what fits. */
export function textParam(
  options: { readonly description: string; readonly defaultValue: string; readonly pattern: RegExp; readonly allowed: string; readonly swarm?: SwarmRange },
): ParamSpec<string> {
  const schema = (): z.ZodType<string> => z.string().regex(options.pattern);
  const spec = fromSchema(schema, options.description, options.allowed, options.defaultValue, (value) => value, options.swarm);
  // An empty text is a value here (no nodes), unlike for numbers.
  return { ...spec, parse: (raw) => (raw === '' ? (options.pattern.test('') ? '' : spec.parse(raw)) : spec.parse(raw)) };
}
