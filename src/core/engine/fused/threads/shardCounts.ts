/**
 * How many workers the probe tries splitting a minibatch over (the trainer's own worker
 * included), from the machine's cores and the batch's rows.
 */

/**
 * The most workers a batch is split over: each takes θ in and ∂θ out by message every batch,
 * so past this many the messages cost more than a shard saves on any batch d2l trains.
 */
export const MOST_SHARD_WORKERS = 16;

/**
 * The worker counts worth probing for a batch of `rows` rows on `cores` cores, fewest first:
 * doubling from 2 (each a clear step from the last, so the probe can stop at the first that
 * does not pay), then the most there is room for: one worker per core, one row per shard, at
 * most `most`. A step waits on its largest shard, so that last count is left out when its
 * largest shard is no smaller than the last doubling's: it would add messages and save nothing.
 * d2l's batch of 32 rows on 12 cores: [2, 4, 8, 12] (largest shards of 16, 8, 4 and 3 rows).
 */
export function shardWorkerCounts(cores: number, rows: number, most = MOST_SHARD_WORKERS): number[] {
  const cap = Math.min(Math.floor(cores), Math.floor(rows), most);
  const counts: number[] = [];
  for (let n = 2; n < cap; n *= 2) counts.push(n);
  const last = counts[counts.length - 1] ?? 1;
  if (cap >= 2 && Math.ceil(rows / cap) < Math.ceil(rows / last)) counts.push(cap);
  return counts;
}
