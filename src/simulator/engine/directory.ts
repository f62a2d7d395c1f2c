import { type PostcodeDistrict, postcodeDistricts, serviceTypeById } from "../../reference";
import {
  AGE_RANGES,
  attribute,
  bankHolidayHours,
  endpoint,
  endpoints,
  festiveEveHours,
  INTERACTIONS,
  localPhone,
  nationalPhone,
  PLACE_NAMES,
  ROTAS,
  SERVICE_TEXTS,
  slugOf,
  STREET_NAMES,
  trainingClosures,
} from "./catalogue";
import {
  AREA_TOWNS,
  districtDensity,
  isCoveredByDosEngland,
  kilometresBetween,
  postcodeArea,
  postcodePosition,
} from "./geography";
import { clinicalProfile, dispositionProfile, SERVICE_TYPE_KIND } from "./profiles";
import { Random } from "./random";
import {
  type SimAttribute,
  type SimEndpoint,
  type SimRotaSession,
  type SimService,
  type SimSpecifiedDate,
} from "./types";

/**
 * The synthetic Directory of Services: thousands of fictional services across every postcode district DoS
 * England serves, generated deterministically from a seed (same seed and year → same directory).
 *
 * Layout, in the spirit of real provision:
 * - every district: GP practices (100), pharmacies (13; half also run a Pharmacy First service, 132, under
 *   the same ODS code and premises), some dental practices (12) and opticians (14); districts straddling the
 *   Welsh or Scottish border get a practice and a pharmacy only;
 * - hospital and treatment-centre sites in each postcode area, placed on its most built-up districts and
 *   spread apart: emergency departments (105) with co-located UTCs (150) and SDEC (140) sharing the trust
 *   site's ODS code, eye casualty (120), stand-alone UTCs (135), urgent care centres (46), GP access hubs
 *   (136);
 * - per area: GP out of hours (25), IUC clinical assessment (133, 137, 139) and NHS 111 call handling (130)
 *   for professionals only, mental health (7, 142), urgent dental (47, 156), sexual health (29, 143),
 *   district nursing (38);
 * - three national emergency response services (138);
 * - finally, an extra ED wherever a district centroid has no active ED within DoS's 60 km catch-all box, so
 *   every English search can fall back on the catch-all.
 * Stored search distances (DoS's `searchdistances`) cover some districts, sectors and full postcodes.
 */
export interface StoredSearchDistances {
  /** Kilometres by full postcode (`LS1 1UR`), sector (`LS1 1`) and district (`LS1`). */
  byPostcode: ReadonlyMap<string, number>;
  bySector: ReadonlyMap<string, number>;
  byDistrict: ReadonlyMap<string, number>;
}

export interface Directory {
  services: SimService[];
  storedDistances: StoredSearchDistances;
}

/** The catch-all's reach (spec §5.6): DoS's default search distance, as a box half-side in km. */
export const CATCH_ALL_KILOMETRES = 60;

export function generateDirectory(seed: string, year: number): Directory {
  const builder = new DirectoryBuilder(new Random(`directory:${seed}`), year);
  const areas = districtsByArea();
  for (const districts of areas.values()) builder.addDistrictServices(districts);
  for (const [area, districts] of areas) builder.addAreaServices(area, districts);
  builder.addNationalServices([...areas.values()]);
  builder.addCatchAllCoverage([...areas.values()].flat());
  return { services: builder.services, storedDistances: builder.storedDistances() };
}

// Private: districts DoS England serves, grouped by postcode area, in the reference table's order.
function districtsByArea(): Map<string, PostcodeDistrict[]> {
  const areas = new Map<string, PostcodeDistrict[]>();
  for (const district of postcodeDistricts) {
    if (!isCoveredByDosEngland(district)) continue;
    const area = postcodeArea(district.outcode);
    const list = areas.get(area);
    if (list) list.push(district);
    else areas.set(area, [district]);
  }
  return areas;
}

const INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";
const ODS_LETTERS = "ABCDEFGHJKLMNPQRSTVWXY";
const PRACTICE_BUILDINGS = ["Surgery", "Medical Practice", "Health Centre", "Medical Centre"];
const HOSPITAL_KINDS = ["General Hospital", "Royal Infirmary", "District Hospital", "University Hospital"];
const ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
const ALL_GENDERS: ("M" | "F" | "I")[] = ["M", "F", "I"];
const FEMALE_ONLY: ("M" | "F" | "I")[] = ["F"];

