/**
 * Where a step's time goes, phase by phase, for the log (`timing: NAME N ms, ...`), which the benchmark reads
 * to show each deploy's breakdown. Measured by the code that does the work, never estimated.
 */
export class Phases {
  private last = Date.now();
  readonly ms = new Map<string, number>();

  /** Adds the time since the previous lap (or since the start) to `name`. */
  lap(name: string): void {
    const now = Date.now();
    this.add(name, now - this.last);
    this.last = now;
  }

  add(name: string, ms: number): void {
    this.ms.set(name, (this.ms.get(name) ?? 0) + Math.max(0, Math.round(ms)));
  }

  line(): string {
    return [...this.ms].map(([name, ms]) => `${name} ${ms} ms`).join(', ');
  }
}
