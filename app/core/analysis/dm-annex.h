/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dm-geometry.h"
#include "dm-units.h"

G_BEGIN_DECLS

/*
 * The contact line as a treaty annex describes it: numbered turning
 * points that consecutive geodesics join, and optional markers at a
 * spacing along it for marking the ground.
 *
 * Each part of the drawn line is simplified on the ellipsoid
 * (Douglas–Peucker with geodesic distances: a vertex is dropped while the
 * geodesic between the points kept around it passes within the tolerance
 * of it) and its points are rounded to 7 decimals of a degree (about
 * 1 cm), as the annex prints them and as the fingerprint reads them.
 * Points are numbered 1, 2, … along the whole line, part after part, so
 * that a number names one point; markers likewise.  Distances and
 * azimuths between consecutive points are geodesic (WGS 84).
 */

#define DM_ANNEX_DEFAULT_TOLERANCE_M 25.0
/* Sensible bounds: below a centimetre is below the 7 decimals printed;
 * above 10 km the annex no longer describes the line. */
#define DM_ANNEX_MIN_TOLERANCE_M 0.01
#define DM_ANNEX_MAX_TOLERANCE_M 10000.0
/* Markers closer than 10 m would be thousands on a short line. */
#define DM_ANNEX_MIN_MARKER_SPACING_M 10.0

/* The annex CSV's header, exactly. */
#define DM_ANNEX_CSV_HEADER "part,point,lat,lon,lat_dms,lon_dms,mgrs,distance_to_next_m,azimuth_to_next_deg"

#define DM_ANNEX_ERROR (dm_annex_error_quark ())
GQuark dm_annex_error_quark (void);

typedef enum {
  DM_ANNEX_ERROR_INVALID, /* a tolerance or spacing out of range, no line */
  DM_ANNEX_ERROR_CSV,     /* an annex CSV that cannot be read */
} DmAnnexError;

typedef struct {
  guint part;   /* 1-based */
  guint number; /* 1-based, along the whole line */
  double lon, lat;
  /* To the next point of the same part; NAN for a part's last point. */
  double distance_to_next_m;
  double azimuth_to_next_deg; /* clockwise from north, [0, 360) */
} DmAnnexPoint;

typedef struct {
  double tolerance_m;
  double marker_spacing_m; /* 0: no markers */
  GArray *points;          /* DmAnnexPoint: the turning points */
  GArray *markers;         /* DmAnnexPoint: the markers (maybe empty) */
  guint n_parts;
  guint n_drawn_vertices;
  /* The largest geodesic distance from a vertex of the drawn line to the
   * line through the turning points (within the tolerance). */
  double max_deviation_m;
  double max_deviation_lon, max_deviation_lat; /* where it is */
  double length_m;                             /* the line through the turning points */
  double drawn_length_m;
  DmGeometry *line; /* through the turning points, as the annex gives it */
} DmAnnex;

/* The annex of @line (a line or multi-line).  @marker_spacing_m 0 for no
 * markers.  DM_ANNEX_ERROR_INVALID with a message for a tolerance or a
 * spacing out of range, or a line with no part of two points. */
DmAnnex *dm_annex_new (const DmGeometry *line, double tolerance_m, double marker_spacing_m, GError **error);
void dm_annex_free (DmAnnex *annex);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmAnnex, dm_annex_free)

/* What the annex is, in one sentence for people: how many points in how
 * many parts, the line's length (in @unit), the deviation and the
 * tolerance, and the markers. */
char *dm_annex_describe (const DmAnnex *annex, DmLengthUnit unit);

/* One point's columns as the CSV and the printed annex give them. */
char *dm_annex_point_lat_dms (const DmAnnexPoint *point);
char *dm_annex_point_lon_dms (const DmAnnexPoint *point);
/* UTM-based within 80° S–84° N, the polar (UPS) grid beyond. */
char *dm_annex_point_mgrs (const DmAnnexPoint *point);

/* The CSV of @points (an annex's turning points or markers): the header
 * DM_ANNEX_CSV_HEADER, then a row per point, decimal points, no
 * thousands separators, the last point of a part with its two last
 * columns empty; UTF-8 (the seconds' and minutes' marks), "\n" lines. */
char *dm_annex_csv (GArray *points);

/* The contact line an annex CSV describes: a part per value of `part`,
 * its points in the order of `point`.  @display names the file in errors.
 * DM_ANNEX_ERROR_CSV saying which row and column is wrong (a missing or
 * non-numeric column, a latitude out of range, a part of one point). */
DmGeometry *dm_annex_parse_csv (const char *text, const char *display, GError **error);
/* The contact line through @points (DmAnnexPoint, in any order; their
 * part, number, lon and lat are read): a part per part number, its points
 * in the order of their numbers.  The error names @display. */
DmGeometry *dm_annex_line_from_points (GArray *points, const char *display, GError **error);
/* TRUE when @text starts with the annex header (a BOM allowed). */
gboolean dm_annex_csv_recognise (const char *text, gsize len);

G_END_DECLS