/** Where a service is: a full postcode in a district, its grid position and address. */
interface Premises {
  district: PostcodeDistrict;
  postcode: string;
  easting: number;
  northing: number;
  address: string;
  town: string;
  area: string;
}

interface NewService {
  typeId: number;
  name: string;
  publicName?: string;
  odsCode: string;
  premises: Premises;
  openAllHours?: boolean;
  rota?: SimRotaSession[];
  specifiedDates?: SimSpecifiedDate[];
  ageRanges: { daysFrom: number; daysTo: number }[];
  genders?: ("M" | "F" | "I")[];
  endpoints: SimEndpoint[];
  attributes?: SimAttribute[];
  restricted?: boolean;
  referralOdsCodes?: string[];
  professionalOnly?: boolean;
  publicPhone: string;
  nonPublicPhone?: string;
  fax?: string;
  url?: string;
  referralInformation: string;
  publicFacingInformation: string;
  status?: "active" | "closed";
}

class DirectoryBuilder {
  readonly services: SimService[] = [];
  private readonly ids = new Set<number>();
  private readonly odsCodes = new Set<string>();
  private readonly usedStems = new Set<string>();
  private readonly serviceTypes = new Map<number, { id: number; name: string }>();
  private readonly gpCodesByDistrict = new Map<string, string[]>();
  private readonly bankHolidayHours: SimSpecifiedDate[];
  private readonly festiveEveHours: SimSpecifiedDate[];

  constructor(
    private readonly random: Random,
    private readonly year: number,
  ) {
    this.bankHolidayHours = bankHolidayHours(year);
    this.festiveEveHours = festiveEveHours(year, 8 * 60, 18 * 60);
  }

  addDistrictServices(districts: PostcodeDistrict[]): void {
    for (const district of districts) {
      const density = districtDensity(district.outcode);
      const border = district.country === "cross-border";
      const practices = border ? 1 : density >= 3 ? 2 : this.random.int(1, 2);
      const pharmacies = border ? 1 : density >= 8 ? 2 : density >= 3 ? this.random.int(1, 2) : 1;
      const codes: string[] = [];
      for (let i = 0; i < practices; i++) codes.push(this.addGpPractice(district));
      this.gpCodesByDistrict.set(district.outcode, codes);
      for (let i = 0; i < pharmacies; i++) this.addPharmacy(district);
      if (!border && this.random.chance(0.4)) this.addDentalPractice(district);
      if (!border && this.random.chance(0.15)) this.addOptician(district);
    }
  }

  addAreaServices(area: string, districts: PostcodeDistrict[]): void {
    // Areas DoS England reaches only through border districts get no hospitals or area services.
    if (districts.every((district) => district.country === "cross-border")) return;
    const emergencySites = Math.max(1, Math.round(districts.length / 12));
    const sites = chooseSites(districts, Math.max(emergencySites + 1, Math.round(districts.length / 5)));
    const trust = this.uniqueOds(
      () => `R${this.random.letter(ALPHANUMERIC)}${this.random.letter(ALPHANUMERIC)}`,
    );
    sites.forEach((district, index) => {
      if (index < emergencySites) {
        this.addHospital(district, `${trust}${String(index + 1).padStart(2, "0")}`, index);
      } else {
        this.addTreatmentCentres(district, districts);
      }
    });
    this.addRegionalServices(area, sites[0], districts);
  }

  addNationalServices(areas: PostcodeDistrict[][]): void {
    const largest = [...areas].sort((a, b) => b.length - a.length).slice(0, 3);
    for (const districts of largest) {
      const hub = chooseSites(districts, 1)[0];
      const premises = this.premises(hub);
      this.add({
        typeId: 138,
        name: `ENR - ${premises.town} Emergency National Response`,
        odsCode: this.uniqueOds(() => `NR${this.random.digits(3)}`),
        premises,
        openAllHours: true,
        ageRanges: AGE_RANGES.all,
        endpoints: endpoints(endpoint.telno(nationalPhone(this.random))),
        professionalOnly: true,
        publicPhone: "",
        nonPublicPhone: nationalPhone(this.random),
        ...SERVICE_TEXTS.emergencyNationalResponse,
      });
    }
  }

