import { countryOfOutcode, outcodeOf, postcodeDistrict, postcodeDistricts } from "../../src/reference";
import { districtCountryOverrides } from "../../src/reference/postcodeCountries";

describe("postcode district countries", () => {
  it.each([
    ["SY23", "wales"], // Aberystwyth
    ["CH5", "wales"], // Deeside
    ["LL11", "wales"], // Wrexham
    ["NP10", "wales"], // Newport
    ["CF10", "wales"],
    ["TD1", "scotland"], // Galashiels
    ["EH1", "scotland"],
    ["TD15", "cross-border"], // Berwick-upon-Tweed and Paxton/Foulden
    ["TD12", "cross-border"], // Coldstream and Cornhill-on-Tweed
    ["CH4", "cross-border"], // Saltney: Boundary Lane is the border
    ["SY22", "cross-border"], // Llanymynech
    ["LD7", "cross-border"], // Knighton
    ["NP16", "cross-border"], // Chepstow with Tutshill and Sedbury
    ["HR3", "cross-border"], // Hay-on-Wye with Cusop
    ["DG16", "cross-border"], // Gretna, reaching into Cumbria
    ["SY1", "england"], // Shrewsbury
    ["CH2", "england"],
    ["CH41", "england"], // Birkenhead
    ["CA6", "england"], // Longtown: Cumberland only
    ["BS1", "england"],
    ["LS1", "england"],
    ["SW1A", "england"],
    ["BT1", "northern-ireland"],
    ["IM1", "isle-of-man"],
    ["JE2", "channel-islands"],
    ["GY1", "channel-islands"],
  ])("%s is %s", (outcode, country) => {
    expect(postcodeDistrict(outcode)?.country).toBe(country);
  });

  // The brief's example "CH1 england" is contradicted by the CH postcode area's coverage table, which lists
  // Cheshire West and Chester AND Flintshire for CH1 (Higher Ferry/Sealand side). See docs/reference-data.md.
  it("treats CH1 (Chester, with addresses in Flintshire) as cross-border", () => {
    expect(postcodeDistrict("CH1")?.country).toBe("cross-border");
  });

  it("overrides only districts of the areas it is about, and every override is in the centroid table", () => {
    const known = new Set(postcodeDistricts.map((district) => district.outcode));
    expect(Object.keys(districtCountryOverrides).filter((outcode) => !known.has(outcode))).toEqual([]);
  });

  it("never marks a district wholly outside England unless its whole area is, or a source says so", () => {
    // The Welsh districts of English areas are exactly those the sources list as wholly in Wales.
    const welshInEnglishAreas = postcodeDistricts
      .filter((d) => d.country === "wales" && /^(CH|SY|HR|GL)\d/.test(d.outcode))
      .map((d) => d.outcode);
    expect(welshInEnglishAreas.sort()).toEqual(
      ["CH5", "CH6", "CH7", "CH8", "SY16", "SY17", "SY18", "SY19", "SY20", "SY23", "SY24", "SY25"].sort(),
    );
  });

  it("classifies outcodes that are not in the 2015 centroid table by their area", () => {
    expect(countryOfOutcode("E20")).toBe("england");
    expect(countryOfOutcode("cf99")).toBe("wales");
    expect(countryOfOutcode("BF1")).toBe("non-geographic");
    expect(countryOfOutcode("BX1")).toBe("non-geographic");
    expect(countryOfOutcode("GIR")).toBe("non-geographic");
    expect(countryOfOutcode("QQ1")).toBeUndefined();
    expect(countryOfOutcode("not a postcode")).toBeUndefined();
  });
});

describe("postcode district lookup", () => {
  it("is case- and space-insensitive", () => {
    expect(postcodeDistrict(" sw1a ")).toBe(postcodeDistrict("SW1A"));
    expect(postcodeDistrict("s w 1 a")?.outcode).toBe("SW1A");
    expect(postcodeDistrict("ZZ99")).toBeUndefined();
  });

  it("carries the centroid in WGS84 and on the National Grid", () => {
    // Westminster's centroid lies in grid square TQ 29/30 79/80: E 529xxx–530xxx, N 179xxx.
    const sw1a = postcodeDistrict("SW1A");
    expect(sw1a).toMatchObject({ outcode: "SW1A", country: "england" });
    expect(sw1a?.easting).toBeGreaterThan(529_000);
    expect(sw1a?.easting).toBeLessThan(531_000);
    expect(sw1a?.northing).toBeGreaterThan(179_000);
    expect(sw1a?.northing).toBeLessThan(181_000);
    expect(Number.isInteger(sw1a?.easting)).toBe(true);
  });

  it("extracts the outward code of a postcode", () => {
    expect(outcodeOf("sw1a 1aa")).toBe("SW1A");
    expect(outcodeOf("LS1 4AP")).toBe("LS1");
    expect(outcodeOf("W111AA")).toBe("W11");
    expect(outcodeOf("B1 1AA")).toBe("B1");
    expect(outcodeOf("EC1A")).toBe("EC1A");
    expect(outcodeOf("GIR 0AA")).toBe("GIR");
    expect(outcodeOf("12345")).toBeUndefined();
    expect(outcodeOf("")).toBeUndefined();
  });
});
