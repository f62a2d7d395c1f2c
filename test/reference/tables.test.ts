/**
 * The generated tables against the original facts in ../shared: the generated files must be what the
 * generator writes today, and every public table must equal an independent fresh parse of the CSVs.
 */
import fs from "node:fs";
import path from "node:path";

import { GENERATED_DIR, renderReferenceFiles } from "../../scripts/generate-reference";
import { parseCsvRecords } from "../../src/reference/csv";
import {
  discriminatorsForSymptomGroup,
  dispositionGroups,
  dispositions,
  dxCodesWithoutDispositionGroup,
  isValidSgSdPair,
  postcodeDistricts,
  serviceTypes,
  symptomDiscriminators,
  symptomGroups,
} from "../../src/reference";
import { wgs84ToOsgb } from "../../src/reference/osgb";
import { sharedPath } from "../helpers/shared";

function readFacts<Column extends string>(file: string, columns: readonly Column[]): Record<Column, string>[] {
  const text = fs.readFileSync(sharedPath("reference", "dos", "data", file), "utf8");
  return parseCsvRecords(text, columns);
}

const intOrNull = (text: string) => (text === "" ? null : Number(text));
const dx = (code: string) => `Dx${code.slice(2)}`;

describe("src/reference/generated", () => {
  it("is exactly what `npm run gen:reference` writes from the current facts", () => {
    const rendered = renderReferenceFiles(sharedPath("reference", "dos", "data"));
    const stale = rendered
      .filter((file) => {
        const target = path.join(GENERATED_DIR, file.fileName);
        return !fs.existsSync(target) || fs.readFileSync(target, "utf8") !== file.content;
      })
      .map((file) => file.fileName);
    const unexpected = fs
      .readdirSync(GENERATED_DIR)
      .filter((name) => !rendered.some((file) => file.fileName === name));
    if (stale.length > 0 || unexpected.length > 0) {
      throw new Error(
        `src/reference/generated is out of date (stale: ${stale.join(", ") || "none"}; ` +
          `not generated: ${unexpected.join(", ") || "none"}): run npm run gen:reference`,
      );
    }
  });

  it("is deterministic: rendering twice gives identical files", () => {
    const dataDir = sharedPath("reference", "dos", "data");
    expect(renderReferenceFiles(dataDir)).toEqual(renderReferenceFiles(dataDir));
  });
});