  /** Adds an ED wherever a district centroid has no active ED inside the catch-all box. */
  addCatchAllCoverage(districts: PostcodeDistrict[]): void {
    const reach = CATCH_ALL_KILOMETRES * 1000;
    const activeEds = this.services.filter((s) => s.serviceType.id === 105 && s.status === "active");
    for (const district of districts) {
      const covered = activeEds.some(
        (ed) =>
          Math.abs(ed.easting - district.easting) <= reach &&
          Math.abs(ed.northing - district.northing) <= reach,
      );
      if (covered) continue;
      const trust = this.uniqueOds(
        () => `R${this.random.letter(ALPHANUMERIC)}${this.random.letter(ALPHANUMERIC)}`,
      );
      activeEds.push(this.addHospital(district, `${trust}01`, 1, "active"));
    }
  }

  storedDistances(): StoredSearchDistances {
    const random = this.random;
    const byDistrict = new Map<string, number>();
    const bySector = new Map<string, number>();
    for (const district of postcodeDistricts) {
      if (!isCoveredByDosEngland(district)) continue;
      const density = districtDensity(district.outcode);
      if (random.chance(0.45)) {
        // Rural districts get larger stored distances, as DoS leads set them.
        byDistrict.set(
          district.outcode,
          density >= 8 ? random.int(15, 25) : density >= 3 ? random.int(20, 40) : random.int(35, 60),
        );
      }
      if (random.chance(0.12)) bySector.set(`${district.outcode} ${random.int(1, 9)}`, random.int(8, 30));
    }
    const byPostcode = new Map<string, number>();
    for (const service of this.services) {
      if (random.chance(0.02)) byPostcode.set(service.postcode, random.int(5, 40));
    }
    return { byPostcode, bySector, byDistrict };
  }

  // ---- Services

  private addGpPractice(district: PostcodeDistrict): string {
    const stem = this.uniqueStem(
      district,
      () => `${this.random.pick(PLACE_NAMES)} ${this.random.pick(PRACTICE_BUILDINGS)}`,
    );
    const premises = this.premises(district);
    const odsCode = this.uniqueOds(
      () => `${this.random.letter("ABCDEGHJKLMNPY")}${this.random.int(81, 89)}${this.random.digits(3)}`,
    );
    const slug = `${slugOf(stem)}-${odsCode.toLowerCase()}`;
    this.add({
      typeId: 100,
      name: `GP - ${stem} - ${premises.town}`,
      publicName: this.random.chance(0.5) ? stem : "",
      odsCode,
      premises,
      rota: this.random.chance(0.7) ? ROTAS.weekday : ROTAS.weekdaySplit,
      specifiedDates: this.random.chance(0.15) ? trainingClosures(this.random, this.year) : none(),
      ageRanges: AGE_RANGES.banded,
      endpoints: endpoints(
        endpoint.itk(INTERACTIONS.generalPractice, slug),
        this.random.chance(0.5)
          ? endpoint.itk(INTERACTIONS.copy, slug, "Copy")
          : endpoint.dts(this.dtsMailbox()),
      ),
      publicPhone: localPhone(this.random, premises.area),
      nonPublicPhone: localPhone(this.random, premises.area),
      fax: this.random.chance(0.3) ? localPhone(this.random, premises.area) : "",
      url: this.random.chance(0.6) ? `www.${slugOf(stem)}.example` : "",
      ...SERVICE_TEXTS.gpPractice,
    });
    return odsCode;
  }

  private addPharmacy(district: PostcodeDistrict): void {
    const stem = this.uniqueStem(district, () => `${this.random.pick(PLACE_NAMES)} Pharmacy`);
    const premises = this.premises(district);
    const odsCode = this.uniqueOds(() => `F${this.random.letters(ODS_LETTERS, 2)}${this.random.digits(2)}`);
    const slug = `${slugOf(stem)}-${odsCode.toLowerCase()}`;
    const rota = this.random.pick([
      ROTAS.pharmacy,
      ROTAS.pharmacyExtended,
      ROTAS.pharmacyExtended,
      ROTAS.pharmacyLong,
    ]);
    const specifiedDates =
      rota !== ROTAS.pharmacyLong && this.random.chance(0.5)
        ? this.bankHolidayHours
        : none<SimSpecifiedDate>();
    const publicPhone = localPhone(this.random, premises.area);
    const url = this.random.chance(0.5) ? `www.${slugOf(stem)}.example` : "";
    this.add({
      typeId: 13,
      name: `Pharmacy - ${stem} - ${premises.town}`,
      publicName: this.random.chance(0.4) ? stem : "",
      odsCode,
      premises,
      rota,
      specifiedDates,
      ageRanges: AGE_RANGES.all,
      endpoints: endpoints(endpoint.email(slug, "CDA", "Primary")),
      attributes: this.random.chance(0.2)
        ? [attribute("Website Signposting", this.random.chance(0.5))]
        : none(),
      publicPhone,
      url,
      ...SERVICE_TEXTS.pharmacy,
    });
    if (!this.random.chance(0.5)) return;
    this.add({
      typeId: 132,
      name: `Pharmacy First: ${stem} - ${premises.town}`,
      publicName: "",
      odsCode,
      premises,
      rota,
      specifiedDates,
      ageRanges: AGE_RANGES.oneAndOver,
      endpoints: endpoints(
        endpoint.email(`pharmacyfirst.${slug}`, "CDA", "Primary"),
        endpoint.telno(publicPhone),
      ),
      attributes: [attribute("Digital_Go_With_Notif", this.random.chance(0.6))],
      publicPhone,
      nonPublicPhone: localPhone(this.random, premises.area),
      url,
      ...SERVICE_TEXTS.pharmacyFirst,
    });
  }

