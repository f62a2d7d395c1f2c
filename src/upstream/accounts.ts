import { type DosAccount } from "../config";
import { type Logger } from "../logger";

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

/**
 * Says at start which DoS account public callers search with (security.md §2.6): the public-role account, or the
 * main one (loudly: DoS then shows them what the main account's role sees; production refuses this unless
 * ALLOW_PUBLIC_ON_MAIN_ACCOUNT=true, src/config.ts). Labels only: a username is never logged.
 */
export function logPublicCallersAccount(
  auth: { mode: "off" | "router-secret" | "jwt"; publicAccount: DosAccount | undefined },
  logger: Logger,
): void {
  if (auth.mode === "off") {
    logger.info({ publicCallersAccount: "none" }, "DoS accounts: AUTH_MODE=off, so there are no public callers");
  } else if (auth.publicAccount) {
    logger.info({ publicCallersAccount: "public" }, "DoS accounts: public callers search with the public account (DOS_PUBLIC_USERNAME)");
  } else {
    logger.warn(
      { publicCallersAccount: "main" },
      "DoS accounts: PUBLIC CALLERS SEARCH WITH THE MAIN (PROFESSIONAL) DoS ACCOUNT: DOS_PUBLIC_USERNAME is unset. " +
        "DoS filters results by the searching account's role; set DOS_PUBLIC_USERNAME/DOS_PUBLIC_PASSWORD.",
    );
  }
}
