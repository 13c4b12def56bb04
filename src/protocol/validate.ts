/**
 * The checks every message is built from. What arrives may be hostile (a compromised webview,
 * a crafted message), so each check reads only own properties (an `__proto__` or `constructor`
 * key cannot matter), refuses an array by its length before it looks at an element (a sparse
 * array of length 2³²−1 is refused at once, not walked), refuses holes, and never throws.
 */

export type Check<T> = (v: unknown) => v is T;

/** An object's own property, never an inherited one. */
export function own(o: object, key: string): unknown {
  return Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

export function isObj(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}
export function isStr(v: unknown): v is string {
  return typeof v === 'string';
}
export function isBool(v: unknown): v is boolean {
  return typeof v === 'boolean';
}
/** A finite number. */
export function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
/** Any number, NaN and ±∞ included (a diverged loss or perplexity is still reported). */
export function isAnyNum(v: unknown): v is number {
  return typeof v === 'number';
}
/** A non-negative integer. */
export function isInt(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 0;
}

export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return (v): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);
}

/** The most elements an array of a message may have unless its field says otherwise. */
export const MAX_ARRAY = 1 << 24;

/** A dense array of at most `cap` elements, each passing `check`. */
export function arrayOf<T>(check: Check<T>, cap = MAX_ARRAY): Check<readonly T[]> {
  return (v): v is readonly T[] => {
    if (!Array.isArray(v) || v.length > cap) return false;
    for (let i = 0; i < v.length; i++) if (!Object.hasOwn(v, i) || !check(v[i])) return false;
    return true;
  };
}

/** An object of at most `cap` own keys, each value a string (webview resource URLs, provenance). */
export function stringMap(cap: number): Check<Readonly<Record<string, string>>> {
  return (v): v is Record<string, string> => {
    if (!isObj(v)) return false;
    const keys = Object.keys(v);
    return keys.length <= cap && keys.every((k) => isStr(own(v, k)));
  };
}

/** A field that may be absent (or undefined). */
export interface Optional<T> {
  readonly optional: Check<T>;
}
export function optional<T>(check: Check<T>): Optional<T> {
  return { optional: check };
}

export type Field = Check<unknown> | Optional<unknown>;
export type Fields = Readonly<Record<string, Field>>;

type Required<F extends Fields> = { readonly [K in keyof F as F[K] extends Optional<unknown> ? never : K]: F[K] extends Check<infer T> ? T : never };
type Optionals<F extends Fields> = { readonly [K in keyof F as F[K] extends Optional<unknown> ? K : never]?: F[K] extends Optional<infer T> ? T : never };
type Flat<T> = { [K in keyof T]: T[K] };
/** The object type a table of fields describes. */
export type Shape<F extends Fields> = Flat<Required<F> & Optionals<F>>;

function fieldOk(field: Field, value: unknown): boolean {
  return typeof field === 'function' ? field(value) : value === undefined || field.optional(value);
}

/** An object whose own properties pass `fields` (other properties are ignored, as before). */
export function objectOf<F extends Fields>(fields: F): Check<Shape<F>> {
  return (v): v is Shape<F> => isObj(v) && Object.keys(fields).every((k) => fieldOk(fields[k] as Field, own(v, k)));
}

/**
 * One message: its fields, and a check across them where one field bounds another
 * (`start <= end`); the check sees a value whose fields already passed.
 */
export interface MessageSpec<F extends Fields = Fields> {
  readonly fields: F;
  refine?(m: Shape<F>): boolean;
}

export function message<F extends Fields>(fields: F, refine?: (m: Shape<F>) => boolean): MessageSpec<F> {
  return refine ? { fields, refine } : { fields };
}

/** Any message's spec, whatever its fields (what a table holds). */
interface AnySpec {
  readonly fields: Fields;
  refine?(m: never): boolean;
}

/** One direction's messages, by their `type`. */
export type MessageTable = Readonly<Record<string, AnySpec>>;

/** The `{ type, ... }` union a table declares. */
export type MessageOf<T extends MessageTable> = {
  [K in keyof T & string]: T[K] extends MessageSpec<infer F> ? Flat<{ readonly type: K } & Shape<F>> : never;
}[keyof T & string];

/** The message `v` is when it is one of `table`'s; undefined otherwise. Never throws. */
export function parseMessage<T extends MessageTable>(table: T, v: unknown): MessageOf<T> | undefined {
  try {
    if (!isObj(v)) return undefined;
    const type = own(v, 'type');
    if (!isStr(type) || !Object.hasOwn(table, type)) return undefined;
    const spec = table[type] as MessageSpec;
    if (!objectOf(spec.fields)(v)) return undefined;
    return spec.refine && !spec.refine(v as Shape<Fields>) ? undefined : (v as MessageOf<T>);
  } catch {
    // A Proxy or getter that throws: not a message.
    return undefined;
  }
}