  private addDentalPractice(district: PostcodeDistrict): void {
    const stem = this.uniqueStem(district, () => `${this.random.pick(PLACE_NAMES)} Dental Practice`);
    const premises = this.premises(district);
    const odsCode = this.uniqueOds(() => `V${this.random.digits(6)}`);
    this.add({
      typeId: 12,
      name: `Dental - ${stem} - ${premises.town}`,
      publicName: this.random.chance(0.5) ? stem : "",
      odsCode,
      premises,
      rota: ROTAS.dental,
      ageRanges: AGE_RANGES.all,
      endpoints: this.random.chance(0.5)
        ? endpoints(endpoint.email(`${slugOf(stem)}-${odsCode.toLowerCase()}`, "PDF", "Primary"))
        : none(),
      publicPhone: localPhone(this.random, premises.area),
      url: this.random.chance(0.5) ? `www.${slugOf(stem)}.example` : "",
      ...SERVICE_TEXTS.dentalPractice,
    });
  }

  private addOptician(district: PostcodeDistrict): void {
    const stem = this.uniqueStem(district, () => `${this.random.pick(PLACE_NAMES)} Opticians`);
    const premises = this.premises(district);
    this.add({
      typeId: 14,
      name: `Optical - ${stem} - ${premises.town}`,
      odsCode: this.uniqueOds(() => `T${this.random.letter(ODS_LETTERS)}${this.random.digits(4)}`),
      premises,
      rota: ROTAS.optical,
      ageRanges: AGE_RANGES.all,
      endpoints: none(),
      publicPhone: localPhone(this.random, premises.area),
      ...SERVICE_TEXTS.optician,
    });
  }

