/** Parsing one subcommand's flags with node:util parseArgs, and turning flag text into numbers. */
import { parseArgs, ParseArgsConfig } from 'node:util';
import { UsageError } from './usageError';

type Flags = NonNullable<ParseArgsConfig['options']>;

/** The string flags of `args` for a command declaring `flags` (all strings); unknown ones are usage errors. */
export function parseFlags(command: string, args: string[], flags: readonly string[], required: readonly string[]): Record<string, string | undefined> {
  const options: Flags = Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }]));
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.split('\n')[0]}`);
  }
  for (const f of required) if (values[f] === undefined) throw new UsageError(`${command}: --${f} is required`);
  return values as Record<string, string | undefined>;
}

/** A flag's value as an integer ≥ `min`, or `fallback` when the flag is absent. */
export function intFlag(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${text}'`);
  return n;
}

/** A flag's value as a finite number ≥ 0, or `fallback` when the flag is absent. */
export function numberFlag(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number ≥ 0, got '${text}'`);
  return n;
}

/** A flag's value checked against its allowed `choices`. */
export function choiceFlag<T extends string>(name: string, text: string | undefined, choices: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${text}'`);
  return text as T;
}
