import { type Context } from "../../server/context";
import { notFoundError } from "../../server/errors";
import { parseServiceId } from "./identifiers";
import { serviceFromDetails } from "./service.mapping";
import { type Service } from "./service.type";

/**
 * A service by DoS id through the request's `serviceById` loader (one DoS call per distinct id, bounded
 * fan-out). Unknown ids reject with NOT_FOUND, which leaves that one field or entity null with its own error.
 */
export async function loadServiceById(id: string | number, ctx: Context, field: string): Promise<Service> {
  const dosId = parseServiceId(id, field);
  const details = await ctx.loaders.serviceById.load(dosId);
  if (!details) throw notFoundError(`DoS has no service with id ${dosId}.`);
  return serviceFromDetails(details);
}

/** `_entities` for `Service`: the router sends every representation at once, so they share one batch. */
export function resolveServiceReference(reference: Pick<Service, "id">, ctx: Context): Promise<Service> {
  return loadServiceById(reference.id, ctx, "representations.id");
}