  /** An acute hospital site: ED and, sharing its ODS code, a co-located UTC and SDEC. Returns the ED. */
  private addHospital(
    district: PostcodeDistrict,
    siteCode: string,
    siteIndex: number,
    status?: "active" | "closed",
  ): SimService {
    const hospital = this.uniqueStem(
      district,
      () => `${this.random.pick(PLACE_NAMES)} ${this.random.pick(HOSPITAL_KINDS)}`,
    );
    const premises = this.premises(district, hospital);
    const slug = `${slugOf(hospital)}-${siteCode.toLowerCase()}`;
    this.odsCodes.add(siteCode);
    const professionalLine = localPhone(this.random, premises.area);
    const emergencyDepartment = this.add({
      typeId: 105,
      name: `ED - ${hospital} - ${premises.town}`,
      publicName: this.random.chance(0.5) ? `${hospital} Emergency Department` : "",
      odsCode: siteCode,
      premises,
      openAllHours: true,
      ageRanges: this.random.chance(0.7) ? AGE_RANGES.all : AGE_RANGES.banded,
      endpoints: endpoints(
        endpoint.itk(INTERACTIONS.emergencyDepartment, slug),
        ...(this.random.chance(0.4) ? [endpoint.email(`ed.${slug}`, "PDF", "Copy")] : []),
      ),
      attributes: this.random.chance(0.5)
        ? [attribute("Digital_Go_With_Notif", this.random.chance(0.5))]
        : none(),
      publicPhone: localPhone(this.random, premises.area),
      nonPublicPhone: professionalLine,
      url: `www.${slugOf(hospital)}.example`,
      ...SERVICE_TEXTS.emergencyDepartment,
      status: status ?? (this.random.chance(0.03) ? "closed" : "active"),
    });
    if (this.random.chance(0.6)) {
      this.add({
        typeId: 150,
        name: `UTC - ${hospital} - ${premises.town}`,
        publicName: this.random.chance(0.5) ? `${hospital} Urgent Treatment Centre` : "",
        odsCode: siteCode,
        premises,
        openAllHours: this.random.chance(0.5),
        rota: ROTAS.lateUrgentTreatment,
        ageRanges: AGE_RANGES.all,
        endpoints: endpoints(endpoint.itk(INTERACTIONS.outOfHours, `utc.${slug}`)),
        attributes: [attribute("Digital_Go_With_Notif", true)],
        publicPhone: "",
        nonPublicPhone: professionalLine,
        ...SERVICE_TEXTS.colocatedUtc,
      });
    }
    if (this.random.chance(0.4)) {
      this.add({
        typeId: 140,
        name: `SDEC - ${hospital} - ${premises.town}`,
        odsCode: siteCode,
        premises,
        rota: ROTAS.sameDayEmergencyCare,
        ageRanges: AGE_RANGES.adults,
        endpoints: endpoints(endpoint.telno(professionalLine)),
        professionalOnly: true,
        publicPhone: "",
        nonPublicPhone: professionalLine,
        ...SERVICE_TEXTS.sameDayEmergencyCare,
      });
    }
    if (siteIndex === 0 && this.random.chance(0.35)) {
      this.add({
        typeId: 120,
        name: `Eye Casualty - ${hospital} - ${premises.town}`,
        odsCode: siteCode,
        premises,
        rota: ROTAS.urgentCare,
        ageRanges: AGE_RANGES.all,
        endpoints: endpoints(endpoint.itk(INTERACTIONS.emergencyDepartment, `eye.${slug}`)),
        publicPhone: localPhone(this.random, premises.area),
        ...SERVICE_TEXTS.eyeCasualty,
      });
    }
    if (this.random.chance(0.3)) {
      this.add({
        typeId: 154,
        name: `EPAU - ${hospital} - ${premises.town}`,
        odsCode: siteCode,
        premises,
        rota: ROTAS.officeHours,
        ageRanges: AGE_RANGES.thirteenAndOver,
        genders: FEMALE_ONLY,
        endpoints: none(),
        publicPhone: localPhone(this.random, premises.area),
        ...SERVICE_TEXTS.earlyPregnancy,
      });
    }
    return emergencyDepartment;
  }

  /** A town's treatment centres: stand-alone UTC, urgent care centre and GP access hub, each by chance. */
  private addTreatmentCentres(district: PostcodeDistrict, areaDistricts: PostcodeDistrict[]): void {
    if (this.random.chance(0.6)) {
      const stem = this.uniqueStem(
        district,
        () => `${this.random.pick(PLACE_NAMES)} Urgent Treatment Centre`,
      );
      const premises = this.premises(district, stem);
      const id = this.newId();
      const booking = this.random.chance(0.3);
      this.add({
        id,
        typeId: 135,
        name: `UTC - ${stem} - ${premises.town}`,
        publicName: this.random.chance(0.5) ? stem : "",
        odsCode: String(id),
        premises,
        openAllHours: this.random.chance(0.2),
        rota: ROTAS.urgentTreatment,
        specifiedDates: this.random.chance(0.3) ? this.festiveEveHours : none(),
        ageRanges: this.random.chance(0.5) ? AGE_RANGES.banded : AGE_RANGES.all,
        endpoints: endpoints(
          endpoint.itk(INTERACTIONS.outOfHours, `${slugOf(stem)}-${id}`),
          ...(booking ? [endpoint.booking(`ASID:${this.random.digits(12)}`)] : []),
        ),
        attributes: booking ? [attribute("requirebooking", this.random.chance(0.6))] : none(),
        publicPhone: localPhone(this.random, premises.area),
        nonPublicPhone: localPhone(this.random, premises.area),
        url: `www.${slugOf(stem)}.example`,
        ...SERVICE_TEXTS.urgentTreatmentCentre,
      });
    }
    if (this.random.chance(0.4)) {
      const stem = this.uniqueStem(district, () => `${this.random.pick(PLACE_NAMES)} Community Hospital`);
      const premises = this.premises(district, stem);
      this.add({
        typeId: 46,
        name: `UCC - ${stem} - ${premises.town}`,
        odsCode: this.uniqueOds(() => `N${this.random.letters(ODS_LETTERS, 2)}${this.random.digits(2)}`),
        premises,
        rota: ROTAS.urgentCare,
        ageRanges: this.random.chance(0.5) ? AGE_RANGES.oneAndOver : AGE_RANGES.all,
        endpoints: endpoints(
          endpoint.itk(INTERACTIONS.outOfHours, `ucc-${slugOf(stem)}-${district.outcode.toLowerCase()}`),
        ),
        publicPhone: localPhone(this.random, premises.area),
        ...SERVICE_TEXTS.urgentCareCentre,
      });
    }
    if (this.random.chance(0.4)) {
      const stem = this.uniqueStem(district, () => `${this.random.pick(PLACE_NAMES)} GP Access Hub`);
      const premises = this.premises(district, stem);
      const id = this.newId();
      const restricted = this.random.chance(0.5);
      this.add({
        id,
        typeId: 136,
        name: `GP Access Hub - ${stem} - ${premises.town}`,
        odsCode: String(id),
        premises,
        rota: ROTAS.eveningsAndWeekends,
        ageRanges: AGE_RANGES.banded,
        endpoints: endpoints(endpoint.booking(`ODS:${String(id)}`)),
        attributes: [attribute("requirebooking", true)],
        restricted,
        referralOdsCodes: this.nearbyGpCodes(district, areaDistricts, 10),
        publicPhone: localPhone(this.random, premises.area),
        ...SERVICE_TEXTS.gpAccessHub,
      });
    }
  }

