import { DosOverloaded } from "./errors";

/**
 * A process-wide cap on DoS calls in flight (`DOS_MAX_IN_FLIGHT`, security.md §3.4). Past it a call is refused
 * at once rather than queued: a queue in front of a slow DoS only turns slowness into timeouts and memory.
 */
export class Bulkhead {
  private inFlight = 0;

  constructor(private readonly maxInFlight: number) {}

  /** Takes a slot, or throws `DosOverloaded`. Call the returned `release` exactly once, when the call settles. */
  acquire(): () => void {
    if (this.inFlight >= this.maxInFlight) throw new DosOverloaded(this.maxInFlight);
    this.inFlight++;
    return () => this.inFlight--;
  }
}
