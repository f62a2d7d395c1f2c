/**
 * Writes the DoS reference facts in ../shared/reference/dos/data/ as compact TypeScript under
 * src/reference/generated/, so the project runs without ../shared. Run with `npm run gen:reference` after the
 * facts change; test/reference/generated.test.ts fails while the output is stale.
 *
 * The generated files are faithful transcriptions (values as in the CSV, rows in CSV order); everything derived
 * from them (Dx code → disposition group, aggregate flags, countries) lives in src/reference/index.ts.
 * Output is deterministic: the same facts always give byte-identical files.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { parseCsvRecords } from "../src/reference/csv";
import { wgs84ToOsgb } from "../src/reference/osgb";

export const REPO_ROOT = path.resolve(__dirname, "..");
export const DEFAULT_DATA_DIR = path.resolve(REPO_ROOT, "..", "shared", "reference", "dos", "data");
export const GENERATED_DIR = path.join(REPO_ROOT, "src", "reference", "generated");

export interface GeneratedFile {
  fileName: string;
  content: string;
  rowCount: number;
}

interface TableSpec<Column extends string> {
  source: string;
  columns: readonly Column[];
  fileName: string;
  exportName: string;
  /** TypeScript tuple type of one row, with labelled elements. */
  rowType: string;
  toRows(records: Record<Column, string>[]): unknown[][];
}

const TABLES = [
  table({
    source: "dos-dispositions.csv",
    columns: ["id", "name", "dxcode", "dispositiontime_minutes"],
    fileName: "dispositions.ts",
    exportName: "dispositionRows",
    rowType: "[id: number, dxCode: string, name: string, timeFrameMinutes: number]",
    toRows: (records) =>
      records.map((r) => [int(r.id), r.dxcode, r.name, int(r.dispositiontime_minutes)]),
  }),
  table({
    source: "dos-disposition-groups.csv",
    columns: [
      "id",
      "uid_used_as_ccs_disposition",
      "dispositiontime_minutes",
      "defaultdos_servicetypes",
      "name",
      "linked_dxcodes",
    ],
    fileName: "dispositionGroups.ts",
    exportName: "dispositionGroupRows",
    rowType:
      "[id: number, uid: number, timeFrameMinutes: number | null, defaultServiceTypeIds: number[], " +
      "name: string, linkedDxCodes: string[]]",
    toRows: (records) =>
      records.map((r) => [
        int(r.id),
        int(r.uid_used_as_ccs_disposition),
        optionalInt(r.dispositiontime_minutes),
        list(r.defaultdos_servicetypes, ",").map(int),
        r.name,
        list(r.linked_dxcodes, "|"),
      ]),
  }),
  table({
    source: "dos-disposition-group-servicetypes.csv",
    columns: ["dispositiongroup_uid", "servicetypeid"],
    fileName: "dispositionGroupServiceTypes.ts",
    exportName: "dispositionGroupServiceTypeRows",
    rowType: "[dispositionGroupUid: number, serviceTypeIds: number[]]",
    toRows: (records) => groupPairs(records.map((r) => [int(r.dispositiongroup_uid), int(r.servicetypeid)])),
  }),
  table({
    source: "dos-symptom-groups.csv",
    columns: ["id", "name", "zcodeexists"],
    fileName: "symptomGroups.ts",
    exportName: "symptomGroupRows",
    rowType: "[id: number, name: string, zCodeExists: boolean | null]",
    toRows: (records) =>
      records.map((r) => [int(r.id), r.name, r.zcodeexists === "" ? null : bool(r.zcodeexists)]),
  }),
  table({
    source: "dos-symptom-discriminators.csv",
    columns: ["id", "description"],
    fileName: "symptomDiscriminators.ts",
    exportName: "symptomDiscriminatorRows",
    rowType: "[id: number, description: string]",
    toRows: (records) => records.map((r) => [int(r.id), r.description]),
  }),
  table({
    source: "dos-sg-sd-combinations.csv",
    columns: ["symptomgroupid", "symptomdiscriminatorid"],
    fileName: "sgSdCombinations.ts",
    exportName: "sgSdCombinationRows",
    rowType: "[symptomGroupId: number, symptomDiscriminatorIds: number[]]",
    toRows: (records) => groupPairs(records.map((r) => [int(r.symptomgroupid), int(r.symptomdiscriminatorid)])),
  }),
  table({
    source: "dos-service-types.csv",
    columns: ["id", "name", "nationalranking", "searchcapacitystatus", "capacitymodel", "capacityreset"],
    fileName: "serviceTypes.ts",
    exportName: "serviceTypeRows",
    rowType:
      "[id: number, name: string, nationalRanking: number | null, searchCapacityStatus: boolean, " +
      "capacityModel: string, capacityReset: string]",
    toRows: (records) =>
      records.map((r) => [
        int(r.id),
        r.name,
        optionalInt(r.nationalranking),
        bool(r.searchcapacitystatus),
        r.capacitymodel,
        r.capacityreset,
      ]),
  }),
  table({
    source: "postcode-outcodes.csv",
    columns: ["outcode", "latitude", "longitude"],
    fileName: "postcodeOutcodes.ts",
    exportName: "postcodeOutcodeRows",
    rowType: "[outcode: string, latitude: number, longitude: number, easting: number, northing: number]",
    toRows: (records) =>
      records.map((r) => {
        const latitude = decimal(r.latitude);
        const longitude = decimal(r.longitude);
        const { easting, northing } = wgs84ToOsgb(latitude, longitude);
        return [r.outcode, latitude, longitude, Math.round(easting), Math.round(northing)];
      }),
  }),
];