describe("tables equal the original facts (run npm run gen:reference if these fail)", () => {
  const groupRows = readFacts("dos-disposition-groups.csv", [
    "uid_used_as_ccs_disposition",
    "dispositiontime_minutes",
    "defaultdos_servicetypes",
    "name",
    "linked_dxcodes",
  ]);
  const groupServiceTypeRows = readFacts("dos-disposition-group-servicetypes.csv", [
    "dispositiongroup_uid",
    "servicetypeid",
  ]);
  const dispositionRows = readFacts("dos-dispositions.csv", ["dxcode", "name", "dispositiontime_minutes"]);

  it("disposition groups: every row, with its service types", () => {
    expect(dispositionGroups).toEqual(
      groupRows.map((row) => {
        const uid = Number(row.uid_used_as_ccs_disposition);
        return {
          uid,
          name: row.name.trim(),
          timeFrameMinutes: row.dispositiontime_minutes === "" ? 0 : Number(row.dispositiontime_minutes),
          dxCodes: row.linked_dxcodes === "" ? [] : row.linked_dxcodes.split("|").map(dx),
          aggregate: (uid >= 1 && uid <= 24) || (uid >= 9000 && uid <= 9400),
          serviceTypeIds: groupServiceTypeRows
            .filter((pair) => Number(pair.dispositiongroup_uid) === uid)
            .map((pair) => Number(pair.servicetypeid))
            .sort((a, b) => a - b),
          defaultServiceTypeIds:
            row.defaultdos_servicetypes === "" ? [] : row.defaultdos_servicetypes.split(",").map(Number),
        };
      }),
    );
  });

  it("dispositions: each Dx code linked to exactly one specific group, plus the documented Dx335 link", () => {
    const specificGroupsOf = (code: string) =>
      groupRows.filter((row) => {
        const uid = Number(row.uid_used_as_ccs_disposition);
        return uid > 24 && (uid < 9000 || uid > 9400) && row.linked_dxcodes.split("|").includes(code);
      });
    expect(dispositionRows.filter((row) => specificGroupsOf(row.dxcode).length > 1)).toEqual([]);

    const expected = dispositionRows.flatMap((row) => {
      const [group] = specificGroupsOf(row.dxcode);
      const documentedLink = row.dxcode === "DX335" ? 11335 : undefined;
      const dosId = group ? Number(group.uid_used_as_ccs_disposition) : documentedLink;
      if (dosId === undefined) return [];
      const timeFrameMinutes = Number(row.dispositiontime_minutes);
      return [{ code: dx(row.dxcode), dosId, title: row.name.trim(), timeFrameMinutes }];
    });
    expect(dispositions).toEqual(expected);
    expect(dispositions).toHaveLength(134);
    expect(dxCodesWithoutDispositionGroup).toEqual(
      dispositionRows.map((row) => dx(row.dxcode)).filter((code) => !expected.some((d) => d.code === code)),
    );
  });

  it("a disposition's time frame equals its group's", () => {
    for (const disposition of dispositions) {
      const group = dispositionGroups.find((candidate) => candidate.uid === disposition.dosId);
      const { code, timeFrameMinutes } = disposition;
      expect([code, group?.timeFrameMinutes]).toEqual([code, timeFrameMinutes]);
    }
  });

  it("symptom groups and discriminators: every row", () => {
    expect(symptomGroups).toEqual(
      readFacts("dos-symptom-groups.csv", ["id", "name", "zcodeexists"]).map((row) => ({
        id: Number(row.id),
        name: row.name,
        zCodeExists: row.zcodeexists === "" ? null : row.zcodeexists === "true",
      })),
    );
    expect(symptomDiscriminators).toEqual(
      readFacts("dos-symptom-discriminators.csv", ["id", "description"]).map((row) => ({
        id: Number(row.id),
        description: row.description,
      })),
    );
  });

  it("SG–SD combinations: every listed pair is valid and no other pair is", () => {
    const pairs = readFacts("dos-sg-sd-combinations.csv", ["symptomgroupid", "symptomdiscriminatorid"]).map(
      (row) => [Number(row.symptomgroupid), Number(row.symptomdiscriminatorid)] as const,
    );
    expect(pairs).toHaveLength(3347);
    expect(pairs.filter(([sg, sd]) => !isValidSgSdPair(sg, sd))).toEqual([]);
    const listed = symptomGroups.flatMap((sg) => discriminatorsForSymptomGroup(sg.id).map((sd) => [sg.id, sd]));
    expect(listed.sort()).toEqual(pairs.map(([sg, sd]) => [sg, sd]).sort());
  });

  it("service types: every row, national ranking null where DoS has none", () => {
    expect(serviceTypes).toEqual(
      readFacts("dos-service-types.csv", ["id", "name", "nationalranking"]).map((row) => ({
        id: Number(row.id),
        name: row.name,
        nationalRanking: intOrNull(row.nationalranking),
      })),
    );
  });

  it("postcode districts: every row, with grid coordinates of the same centroid", () => {
    const rows = readFacts("postcode-outcodes.csv", ["outcode", "latitude", "longitude"]);
    expect(rows).toHaveLength(2973);
    expect(postcodeDistricts.map(({ outcode, latitude, longitude }) => [outcode, latitude, longitude])).toEqual(
      rows.map((row) => [row.outcode, Number(row.latitude), Number(row.longitude)]),
    );
    const misplaced = postcodeDistricts.filter((district) => {
      const grid = wgs84ToOsgb(district.latitude, district.longitude);
      const error = Math.hypot(grid.easting - district.easting, grid.northing - district.northing);
      return error > Math.SQRT1_2;
    });
    expect(misplaced).toEqual([]);
  });
});
