/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 1 statute mile = 1609.344 m (international mile, 1959); 1 nmi = 1852 m. */
#define DM_METRES_PER_MILE          1609.344
#define DM_METRES_PER_NAUTICAL_MILE 1852.0

typedef enum {
  DM_LENGTH_M,
  DM_LENGTH_KM,
  DM_LENGTH_MI,
  DM_LENGTH_NMI,
} DmLengthUnit;

typedef enum {
  DM_AREA_M2,
  DM_AREA_KM2,
  DM_AREA_MI2,
  DM_AREA_HA,
} DmAreaUnit;

#define DM_UNITS_ERROR (dm_units_error_quark ())
GQuark dm_units_error_quark (void);

typedef enum {
  DM_UNITS_ERROR_INVALID,
} DmUnitsError;

double dm_length_from_m (double metres, DmLengthUnit unit);
double dm_length_to_m (double value, DmLengthUnit unit);
double dm_area_from_m2 (double square_metres, DmAreaUnit unit);
double dm_area_to_m2 (double value, DmAreaUnit unit);

const char *dm_length_unit_symbol (DmLengthUnit unit);
const char *dm_area_unit_symbol (DmAreaUnit unit);
gboolean dm_length_unit_from_string (const char *str, DmLengthUnit *unit);
gboolean dm_area_unit_from_string (const char *str, DmAreaUnit *unit);
/* The area unit that goes with a length unit: km → km², mi → mi², ... */
DmAreaUnit dm_area_unit_for_length (DmLengthUnit unit);

/* "2.5mi", "4 km", "4023.36 m", "10nmi" → metres.  A bare number is
 * taken in @default_unit. */
gboolean dm_parse_distance (const char *text, DmLengthUnit default_unit, double *metres, GError **error);

/* Figures for people: grouped thousands and no more digits than the data
 * carry (about three significant figures, whole numbers from 100 up). */
char *dm_format_number (double value, int decimals);
/* The decimal mark of figures in the thread's language (“.”, “,”). */
const char *dm_decimal_mark (void);

/* @a · @scale rounded to a whole number as printf rounds when it writes
 * @a with as many decimals as @scale has zeros: the exact product of the
 * binary values (not its rounding to a double) to nearest, ties to even.
 * @a ≥ 0; @scale an exact power of ten; the product below 2⁵³.  What lets
 * fingerprints and KML write coordinates exactly as printf, many times
 * faster. */
gint64 dm_round_scaled_exact (double a, double scale);
char *dm_format_length (double metres, DmLengthUnit unit);
/* A distance someone set (a tolerance, a width): no more decimals than
 * it has, “4 km” rather than “4.00 km”. */
/* "1,087 km (675 mi)": in @unit, then in the other of km and mi in
 * brackets (km for metres and nautical miles). */
char *dm_format_length_both (double metres, DmLengthUnit unit);
/* "9,237 km² (3,567 mi²)": as dm_format_length_both, for areas. */
char *dm_format_area_both (double square_metres, DmLengthUnit unit);
char *dm_format_length_setting (double metres, DmLengthUnit unit);
char *dm_format_area (double square_metres, DmAreaUnit unit);
char *dm_format_percent (double fraction);
/* "20,208 km² (76.0 %)": an area and its share of a whole. */
char *dm_format_area_share (double square_metres, double fraction, DmAreaUnit unit);
int dm_sensible_decimals (double value);
/* The largest of 1, 2 and 5 × 10ⁿ not above @x (> 0): a scale bar's length. */
double dm_nice_floor (double x);

/* A date as people read it in the language of the words: “2026-12-07”,
 * “07.12.2026”; with the time of day when @with_time. */
char *dm_format_date (GDateTime *date, gboolean with_time);

/* A position as people write it, latitude and longitude in either order
 * when hemispheres say which is which, else latitude first:
 * "47°50'12.3"N 35°7'E", "47.8367, 35.1167", "47.8367N 35.1167E",
 * "N 47 50 12.3, E 35 07 00", "-33.9 18.4".  Degrees, minutes and
 * seconds take ° ' " or ′ ″ (or none, in that order); only the last
 * figure may have decimals.  DM_UNITS_ERROR_INVALID with a message that
 * says what is wrong (a minute of 60 or more, out of range, text that is
 * no coordinate). */
gboolean dm_parse_coordinate (const char *text, double *lat, double *lon, GError **error);
/* "47°50′12.3″ N", "35°07′00.0″ E": degrees, minutes and seconds to a
 * tenth of a second (about 3 m), hemisphere last. */
char *dm_format_dms (double value, gboolean is_lat);
/* "48.45600° N", "33.92° S": decimal degrees with the given number of
 * decimals, hemisphere last (the same letters as dm_format_dms). */
char *dm_format_degrees (double value, gboolean is_lat, int decimals);
/* "N" or "S" (@is_lat), "E" or "W": the letter written after a latitude
 * or longitude of @value. */
const char *dm_hemisphere_letter (double value, gboolean is_lat);
/* "48.45600° N, 37.12300° E": a position, latitude first. */
char *dm_format_position (double lat, double lon, int decimals);

G_END_DECLS