/** Renders every generated file from the facts in `dataDir`, without writing anything. */
export function renderReferenceFiles(dataDir = DEFAULT_DATA_DIR): GeneratedFile[] {
  if (!fs.existsSync(dataDir)) {
    throw new Error(`The reference facts are expected at ${dataDir} (../shared beside the checkout)`);
  }
  return TABLES.map((render) => render(dataDir));
}

function table<Column extends string>(spec: TableSpec<Column>): (dataDir: string) => GeneratedFile {
  return (dataDir) => {
    const bytes = fs.readFileSync(path.join(dataDir, spec.source));
    const rows = spec.toRows(parseCsvRecords(bytes.toString("utf8"), spec.columns));
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const rowTypeName = `${spec.exportName[0].toUpperCase()}${spec.exportName.slice(1, -"Rows".length)}Row`;
    const content = [
      "// GENERATED FILE - DO NOT EDIT. Written by scripts/generate-reference.ts (`npm run gen:reference`)",
      `// from ../shared/reference/dos/data/${spec.source} (sha256 ${sha256});`,
      "// provenance of that file: ../shared/reference/dos/PROVENANCE.md. Values and row order are the CSV's.",
      "",
      `export type ${rowTypeName} = readonly ${spec.rowType};`,
      "",
      `export const ${spec.exportName}: readonly ${rowTypeName}[] = [`,
      ...rows.map((row) => `  ${JSON.stringify(row)},`),
      "];",
      "",
    ].join("\n");
    return { fileName: spec.fileName, content, rowCount: rows.length };
  };
}

// Private: (key, value) pairs → [key, values[]] in order of first appearance, values in source order.
function groupPairs(pairs: [number, number][]): [number, number[]][] {
  const grouped = new Map<number, number[]>();
  for (const [key, value] of pairs) {
    const values = grouped.get(key) ?? [];
    values.push(value);
    grouped.set(key, values);
  }
  return [...grouped];
}

function int(text: string): number {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) throw new Error(`Expected an integer, got "${text}"`);
  return Number(trimmed);
}

function optionalInt(text: string): number | null {
  return text.trim() === "" ? null : int(text);
}

function decimal(text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new Error(`Expected a number, got "${text}"`);
  return value;
}

function bool(text: string): boolean {
  if (text !== "true" && text !== "false") throw new Error(`Expected true or false, got "${text}"`);
  return text === "true";
}

function list(text: string, separator: string): string[] {
  return text === "" ? [] : text.split(separator).map((item) => item.trim());
}

function main(): void {
  const files = renderReferenceFiles();
  fs.mkdirSync(GENERATED_DIR, { recursive: true });
  for (const file of files) {
    const target = path.join(GENERATED_DIR, file.fileName);
    fs.writeFileSync(target, file.content);
    const kib = (Buffer.byteLength(file.content) / 1024).toFixed(1);
    console.log(`wrote ${path.relative(REPO_ROOT, target)}: ${file.rowCount} rows, ${kib} KiB`);
  }
}

if (require.main === module) main();
