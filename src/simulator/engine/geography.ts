import { type PostcodeDistrict, postcodeDistrict, postcodeDistricts } from "../../reference";
import { hashString, toUnit } from "./random";

/**
 * Where a search postcode is, as the simulator's stand-in for DoS's Locations table (one easting/northing per
 * postcode, from OS AddressBase; spec §5.2 #3, §10.5).
 *
 * We only have district centroids, so a full postcode is placed at its district's centroid plus an offset
 * that is a fixed function of the postcode text (not of the seed: geography is the same in every directory).
 * The offset stays within about half the distance to the nearest other district centroid, so postcodes land
 * in their own district. Services sit at postcodes generated the same way, so a search from a service's own
 * postcode is 0.0 miles from it.
 */
export interface SearchLocation {
  /** Normalised: `LS1 1UR`, or `LS1` for a bare district. */
  postcode: string;
  outcode: string;
  /** `LS1 1`; undefined for a bare district. */
  sector: string | undefined;
  easting: number;
  northing: number;
  district: PostcodeDistrict;
}

/** Parsed, upper-cased postcode text; `inward` undefined for a bare district such as `LS1`. */
export interface PostcodeParts {
  outcode: string;
  inward: string | undefined;
}

// Royal Mail: the inward code is a digit and two letters, never C, I, K, M, O or V.
const FULL_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[ABD-HJLNP-UW-Z]{2})$/;
const OUTCODE_ONLY = /^[A-Z]{1,2}\d[A-Z\d]?$/;

/** Case- and space-insensitive: "ls11ur", " LS1 1UR ", "LS1  1UR" → LS1 + 1UR; "ls1" → LS1. */
export function parsePostcode(text: string): PostcodeParts | undefined {
  const compact = text.replace(/\s+/g, "").toUpperCase();
  const full = FULL_POSTCODE.exec(compact);
  if (full) return { outcode: full[1], inward: full[2] };
  return OUTCODE_ONLY.test(compact) ? { outcode: compact, inward: undefined } : undefined;
}

/**
 * The location of a postcode DoS would know, or undefined (fault 101). A full postcode needs a known district
 * and a well-formed inward code; a bare district is accepted too, because DoS's Locations table also holds
 * district entries (placed at the centroid).
 */
export function locatePostcode(text: string): SearchLocation | undefined {
  const parts = parsePostcode(text);
  if (!parts) return undefined;
  const district = postcodeDistrict(parts.outcode);
  if (!district) return undefined;
  if (parts.inward === undefined) {
    return {
      postcode: district.outcode,
      outcode: district.outcode,
      sector: undefined,
      easting: district.easting,
      northing: district.northing,
      district,
    };
  }
  const postcode = `${district.outcode} ${parts.inward}`;
  const { easting, northing } = postcodePosition(district, postcode);
  return { postcode, outcode: district.outcode, sector: postcode.slice(0, -2), easting, northing, district };
}

/** Grid position of a full postcode (`LS1 1UR`) in a district; see the module comment. */
export function postcodePosition(
  district: PostcodeDistrict,
  postcode: string,
): { easting: number; northing: number } {
  const radius = districtRadiusMetres(district.outcode) * 0.8;
  const h = hashString(postcode, 0x5eed);
  const angle = toUnit(h) * 2 * Math.PI;
  const distance = radius * Math.sqrt(toUnit(hashString(postcode, h)));
  return {
    easting: Math.round(district.easting + distance * Math.cos(angle)),
    northing: Math.round(district.northing + distance * Math.sin(angle)),
  };
}

/** Straight-line distance in kilometres between two grid positions. */
export function kilometresBetween(
  a: { easting: number; northing: number },
  b: { easting: number; northing: number },
): number {
  return Math.hypot(a.easting - b.easting, a.northing - b.northing) / 1000;
}

const METRES_PER_MILE = 1609.344;

/** Miles to one decimal, as DoS's `distance` string (`0.4`, `3.2`, `0.0`; spec §5.4 #16). */
export function milesText(metres: number): string {
  return (metres / METRES_PER_MILE).toFixed(1);
}

/** Whether DoS England covers searches from this district (spec §8.2, 102: Wales/Scotland find nothing). */
export function isCoveredByDosEngland(district: PostcodeDistrict): boolean {
  return district.country === "england" || district.country === "cross-border";
}

/** The postcode area: the letters of the outward code ("LS1" → "LS"). */
export function postcodeArea(outcode: string): string {
  return /^[A-Z]+/.exec(outcode)?.[0] ?? outcode;
}

/**
 * How built-up a district is: the number of other district centroids within 5 km. Postcode districts are
 * small where people are many, so this separates city centres (10+) from rural districts (0–1).
 */
export function districtDensity(outcode: string): number {
  return geometry().density.get(outcode) ?? 0;
}

/** About half the distance to the nearest other district centroid, clamped to 0.4–6 km. */
export function districtRadiusMetres(outcode: string): number {
  return geometry().radius.get(outcode) ?? 1500;
}

