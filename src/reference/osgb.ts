import proj4 from "proj4";

/**
 * EPSG:27700, OSGB36 / British National Grid: Transverse Mercator on the Airy 1830 ellipsoid, with the
 * standard 7-parameter Helmert shift from WGS84 (OS "A guide to coordinate systems in Great Britain", §6.6;
 * the same parameters as the EPSG registry entry). The Helmert shift is good to about 5 m across Great
 * Britain, which is ample for district centroids and search distances; survey-grade work needs OSTN15.
 */
const BRITISH_NATIONAL_GRID =
  "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy " +
  "+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs";

const WGS84 = "EPSG:4326";

const converter = proj4(WGS84, BRITISH_NATIONAL_GRID);

/** WGS84 latitude/longitude (degrees) → British National Grid easting/northing (metres, unrounded). */
export function wgs84ToOsgb(latitude: number, longitude: number): { easting: number; northing: number } {
  const [easting, northing] = converter.forward([longitude, latitude]);
  return { easting, northing };
}

/** British National Grid easting/northing (metres) → WGS84 latitude/longitude (degrees). */
export function osgbToWgs84(easting: number, northing: number): { latitude: number; longitude: number } {
  const [longitude, latitude] = converter.inverse([easting, northing]);
  return { latitude, longitude };
}
