/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dm-annex.h"
#include "dm-document.h"
#include "dm-monitoring.h"
#include "dm-results.h"
#include "dm-project.h"
#include "dm-units.h"
#include "dm-write.h"

G_BEGIN_DECLS

/* GDAL's driver for a file name: .geojson/.json, .kml, .kmz, .gpkg. */
const char *dm_export_driver_for_path (const char *path);

/*
 * Writes the zones of @results, one feature per zone and side (dissolved
 * pieces), with their figures as attributes, through GDAL.  GeoJSON follows
 * RFC 7946 (WGS 84, counter-clockwise exteriors, 7 decimals).  The file is
 * written beside and renamed into place, so a failure leaves no half file.
 */
gboolean dm_export_zones (DmDocument *document, DmResults *results, const char *path, GError **error);

/* One geometry with string attributes, as one feature of a new file
 * (GeoJSON per RFC 7946, KML, KMZ or GeoPackage by the name's ending). */
gboolean dm_export_geometry (const DmGeometry *geometry,
                             GHashTable *properties,
                             const char *layer_name,
                             const char *path,
                             GError **error);

/* ---- A whole proposal, for partners ------------------------------------ */

typedef enum {
  DM_EXPORT_FORMAT_GEOJSON, /* .geojson, .json */
  DM_EXPORT_FORMAT_KML,     /* .kml */
  DM_EXPORT_FORMAT_KMZ,     /* .kmz */
  DM_EXPORT_FORMAT_GPKG,    /* .gpkg: a project file */
  DM_EXPORT_FORMAT_CSV,     /* .csv: the figures */
} DmExportFormat;

/* FALSE when the name's ending says no format. */
gboolean dm_export_format_for_path (const char *path, DmExportFormat *format);

/* How a CSV of figures is written. */
typedef enum {
  /* For programs: "," between fields, a decimal point, UTF-8 without a
   * byte-order mark (the documented format). */
  DM_CSV_MACHINE,
  /* For spreadsheets where numbers take a decimal point (English): a
   * UTF-8 byte-order mark, so the units read right (km², not kmÂ²). */
  DM_CSV_SPREADSHEET_POINT,
  /* For spreadsheets where numbers take a decimal comma (German,
   * Ukrainian, Russian …): a byte-order mark, ";" between fields and
   * "1087,111", which such a spreadsheet reads as a number. */
  DM_CSV_SPREADSHEET_COMMA,
} DmCsvStyle;

/* The spreadsheet style for the user's locale (the decimal separator of
 * LC_NUMERIC as the environment sets it). */
DmCsvStyle dm_csv_style_for_locale (void);
/* "machine", "spreadsheet" (the locale's), "spreadsheet-point",
 * "spreadsheet-comma"; FALSE for anything else. */
gboolean dm_csv_style_from_string (const char *str, DmCsvStyle *style);

typedef struct {
  DmLengthUnit units;        /* figures in KML descriptions and the CSV */
  const DmProjectView *view; /* .gpkg: the view saved with it, or NULL */
  DmCsvStyle csv_style;      /* .csv */
} DmExportOptions;

#define DM_EXPORT_OPTIONS_INIT         \
  {                                    \
    DM_LENGTH_KM, NULL, DM_CSV_MACHINE \
  }

/*
 * Writes @proposal of @document for partners, the format chosen by the
 * name's ending:
 *   .geojson  RFC 7946 (WGS 84 longitude/latitude, outer rings
 *             counter-clockwise, holes clockwise, 7 decimals, no "crs"):
 *             one FeatureCollection with a `role` per feature (contact
 *             line, land swap, annotation, zone), the figures as
 *             properties, simplestyle colours; top-level "fingerprint",
 *             "fingerprint_sha256", "proposal" and "description" members.
 *   .kml .kmz a Document named after the proposal whose description
 *             holds the fingerprint; a Folder per role and per zone and
 *             side; Placemarks with names, an HTML table of figures as
 *             description, the attributes as ExtendedData and shared
 *             styles with the screen's colours and widths (dm-style.h).
 *   .gpkg     a project file (dm_project_save) whose active proposal is
 *             @proposal.
 *   .csv      one row per figure: name, value, unit; the first rows
 *             name the proposal and its fingerprint.
 * The contact line carries the sides and the zone rules as attributes, so
 * that importing the file (dm_scenario_load_geodata) gives a document
 * with the same fingerprint.
 *
 * @results: (nullable) the figures of @proposal; NULL, or figures of
 * another revision or proposal, and they are computed here.  @options:
 * (nullable) for DM_EXPORT_OPTIONS_INIT.  Atomic like every export.
 */
gboolean dm_export_document (DmDocument *document,
                             DmResults *results,
                             guint proposal,
                             const char *path,
                             const DmExportOptions *options,
                             GError **error);

/* A table of figures as the .csv export writes them: one row each of
 * name, value and unit (arrays of strings of one length), atomically. */
gboolean dm_export_table_csv (const char *path,
                              GPtrArray *names,
                              GPtrArray *values,
                              GPtrArray *units,
                              DmCsvStyle style,
                              GError **error);
/* A number as such tables give it: a decimal point, no thousands
 * separators, @decimals after the point. */
char *dm_export_csv_number (double value, int decimals);

/*
 * The turning points and markers of a treaty annex (dm-annex.h):
 *   .csv        the turning points, columns DM_ANNEX_CSV_HEADER; the
 *               markers, when there are any, in the same form beside it
 *               (dm_export_annex_markers_path()).
 *   .geojson    RFC 7946 points with the CSV's columns as properties and a
 *               `role` of "turning_point" or "marker"; top-level members
 *               "line_fingerprint", "line_fingerprint_sha256" and
 *               "tolerance_m".
 *   .kml .kmz   the same points in a folder each, the fingerprint in the
 *               document's description.
 * Opening any of them (dm_scenario_load) rebuilds the line through the
 * turning points, whose line fingerprint the annex prints.  Atomic.
 */
gboolean dm_export_annex (const DmAnnex *annex, const char *path, GError **error);
/* "annex.csv" → "annex-markers.csv". */
char *dm_export_annex_markers_path (const char *path);

/* A monitoring plan's posts as points and their sensors' ranges as
 * geodesic circles (72 vertices): .geojson (one collection, `role`
 * "observation_post" or "sensor_range") or .kml/.kmz (a folder each),
 * with the post's number, side and range as attributes.  Atomic. */
gboolean dm_export_monitoring_plan (DmDocument *document,
                                    const char *zone_name,
                                    const DmMonitoringPlan *plan,
                                    const char *path,
                                    GError **error);

G_END_DECLS
