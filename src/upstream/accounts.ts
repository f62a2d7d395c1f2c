import { type DosAccount } from "../config";

export type Audience = "professional" | "public";

/** Which DoS account a call uses. `label` is what logs and counters name; the username is never logged. */
export interface AccountChoice {
  label: "main" | "public";
  credentials: DosAccount;
}

export interface AccountSettings {
  /** `DOS_USERNAME`/`DOS_PASSWORD` (or the simulator's demo account). */
  main: DosAccount;
  /** `DOS_PUBLIC_USERNAME`/`DOS_PUBLIC_PASSWORD`: a DoS account with the public referral role, if configured. */
  public: DosAccount | undefined;
}

/**
 * DoS filters search results by the referral role of the account that asks (security.md §2.6), so public callers
 * must use the public-role account. The audience comes from the caller's verified identity, never from client
 * input. Without a public account both audiences share the main one (the GraphQL field rules still apply).
 */
export function accountFor(audience: Audience, accounts: AccountSettings): AccountChoice {
  if (audience === "public" && accounts.public) return { label: "public", credentials: accounts.public };
  return { label: "main", credentials: accounts.main };
}
