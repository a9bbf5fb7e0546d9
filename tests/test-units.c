/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

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
  g_autoptr(GError) error = NULL;
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
  const struct { double metres; DmLengthUnit unit; const char *expected; } lengths[] = {
    { 1187432.0, DM_LENGTH_KM, "1,187 km" },
    { 4023.36, DM_LENGTH_KM, "4.02 km" },
    { 4023.36, DM_LENGTH_MI, "2.50 mi" },
    { 12345.0, DM_LENGTH_KM, "12.3 km" },
    { 950.4, DM_LENGTH_M, "950 m" },
    { 1852000.0, DM_LENGTH_NMI, "1,000 nmi" },
    { 0.0, DM_LENGTH_KM, "0 km" },
  };
  const struct { double m2; DmAreaUnit unit; const char *expected; } areas[] = {
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
    g_assert_cmpstr (p, ==, "18.9 %");
    g_assert_cmpstr (n, ==, "−1,234,567.89");
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/units/conversions", test_conversions);
  g_test_add_func ("/units/parse", test_parse);
  g_test_add_func ("/units/format", test_format);
  g_test_add_func ("/units/names", test_unit_names);
  return g_test_run ();
}
