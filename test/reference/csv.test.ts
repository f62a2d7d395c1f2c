import { parseCsv, parseCsvRecords } from "../../src/reference/csv";

describe("parseCsv", () => {
  it("keeps commas and doubled quotes inside quoted fields", () => {
    expect(parseCsv('1,"NHS North,See patient at base within 1 hr",DX02|DX17\r\n2,"say ""hi""",\r\n')).toEqual([
      ["1", "NHS North,See patient at base within 1 hr", "DX02|DX17"],
      ["2", 'say "hi"', ""],
    ]);
  });

  it("reads LF and CRLF line ends, a quoted line break, and a last line without a line end", () => {
    expect(parseCsv('a,b\n"x\r\ny",z\r\nlast,')).toEqual([
      ["a", "b"],
      ["x\r\ny", "z"],
      ["last", ""],
    ]);
  });

  it("rejects an unterminated quoted field", () => {
    expect(() => parseCsv('a,"b\n')).toThrow("CSV ends inside a quoted field");
  });
});

describe("parseCsvRecords", () => {
  it("keys records by header and fails on a missing column or a ragged record", () => {
    expect(parseCsvRecords("id,name\n1,a\n", ["name", "id"])).toEqual([{ id: "1", name: "a" }]);
    expect(() => parseCsvRecords("id,name\n1,a\n", ["uid"])).toThrow("CSV header lacks column(s) uid");
    expect(() => parseCsvRecords("id,name\n1,a,extra\n", ["id"])).toThrow("CSV record 2 has 3 fields");
  });
});