/** The main post town of each postcode area DoS England serves (Royal Mail area names; London by sector). */
export const AREA_TOWNS: Readonly<Record<string, string>> = {
  AL: "St Albans",
  B: "Birmingham",
  BA: "Bath",
  BB: "Blackburn",
  BD: "Bradford",
  BH: "Bournemouth",
  BL: "Bolton",
  BN: "Brighton",
  BR: "Bromley",
  BS: "Bristol",
  CA: "Carlisle",
  CB: "Cambridge",
  CH: "Chester",
  CM: "Chelmsford",
  CO: "Colchester",
  CR: "Croydon",
  CT: "Canterbury",
  CV: "Coventry",
  CW: "Crewe",
  DA: "Dartford",
  DE: "Derby",
  DG: "Dumfries",
  DH: "Durham",
  DL: "Darlington",
  DN: "Doncaster",
  DT: "Dorchester",
  DY: "Dudley",
  E: "East London",
  EC: "City of London",
  EN: "Enfield",
  EX: "Exeter",
  FY: "Blackpool",
  GL: "Gloucester",
  GU: "Guildford",
  HA: "Harrow",
  HD: "Huddersfield",
  HG: "Harrogate",
  HP: "Hemel Hempstead",
  HR: "Hereford",
  HU: "Hull",
  HX: "Halifax",
  IG: "Ilford",
  IP: "Ipswich",
  KT: "Kingston upon Thames",
  L: "Liverpool",
  LA: "Lancaster",
  LD: "Llandrindod Wells",
  LE: "Leicester",
  LL: "Wrexham",
  LN: "Lincoln",
  LS: "Leeds",
  LU: "Luton",
  M: "Manchester",
  ME: "Rochester",
  MK: "Milton Keynes",
  N: "North London",
  NE: "Newcastle upon Tyne",
  NG: "Nottingham",
  NN: "Northampton",
  NP: "Monmouth",
  NR: "Norwich",
  NW: "North West London",
  OL: "Oldham",
  OX: "Oxford",
  PE: "Peterborough",
  PL: "Plymouth",
  PO: "Portsmouth",
  PR: "Preston",
  RG: "Reading",
  RH: "Redhill",
  RM: "Romford",
  S: "Sheffield",
  SE: "South East London",
  SG: "Stevenage",
  SK: "Stockport",
  SL: "Slough",
  SM: "Sutton",
  SN: "Swindon",
  SO: "Southampton",
  SP: "Salisbury",
  SR: "Sunderland",
  SS: "Southend-on-Sea",
  ST: "Stoke-on-Trent",
  SW: "South West London",
  SY: "Shrewsbury",
  TA: "Taunton",
  TD: "Berwick-upon-Tweed",
  TF: "Telford",
  TN: "Tonbridge",
  TQ: "Torquay",
  TR: "Truro",
  TS: "Middlesbrough",
  TW: "Twickenham",
  UB: "Southall",
  W: "West London",
  WA: "Warrington",
  WC: "Central London",
  WD: "Watford",
  WF: "Wakefield",
  WN: "Wigan",
  WR: "Worcester",
  WS: "Walsall",
  WV: "Wolverhampton",
  YO: "York",
};

// Private: district radius and density, computed once (about 3,000 centroids, bucketed on a 5 km grid).
interface DistrictGeometry {
  radius: Map<string, number>;
  density: Map<string, number>;
}

let cachedGeometry: DistrictGeometry | undefined;

function geometry(): DistrictGeometry {
  if (cachedGeometry) return cachedGeometry;
  const cell = 5000;
  const buckets = new Map<number, PostcodeDistrict[]>();
  const keyOf = (x: number, y: number): number => x * 10000 + y;
  for (const district of postcodeDistricts) {
    const key = keyOf(Math.floor(district.easting / cell), Math.floor(district.northing / cell));
    const bucket = buckets.get(key);
    if (bucket) bucket.push(district);
    else buckets.set(key, [district]);
  }
  const radius = new Map<string, number>();
  const density = new Map<string, number>();
  for (const district of postcodeDistricts) {
    const cx = Math.floor(district.easting / cell);
    const cy = Math.floor(district.northing / cell);
    let nearest = Infinity;
    let within5km = 0;
    for (let ring = 0; ring <= 3; ring++) {
      for (let x = cx - ring; x <= cx + ring; x++) {
        for (let y = cy - ring; y <= cy + ring; y++) {
          if (Math.max(Math.abs(x - cx), Math.abs(y - cy)) !== ring) continue;
          for (const other of buckets.get(keyOf(x, y)) ?? []) {
            if (other === district) continue;
            const metres = Math.hypot(other.easting - district.easting, other.northing - district.northing);
            if (metres < nearest) nearest = metres;
            if (metres <= 5000) within5km++;
          }
        }
      }
      // Rings 0–1 hold every centroid within 5 km; anything beyond ring r is at least r cells away.
      if (ring >= 1 && nearest <= ring * cell) break;
    }
    radius.set(district.outcode, Math.min(6000, Math.max(400, nearest / 2)));
    density.set(district.outcode, within5km);
  }
  cachedGeometry = { radius, density };
  return cachedGeometry;
}
