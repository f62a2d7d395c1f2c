import { z } from "zod";
import { OPERATIONS, type OperationName } from "./requests";

/**
 * Fault injection for `POST /_sim/faults`: rules that make the simulator misbehave the way a real DoS, or
 * the network and proxies in front of it, can.
 *
 * | kind        | what the caller gets                                                                  |
 * |-------------|---------------------------------------------------------------------------------------|
 * | `latency`   | the normal answer after `ms` (default 1000)                                           |
 * | `http500`   | HTTP 500, `text/plain`, no SOAP                                                       |
 * | `fault`     | a SOAP fault with `code` and DoS's text for it (or `text`), in the caller's SOAP version |
 * | `html`      | HTTP 502 with an HTML error page, as a proxy sends                                    |
 * | `malformed` | HTTP 200, SOAP content type, a body that is not well-formed XML                       |
 * | `truncate`  | HTTP 200 announcing the full length, the body cut mid-element, then the socket ended  |
 * | `reset`     | the socket destroyed without an answer                                                |
 * | `drip`      | the normal answer a few bytes at a time, spread over `ms` (default 2000)              |
 * | `oversize`  | a valid answer padded to more than `bytes` (default 11 MiB) in a free-text field       |
 *
 * A rule applies to one operation or to every call (`*`, which also covers requests that name no
 * operation). When several rules match, the newest wins. `times` counts down per matching call; without it a
 * rule stays until `DELETE /_sim/faults`.
 */

export const FAULT_KINDS = [
  "latency",
  "http500",
  "fault",
  "html",
  "malformed",
  "truncate",
  "reset",
  "drip",
  "oversize",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultRequestSchema = z
  .strictObject({
    operation: z.enum([...OPERATIONS, "*"]),
    kind: z.enum(FAULT_KINDS),
    code: z.number().int().min(1).max(99_999).optional(),
    /** Extension: the fault text when DoS documents none for `code`, or to override it. */
    text: z.string().min(1).max(4096).optional(),
    ms: z.number().int().min(0).max(600_000).optional(),
    times: z.number().int().min(1).optional(),
    /** Extension: padding for `oversize`. */
    bytes: z
      .number()
      .int()
      .min(1)
      .max(256 * 1024 * 1024)
      .optional(),
  })
  .refine((rule) => rule.kind !== "fault" || rule.code !== undefined, {
    message: 'kind "fault" needs a numeric "code"',
    path: ["code"],
  });

export type FaultRequest = z.infer<typeof FaultRequestSchema>;

export interface FaultRule extends FaultRequest {
  id: number;
  /** Calls left; `undefined` until cleared. */
  remaining: number | undefined;
}

export const DEFAULT_LATENCY_MS = 1000;
export const DEFAULT_DRIP_MS = 2000;
export const DEFAULT_OVERSIZE_BYTES = 11 * 1024 * 1024;

export class FaultRules {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(request: FaultRequest): FaultRule {
    const rule: FaultRule = { ...request, id: this.nextId++, remaining: request.times };
    this.rules.push(rule);
    return rule;
  }

  clear(): void {
    this.rules = [];
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  /** The rule for this call, counted down; `undefined` when none matches. */
  take(operation: OperationName | undefined): FaultRule | undefined {
    for (let index = this.rules.length - 1; index >= 0; index--) {
      const rule = this.rules[index];
      if (rule.operation !== "*" && rule.operation !== operation) continue;
      if (rule.remaining !== undefined && --rule.remaining === 0) this.rules.splice(index, 1);
      return rule;
    }
    return undefined;
  }
}
