/**
 * Lets a report through at most once every `ms` (and always when forced): tiny models finish a
 * minibatch in well under a millisecond, and a person reads progress at a slower pace.
 */
export function throttle(ms: number): (force: boolean) => boolean {
  let last = -Infinity;
  return (force) => {
    const now = performance.now();
    if (!force && now - last < ms) return false;
    last = now;
    return true;
  };
}
