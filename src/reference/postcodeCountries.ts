/**
 * Which country each UK postcode district (outward code) lies in: the project's own hand-maintained table.
 *
 * Why it matters: DoS covers England only, so the subgraph refuses searches for districts wholly in Wales,
 * Scotland, Northern Ireland or the Crown Dependencies before calling DoS. A district wrongly marked as outside
 * England would refuse English patients, so the table errs the other way: a district with any real doubt of
 * straddling a national border is `cross-border`, and DoS, which knows the exact postcode, answers for it.
 *
 * Rule for the England–Wales and England–Scotland borders: a district is `cross-border` when a source below
 * says it has addresses on both sides, or when it touches the border and we found no source settling it.
 *
 * Sources (W: = the English Wikipedia article "<AREA> postcode area", whose coverage table lists the local
 * authorities each district covers):
 *  - W:CH, W:SY, W:LD, W:TD, W:DG, W:CA coverage tables and introductions;
 *  - W:LL (introduction: "about 0.12% of the area extends into Shropshire", district not named);
 *  - village articles naming their postcode district: Saltney (CH4, both sides of Boundary Lane), Llanymynech
 *    (SY22, the border runs down the main street), Chirbury (SY15, Shropshire), Hanmer (SY13, Wrexham),
 *    Chepstow (NP16; Tutshill and Sedbury across the Wye are in England), Welsh Newton (NP25, Herefordshire),
 *    Hay-on-Wye (HR3, Powys; Cusop beside it is Herefordshire);
 *  - John Lamont MP, "Calls to end 'English' postcode anomaly" (johnlamont.org): TD15 and TD12 cross
 *    the border, and NHS 24 has turned away Scottish TD15 callers because of it.
 */

export type Country =
  | "england"
  | "wales"
  | "scotland"
  | "northern-ireland"
  | "isle-of-man"
  | "channel-islands"
  | "cross-border"
  /** Areas not tied to a place at all: BF (British Forces), BX (non-geographic), GIR (Girobank), XX. */
  | "non-geographic";

/** Every postcode area and the country of its districts, unless DISTRICT_COUNTRY says otherwise. */
const AREA_COUNTRY: Readonly<Record<string, Country>> = {
  // Wholly in Scotland (Royal Mail areas for Scotland; W:TD, W:DG for the two that touch England).
  AB: "scotland", DD: "scotland", DG: "scotland", EH: "scotland", FK: "scotland", G: "scotland", HS: "scotland",
  IV: "scotland", KA: "scotland", KW: "scotland", KY: "scotland", ML: "scotland", PA: "scotland", PH: "scotland",
  TD: "scotland", ZE: "scotland",
  // Wales: CF and SA lie wholly in Wales; LD, LL, NP are Welsh areas with border districts overridden below.
  CF: "wales", LD: "wales", LL: "wales", NP: "wales", SA: "wales",
  BT: "northern-ireland",
  IM: "isle-of-man",
  GY: "channel-islands", JE: "channel-islands",
  BF: "non-geographic", BX: "non-geographic", GIR: "non-geographic", XX: "non-geographic",
  // England, including CH, SY and HR, English areas with Welsh or border districts overridden below.
  AL: "england", B: "england", BA: "england", BB: "england", BD: "england", BH: "england", BL: "england",
  BN: "england", BR: "england", BS: "england", CA: "england", CB: "england", CH: "england", CM: "england",
  CO: "england", CR: "england", CT: "england", CV: "england", CW: "england", DA: "england", DE: "england",
  DH: "england", DL: "england", DN: "england", DT: "england", DY: "england", E: "england", EC: "england",
  EN: "england", EX: "england", FY: "england", GL: "england", GU: "england", HA: "england", HD: "england",
  HG: "england", HP: "england", HR: "england", HU: "england", HX: "england", IG: "england", IP: "england",
  KT: "england", L: "england", LA: "england", LE: "england", LN: "england", LS: "england", LU: "england",
  M: "england", ME: "england", MK: "england", N: "england", NE: "england", NG: "england", NN: "england",
  NR: "england", NW: "england", OL: "england", OX: "england", PE: "england", PL: "england", PO: "england",
  PR: "england", RG: "england", RH: "england", RM: "england", S: "england", SE: "england", SG: "england",
  SK: "england", SL: "england", SM: "england", SN: "england", SO: "england", SP: "england", SR: "england",
  SS: "england", ST: "england", SW: "england", SY: "england", TA: "england", TF: "england", TN: "england",
  TQ: "england", TR: "england", TS: "england", TW: "england", UB: "england", W: "england", WA: "england",
  WC: "england", WD: "england", WF: "england", WN: "england", WR: "england", WS: "england", WV: "england",
  YO: "england",
};

