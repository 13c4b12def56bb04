/**
 * Which lane of a batched BPTT each position takes. Position i's backward runs from its step
 * t_i down to t_i − K_i; going down the text, a lane whose position is done takes a later-
 * starting one, so the lanes in use at any step are about the windows that overlap there (a
 * position every d steps needs ⌈(K + 1)/d⌉ lanes), not one per position.
 */

/** One position's span of steps, high to low. */
export interface StepSpan {
  readonly high: number;
  readonly low: number;
}

export interface LaneSchedule {
  /** Lanes needed. */
  readonly lanes: number;
  /** The lane of each span. */
  readonly laneOf: Int32Array;
}

/** Assigns lanes greedily in descending order of `high`: a lane is free once its span's `low` is above the new span's `high`. */
export function scheduleLanes(spans: readonly StepSpan[]): LaneSchedule {
  const laneOf = new Int32Array(spans.length);
  /** The `low` of each lane's latest span. */
  const busyDownTo: number[] = [];
  const order = spans.map((_, i) => i).sort((a, b) => spans[b].high - spans[a].high);
  for (const i of order) {
    let lane = busyDownTo.findIndex((low) => low > spans[i].high);
    if (lane < 0) lane = busyDownTo.push(0) - 1;
    busyDownTo[lane] = spans[i].low;
    laneOf[i] = lane;
  }
  return { lanes: busyDownTo.length, laneOf };
}
