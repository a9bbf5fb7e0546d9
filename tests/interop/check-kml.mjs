// SPDX-License-Identifier: GPL-3.0-or-later
// A KML or KMZ as the reader behind geojson.io sees it (@tmcw/togeojson):
// every placemark has a geometry, a name and its style's colours.
//   node check-kml.mjs FILE.kml|FILE.kmz
import { readFileSync } from "node:fs";
import { kml } from "@tmcw/togeojson";
import { DOMParser } from "@xmldom/xmldom";
import { unzipSync, strFromU8 } from "fflate";

const path = process.argv[2];
let text;
if (path.endsWith(".kmz")) {
  const files = unzipSync(new Uint8Array(readFileSync(path)));
  // Readers take doc.kml (or else the first .kml at the root).
  const name = "doc.kml" in files ? "doc.kml" : Object.keys(files).find((n) => n.endsWith(".kml") && !n.includes("/"));
  if (!name) {
    console.log(`${path}: no doc.kml in the archive (${Object.keys(files).join(", ")})`);
    process.exit(1);
  }
  text = strFromU8(files[name]);
} else {
  text = readFileSync(path, "utf8");
}
// A MultiGeometry comes back as a GeometryCollection: what it holds.
function baseTypes(g) {
  if (!g) return [];
  if (g.type === "GeometryCollection") return g.geometries.flatMap(baseTypes);
  return [g.type];
}

const dom = new DOMParser().parseFromString(text, "text/xml");
const placemarks = dom.getElementsByTagName("Placemark").length;
const fc = kml(dom);
const problems = [];
if (fc.features.length === 0) problems.push("no features");
if (fc.features.length !== placemarks)
  problems.push(`${placemarks} placemarks but ${fc.features.length} features read`);
fc.features.forEach((f, i) => {
  const what = `feature ${i + 1} (${f.properties?.name ?? "no name"})`;
  if (!f.geometry) problems.push(`${what}: no geometry`);
  if (!f.properties?.name) problems.push(`${what}: no name`);
  const types = baseTypes(f.geometry);
  const line = types.some((t) => /LineString/.test(t));
  const area = types.some((t) => /Polygon/.test(t));
  if ((line || area) && !/^#[0-9a-f]{6}$/i.test(f.properties?.stroke ?? "")) problems.push(`${what}: no line colour`);
  if (area && !/^#[0-9a-f]{6}$/i.test(f.properties?.fill ?? "")) problems.push(`${what}: no fill colour`);
});
const kinds = [...new Set(fc.features.flatMap((f) => baseTypes(f.geometry)))].join(", ");
console.log(`${path}: ${fc.features.length} placemarks (${kinds}); ${problems.length} problems`);
for (const p of problems) console.log(`  ${p}`);
process.exit(problems.length === 0 ? 0 : 1);
