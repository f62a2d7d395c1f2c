import { DosCallBudgetExceeded } from "./errors";
import { type DosOperation } from "./operations";

export interface BudgetLimits {
  /** `MAX_DOS_CALLS_PER_OPERATION`: every attempt counts, retries included. */
  dosCallsPerOperation: number;
  /** `MAX_SEARCHES_PER_OPERATION`: CheckCapacitySummary attempts. */
  searchesPerOperation: number;
}

/**
 * The anti-crawl budget of ONE GraphQL operation (security.md §2.2): a count of DoS call attempts, charged
 * before each attempt so that the one past the limit is never sent.
 */
export class OperationBudget {
  private calls = 0;
  private searches = 0;

  constructor(private readonly limits: BudgetLimits) {}

  /** Takes one call (and one search for CheckCapacitySummary), or throws `DosCallBudgetExceeded` taking none. */
  charge(operation: DosOperation): void {
    if (this.calls >= this.limits.dosCallsPerOperation) {
      throw new DosCallBudgetExceeded("calls", this.limits.dosCallsPerOperation);
    }
    if (operation === "CheckCapacitySummary") {
      if (this.searches >= this.limits.searchesPerOperation) {
        throw new DosCallBudgetExceeded("searches", this.limits.searchesPerOperation);
      }
      this.searches++;
    }
    this.calls++;
  }
}
