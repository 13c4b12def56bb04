/** The one line a failure shows: an Error's message, or whatever else was thrown as text. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
