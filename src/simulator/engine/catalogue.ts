import { englandBankHolidays } from "../../reference";
import { type Random } from "./random";
import {
  type SimAttribute,
  type SimDay,
  type SimEndpoint,
  type SimRotaSession,
  type SimSpecifiedDate,
} from "./types";

/**
 * The building blocks of synthetic services: opening patterns, age ranges, endpoints, attributes, phone
 * numbers and names. All of it is fictional but shaped like real DoS data (spec §5.4, §5.7–§5.9 and the
 * captures in ../shared/reference/dos/samples).
 */

// ---- Opening patterns (§5.8): minutes since local midnight; 1440 = to midnight (written 23:59 on the wire).

const WEEKDAYS: readonly SimDay[] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const WEEKEND: readonly SimDay[] = ["Saturday", "Sunday"];
const ALL_DAYS: readonly SimDay[] = [...WEEKDAYS, ...WEEKEND];

function sessions(days: readonly SimDay[], times: readonly (readonly [number, number])[]): SimRotaSession[] {
  return days.flatMap((day) => times.map(([startMinute, endMinute]) => ({ day, startMinute, endMinute })));
}

const hm = (hours: number, minutes = 0): number => hours * 60 + minutes;

/** Weekly rotas shared by many services (never mutated). Empty for open-all-hours services. */
export const ROTAS = {
  none: [] as SimRotaSession[],
  /** GP practice core hours, closed on bank holidays. */
  weekday: sessions(WEEKDAYS, [[hm(8), hm(18, 30)]]),
  /** Split sessions with a lunch closure. */
  weekdaySplit: sessions(WEEKDAYS, [
    [hm(9), hm(13)],
    [hm(14), hm(18)],
  ]),
  dental: sessions(WEEKDAYS, [
    [hm(9), hm(13)],
    [hm(14), hm(17, 30)],
  ]),
  officeHours: sessions(WEEKDAYS, [[hm(9), hm(17)]]),
  pharmacy: [...sessions([...WEEKDAYS, "Saturday"], [[hm(9), hm(17, 30)]])],
  pharmacyExtended: [
    ...sessions([...WEEKDAYS, "Saturday"], [[hm(8), hm(20)]]),
    ...sessions(["Sunday"], [[hm(11), hm(17)]]),
  ],
  /** A "100-hour" pharmacy, open on bank holidays too. */
  pharmacyLong: [
    ...sessions([...WEEKDAYS, "Saturday"], [[hm(7), hm(23)]]),
    ...sessions(["Sunday"], [[hm(10), hm(20)]]),
    ...sessions(["Bankholiday"], [[hm(10), hm(16)]]),
  ],
  urgentTreatment: sessions([...ALL_DAYS, "Bankholiday"], [[hm(8), hm(22)]]),
  urgentCare: sessions([...ALL_DAYS, "Bankholiday"], [[hm(8), hm(20)]]),
  /** Until midnight every day: the late session ends 23:59 (to midnight). */
  lateUrgentTreatment: sessions([...ALL_DAYS, "Bankholiday"], [[hm(7), 1440]]),
  sameDayEmergencyCare: sessions(WEEKDAYS, [[hm(8), hm(20)]]),
  eveningsAndWeekends: [
    ...sessions(WEEKDAYS, [[hm(18), hm(22)]]),
    ...sessions([...WEEKEND, "Bankholiday"], [[hm(9), hm(17)]]),
  ],
  /** GP out of hours: weekday nights as two sessions either side of midnight, weekends and bank holidays. */
  outOfHours: [
    ...sessions(WEEKDAYS, [
      [0, hm(8)],
      [hm(18, 30), 1440],
    ]),
    ...sessions([...WEEKEND, "Bankholiday"], [[0, 1440]]),
  ],
  /** Overnight only, every night: 20:00–23:59 then 00:00–08:00. */
  overnight: sessions(
    [...ALL_DAYS, "Bankholiday"],
    [
      [0, hm(8)],
      [hm(20), 1440],
    ],
  ),
  urgentDental: [
    ...sessions(WEEKDAYS, [[hm(18, 30), hm(22)]]),
    ...sessions(
      [...WEEKEND, "Bankholiday"],
      [
        [hm(9), hm(13)],
        [hm(14), hm(17)],
      ],
    ),
  ],
  optical: sessions([...WEEKDAYS, "Saturday"], [[hm(9), hm(17, 30)]]),
} satisfies Record<string, SimRotaSession[]>;

