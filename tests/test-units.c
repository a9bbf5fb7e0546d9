/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dm-units.h"

static void
test_conversions (void)
{
  /* The policy paper's DMZ: 2.5 statute miles each side. */
  g_assert_cmpfloat_with_epsilon (dm_length_to_m (2.5, DM_LENGTH_MI), 4023.36, 1e-9);
  g_assert_cmpfloat_with_epsilon (dm_length_from_m (1852.0, DM_LENGTH_NMI), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (dm_area_from_m2 (1e6, DM_AREA_HA), 100.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (dm_area_from_m2 (2589988.110336, DM_AREA_MI2), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (dm_area_to_m2 (1.0, DM_AREA_KM2), 1e6, 1e-9);
}

static void
test_parse (void)
{
  g_autoptr (GError) error = NULL;
  double m;

  g_assert_true (dm_parse_distance ("2.5mi", DM_LENGTH_M, &m, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (m, 4023.36, 1e-9);
  g_assert_true (dm_parse_distance (" 4 km ", DM_LENGTH_M, &m, NULL));
  g_assert_cmpfloat (m, ==, 4000.0);
  g_assert_true (dm_parse_distance ("10nmi", DM_LENGTH_M, &m, NULL));
  g_assert_cmpfloat (m, ==, 18520.0);
  g_assert_true (dm_parse_distance ("5", DM_LENGTH_MI, &m, NULL));
  g_assert_cmpfloat_with_epsilon (m, 8046.72, 1e-9);
  g_assert_true (dm_parse_distance ("0", DM_LENGTH_KM, &m, NULL));
  g_assert_cmpfloat (m, ==, 0.0);

  g_assert_false (dm_parse_distance ("five miles", DM_LENGTH_M, &m, &error));
  g_assert_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dm_parse_distance ("3 furlongs", DM_LENGTH_M, &m, &error));
  g_assert_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "furlongs"));
  g_clear_error (&error);
  g_assert_false (dm_parse_distance ("-2km", DM_LENGTH_M, &m, &error));
  g_assert_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID);
}

static void
test_format (void)
{
  const struct {
    double metres;
    DmLengthUnit unit;
    const char *expected;
  } lengths[] = {
    { 1187432.0, DM_LENGTH_KM, "1,187 km" }, { 4023.36, DM_LENGTH_KM, "4.02 km" },
    { 4023.36, DM_LENGTH_MI, "2.50 mi" },    { 12345.0, DM_LENGTH_KM, "12.3 km" },
    { 950.4, DM_LENGTH_M, "950 m" },         { 1852000.0, DM_LENGTH_NMI, "1,000 nmi" },
    { 0.0, DM_LENGTH_KM, "0 km" },
  };
  const struct {
    double m2;
    DmAreaUnit unit;
    const char *expected;
  } areas[] = {
    { 114123.4e6, DM_AREA_KM2, "114,123 km²" },
    { 9655.0e6, DM_AREA_KM2, "9,655 km²" },
    { 2589988.110336 * 3.14159, DM_AREA_MI2, "3.14 mi²" },
    { 25.0e4, DM_AREA_HA, "25.0 ha" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree char *s = dm_format_length (lengths[i].metres, lengths[i].unit);
      g_assert_cmpstr (s, ==, lengths[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      g_autofree char *s = dm_format_area (areas[i].m2, areas[i].unit);
      g_assert_cmpstr (s, ==, areas[i].expected);
    }
  {
    g_autofree char *p = dm_format_percent (0.18912);
    g_autofree char *n = dm_format_number (-1234567.891, 2);
    g_autofree char *share = dm_format_area_share (20208.4e6, 0.7601, DM_AREA_KM2);
    g_assert_cmpstr (p, ==, "18.9 %");
    g_assert_cmpstr (n, ==, "−1,234,567.89");
    g_assert_cmpstr (share, ==, "20,208 km² (76.0 %)");
  }
}

static void
test_unit_names (void)
{
  DmLengthUnit u;
  DmAreaUnit a;

  g_assert_true (dm_length_unit_from_string ("MI", &u));
  g_assert_cmpint (u, ==, DM_LENGTH_MI);
  g_assert_true (dm_length_unit_from_string ("nmi", &u));
  g_assert_cmpint (u, ==, DM_LENGTH_NMI);
  g_assert_false (dm_length_unit_from_string ("yd", &u));
  g_assert_true (dm_area_unit_from_string ("ha", &a));
  g_assert_cmpint (a, ==, DM_AREA_HA);
  g_assert_cmpint (dm_area_unit_for_length (DM_LENGTH_MI), ==, DM_AREA_MI2);
}

static void
test_parse_coordinate (void)
{
  static const struct {
    const char *text;
    double lat, lon;
  } good[] = {
    { "47°50'12.3\"N 35°7'E", 47.0 + 50.0 / 60 + 12.3 / 3600, 35.0 + 7.0 / 60 },
    { "47.8367, 35.1167", 47.8367, 35.1167 },
    { "47.8367N 35.1167E", 47.8367, 35.1167 },
    { "N 47 50 12.3, E 35 07 00", 47.0 + 50.0 / 60 + 12.3 / 3600, 35.0 + 7.0 / 60 },
    /* Hemispheres decide the order. */
    { "35.1167E 47.8367N", 47.8367, 35.1167 },
    { "E 35 07, N 47 50", 47.0 + 50.0 / 60, 35.0 + 7.0 / 60 },
    /* Typographic signs, as copied from a document. */
    { "47°50′12.3″ N, 35°07′00.0″ E", 47.0 + 50.0 / 60 + 12.3 / 3600, 35.0 + 7.0 / 60 },
    { "47°50' 35°7'", 47.0 + 50.0 / 60, 35.0 + 7.0 / 60 },
    { "-33.9249 18.4241", -33.9249, 18.4241 },
    { "33.9249S, 18.4241W", -33.9249, -18.4241 },
    { "  46.6n 32.6e  ", 46.6, 32.6 },
    { "47 50.5 N; 35 7.25 E", 47.0 + 50.5 / 60, 35.0 + 7.25 / 60 },
  };
  static const struct {
    const char *text;
    const char *says;
  } bad[] = {
    { "", "latitude and a longitude" },
    { "47.8", "latitude and a longitude" },
    { "hello", "has no place" },
    { "47.8, 35.1, 12", "more than two" },
    { "47°60'N 35°E", "minutes must be less than 60" },
    { "47°50'60\"N 35°E", "seconds must be less than 60" },
    { "91, 35", "latitude must be between" },
    { "47, 181", "longitude must be between" },
    { "47N 35N", "both parts" },
    { "47.5 30, 35", "only the last" },
    { "47 -30, 35", "only degrees" },
    { "47'N 35E", "order" },
    { "-47S 35E", "ambiguous" },
    { "N, 35E", "separator" },
    { "47.8; 35.1 km", "has no place" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      double lat = NAN, lon = NAN;

      g_test_message ("%s", good[i].text);
      g_assert_true (dm_parse_coordinate (good[i].text, &lat, &lon, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (lat, good[i].lat, 1e-9);
      g_assert_cmpfloat_with_epsilon (lon, good[i].lon, 1e-9);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      double lat = 1, lon = 2;

      g_test_message ("%s", bad[i].text);
      g_assert_false (dm_parse_coordinate (bad[i].text, &lat, &lon, &error));
      g_assert_error (error, DM_UNITS_ERROR, DM_UNITS_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i].says));
      /* Nothing is written on failure. */
      g_assert_cmpfloat (lat, ==, 1);
      g_assert_cmpfloat (lon, ==, 2);
    }
}

static void
test_format_dms (void)
{
  static const struct {
    double value;
    gboolean is_lat;
    const char *text;
  } cases[] = {
    { 47.0 + 50.0 / 60 + 12.3 / 3600, TRUE, "47°50′12.3″ N" },
    { 35.0 + 7.0 / 60, FALSE, "35°07′00.0″ E" },
    { -33.9249, TRUE, "33°55′29.6″ S" },
    { -18.4241, FALSE, "18°25′26.8″ W" },
    /* 59.97″ rounds up through the minutes and degrees. */
    { 47.0 + 59.0 / 60 + 59.97 / 3600, TRUE, "48°00′00.0″ N" },
    { -0.00000001, FALSE, "0°00′00.0″ E" },
    { 180.0, FALSE, "180°00′00.0″ E" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dm_format_dms (cases[i].value, cases[i].is_lat);
      g_autoptr (GError) error = NULL;
      double lat, lon;

      g_assert_cmpstr (text, ==, cases[i].text);
      /* What is written reads back within a tenth of a second. */
      if (cases[i].is_lat)
        {
          g_autofree char *both = g_strdup_printf ("%s, 10° E", text);

          g_assert_true (dm_parse_coordinate (both, &lat, &lon, &error));
          g_assert_no_error (error);
          g_assert_cmpfloat_with_epsilon (lat, cases[i].value, 0.051 / 3600);
        }
    }
}

static void
test_format_degrees (void)
{
  const struct {
    double value;
    gboolean is_lat;
    int decimals;
    const char *text;
  } cases[] = {
    { 48.456, TRUE, 5, "48.45600° N" },
    { -33.9249, TRUE, 2, "33.92° S" },
    { -18.4241, FALSE, 0, "18° W" },
    { 37.123, FALSE, 3, "37.123° E" },
    /* Rounds to zero: no western or southern zero. */
    { -0.001, FALSE, 2, "0.00° E" },
    { -0.004, TRUE, 2, "0.00° N" },
    { 180.0, FALSE, 1, "180.0° E" },
  };
  g_autofree char *position = dm_format_position (-25.0, 134.5, 2);
  g_autofree char *nan = dm_format_degrees (NAN, TRUE, 2);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dm_format_degrees (cases[i].value, cases[i].is_lat, cases[i].decimals);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  /* Latitude first; what is written reads back. */
  g_assert_cmpstr (position, ==, "25.00° S, 134.50° E");
  {
    g_autoptr (GError) error = NULL;
    double lat = 0, lon = 0;

    g_assert_true (dm_parse_coordinate (position, &lat, &lon, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (lat, ==, -25.0);
    g_assert_cmpfloat (lon, ==, 134.5);
  }
  g_assert_cmpstr (nan, ==, "—");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/units/conversions", test_conversions);
  g_test_add_func ("/units/parse", test_parse);
  g_test_add_func ("/units/format", test_format);
  g_test_add_func ("/units/names", test_unit_names);
  g_test_add_func ("/units/coordinate/parse", test_parse_coordinate);
  g_test_add_func ("/units/coordinate/format-dms", test_format_dms);
  g_test_add_func ("/units/coordinate/format-degrees", test_format_degrees);
  return g_test_run ();
}
