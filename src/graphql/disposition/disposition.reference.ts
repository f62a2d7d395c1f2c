import { dispositionByCode } from "../../reference";
import { type Disposition } from "./disposition.type";

/** A disposition by Dx code, case-insensitive; null when unknown (reference data, no DoS call). */
export function findDisposition(code: string): Disposition | null {
  const disposition = dispositionByCode(code);
  return disposition ? { ...disposition } : null;
}

/** `_entities` for `Disposition`. */
export function resolveDispositionReference(reference: Pick<Disposition, "code">): Disposition | null {
  return findDisposition(reference.code);
}