// ---- Specified dates (§5.8), around the directory's year and the next.

/** Bank holidays of `year` and the next, with pharmacy-style hours (10:00–16:00; Christmas Day closed). */
export function bankHolidayHours(year: number): SimSpecifiedDate[] {
  return [...englandBankHolidays(year), ...englandBankHolidays(year + 1)].map(({ date, name }) =>
    name.startsWith("Christmas Day")
      ? { date, startMinute: 0, endMinute: 0 }
      : { date, startMinute: hm(10), endMinute: hm(16) },
  );
}

/** Christmas Eve and New Year's Eve of `year` and the next, with shortened hours. */
export function festiveEveHours(year: number, startMinute: number, endMinute: number): SimSpecifiedDate[] {
  return [year, year + 1].flatMap((y) => [
    { date: `${y}-12-24`, startMinute, endMinute },
    { date: `${y}-12-31`, startMinute, endMinute },
  ]);
}

/**
 * One or two weekday closures (training days) in `year` or the next. Always draws the same amount of
 * randomness, so the rest of the directory does not depend on the year it was generated in.
 */
export function trainingClosures(random: Random, year: number): SimSpecifiedDate[] {
  const closures: SimSpecifiedDate[] = [];
  const count = random.int(1, 2);
  for (let i = 0; i < count; i++) {
    const date = new Date(Date.UTC(year + random.int(0, 1), random.int(0, 11), random.int(1, 28)));
    const weekday = date.getUTCDay();
    if (weekday === 6) date.setUTCDate(date.getUTCDate() + 2);
    if (weekday === 0) date.setUTCDate(date.getUTCDate() + 1);
    closures.push({ date: date.toISOString().slice(0, 10), startMinute: 0, endMinute: 0 });
  }
  return closures.sort((a, b) => a.date.localeCompare(b.date));
}

// ---- Age ranges in days (§5.2 "Age handling": from-year × 365.25 to (to-year + 1) × 365.25 − 1).

export const AGE_RANGES = {
  all: [{ daysFrom: 0, daysTo: 47481.5 }],
  /** The GP pattern of the 2020 capture: every band, plus 65+. */
  banded: [
    { daysFrom: 5844, daysTo: 47481.5 },
    { daysFrom: 1826.25, daysTo: 5843 },
    { daysFrom: 365.25, daysTo: 1825.25 },
    { daysFrom: 0, daysTo: 364.25 },
    { daysFrom: 23741.25, daysTo: 47481.5 },
  ],
  oneAndOver: [{ daysFrom: 365.25, daysTo: 47481.5 }],
  thirteenAndOver: [{ daysFrom: 4748.25, daysTo: 47481.5 }],
  adults: [{ daysFrom: 5844, daysTo: 47481.5 }],
} satisfies Record<string, { daysFrom: number; daysTo: number }[]>;

// ---- Endpoints (§5.7) and attributes (§5.9).

export const INTERACTIONS = {
  emergencyDepartment: "urn:nhs-itk:interaction:primaryEmergencyDepartmentRecipientNHS111CDADocument-v2-0",
  outOfHours: "urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0",
  generalPractice: "urn:nhs-itk:interaction:primaryGeneralPractitionerRecipientNHS111CDADocument-v2-0",
  copy: "urn:nhs-itk:interaction:copyRecipientNHS111CDADocument-v2-0",
  scheduling: "Scheduling",
} as const;

type EndpointFields = Omit<SimEndpoint, "order" | "compression" | "comment"> & { comment?: string };

/** Numbers the endpoints in order and fills DoS's observed defaults (`uncompressed`, empty comment). */
export function endpoints(...items: EndpointFields[]): SimEndpoint[] {
  return items.map((item, index) => ({
    order: index + 1,
    transport: item.transport,
    format: item.format,
    interaction: item.interaction,
    businessScenario: item.businessScenario,
    address: item.address,
    compression: "uncompressed",
    comment: item.comment ?? "",
  }));
}