  private addRegionalServices(area: string, hub: PostcodeDistrict, districts: PostcodeDistrict[]): void {
    const town = AREA_TOWNS[area] ?? area;
    const regional = (typeId: number, name: string, fields: Partial<NewService> = {}): SimService => {
      const premises = this.premises(this.random.chance(0.6) ? hub : this.random.pick(districts));
      const id = this.newId();
      return this.add({
        id,
        typeId,
        name,
        odsCode: String(id),
        premises,
        openAllHours: true,
        ageRanges: AGE_RANGES.all,
        endpoints: endpoints(endpoint.itk(INTERACTIONS.outOfHours, `${slugOf(name)}-${id}`)),
        publicPhone: "",
        nonPublicPhone: nationalPhone(this.random),
        ...SERVICE_TEXTS.clinicalAssessment,
        professionalOnly: true,
        ...fields,
      });
    };
    const outOfHoursBases = 1 + Math.floor(districts.length / 30);
    for (let i = 0; i < outOfHoursBases; i++) {
      const base = this.random.pick(districts);
      const listed = this.random.next();
      regional(25, `IUC Treatment - ${town} GP Out of Hours (${this.random.pick(PLACE_NAMES)} base)`, {
        premises: this.premises(base),
        openAllHours: false,
        rota: this.random.chance(0.7) ? ROTAS.outOfHours : ROTAS.overnight,
        ageRanges: AGE_RANGES.all,
        professionalOnly: this.random.chance(0.3),
        restricted: listed < 0.4,
        referralOdsCodes: listed < 0.7 ? this.nearbyGpCodes(base, districts, 12) : none(),
        attributes: [attribute("requirebooking", false)],
        endpoints: endpoints(
          endpoint.itk(INTERACTIONS.outOfHours, slugOf(`ooh ${town} ${i}`)),
          ...(this.random.chance(0.5)
            ? [endpoint.booking(`ODS:N${this.random.letter("ABCDEFGH")}${this.random.digits(3)}`)]
            : []),
        ),
        publicPhone: nationalPhone(this.random),
        ...SERVICE_TEXTS.outOfHours,
      });
    }
    regional(133, `IUC CAS - ${town} Clinical Assessment Service`, {
      ageRanges: AGE_RANGES.banded,
      attributes: [attribute("webchat_enabled", this.random.chance(0.3))],
    });
    regional(137, `IUC Pharmacy CAS - ${town}`);
    regional(139, `IUC Validation - ${town} Ambulance Validation`, {
      endpoints: endpoints(
        endpoint.itk(INTERACTIONS.outOfHours, slugOf(`validation ${town}`)),
        endpoint.telno(nationalPhone(this.random)),
      ),
    });
    regional(130, `NHS 111 - ${town} Call Handling`);
    regional(142, `Mental Health Crisis - ${town} Crisis Line`, {
      professionalOnly: false,
      publicPhone: nationalPhone(this.random),
      endpoints: endpoints(endpoint.telno(nationalPhone(this.random))),
      ...SERVICE_TEXTS.mentalHealthCrisis,
    });
    const mentalHealthTeams = 1 + Math.floor(districts.length / 40);
    for (let i = 0; i < mentalHealthTeams; i++) {
      regional(7, `Mental Health - ${this.random.pick(PLACE_NAMES)} Community Mental Health Team - ${town}`, {
        premises: this.premises(this.random.pick(districts)),
        openAllHours: false,
        rota: ROTAS.officeHours,
        ageRanges: AGE_RANGES.adults,
        professionalOnly: false,
        publicPhone: localPhone(this.random, area),
        endpoints: endpoints(endpoint.email(slugOf(`cmht ${town} ${i}`), "PDF", "Primary")),
        ...SERVICE_TEXTS.communityMentalHealth,
      });
    }
    for (const [typeId, label] of [
      [156, "Urgent Dental Care"],
      [47, "Emergency Dental Service"],
    ] as const) {
      regional(typeId, `Dental Urgent Care - ${town} ${label}`, {
        openAllHours: false,
        rota: ROTAS.urgentDental,
        professionalOnly: false,
        publicPhone: localPhone(this.random, area),
        endpoints: endpoints(endpoint.faxno(localPhone(this.random, area))),
        ...SERVICE_TEXTS.urgentDental,
      });
    }
    const womenOnly = this.random.chance(0.3);
    const clinicKind = womenOnly ? "Women's Health Clinic" : "Sexual Health Clinic";
    const clinic = `${this.random.pick(PLACE_NAMES)} ${clinicKind}`;
    regional(29, `Sexual Health - ${clinic} - ${town}`, {
      openAllHours: false,
      rota: ROTAS.weekdaySplit,
      ageRanges: AGE_RANGES.thirteenAndOver,
      genders: womenOnly ? FEMALE_ONLY : ALL_GENDERS,
      professionalOnly: false,
      publicPhone: localPhone(this.random, area),
      endpoints: none(),
      ...SERVICE_TEXTS.sexualHealth,
    });
    if (this.random.chance(0.4)) {
      regional(143, `SARC - ${town} Sexual Assault Referral Centre`, {
        professionalOnly: false,
        publicPhone: nationalPhone(this.random),
        endpoints: endpoints(endpoint.telno(nationalPhone(this.random))),
        ...SERVICE_TEXTS.sexualAssaultReferral,
      });
    }
    regional(38, `Community Nursing - ${town} District Nursing Team`, {
      openAllHours: false,
      rota: ROTAS.officeHours,
      professionalOnly: false,
      publicPhone: localPhone(this.random, area),
      endpoints: none(),
      ...SERVICE_TEXTS.districtNursing,
    });
  }

