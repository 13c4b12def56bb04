/**
 * Play / pause over the steps at a speed in steps per second, on requestAnimationFrame: each
 * frame advances by the time elapsed, so a slow frame skips steps instead of slowing the clock.
 */
export class Playback {
  private frame = 0;
  private last = 0;
  private carry = 0;
  /** Steps per second. */
  speed = 10;

  /**
   * @param advance moves by n steps; returns false at the end (playback stops)
   * @param onChange told when playing starts or stops
   */
  constructor(
    private readonly advance: (n: number) => boolean,
    private readonly onChange: (playing: boolean) => void,
  ) {}

  get playing(): boolean {
    return this.frame !== 0;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.playing) return;
    this.last = performance.now();
    this.carry = 0;
    this.frame = requestAnimationFrame((now) => this.tick(now));
    this.onChange(true);
  }

  pause(): void {
    if (!this.playing) return;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.onChange(false);
  }

  private tick(now: number): void {
    this.carry += ((now - this.last) / 1000) * this.speed;
    this.last = now;
    const n = Math.floor(this.carry);
    this.carry -= n;
    if (n > 0 && !this.advance(n)) {
      this.frame = 0;
      this.onChange(false);
      return;
    }
    this.frame = requestAnimationFrame((t) => this.tick(t));
  }
}