export const endpoint = {
  itk: (
    interaction: string,
    slug: string,
    businessScenario: "Primary" | "Copy" = "Primary",
  ): EndpointFields => ({
    transport: "itk",
    format: "CDA",
    interaction,
    businessScenario,
    address: `https://${slug}.itk.example/NHS111v2.svc`,
  }),
  email: (
    slug: string,
    format: "CDA" | "PDF" | "HTML",
    businessScenario: "Primary" | "Copy",
  ): EndpointFields => ({
    transport: "email",
    format,
    interaction: businessScenario === "Copy" ? INTERACTIONS.copy : INTERACTIONS.outOfHours,
    businessScenario,
    address: `${slug}@nhs.example`,
  }),
  dts: (mailbox: string): EndpointFields => ({
    transport: "dts",
    format: "CDA",
    interaction: INTERACTIONS.copy,
    businessScenario: "Copy",
    address: mailbox,
  }),
  telno: (phone: string): EndpointFields => ({
    transport: "telno",
    format: "",
    interaction: "",
    businessScenario: "Primary",
    address: phone,
    comment: "Telephone the service to refer",
  }),
  faxno: (fax: string): EndpointFields => ({
    transport: "faxno",
    format: "PDF",
    interaction: INTERACTIONS.outOfHours,
    businessScenario: "Copy",
    address: fax,
  }),
  booking: (address: string): EndpointFields => ({
    transport: "http",
    format: "FHIR",
    interaction: INTERACTIONS.scheduling,
    businessScenario: "Primary",
    address,
    comment: "Book an appointment before referring",
  }),
};

const ATTRIBUTE_DESCRIPTIONS = {
  requirebooking: "Refer only with a booked appointment",
  Digital_Go_With_Notif: "The patient may go to the service, which is notified of the referral",
  webchat_enabled: "The service takes NHS 111 online webchat referrals",
  "Website Signposting": "The service's website is its primary referral route",
} as const;

export function attribute(name: keyof typeof ATTRIBUTE_DESCRIPTIONS, value: boolean): SimAttribute {
  return {
    dataType: "Boolean",
    name,
    description: ATTRIBUTE_DESCRIPTIONS[name],
    value: value ? "TRUE" : "FALSE",
  };
}

/**
 * What DoS says about each kind of service: `referralInformation` for clinicians and call handlers (DoS
 * starts it `Referral Information: `) and `publicFacingInformation` for patients (spec §5.4 #15, #17).
 */