  // ---- Pieces

  private add(spec: NewService & { id?: number }): SimService {
    const profile = clinicalProfile(SERVICE_TYPE_KIND[spec.typeId] ?? "specialist");
    const { premises } = spec;
    const service: SimService = {
      id: spec.id ?? this.newId(),
      odsCode: spec.odsCode,
      name: spec.name,
      publicName: spec.publicName ?? "",
      publicPhone: spec.publicPhone,
      nonPublicPhone: spec.nonPublicPhone ?? "",
      fax: spec.fax ?? "",
      address: premises.address,
      postcode: premises.postcode,
      easting: premises.easting,
      northing: premises.northing,
      url: spec.url ?? "",
      serviceType: this.serviceTypeOf(spec.typeId),
      publicFacingInformation: spec.publicFacingInformation,
      referralInformation: spec.referralInformation,
      openAllHours: spec.openAllHours ?? false,
      rota: spec.openAllHours ? ROTAS.none : (spec.rota ?? ROTAS.none),
      specifiedDates: spec.specifiedDates ?? none(),
      attributes: spec.attributes ?? none(),
      endpoints: spec.endpoints,
      ageRanges: spec.ageRanges,
      symptomGroups: profile.symptomGroups,
      symptomDiscriminators: profile.symptomDiscriminators,
      dispositions: dispositionProfile(spec.typeId).uids,
      genders: spec.genders ?? ALL_GENDERS,
      restricted: spec.restricted ?? false,
      referralOdsCodes: spec.referralOdsCodes ?? none(),
      professionalOnly: spec.professionalOnly ?? false,
      status: spec.status ?? (this.random.chance(0.015) ? "closed" : "active"),
      rag: "GREEN",
    };
    this.services.push(service);
    return service;
  }

  /** A new full postcode in the district, with its position and a comma-joined address ending in it. */
  private premises(district: PostcodeDistrict, building?: string): Premises {
    const postcode = `${district.outcode} ${this.random.int(1, 9)}${this.random.letters(INWARD_LETTERS, 2)}`;
    const { easting, northing } = postcodePosition(district, postcode);
    const { area, town } = placeOf(district);
    const street = `${this.random.int(1, 240)} ${this.random.pick(STREET_NAMES)}`;
    const address = [building, street, town, postcode].filter(Boolean).join(", ");
    return { district, postcode, easting, northing, address, town, area };
  }

