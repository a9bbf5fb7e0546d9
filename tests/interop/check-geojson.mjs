// SPDX-License-Identifier: GPL-3.0-or-later
// A GeoJSON file through Placemark's validator (@placemarkio/check-geojson).
//   node check-geojson.mjs FILE.geojson
import { readFileSync } from "node:fs";
import { check } from "@placemarkio/check-geojson";

const path = process.argv[2];
try {
  const fc = check(readFileSync(path, "utf8"));
  console.log(`${path}: valid GeoJSON, ${fc.features?.length ?? 0} features`);
} catch (e) {
  console.log(`${path}: ${e.message}`);
  for (const issue of e.issues ?? []) console.log(`  ${issue.message} (at ${issue.from}–${issue.to})`);
  process.exit(1);
}