export const SERVICE_TEXTS = {
  emergencyNationalResponse: {
    referralInformation:
      "Referral Information: National emergency response service. Refer by telephone on the professional " +
      "line only.",
    publicFacingInformation: "",
  },
  gpPractice: {
    referralInformation:
      "Referral Information: Registered patients only. Call the practice's professional line to arrange a " +
      "same-day appointment.",
    publicFacingInformation:
      "Contact your GP practice by telephone or online. Only registered patients are seen.",
  },
  pharmacy: {
    referralInformation:
      "Referral Information: Provide the address and telephone number for the pharmacy and advise the " +
      "patient the pharmacist will be expecting them. Patient must inform the pharmacist they have been " +
      "referred by NHS 111.",
    publicFacingInformation:
      "The pharmacist will be expecting you today (or when they are next open). You do not need to " +
      "telephone beforehand.",
  },
  pharmacyFirst: {
    referralInformation:
      "Referral Information: Pharmacy First consultation. Send the referral electronically; the pharmacist " +
      "will contact the patient.\nDo not refer patients under 1 year old.",
    publicFacingInformation:
      "A pharmacist will contact you to offer a consultation. You can also go to the pharmacy.",
  },
  dentalPractice: {
    referralInformation:
      "Referral Information: Registered patients and patients needing urgent dental care. Telephone before " +
      "attending.",
    publicFacingInformation:
      "Telephone the practice before you go. You may be charged for NHS dental treatment.",
  },
  optician: {
    referralInformation:
      "Referral Information: Minor eye conditions service; appointments on the same or next day.",
    publicFacingInformation: "Telephone the opticians for an appointment today or tomorrow.",
  },
  emergencyDepartment: {
    referralInformation:
      "Referral Information: Emergency Department open 24 hours. Send the patient with a list of their " +
      "medicines; ambulance arrivals use the ambulance entrance.",
    publicFacingInformation: "Go to the Emergency Department. If you are very unwell or injured, call 999.",
  },
  colocatedUtc: {
    referralInformation:
      "Referral Information: Co-located with the Emergency Department and streamed at the front door. " +
      "Minor illness and injury only.",
    publicFacingInformation: "Go to the hospital's main entrance and follow the signs for Urgent Treatment.",
  },
  sameDayEmergencyCare: {
    referralInformation:
      "Referral Information: Same day emergency care for adults referred by a clinician. Telephone the " +
      "professional line before referring.",
    publicFacingInformation: "",
  },
  eyeCasualty: {
    referralInformation: "Referral Information: Eye casualty for acute eye problems only.",
    publicFacingInformation: "Bring your glasses or contact lenses and a list of your medicines.",
  },
  earlyPregnancy: {
    referralInformation:
      "Referral Information: Early pregnancy assessment for patients under 20 weeks pregnant; telephone " +
      "first.",
    publicFacingInformation: "Telephone the unit before you go.",
  },
  urgentTreatmentCentre: {
    referralInformation:
      "Referral Information: Walk-in and bookable appointments for minor illness and injury. X-ray " +
      "available 08:00-20:00.",
    publicFacingInformation: "You can walk in, but booked patients are seen first.",
  },
  urgentCareCentre: {
    referralInformation:
      "Referral Information: Urgent care for minor illness and injury; no appointment needed.",
    publicFacingInformation: "No appointment needed. Waiting times vary.",
  },
  gpAccessHub: {
    referralInformation:
      "Referral Information: Evening and weekend appointments for patients registered with member " +
      "practices. Book through the hub.",
    publicFacingInformation: "Appointments must be booked.",
  },
  clinicalAssessment: {
    referralInformation:
      "Referral Information: Clinical assessment service for NHS 111. Refer electronically; do not give " +
      "this number to patients.",
    publicFacingInformation: "",
  },
  outOfHours: {
    referralInformation:
      "Referral Information: GP out of hours base. Refer electronically; the service calls the patient " +
      "back to arrange a visit or an appointment.",
    publicFacingInformation: "The out of hours service will call you back.",
  },
  mentalHealthCrisis: {
    referralInformation:
      "Referral Information: 24 hour mental health crisis line. Patients can self-refer by telephone.",
    publicFacingInformation: "Call the crisis line at any time, day or night.",
  },
  communityMentalHealth: {
    referralInformation:
      "Referral Information: Community mental health team for adults known to the service. Telephone the " +
      "duty worker.",
    publicFacingInformation: "Telephone the duty worker between 9am and 5pm.",
  },
  urgentDental: {
    referralInformation:
      "Referral Information: Urgent dental treatment by appointment only. Do not advise walking in.",
    publicFacingInformation: "Telephone for an appointment; do not walk in.",
  },
  sexualHealth: {
    referralInformation: "Referral Information: Walk-in sessions and appointments.",
    publicFacingInformation: "Walk in or book an appointment.",
  },
  sexualAssaultReferral: {
    referralInformation:
      "Referral Information: 24 hour telephone advice. Advise the patient not to wash or change clothes.",
    publicFacingInformation: "Call for advice at any time.",
  },
  districtNursing: {
    referralInformation: "Referral Information: District nursing for housebound patients of local practices.",
    publicFacingInformation: "",
  },
} satisfies Record<string, { referralInformation: string; publicFacingInformation: string }>;

// ---- Phone numbers: Ofcom's ranges reserved for TV and radio drama, so none can reach a real line.