  /** DoS ids: older services have 6-digit ids, newer ones 13…, 15… and 2000… ids (all ≤ 2^31 − 1). */
  private newId(): number {
    for (;;) {
      const band = this.random.next();
      const id =
        band < 0.15
          ? this.random.int(100_000, 199_999)
          : band < 0.35
            ? this.random.int(1_300_000_000, 1_399_999_999)
            : band < 0.5
              ? this.random.int(1_500_000_000, 1_599_999_999)
              : this.random.int(2_000_000_000, 2_000_999_999);
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }

  /** One `{ id, name }` per service type, shared by its services. */
  private serviceTypeOf(typeId: number): { id: number; name: string } {
    let serviceType = this.serviceTypes.get(typeId);
    if (!serviceType) {
      const known = serviceTypeById(typeId);
      if (!known) throw new Error(`Unknown service type ${typeId}`);
      serviceType = Object.freeze({ id: known.id, name: known.name });
      this.serviceTypes.set(typeId, serviceType);
    }
    return serviceType;
  }

  /** A name not yet used in the district's post town (a few tries; duplicates are rare and harmless). */
  private uniqueStem(district: PostcodeDistrict, make: () => string): string {
    const { town } = placeOf(district);
    for (let attempt = 0; ; attempt++) {
      const stem = make();
      const key = `${town}|${stem}`;
      if (!this.usedStems.has(key) || attempt >= 8) {
        this.usedStems.add(key);
        return stem;
      }
    }
  }

  private uniqueOds(make: () => string): string {
    for (;;) {
      const code = make();
      if (!this.odsCodes.has(code)) {
        this.odsCodes.add(code);
        return code;
      }
    }
  }

  private dtsMailbox(): string {
    return `X26${this.random.letters(ODS_LETTERS, 2)}${this.random.digits(3)}`;
  }

  /** ODS codes of the GP practices in the district and its nearest neighbours in the area. */
  private nearbyGpCodes(
    district: PostcodeDistrict,
    areaDistricts: PostcodeDistrict[],
    limit: number,
  ): string[] {
    return [...areaDistricts]
      .sort((a, b) => kilometresBetween(a, district) - kilometresBetween(b, district))
      .flatMap((near) => this.gpCodesByDistrict.get(near.outcode) ?? [])
      .slice(0, limit);
  }
}

const NOTHING: readonly unknown[] = Object.freeze([]);

/**
 * The empty list every service without attributes, endpoints, referral codes or specified dates shares (most
 * services): thousands fewer objects to allocate at start-up. Frozen, so a mutation fails loudly.
 */
function none<T>(): T[] {
  return NOTHING as unknown as T[];
}

const places = new Map<string, { area: string; town: string }>();

function placeOf(district: PostcodeDistrict): { area: string; town: string } {
  let place = places.get(district.outcode);
  if (!place) {
    const area = postcodeArea(district.outcode);
    place = { area, town: AREA_TOWNS[area] ?? area };
    places.set(district.outcode, place);
  }
  return place;
}

/**
 * `count` districts spread over an area, built-up ones first: the densest district, then repeatedly the one
 * farthest from those chosen, weighted by how built-up it is.
 */
function chooseSites(districts: PostcodeDistrict[], count: number): PostcodeDistrict[] {
  const weight = (district: PostcodeDistrict): number => Math.sqrt(1 + districtDensity(district.outcode));
  const first = districts.reduce((best, d) => (weight(d) > weight(best) ? d : best), districts[0]);
  const chosen = [first];
  const nearestChosen = new Map(districts.map((d) => [d, kilometresBetween(d, first)]));
  while (chosen.length < Math.min(count, districts.length)) {
    let best: PostcodeDistrict | undefined;
    let bestScore = -1;
    for (const district of districts) {
      const score = (nearestChosen.get(district) ?? 0) * weight(district);
      if (score > bestScore) {
        best = district;
        bestScore = score;
      }
    }
    if (!best || bestScore <= 0) break;
    chosen.push(best);
    for (const district of districts) {
      nearestChosen.set(
        district,
        Math.min(nearestChosen.get(district) ?? Infinity, kilometresBetween(district, best)),
      );
    }
  }
  return chosen;
}
