import {
  discriminatorsForSymptomGroup,
  dispositionGroups,
  symptomDiscriminatorById,
  symptomGroups,
} from "../../reference";

/**
 * Clinical profiles of synthetic services: which symptom groups (SG), discriminators (SD) and disposition
 * groups a service is profiled with (spec §5.5 steps 4–5).
 *
 * Real DoS leads profile each service by hand. We derive profiles from the reference data instead, so they
 * are always consistent with it:
 * - SDs by capability, read from the SD's description prefix (`ED …`, `PC …`, `AMB …`, `Pharmacy First …`);
 *   each kind of service takes the capabilities it has (an ED takes all, a pharmacy `Pharmacy`/`PC`/other).
 * - SGs: every SG that forms a valid SG–SD pair with one of those SDs, so each profiled SD is valid with at
 *   least one profiled SG.
 * - Disposition groups: every group whose service types (`dispositiongroupservicetypes`) include the
 *   service's type, as DoS's Dx → service type links decide which types a disposition can find.
 * Arrays and Sets are shared by every service of a kind or type; they must not be mutated.
 */
export type ProfileKind =
  | "emergency"
  | "urgentTreatment"
  | "primaryCare"
  | "pharmacy"
  | "dental"
  | "mentalHealth"
  | "specialist";

export interface ClinicalProfile {
  symptomGroups: number[];
  symptomDiscriminators: number[];
  symptomGroupSet: ReadonlySet<number>;
  symptomDiscriminatorSet: ReadonlySet<number>;
}

type Capability = "AMB" | "ED" | "PC" | "ALL" | "ST" | "PHARMACY" | "DENTAL" | "MENTAL" | "OTHER";

const KIND_CAPABILITIES: Readonly<Record<ProfileKind, readonly Capability[]>> = {
  emergency: ["AMB", "ED", "PC", "ALL", "ST", "PHARMACY", "DENTAL", "MENTAL", "OTHER"],
  urgentTreatment: ["ED", "PC", "ALL", "ST", "OTHER"],
  primaryCare: ["PC", "ALL", "ST", "OTHER"],
  pharmacy: ["PHARMACY", "PC", "OTHER"],
  dental: ["DENTAL", "PC", "OTHER"],
  mentalHealth: ["MENTAL", "ALL", "OTHER"],
  specialist: ["ALL", "OTHER"],
};

/** The profile kind of each service type the directory generates. */
export const SERVICE_TYPE_KIND: Readonly<Record<number, ProfileKind>> = {
  105: "emergency",
  40: "emergency",
  150: "emergency",
  140: "emergency",
  120: "emergency",
  138: "emergency",
  46: "emergency",
  135: "urgentTreatment",
  100: "primaryCare",
  136: "primaryCare",
  25: "primaryCare",
  130: "primaryCare",
  133: "primaryCare",
  137: "primaryCare",
  139: "primaryCare",
  13: "pharmacy",
  132: "pharmacy",
  12: "dental",
  47: "dental",
  156: "dental",
  7: "mentalHealth",
  142: "mentalHealth",
  14: "specialist",
  29: "specialist",
  38: "specialist",
  143: "specialist",
  153: "specialist",
  154: "specialist",
};

// Private: capability of a discriminator from its description ("RP ED minor injury" → ED).
function capabilityOf(description: string): Capability {
  const text = description.replace(/^"/, "").replace(/^RP\s+/, "");
  if (/^AMB\b/.test(text)) return "AMB";
  if (/^ED\b/.test(text)) return "ED";
  if (/^(PC|GP)\b/.test(text)) return "PC";
  if (/^ALL\b/i.test(text)) return "ALL";
  if (/^ST\b/.test(text)) return "ST";
  if (/^Pharmacy/i.test(text)) return "PHARMACY";
  if (/dental|tooth|teeth/i.test(text)) return "DENTAL";
  if (/mental|suicid|self-harm|psych/i.test(text)) return "MENTAL";
  return "OTHER";
}

let cachedProfiles: Map<ProfileKind, ClinicalProfile> | undefined;

/** The clinical profile shared by every service of a kind. */
export function clinicalProfile(kind: ProfileKind): ClinicalProfile {
  cachedProfiles ??= buildProfiles();
  const profile = cachedProfiles.get(kind);
  if (!profile) throw new Error(`No clinical profile for ${kind}`);
  return profile;
}

function buildProfiles(): Map<ProfileKind, ClinicalProfile> {
  const capabilityCache = new Map<number, Capability>();
  const capability = (sd: number): Capability => {
    let value = capabilityCache.get(sd);
    if (value === undefined) {
      value = capabilityOf(symptomDiscriminatorById(sd)?.description ?? "");
      capabilityCache.set(sd, value);
    }
    return value;
  };
  const profiles = new Map<ProfileKind, ClinicalProfile>();
  for (const kind of Object.keys(KIND_CAPABILITIES) as ProfileKind[]) {
    const wanted = new Set(KIND_CAPABILITIES[kind]);
    const sgs: number[] = [];
    const sds = new Set<number>();
    for (const group of symptomGroups) {
      const taken = discriminatorsForSymptomGroup(group.id).filter((sd) => wanted.has(capability(sd)));
      if (taken.length === 0) continue;
      sgs.push(group.id);
      for (const sd of taken) sds.add(sd);
    }
    const sdList = [...sds].sort((a, b) => a - b);
    profiles.set(kind, {
      symptomGroups: sgs,
      symptomDiscriminators: sdList,
      symptomGroupSet: new Set(sgs),
      symptomDiscriminatorSet: sds,
    });
  }
  return profiles;
}

let cachedDispositions: Map<number, { uids: number[]; set: ReadonlySet<number> }> | undefined;

/** Disposition-group uids a service of this type is profiled with (shared array and Set). */
export function dispositionProfile(serviceTypeId: number): { uids: number[]; set: ReadonlySet<number> } {
  if (!cachedDispositions) {
    const byType = new Map<number, number[]>();
    for (const group of dispositionGroups) {
      for (const typeId of group.serviceTypeIds) {
        const uids = byType.get(typeId);
        if (uids) uids.push(group.uid);
        else byType.set(typeId, [group.uid]);
      }
    }
    cachedDispositions = new Map([...byType].map(([typeId, uids]) => [typeId, { uids, set: new Set(uids) }]));
  }
  return cachedDispositions.get(serviceTypeId) ?? NO_DISPOSITIONS;
}

const NO_DISPOSITIONS = { uids: [] as number[], set: new Set<number>() as ReadonlySet<number> };