/** Districts whose country differs from their area's. The reason for each is on its line. */
const DISTRICT_COUNTRY: Readonly<Record<string, Country>> = {
  // CH (W:CH): CH1 and CH4 cover Chester and Flintshire (Higher Ferry, Saltney); CH5–CH8 are Flintshire and
  // Denbighshire only. CH2, CH3 and the Wirral districts are England only.
  CH1: "cross-border", CH4: "cross-border", CH5: "wales", CH6: "wales", CH7: "wales", CH8: "wales",

  // SY (W:SY): SY5 is Shropshire and Powys (Criggion); SY13 Whitchurch includes Hanmer (Wrexham); SY14 takes
  // in part of Wrexham; SY15 is Montgomery (Powys) with Chirbury (Shropshire); SY22 holds Llanymynech, split by
  // the border. SY9–SY12 and SY21 touch the border and were not settled by a source. SY16–SY20 are Powys (SY20
  // also Gwynedd), SY23–SY25 Ceredigion; SY1–SY4, SY6 are Shropshire only, SY7, SY8 Shropshire/Herefordshire.
  SY5: "cross-border", SY9: "cross-border", SY10: "cross-border", SY11: "cross-border", SY12: "cross-border",
  SY13: "cross-border", SY14: "cross-border", SY15: "cross-border", SY21: "cross-border", SY22: "cross-border",
  SY16: "wales", SY17: "wales", SY18: "wales", SY19: "wales", SY20: "wales", SY23: "wales", SY24: "wales",
  SY25: "wales",

  // LD (W:LD): "LD7 and LD8 extend across the border into England" (Shropshire, Herefordshire).
  LD7: "cross-border", LD8: "cross-border",

  // LL (W:LL): a sliver of the area is in Shropshire. The districts touching England are LL12 (Rossett,
  // beside Cheshire), LL13 (Wrexham Maelor, beside Cheshire and Shropshire), LL14 (Chirk, beside Shropshire)
  // and LL20 (Ceiriog valley); none was settled by a source. LL11 (Wrexham) does not touch the border.
  LL12: "cross-border", LL13: "cross-border", LL14: "cross-border", LL20: "cross-border",

  // NP: NP16 Chepstow includes Tutshill and Sedbury (Gloucestershire); NP25 Monmouth includes Welsh Newton
  // (Herefordshire). NP7 (Abergavenny) touches Herefordshire and was not settled by a source.
  NP7: "cross-border", NP16: "cross-border", NP25: "cross-border",

  // HR: HR3 holds Hay-on-Wye (Powys) and Cusop (Herefordshire). HR2, HR5, HR6 and HR9 touch Powys or
  // Monmouthshire and were not settled by a source. HR1, HR4, HR7, HR8 are inland Herefordshire.
  HR2: "cross-border", HR3: "cross-border", HR5: "cross-border", HR6: "cross-border", HR9: "cross-border",

  // GL: GL15 (Lydney, St Briavels) and GL16 (Coleford, Redbrook) reach the Wye opposite Monmouthshire; not
  // settled by a source.
  GL15: "cross-border", GL16: "cross-border",

  // TD (W:TD): TD9 covers Scottish Borders and Carlisle (Kershopefoot); TD12 Scottish Borders and
  // Northumberland (Cornhill-on-Tweed, Mindrum); TD15 Northumberland (Berwick-upon-Tweed) and Scottish Borders
  // (Paxton, Foulden, Hutton). The other TD districts are Scottish Borders and East Lothian only.
  TD9: "cross-border", TD12: "cross-border", TD15: "cross-border",

  // DG (W:DG): "The DG16 district also extends across the border into Cumbria".
  DG16: "cross-border",
  // CA (W:CA) is England only: CA6 (Longtown) is Cumberland; CA8, CA9 reach Northumberland, also England.
};

const OUTCODE = /^([A-Z]{1,2})(\d[A-Z\d]?)$/;

/**
 * The country of a postcode district (outward code, any case, spaces ignored), or undefined when the text is
 * not an outward code of a known postcode area. Works for districts newer than the centroid table too, because
 * it needs only the area letters and the district overrides.
 */
export function countryOfOutcode(outcode: string): Country | undefined {
  const normalised = outcode.replace(/\s+/g, "").toUpperCase();
  if (normalised === "GIR") return AREA_COUNTRY.GIR;
  const area = OUTCODE.exec(normalised)?.[1];
  if (area === undefined || !Object.hasOwn(AREA_COUNTRY, area)) return undefined;
  return DISTRICT_COUNTRY[normalised] ?? AREA_COUNTRY[area];
}

/** The override table, for tests and documentation. */
export const districtCountryOverrides: Readonly<Record<string, Country>> = DISTRICT_COUNTRY;
