import { formatLocalDateTime } from "./opening";
import { hashInts, hashString, toUnit } from "./random";
import { type Rag, type SimHospital, type SimService } from "./types";

/**
 * Capacity over time. DoS users set a service's RAG status and DoS resets it to GREEN after 15 minutes to
 * 24 hours, in 15-minute steps (spec §11; docs "Check Capacity Status"). The simulator models that as a fixed
 * function of (seed, service id, 15-minute period): mostly GREEN, some AMBER, a few RED. So the same instant
 * always gives the same answer, and a client that caches a search for longer than a period shows stale data.
 *
 * `set` (the control API) pins a service's status until `reset`. The statuses live on the shared SimService
 * objects (`rag`) and are brought up to date whenever the engine is called at a new period.
 */
export const CAPACITY_PERIOD_MINUTES = 15;

const PERIOD_MS = CAPACITY_PERIOD_MINUTES * 60_000;

/** The status the capacity clock gives a service in a period (epoch ms / 15 min). */
export function scheduledRag(seedHash: number, serviceId: number, period: number): Rag {
  const u = toUnit(hashInts(seedHash, serviceId, period));
  return u < 0.85 ? "GREEN" : u < 0.96 ? "AMBER" : "RED";
}

export class CapacityBoard {
  private readonly seedHash: number;
  private readonly overrides = new Map<number, Rag>();
  private readonly byId: Map<number, SimService>;
  private readonly emergencyDepartments: SimService[];
  private period = NaN;

  constructor(
    seed: string,
    private readonly services: readonly SimService[],
  ) {
    this.seedHash = hashString(`capacity:${seed}`);
    this.byId = new Map(services.map((service) => [service.id, service]));
    this.emergencyDepartments = services.filter((service) => service.serviceType.id === 105);
  }

  /** Brings every service's `rag` to its status at `now`. Cheap when the period has not changed. */
  refresh(now: Date): void {
    const period = Math.floor(now.getTime() / PERIOD_MS);
    if (period === this.period) return;
    this.period = period;
    for (const service of this.services) {
      service.rag = this.overrides.get(service.id) ?? scheduledRag(this.seedHash, service.id, period);
    }
  }

  set(serviceId: number, rag: Rag): boolean {
    const service = this.byId.get(serviceId);
    if (!service) return false;
    this.overrides.set(serviceId, rag);
    service.rag = rag;
    return true;
  }

  /** Hands the service back to the capacity clock. False when the id is unknown. */
  reset(serviceId: number): boolean {
    const service = this.byId.get(serviceId);
    if (!service) return false;
    this.overrides.delete(serviceId);
    if (Number.isFinite(this.period)) service.rag = scheduledRag(this.seedHash, serviceId, this.period);
    return true;
  }

  /**
   * GetHospitalScores (spec §7): every active ED, with an overall pressure score 0–100 that each hospital
   * updates every 15 minutes at its own minute past the quarter, an OPEL-style note, and `updateDate` as UK
   * local `YYYY-MM-DD HH:mm:ss` (the format is undocumented; the A2SI stub sent a bare date).
   */
  hospitalScores(now: Date): SimHospital[] {
    return this.emergencyDepartments
      .filter((ed) => ed.status === "active")
      .map((ed) => {
        ed.hospitalScore = this.hospitalScoreAt(ed.id, now.getTime());
        const { score, note, updatedAt } = ed.hospitalScore;
        return { name: ed.name, score, note, updateDate: updatedAt };
      });
  }

  private hospitalScoreAt(
    serviceId: number,
    nowMs: number,
  ): { score: number; note: string; updatedAt: string } {
    const identity = hashInts(this.seedHash, serviceId);
    const phaseMs = (identity % CAPACITY_PERIOD_MINUTES) * 60_000;
    const update = Math.floor((nowMs - phaseMs) / PERIOD_MS);
    const baseline = 20 + (identity % 50);
    const swing = (hashInts(this.seedHash, serviceId, update) % 41) - 20;
    const score = Math.min(100, Math.max(0, baseline + swing));
    return {
      score,
      note: pressureNote(score),
      updatedAt: formatLocalDateTime(update * PERIOD_MS + phaseMs).replace("T", " "),
    };
  }
}

function pressureNote(score: number): string {
  if (score < 25) return "OPEL 1: the department is operating normally.";
  if (score < 50) return "OPEL 2: moderate pressure; expect longer waits for minor conditions.";
  if (score < 75) return "OPEL 3: major pressure; ambulance handovers are delayed.";
  return "OPEL 4: extreme pressure; consider alternative services for non-urgent conditions.";
}