const DRAMA_PREFIX_BY_AREA: Readonly<Record<string, string>> = {
  LS: "0113 496 0",
  S: "0114 496 0",
  NG: "0115 496 0",
  LE: "0116 496 0",
  BS: "0117 496 0",
  RG: "0118 496 0",
  B: "0121 496 0",
  L: "0151 496 0",
  M: "0161 496 0",
  NE: "0191 498 0",
  SR: "0191 498 0",
  DH: "0191 498 0",
  E: "020 7946 0",
  EC: "020 7946 0",
  N: "020 7946 0",
  NW: "020 7946 0",
  SE: "020 7946 0",
  SW: "020 7946 0",
  W: "020 7946 0",
  WC: "020 7946 0",
};

/** A drama-range number for the area (e.g. `0113 496 0123`), else `01632 960xxx` (no area). */
export function localPhone(random: Random, area: string): string {
  return `${DRAMA_PREFIX_BY_AREA[area] ?? "01632 960"}${random.digits(3)}`;
}

/** A drama-range UK-wide (`03069 990xxx`) number, for regional and national services. */
export function nationalPhone(random: Random): string {
  return `03069 990${random.digits(3)}`;
}

// ---- Names and addresses: invented, assembled with the post town of the area.

export const PLACE_NAMES: readonly string[] = [
  "Aldermoor",
  "Ashcombe",
  "Beckford",
  "Birchholt",
  "Bramblewood",
  "Brackenfield",
  "Cedarvale",
  "Elmstead",
  "Fernhill",
  "Foxley Green",
  "Greystone",
  "Hazelmere",
  "Hollybrook",
  "Kingsmead",
  "Larchmere",
  "Lindenfield",
  "Maplewood",
  "Meadowbank",
  "Millbrook",
  "Oakbridge",
  "Orchard Lea",
  "Pinewood",
  "Primrose Hill",
  "Quarrybank",
  "Riverside",
  "Rowan Vale",
  "Sandyford",
  "Sycamore",
  "Thornfield",
  "Westbrook",
  "Willowgate",
  "Woodlands",
  "Yewtree",
  "Harbourside",
  "Heathside",
  "Lakeside",
  "Parkside",
  "Stonebridge",
  "Brookfield",
  "Ivydene",
  "Alderbrook",
  "Ambervale",
  "Ashgrove",
  "Bellfield",
  "Blackthorn",
  "Bluebell Lane",
  "Briarwood",
  "Castlegate",
  "Cherrytree",
  "Clearwater",
  "Copperfield",
  "Cornmill",
  "Dalebrook",
  "Eastbury",
  "Fairholme",
  "Gorsefield",
  "Hawthorn Rise",
  "Highcliffe",
  "Hillcrest",
  "Kingfisher",
  "Lavender Court",
  "Lowfield",
  "Marshgate",
  "Mulberry",
  "Northgate",
  "Oakwell",
  "Poplar Grove",
  "Redbrook",
  "Rosewood",
  "Saxonbury",
  "Silverdale",
  "Southmead",
  "Springfield",
  "Tanners Green",
  "Upton Vale",
  "Wheatley Cross",
  "Whitebeam",
  "Wildmoor",
];

export const STREET_NAMES: readonly string[] = [
  "Alder Way",
  "Beacon Row",
  "Cobble Lane",
  "Dovecote Street",
  "Ember Road",
  "Foxglove Avenue",
  "Garnet Street",
  "Heron Walk",
  "Ivy Terrace",
  "Juniper Close",
  "Kestrel Road",
  "Lantern Lane",
  "Meadowsweet Drive",
  "Nightingale Street",
  "Orchard Parade",
  "Pennant Way",
  "Rookery Lane",
  "Saffron Street",
  "Tansy Road",
  "Umber Close",
  "Vinery Way",
  "Wren Street",
  "Yarrow Road",
  "Chandlers Row",
];

const slugs = new Map<string, string>();

/** `hollybrook-surgery` from `Hollybrook Surgery` (memoised: generation asks for the same few names often). */
export function slugOf(text: string): string {
  let slug = slugs.get(text);
  if (slug === undefined) {
    slug = text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    if (slugs.size < 10_000) slugs.set(text, slug);
  }
  return slug;
}
