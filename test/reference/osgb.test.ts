import { osgbToWgs84, wgs84ToOsgb } from "../../src/reference/osgb";

/** Metres between two WGS84 points, small-distance approximation (ample for a few metres). */
function metresApart(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const metresPerDegree = 111_320;
  const dLat = (a.latitude - b.latitude) * metresPerDegree;
  const dLon = (a.longitude - b.longitude) * metresPerDegree * Math.cos((a.latitude * Math.PI) / 180);
  return Math.hypot(dLat, dLon);
}

const dms = (degrees: number, minutes: number, seconds: number) => degrees + minutes / 60 + seconds / 3600;

describe("British National Grid conversion", () => {
  // Caister water tower, the worked example in Ordnance Survey's "A guide to coordinate systems in Great
  // Britain", Annexe C (C.1/C.2): National Grid E 651409.903, N 313177.270. Its WGS84 position through the
  // same 7-parameter Helmert transformation is 52°39′28.7230″N, 1°42′57.7870″E, as published with
  // chrisveness/geodesy (README "OsGridRef.osGridToLatLon" example).
  const caister = { latitude: dms(52, 39, 28.723), longitude: dms(1, 42, 57.787) };

  it("puts the Caister water tower on OS's published grid reference to within a centimetre", () => {
    const { easting, northing } = wgs84ToOsgb(caister.latitude, caister.longitude);
    expect(Math.abs(easting - 651409.903)).toBeLessThan(0.01);
    expect(Math.abs(northing - 313177.27)).toBeLessThan(0.01);
  });

  it("converts OS's grid reference back to the same WGS84 position", () => {
    expect(metresApart(osgbToWgs84(651409.903, 313177.27), caister)).toBeLessThan(0.01);
  });

  it.each([
    [50.07, -5.71], // Land's End
    [51.5, -0.13], // Westminster
    [53.48, -2.24], // Manchester
    [55.95, -3.19], // Edinburgh
    [58.64, -3.07], // John o' Groats
  ])("round-trips %f, %f to within a centimetre", (latitude, longitude) => {
    const grid = wgs84ToOsgb(latitude, longitude);
    expect(metresApart(osgbToWgs84(grid.easting, grid.northing), { latitude, longitude })).toBeLessThan(0.01);
  });
});
