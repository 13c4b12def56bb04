/** Parsing one subcommand's flags with node:util parseArgs, and turning flag text into numbers. */
import { parseArgs, ParseArgsConfig } from 'node:util';
import { UsageError } from './usageError';

type Flags = NonNullable<ParseArgsConfig['options']>;

/** The flags of `args` for a command declaring `flags` (strings) and `switches` (present: 'true'); unknown ones are usage errors. */
export function parseFlags(command: string, args: string[], flags: readonly string[], required: readonly string[], switches: readonly string[] = []): Record<string, string | undefined> {
  const options: Flags = Object.fromEntries([...flags.map((f) => [f, { type: 'string' as const }]), ...switches.map((f) => [f, { type: 'boolean' as const }])]);
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.split('\n')[0]}`);
  }
  for (const f of required) if (values[f] === undefined) throw new UsageError(`${command}: --${f} is required`);
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === true ? 'true' : (v as string | undefined)]));
}

/** Decimal digits only: `0x10`, ` 3`, `1e3` and the empty string are not integers here (Number() takes them all). */
const DECIMAL_INTEGER = /^[0-9]{1,15}$/;
/** A plain decimal number: digits, an optional fraction and exponent; no hex, no spaces, no sign. */
const DECIMAL_NUMBER = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

/** A flag's value as an integer in [`min`, `max`], or `fallback` when the flag is absent. */
export function intFlag(name: string, text: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const n = DECIMAL_INTEGER.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw new UsageError(max === Number.MAX_SAFE_INTEGER ? `--${name} must be an integer ≥ ${min}, got '${text}' (decimal digits only)` : `--${name} must be an integer from ${min} to ${max}, got '${text}' (decimal digits only)`);
  }
  return n;
}

/** A flag's value as a finite decimal number ≥ 0, or `fallback` when the flag is absent. */
export function numberFlag(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = DECIMAL_NUMBER.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number ≥ 0, got '${text}'`);
  return n;
}

/** A flag's value checked against its allowed `choices`. */
export function choiceFlag<T extends string>(name: string, text: string | undefined, choices: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${text}'`);
  return text as T;
}
