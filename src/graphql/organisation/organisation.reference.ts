import { type Context } from "../../server/context";
import { parseOdsCode } from "../service/identifiers";
import { type Organisation } from "./organisation.type";

/** `_entities` for `Organisation`: any well-formed ODS code is an organisation here (DoS may know no services). */
export function resolveOrganisationReference(
  reference: Pick<Organisation, "odsCode">,
  _ctx: Context,
): Organisation {
  parseOdsCode(reference.odsCode, "representations.odsCode");
  return { odsCode: reference.odsCode };
}
