/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "dm-engine.h"
#include "dm-export.h"
#include "dm-fingerprint.h"
#include "dm-gdal.h"
#include "dm-geodesy.h"
#include "dm-bench.h"
#include "dm-geojson-writer.h"
#include "dm-kml-writer.h"
#include "dm-line-ops.h"
#include "dm-style.h"
#include "dm-sides.h"
#include "dm-project.h"
#include "dm-scenario.h"
#include "test-exchange-common.h"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* The rich document with zone rules an import can rebuild (a region
 * named in the basemap, not a test polygon). */
static DmDocument *
export_document (void)
{
  DmDocument *doc = make_rich_document ();
  DmZoneRule *band = dm_zone_rule_new_line_band ("Artillery", DM_ZONE_WITHDRAWAL, 50000.0, 30000.25);

  dm_document_set_zone_rule (doc, 1, band);
  dm_document_clear_history (doc);
  return doc;
}

static char *
active_fingerprint (DmDocument *doc)
{
  return dm_fingerprint_compute (doc, dm_document_get_active_proposal (doc));
}

/* ---- RFC 7946 ------------------------------------------------------------ */

static double
ring_area2 (JsonArray *ring)
{
  double sum = 0;
  guint n = json_array_get_length (ring);

  for (guint i = 0; i + 1 < n; i++)
    {
      JsonArray *p = json_array_get_array_element (ring, i);
      JsonArray *q = json_array_get_array_element (ring, i + 1);

      sum += json_array_get_double_element (p, 0) * json_array_get_double_element (q, 1) -
             json_array_get_double_element (q, 0) * json_array_get_double_element (p, 1);
    }
  return sum;
}

static void
check_position (JsonArray *pos)
{
  double lon, lat;

  g_assert_cmpuint (json_array_get_length (pos), ==, 2);
  lon = json_array_get_double_element (pos, 0);
  lat = json_array_get_double_element (pos, 1);
  g_assert_cmpfloat (fabs (lon), <=, 180.0);
  g_assert_cmpfloat (fabs (lat), <=, 90.0);
}

static void
check_polygon (JsonArray *rings)
{
  for (guint r = 0; r < json_array_get_length (rings); r++)
    {
      JsonArray *ring = json_array_get_array_element (rings, r);
      double area = ring_area2 (ring);
      guint n = json_array_get_length (ring);

      g_assert_cmpuint (n, >=, 4);
      /* §3.1.6: outer rings counter-clockwise, holes clockwise; closed. */
      if (r == 0)
        g_assert_cmpfloat (area, >, 0);
      else
        g_assert_cmpfloat (area, <, 0);
      g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (ring, 0), 0), ==,
                         json_array_get_double_element (json_array_get_array_element (ring, n - 1), 0));
      for (guint i = 0; i < n; i++)
        check_position (json_array_get_array_element (ring, i));
    }
}

/* No more than 7 decimals in any coordinate, read from the text itself. */
static void
check_decimals (const char *text)
{
  const char *p = text;
  guint checked = 0;

  while ((p = strstr (p, "\"coordinates\":")) != NULL)
    {
      int depth = 0;

      p += strlen ("\"coordinates\":");
      for (; *p != '\0'; p++)
        {
          if (*p == '[')
            depth++;
          else if (*p == ']')
            {
              if (--depth == 0)
                break;
            }
          else if (*p == '.')
            {
              guint digits = strspn (p + 1, "0123456789");

              g_assert_cmpuint (digits, <=, 7);
              checked++;
            }
          else
            g_assert_true (strchr ("0123456789-, \n", *p) != NULL);
        }
    }
  g_assert_cmpuint (checked, >, 100);
}

static void
check_rfc7946 (const char *path)
{
  g_autofree char *text = read_file (path);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;
  JsonArray *features;
  guint polygons = 0;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "FeatureCollection");
  /* §4: no "crs" member; WGS 84 is implied. */
  g_assert_false (json_object_has_member (root, "crs"));
  features = json_object_get_array_member (root, "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *f = json_array_get_object_element (features, i);
      JsonObject *g = json_object_get_object_member (f, "geometry");
      const char *type = json_object_get_string_member (g, "type");
      JsonArray *coords = json_object_get_array_member (g, "coordinates");

      g_assert_false (json_object_has_member (g, "crs"));
      if (g_str_equal (type, "Polygon"))
        {
          check_polygon (coords);
          polygons++;
        }
      else if (g_str_equal (type, "MultiPolygon"))
        for (guint k = 0; k < json_array_get_length (coords); k++, polygons++)
          check_polygon (json_array_get_array_element (coords, k));
      else if (g_str_equal (type, "LineString"))
        for (guint k = 0; k < json_array_get_length (coords); k++)
          check_position (json_array_get_array_element (coords, k));
      else if (g_str_equal (type, "Point"))
        check_position (coords);
      else
        g_assert_not_reached ();
    }
  g_assert_cmpuint (polygons, >=, 3);
  check_decimals (text);
}

/* The checker must be able to fail. */
static void
test_rfc7946_checker (void)
{
  g_autofree char *bad = tmp_path ("bad.geojson");
  const char *cw = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
                   "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}]}";

  g_assert_true (g_file_set_contents (bad, cw, -1, NULL));
  if (g_test_subprocess ())
    {
      check_rfc7946 (bad);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
}

/* ---- Reading back ---------------------------------------------------------- */

/* Every vertex of @g within 1e-7° of @expected's. */
static void
assert_close (OGRGeometryH g, const DmGeometry *expected)
{
  g_autoptr (DmGeometry) got = NULL;
  g_autoptr (DmOgrGeometry) flat = OGR_G_Clone (g);

  OGR_G_FlattenTo2D (flat);
  got = dm_geometry_from_ogr (flat);
  g_assert_nonnull (got);
  g_assert_cmpuint (dm_geometry_get_n_points (got), ==, dm_geometry_get_n_points (expected));
  for (guint i = 0; i < dm_geometry_get_n_points (got); i++)
    {
      double x1, y1, x2, y2;

      dm_geometry_get_point (got, i, &x1, &y1);
      dm_geometry_get_point (expected, i, &x2, &y2);
      g_assert_cmpfloat_with_epsilon (x1, x2, 1.0000001e-7);
      g_assert_cmpfloat_with_epsilon (y1, y2, 1.0000001e-7);
    }
}

static DmGdalDataset *
open_with (const char *path, const char *driver)
{
  const char *const drivers[] = { driver, NULL };

  return GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
}

/* The features of @ds with @field = @value, over every layer. */
static GPtrArray *
find_features (DmGdalDataset *ds, const char *field, const char *value)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) OGR_F_Destroy);

  for (int l = 0; l < GDALDatasetGetLayerCount (ds); l++)
    {
      OGRLayerH layer = GDALDatasetGetLayer (ds, l);

      OGR_L_ResetReading (layer);
      for (OGRFeatureH f; (f = OGR_L_GetNextFeature (layer)) != NULL;)
        {
          int i = OGR_F_GetFieldIndex (f, field);

          if (i >= 0 && g_strcmp0 (OGR_F_GetFieldAsString (f, i), value) == 0)
            g_ptr_array_add (out, f);
          else
            OGR_F_Destroy (f);
        }
    }
  return out;
}

static void
test_geojson (void)
{
  g_autoptr (DmDocument) doc = export_document ();
  g_autoptr (DmDocument) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("export.geojson");
  g_autofree char *fingerprint = active_fingerprint (doc);
  g_autofree char *fp_short = dm_fingerprint_short (fingerprint);
  g_autofree char *fp_back = NULL;
  g_autofree char *text = NULL;
  g_autoptr (DmGdalDataset) ds = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GPtrArray) swaps = NULL;
  g_autoptr (GPtrArray) zones = NULL;
  g_autoptr (GPtrArray) notes = NULL;
  g_autoptr (GPtrArray) doc_swaps = dm_document_list_features (doc, DM_ROLE_LAND_SWAP);

  g_assert_true (dm_export_document (doc, NULL, 0, path, NULL, &error));
  g_assert_no_error (error);
  check_rfc7946 (path);
  text = read_file (path);
  g_assert_nonnull (strstr (text, fp_short));
  g_assert_nonnull (strstr (text, fingerprint));
  /* The zone rules as JSON (a field of subtype JSON), not as a string. */
  g_assert_nonnull (strstr (text, "\"zone_rules\": [ { \"name\": "));

  ds = open_with (path, "GeoJSON");
  g_assert_nonnull (ds);
  lines = find_features (ds, "role", "contact_line");
  swaps = find_features (ds, "role", "land_swap");
  zones = find_features (ds, "role", "zone");
  notes = find_features (ds, "role", "annotation");
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpuint (swaps->len, ==, 2);
  g_assert_cmpuint (zones->len, ==, 4);
  g_assert_cmpuint (notes->len, ==, 1);
  assert_close (OGR_F_GetGeometryRef (g_ptr_array_index (lines, 0)),
                dm_feature_get_geometry (dm_document_get_contact_line (doc)));
  {
    OGRFeatureH f = g_ptr_array_index (lines, 0);

    g_assert_cmpstr (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "name")), ==, "Line of contact");
    g_assert_cmpstr (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "side_a")), ==, "Ukraine");
    g_assert_cmpstr (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "side_b_color")), ==, "#d52b1e");
    g_assert_cmpstr (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "stroke")), ==, "#141414");
    g_assert_cmpfloat (OGR_F_GetFieldAsDouble (f, OGR_F_GetFieldIndex (f, "length_m")), >, 100000);
  }
  {
    OGRFeatureH f = g_ptr_array_index (swaps, 0);

    g_assert_cmpstr (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "name")), ==,
                     dm_feature_get_name (g_ptr_array_index (doc_swaps, 0)));
    g_assert_cmpstr (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "from_side")), ==, "A");
    g_assert_cmpstr (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "to_side")), ==, "B");
    g_assert_cmpfloat (OGR_F_GetFieldAsDouble (f, OGR_F_GetFieldIndex (f, "area_m2")), >, 1e7);
    g_assert_cmpstr (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "fill")), ==, "#d52b1e");
  }
  {
    OGRFeatureH f = g_ptr_array_index (zones, 0);

    g_assert_cmpstr (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "zone")), ==, "Demilitarised zone");
    g_assert_cmpfloat (OGR_F_GetFieldAsDouble (f, OGR_F_GetFieldIndex (f, "width_m")), ==, 4023.36);
  }
  {
    OGRFeatureH f = g_ptr_array_index (notes, 0);

    g_assert_cmpstr (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "text")), ==, "Checkpoint <7> & bridge");
  }

  /* Import keeps the fingerprint (and the zone rules it covers). */
  back = dm_scenario_load (path, NULL, &error);
  g_assert_no_error (error);
  fp_back = active_fingerprint (back);
  g_assert_cmpstr (fp_back, ==, fingerprint);
  g_assert_cmpuint (dm_document_get_n_zone_rules (back), ==, 2);
  g_assert_cmpstr (dm_document_get_side_name (back, DM_SIDE_B), ==, "Russia");
}

static void
check_kml_xml (const char *xml, const char *fp_short)
{
  /* OGR writes KML colours aabbggrr: #0057b7 at 95 % is f2b75700. */
  const char *expected[] = {
    "<Document id=\"demarcate\">",
    "<name>Demarcate: Freeze</name>",
    "<Style id=\"style_contact_line\">",
    "<color>ff141414</color>",
    "<width>1.3</width>",
    "<Style id=\"style_swap_a_to_b\">",
    "<color>f2b75700</color>",
    "<color>471e2bd5</color>",
    "<Style id=\"style_zone_1_a\">",
    "<Style id=\"style_zone_1_b\">",
    "<PolyStyle>",
    "<color>610aa5e5</color>",
    "<name>Contact line</name>",
    "<name>Land swaps</name>",
    "<name>Annotations</name>",
    "<name>Demilitarised zone — Ukraine</name>",
    "<name>Demilitarised zone — Russia</name>",
    "#style_swap_a_to_b</styleUrl>",
    "<tessellate>1</tessellate>",
    "<th align=\"left\">Area on this side</th>",
    "<SimpleData name=\"role\">land_swap</SimpleData>",
    "<SimpleField name=\"population\" type=\"int\"/>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (xml, expected[i]) == NULL)
      g_error ("KML lacks %s", expected[i]);
  /* Every id once: Google Earth resolves #id to the first element with it. */
  {
    g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (const char *p = strstr (xml, " id=\""); p != NULL; p = strstr (p + 1, " id=\""))
      {
        const char *start = p + strlen (" id=\""), *end = strchr (start, '"');
        char *id = g_strndup (start, end - start);

        if (g_hash_table_contains (ids, id))
          g_error ("KML has the id “%s” twice", id);
        g_hash_table_add (ids, id);
      }
    g_assert_cmpuint (g_hash_table_size (ids), >, 5);
  }
  g_assert_nonnull (strstr (xml, fp_short));
}

static void
check_kml_dataset (DmGdalDataset *ds, DmDocument *doc, gboolean libkml)
{
  g_autoptr (GPtrArray) lines = find_features (ds, libkml ? "Name" : "Name", "Line of contact");
  g_autoptr (GPtrArray) swaps = find_features (ds, "Name", "Swap “north”");
  g_autoptr (GPtrArray) notes = find_features (ds, "Name", "Checkpoint <7> & bridge");
  g_autoptr (GPtrArray) doc_swaps = dm_document_list_features (doc, DM_ROLE_LAND_SWAP);
  const char *desc_field = libkml ? "description" : "Description";
  OGRFeatureH line, swap;

  g_assert_cmpint (GDALDatasetGetLayerCount (ds), ==, 7); /* line, 2 zones × 2 sides, swaps, notes */
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpuint (swaps->len, ==, 1);
  g_assert_cmpuint (notes->len, ==, 1);
  line = g_ptr_array_index (lines, 0);
  swap = g_ptr_array_index (swaps, 0);
  assert_close (OGR_F_GetGeometryRef (line), dm_feature_get_geometry (dm_document_get_contact_line (doc)));
  assert_close (OGR_F_GetGeometryRef (swap), dm_feature_get_geometry (g_ptr_array_index (doc_swaps, 0)));
  g_assert_nonnull (strstr (OGR_F_GetFieldAsString (line, OGR_F_GetFieldIndex (line, desc_field)), "<table>"));
  g_assert_nonnull (strstr (OGR_F_GetFieldAsString (swap, OGR_F_GetFieldIndex (swap, desc_field)), "Changing hands"));
  /* Each side's fringe of the line, on its side, 250 m off it (KML
   * cannot offset a line on screen). */
  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    {
      g_autofree char *name = g_strdup_printf ("%s’s side of the contact line", dm_document_get_side_name (doc, side));
      g_autoptr (GPtrArray) fringes = find_features (ds, "Name", name);
      const DmGeometry *g = dm_feature_get_geometry (dm_document_get_contact_line (doc));
      guint n_line, checked = 0;
      const double *xy = dm_geometry_get_ring (g, 0, 0, &n_line);
      OGRGeometryH fg;

      g_assert_cmpuint (fringes->len, ==, 1);
      fg = OGR_F_GetGeometryRef (g_ptr_array_index (fringes, 0));
      g_assert_nonnull (fg);
      for (int p = 0; p < MAX (1, OGR_G_GetGeometryCount (fg)); p++)
        {
          OGRGeometryH part = OGR_G_GetGeometryCount (fg) > 0 ? OGR_G_GetGeometryRef (fg, p) : fg;

          for (int v = 0; v < OGR_G_GetPointCount (part); v += 25)
            {
              double lon = OGR_G_GetX (part, v), lat = OGR_G_GetY (part, v);
              double d = dm_geodesy_point_path_distance_m (lon, lat, xy, n_line, NULL, NULL);

              g_assert_cmpint (dm_sides_classify_point (xy, n_line, lon, lat), ==, side);
              g_assert_cmpfloat (fabs (d - 250), <, 5);
              checked++;
            }
        }
      g_assert_cmpuint (checked, >, 3);
    }
  if (libkml)
    {
      OGRStyleTableH styles = GDALDatasetGetStyleTable (ds);

      /* Attributes as ExtendedData, styles as a shared table. */
      g_assert_cmpstr (OGR_F_GetFieldAsString (swap, OGR_F_GetFieldIndex (swap, "from_side")), ==, "A");
      g_assert_cmpstr (OGR_F_GetFieldAsString (line, OGR_F_GetFieldIndex (line, "side_a")), ==, "Ukraine");
      g_assert_cmpstr (OGR_F_GetStyleString (line), ==, "@style_contact_line");
      g_assert_cmpstr (OGR_F_GetStyleString (swap), ==, "@style_swap_a_to_b");
      g_assert_nonnull (styles);
      g_assert_true (g_str_has_prefix (OGR_STBL_Find (styles, "style_contact_line"), "PEN(c:#141414FF,w:1.3"));
      g_assert_nonnull (strstr (OGR_STBL_Find (styles, "style_swap_a_to_b"), "BRUSH(fc:#D52B1E47)"));
      g_assert_nonnull (strstr (OGR_STBL_Find (styles, "style_zone_1_a"), "BRUSH(fc:#E5A50A61)"));
      /* Each half edged in its side's colour: #0057b7, #d52b1e. */
      g_assert_true (g_str_has_prefix (OGR_STBL_Find (styles, "style_zone_1_a"), "PEN(c:#0057B7"));
      g_assert_true (g_str_has_prefix (OGR_STBL_Find (styles, "style_zone_1_b"), "PEN(c:#D52B1E"));
      g_assert_true (g_str_has_prefix (OGR_STBL_Find (styles, "style_fringe_a"), "PEN(c:#0057B7FF"));
      g_assert_true (g_str_has_prefix (OGR_STBL_Find (styles, "style_fringe_b"), "PEN(c:#D52B1EFF"));
    }
}

static void
test_kml (void)
{
  g_autoptr (DmDocument) doc = export_document ();
  g_autoptr (DmDocument) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("export.kml");
  g_autofree char *fingerprint = active_fingerprint (doc);
  g_autofree char *fp_short = dm_fingerprint_short (fingerprint);
  g_autofree char *fp_back = NULL;
  g_autofree char *xml = NULL;

  g_assert_true (dm_export_document (doc, NULL, 0, path, NULL, &error));
  g_assert_no_error (error);
  xml = read_file (path);
  check_kml_xml (xml, fp_short);
  /* One file, a Folder per role (FOLDER=YES), no links to follow. */
  g_assert_nonnull (strstr (xml, "<Folder id=\"contact_line\">"));
  g_assert_nonnull (strstr (xml, "<Folder id=\"land_swaps\">"));
  g_assert_null (strstr (xml, "<NetworkLink>"));

  {
    g_autoptr (DmGdalDataset) ds = open_with (path, "KML");

    g_assert_nonnull (ds);
    check_kml_dataset (ds, doc, FALSE);
  }
  {
    g_autoptr (DmGdalDataset) ds = open_with (path, "LIBKML");

    g_assert_nonnull (ds);
    check_kml_dataset (ds, doc, TRUE);
  }

  back = dm_scenario_load (path, NULL, &error);
  g_assert_no_error (error);
  fp_back = active_fingerprint (back);
  g_assert_cmpstr (fp_back, ==, fingerprint);
}

/* Coordinates as LIBKML writes them ("%.15g"), by the fast path: every
 * magnitude, signs, and ties (odd multiples of 2^(k-16) between 10^(k-1)
 * and 10^k are exactly half way at fifteen digits). */
static void
test_kml_number (void)
{
  GRand *rand = g_rand_new_with_seed (20261207);
  guint n_ties = 0;

  for (guint i = 0; i < 400000; i++)
    {
      char fast[DM_KML_NUMBER_BUF_SIZE], slow[64];
      double v;
      int len;

      switch (i % 4)
        {
        case 0: /* a coordinate */
          v = g_rand_double_range (rand, -180, 180);
          break;
        case 1: /* any magnitude from 1e-6 to 1e12 */
          v = pow (10, g_rand_double_range (rand, -6, 12)) * (g_rand_boolean (rand) ? 1 : -1);
          break;
        case 2: /* a tie */
          {
            int k = g_rand_int_range (rand, 1, 10);
            double lo = pow (10, k - 1) * pow (2, 16 - k), hi = pow (10, k) * pow (2, 16 - k);
            double m = floor (g_rand_double_range (rand, lo, hi));

            if (fmod (m, 2.0) == 0)
              m += 1;
            v = ldexp (m, k - 16);
            n_ties += v < pow (10, k);
          }
          break;
        default: /* short decimals, whole numbers, and the last digit's neighbours */
          v = g_rand_int_range (rand, -1000000, 1000000) / 1000.0;
          v = i % 8 == 3 ? nextafter (v, G_MAXDOUBLE) : i % 16 == 7 ? round (v) : v;
          break;
        }
      len = dm_kml_format_number (v, fast);
      g_snprintf (slow, sizeof slow, "%.15g", v);
      if (strcmp (fast, slow) != 0)
        g_error ("%.17g: “%s”, printf “%s”", v, fast, slow);
      g_assert_cmpint (len, ==, (int) strlen (slow));
    }
  g_assert_cmpuint (n_ties, >, 90000);
  g_rand_free (rand);
}

/* Coordinates as GDAL writes them at 7 decimals, its own formatting the
 * reference: random coordinates and magnitudes, ties, the trailing
 * 00000x it drops and the 99999x it rounds up, signed zeros. */
static void
test_geojson_number (void)
{
  char *options[] = { (char *) "COORDINATE_PRECISION=7", NULL };
  GRand *rand = g_rand_new_with_seed (20261208);
  OGRGeometryH point = OGR_G_CreateGeometry (wkbPoint);
  guint n_tidied = 0;

  for (guint i = 0; i < 60000; i++)
    {
      char fast[DM_GEOJSON_NUMBER_BUF_SIZE];
      g_autofree char *json = NULL;
      const char *start, *end;
      double v;
      int len;

      switch (i % 6)
        {
        case 0: /* a coordinate */
          v = g_rand_double_range (rand, -180, 180);
          break;
        case 1: /* any magnitude from 1e-9 to 1e20, and a few beyond 1e50 */
          v = pow (10, i % 600 == 1 ? g_rand_double_range (rand, 49, 60) : g_rand_double_range (rand, -9, 20)) *
              (g_rand_boolean (rand) ? 1 : -1);
          break;
        case 2: /* five zeros or nines, then a digit */
          v = g_rand_int_range (rand, -200000, 200000) / 100.0 +
              (g_rand_boolean (rand) ? 1 : -1) * g_rand_int_range (rand, 1, 10) * 1e-7;
          break;
        case 3: /* a tie at the eighth decimal */
          v = (g_rand_int_range (rand, -1800000000, 1800000000) + 0.5) / 1e7;
          break;
        case 4: /* short decimals and whole numbers */
          v = g_rand_int_range (rand, -1000000, 1000000) / (i % 12 == 4 ? 1.0 : 1000.0);
          break;
        default: /* near zero, either sign */
          v = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double_range (rand, 0, 2e-7);
          v = i % 30 == 5 ? -0.0 : v;
          break;
        }
      OGR_G_SetPoint_2D (point, 0, v, 0);
      json = OGR_G_ExportToJsonEx (point, options);
      start = strstr (json, "[ ") + 2;
      end = strchr (start, ',');
      len = dm_geojson_format_coordinate (v, fast);
      if ((gsize) len != (gsize) (end - start) || strncmp (fast, start, len) != 0)
        g_error ("%.17g: “%s”, GDAL “%.*s”", v, fast, (int) (end - start), start);
      n_tidied += len > 2 && strstr (fast, ".") != NULL && strlen (strchr (fast, '.')) < 8 &&
                  fabs (v - g_ascii_strtod (fast, NULL)) > 0.5e-7;
    }
  /* The 00000x and 99999x rules were met, not only plain rounding. */
  g_assert_cmpuint (n_tidied, >, 100);
  OGR_G_DestroyGeometry (point);
  g_rand_free (rand);
}

static void
add_field (OGRLayerH layer, const char *name, OGRFieldType type, OGRFieldSubType subtype)
{
  OGRFieldDefnH defn = OGR_Fld_Create (name, type);

  OGR_Fld_SetSubType (defn, subtype);
  OGR_L_CreateField (layer, defn, TRUE);
  OGR_Fld_Destroy (defn);
}

/* @layer written by GDAL's GeoJSON driver as dm-export asked it to. */
static char *
geojson_by_gdal (OGRLayerH layer, const DmGeoJsonDocument *doc)
{
  g_autofree char *path = tmp_path ("by-gdal.geojson");
  g_autofree char *desc = g_strdup_printf ("DESCRIPTION=%s", doc->description);
  g_autofree char *native = g_strdup_printf ("NATIVE_DATA=%s", doc->members);
  char *lco[] = { (char *) "RFC7946=YES",
                  (char *) "COORDINATE_PRECISION=7",
                  desc,
                  native,
                  (char *) "NATIVE_MEDIA_TYPE=application/vnd.geo+json",
                  NULL };
  GDALDatasetH ds = GDALCreate (GDALGetDriverByName ("GeoJSON"), path, 0, 0, 0, GDT_Unknown, NULL);
  OGRSpatialReferenceH wgs84 = OSRNewSpatialReference (NULL);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  OGRLayerH out;
  OGRFeatureH f;

  OSRSetWellKnownGeogCS (wgs84, "WGS84");
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  out = GDALDatasetCreateLayer (ds, doc->name, wgs84, wkbUnknown, lco);
  OSRDestroySpatialReference (wgs84);
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    OGR_L_CreateField (out, OGR_FD_GetFieldDefn (defn, i), TRUE);
  OGR_L_ResetReading (layer);
  while ((f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      OGRFeatureH copy = OGR_F_Create (OGR_L_GetLayerDefn (out));

      OGR_F_SetFrom (copy, f, TRUE);
      g_assert_cmpint (OGR_L_CreateFeature (out, copy), ==, OGRERR_NONE);
      OGR_F_Destroy (copy);
      OGR_F_Destroy (f);
    }
  GDALClose (ds);
  return read_file (path);
}

static void
add_feature (OGRLayerH layer, const char *wkt, const char *text, double real, gboolean set_all)
{
  OGRFeatureH f = OGR_F_Create (OGR_L_GetLayerDefn (layer));

  OGR_F_SetFieldString (f, 0, text);
  if (set_all)
    {
      OGR_F_SetFieldInteger (f, 1, -42);
      OGR_F_SetFieldInteger64 (f, 2, G_GINT64_CONSTANT (5000000000));
      OGR_F_SetFieldDouble (f, 3, real);
      OGR_F_SetFieldString (f, 4,
                            "[ {\"name\": \"DMZ\", \"width_m\": 4023.3600000000001, \"n\": 2, \"on\": true, "
                            "\"none\": null, \"d\": 0.0, \"sub\": {}, \"list\": []} ]");
      OGR_F_SetFieldInteger (f, 5, 1);
    }
  else if (OGR_F_GetFieldCount (f) > 3)
    OGR_F_SetFieldNull (f, 3);
  if (wkt != NULL)
    {
      OGRGeometryH g = NULL;
      char *w = (char *) wkt;

      g_assert_cmpint (OGR_G_CreateFromWkt (&w, NULL, &g), ==, OGRERR_NONE);
      OGR_F_SetGeometryDirectly (f, g);
    }
  g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
  OGR_F_Destroy (f);
}

/* The streamed writer gives GDAL's bytes: fields of every kind written
 * (null, unset, not finite, JSON, escapes), rings either way round (and
 * one whose lowest vertex repeats), one-part multis, no geometry; and a
 * line across the antimeridian, which GDAL itself cuts. */
static void
test_geojson_writer (void)
{
  const char *members = "{\"type\": \"x\", \"proposal\":\"Plan A/B \\\"final\\\"\",\"n\":3,\"r\":0.500,"
                        "\"crs\": {}, \"list\":[1,\"x\", 2e3], \"properties\": 1}";
  const char *odd = "quote\" back\\ slash/ \n\t\b\f\r \x01\x1f\x7f “Київ” 🗺";
  DmGeoJsonDocument doc = { "demarcate", "Proposal “A/B” & more", members };
  const char *wkts[] = {
    "POINT (30.5 50.25)",
    "LINESTRING (31.459 46.549, 31.4565 46.5515, 131.0000003 1.99999997, -0.00000001 1e-14)",
    /* clockwise outside, anticlockwise hole: both turned */
    "POLYGON ((30 50, 30 51, 31 51, 31 50, 30 50), (30.2 50.2, 30.4 50.2, 30.4 50.4, 30.2 50.2))",
    /* already right */
    "POLYGON ((30 50, 31 50, 31 51, 30 51, 30 50))",
    /* the lowest vertex twice: GDAL's fallback to the area */
    "POLYGON ((30 50, 30 51, 31 50.5, 30 50, 30.5 50.5, 30 50))",
    "MULTIPOLYGON (((30 10, 40 40, 20 40, 10 20, 30 10)))",
    "MULTIPOLYGON (((30 10, 40 40, 20 40, 10 20, 30 10)), ((50 10, 60 10, 60 20, 50 10)))",
    "MULTILINESTRING ((1 2, 3 4))",
    "MULTILINESTRING ((1 2, 3 4), (5.123456789 6, -7.99999999 8))",
    NULL,
  };
  g_autoptr (DmGdalDataset) mem = GDALCreate (GDALGetDriverByName ("Memory"), "", 0, 0, 0, GDT_Unknown, NULL);
  OGRLayerH layer = GDALDatasetCreateLayer (mem, "demarcate", NULL, wkbUnknown, NULL);
  g_autofree char *path = tmp_path ("streamed.geojson");
  g_autofree char *ours = NULL, *gdal = NULL;
  g_autoptr (GError) error = NULL;
  const double reals[] = { 4023.36, 1.3, 0.1 + 0.2, 1e20, -0.0, 3778134654.3620019, 12.9999999999999, NAN, 2.5e-8 };

  add_field (layer, "text", OFTString, OFSTNone);
  add_field (layer, "count", OFTInteger, OFSTNone);
  add_field (layer, "people", OFTInteger64, OFSTNone);
  add_field (layer, "area_m2", OFTReal, OFSTNone);
  add_field (layer, "zone_rules", OFTString, OFSTJSON);
  add_field (layer, "flag", OFTInteger, OFSTBoolean);
  add_field (layer, "unset", OFTString, OFSTNone);
  for (guint i = 0; i < G_N_ELEMENTS (wkts); i++)
    add_feature (layer, wkts[i], i == 0 ? odd : "plain", reals[i % G_N_ELEMENTS (reals)], i % 3 != 2);
  /* JSON text: numbers as they stand, escapes decoded and written again;
   * a bare null is a string to json-c. */
  {
    const char *texts[] = { "{\"t\": 25.000, \"u\": \"a\\u00e9\\ud83d\\uddfa\\/\\n\", \"v\": [ -0, 1E+2 ]}", "null" };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        OGRFeatureH f = OGR_F_Create (OGR_L_GetLayerDefn (layer));

        OGR_F_SetFieldString (f, 4, texts[i]);
        g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
        OGR_F_Destroy (f);
      }
  }

  g_assert_true (dm_geojson_write (layer, &doc, path, "streamed.geojson", &error));
  g_assert_no_error (error);
  ours = read_file (path);
  gdal = geojson_by_gdal (layer, &doc);
  if (g_strcmp0 (ours, gdal) != 0)
    g_error ("The streamed GeoJSON differs from GDAL's:\n%s\n---- GDAL ----\n%s", ours, gdal);
  /* The cases were there to be compared. */
  g_assert_nonnull (strstr (ours, "\"type\": \"MultiPolygon\""));
  g_assert_nonnull (strstr (ours, "\\u0001"));
  g_assert_nonnull (strstr (ours, "\"width_m\": 4023.3600000000001"));
  g_assert_nonnull (strstr (ours, "\"area_m2\": 4023.36,"));
  g_assert_nonnull (strstr (ours, "\"t\": 25.000"));
  g_assert_nonnull (strstr (ours, "\"zone_rules\": \"null\""));
  g_assert_nonnull (strstr (ours, "\"r\": 0.500,\n"));
  g_assert_null (strstr (ours, "\"crs\""));
  g_assert_nonnull (
    strstr (ours, "[ [ [ 30.0, 50.0 ], [ 31.0, 50.0 ], [ 31.0, 51.0 ], [ 30.0, 51.0 ], [ 30.0, 50.0 ] ]"));
  g_clear_pointer (&ours, g_free);
  g_clear_pointer (&gdal, g_free);

  /* A string that looks like JSON stays a string (GDAL would make it a
   * list); across the antimeridian GDAL writes the layer, cut there. */
  {
    g_autoptr (DmGdalDataset) mem2 = GDALCreate (GDALGetDriverByName ("Memory"), "", 0, 0, 0, GDT_Unknown, NULL);
    OGRLayerH l2 = GDALDatasetCreateLayer (mem2, "demarcate", NULL, wkbUnknown, NULL);

    add_field (l2, "text", OFTString, OFSTNone);
    add_feature (l2, "POINT (30 50)", "[1]", 0, FALSE);
    g_assert_true (dm_geojson_write (l2, &doc, path, "streamed.geojson", &error));
    ours = read_file (path);
    g_assert_nonnull (strstr (ours, "\"text\": \"[1]\""));
    g_clear_pointer (&ours, g_free);

    /* Across the antimeridian: cut as GDAL cuts it, streamed all the
     * same (the note stays a string), and GDAL's bytes otherwise. */
    add_feature (l2, "LINESTRING (179 1, -179 2)", "east", 0, FALSE);
    add_feature (l2, "POLYGON ((175 10, 185 10, 185 20, 175 20, 175 10))", "east", 0, FALSE);
    add_feature (l2, "LINESTRING (100 1, 250 2)", "east", 0, FALSE);
    add_feature (l2, "LINESTRING (175 1, 185 2)", "east", 0, FALSE);
    g_assert_true (dm_geojson_write (l2, &doc, path, "streamed.geojson", &error));
    g_assert_no_error (error);
    ours = read_file (path);
    g_assert_nonnull (strstr (ours, "\"text\": \"[1]\""));
    g_assert_nonnull (strstr (ours, "[ [ [ 179.0, 1.0 ], [ 180.0, 1.5 ] ], [ [ -180.0, 1.5 ], [ -179.0, 2.0 ] ] ]"));
    g_clear_pointer (&ours, g_free);
    g_assert_cmpint (OGR_L_DeleteFeature (l2, 0), ==, OGRERR_NONE);
    g_assert_true (dm_geojson_write (l2, &doc, path, "streamed.geojson", &error));
    ours = read_file (path);
    gdal = geojson_by_gdal (l2, &doc);
    if (g_strcmp0 (ours, gdal) != 0)
      g_error ("Across the antimeridian, the streamed GeoJSON differs from GDAL's:\n%s\n---- GDAL ----\n%s", ours,
               gdal);
    g_clear_pointer (&ours, g_free);
    g_clear_pointer (&gdal, g_free);

    /* A "name" among the members is the collection's, as GDAL has it. */
    {
      DmGeoJsonDocument named = { "demarcate", "d", "{\"name\": \"Plan B\", \"k\": 1}" };

      g_assert_true (dm_geojson_write (l2, &named, path, "streamed.geojson", &error));
      ours = read_file (path);
      gdal = geojson_by_gdal (l2, &named);
      g_assert_cmpstr (ours, ==, gdal);
      g_assert_null (strstr (ours, "\"demarcate\""));
      g_clear_pointer (&ours, g_free);
      g_clear_pointer (&gdal, g_free);
    }

    /* Beyond the poles GDAL's driver is asked, and says why it refuses. */
    add_feature (l2, "POINT (30 95)", "north", 0, FALSE);
    g_assert_false (dm_geojson_write (l2, &doc, path, "streamed.geojson", &error));
    g_assert_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE);
    g_assert_nonnull (strstr (error->message, "streamed.geojson"));
    g_assert_nonnull (strstr (error->message, "90"));
    g_clear_error (&error);
  }
}

/* The writer by itself: markup, quotes and a "]]>" in text, a style by
 * reference and one inline, a multipolygon of two parts; what LIBKML and
 * the KML driver read back is what was written. */
static void
test_kml_writer (void)
{
  const char *text = "Post ]]> <7> & \"bridge\" 'east'";
  g_autofree char *path = tmp_path ("writer.kml");
  g_autoptr (DmGdalDataset) mem = GDALCreate (GDALGetDriverByName ("Memory"), "", 0, 0, 0, GDT_Unknown, NULL);
  g_autoptr (GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  OGRStyleTableH styles = OGR_STBL_Create ();
  OGRLayerH layer = GDALDatasetCreateLayer (mem, "posts", NULL, wkbUnknown, NULL);
  const char *fields[] = { "name", "description", "text", "tessellate", "count" };
  DmKmlDocument doc = { "doc", "Title & more", NULL, styles, titles };
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  char *wkt = (char *) "MULTIPOLYGON (((30 50, 31 50, 31 51, 30 50)), ((32 50, 33 50, 33 51, 32 50)))";
  OGRGeometryH g = NULL;
  OGRFeatureH f;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      OGRFieldDefnH defn = OGR_Fld_Create (fields[i], i >= 3 ? OFTInteger : OFTString);

      OGR_L_CreateField (layer, defn, TRUE);
      OGR_Fld_Destroy (defn);
    }
  g_hash_table_insert (titles, (gpointer) "posts", (gpointer) "Observation posts");
  OGR_STBL_AddStyle (styles, "post", "PEN(c:#0057B7F2,w:2.5px);BRUSH(fc:#D52B1E47)");

  f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  OGR_F_SetFieldString (f, 0, text);
  OGR_F_SetFieldString (f, 1, "<b>bold</b>");
  OGR_F_SetFieldString (f, 2, text);
  OGR_F_SetFieldInteger (f, 3, 1);
  OGR_F_SetFieldInteger (f, 4, 42);
  OGR_F_SetStyleString (f, "@post");
  g_assert_cmpint (OGR_G_CreateFromWkt (&wkt, NULL, &g), ==, OGRERR_NONE);
  OGR_F_SetGeometryDirectly (f, g);
  g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
  OGR_F_Destroy (f);
  f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  OGR_F_SetFieldString (f, 0, "Second");
  OGR_F_SetStyleString (f, "LABEL(c:#112233FF)");
  OGR_F_SetGeometryDirectly (f, OGR_G_CreateGeometry (wkbPoint));
  OGR_G_SetPoint_2D (OGR_F_GetGeometryRef (f), 0, 30.5, 50.25);
  g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
  OGR_F_Destroy (f);
  /* A character XML forbids, pasted into a note, and no geometry (the
   * file stays well-formed: both readers below open it). */
  f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  OGR_F_SetFieldString (f, 0, "Bell\ahere");
  g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
  OGR_F_Destroy (f);

  g_assert_true (dm_kml_write (mem, &doc, path, "writer.kml", &error));
  g_assert_no_error (error);
  OGR_STBL_Destroy (styles);
  xml = read_file (path);
  g_assert_nonnull (strstr (xml, "<name><![CDATA[Title & more]]></name>"));
  g_assert_nonnull (strstr (xml, "<Folder id=\"posts\">\n      <name>Observation posts</name>"));
  g_assert_nonnull (strstr (xml, "<Schema id=\"posts.schema\">"));
  g_assert_nonnull (strstr (xml, "<SimpleField name=\"count\" type=\"int\"/>"));
  g_assert_null (strstr (xml, "<SimpleField name=\"tessellate\""));
  g_assert_nonnull (strstr (xml, "<color>f2b75700</color>"));
  g_assert_nonnull (strstr (xml, "<width>2.5</width>"));
  g_assert_nonnull (strstr (xml, "<color>471e2bd5</color>"));
  g_assert_nonnull (strstr (xml, "<styleUrl>#post</styleUrl>"));
  g_assert_nonnull (strstr (xml, "<color>ff332211</color>"));
  g_assert_nonnull (strstr (xml, "<MultiGeometry>"));
  g_assert_nonnull (strstr (xml, "<tessellate>1</tessellate>"));
  g_assert_nonnull (strstr (xml, "30.5,50.25,0"));
  g_assert_nonnull (strstr (xml, "<name>Bell here</name>"));

  for (guint d = 0; d < 2; d++)
    {
      g_autoptr (DmGdalDataset) ds = open_with (path, d == 0 ? "LIBKML" : "KML");
      g_autoptr (GPtrArray) posts = find_features (ds, "Name", text);
      OGRFeatureH back;
      OGRGeometryH bg;

      g_assert_nonnull (ds);
      g_assert_cmpuint (posts->len, ==, 1);
      back = g_ptr_array_index (posts, 0);
      bg = OGR_F_GetGeometryRef (back);
      g_assert_cmpint (OGR_GT_Flatten (OGR_G_GetGeometryType (bg)), ==, wkbMultiPolygon);
      g_assert_cmpint (OGR_G_GetGeometryCount (bg), ==, 2);
      if (d == 0)
        {
          g_assert_cmpstr (OGR_F_GetFieldAsString (back, OGR_F_GetFieldIndex (back, "text")), ==, text);
          g_assert_cmpint (OGR_F_GetFieldAsInteger (back, OGR_F_GetFieldIndex (back, "count")), ==, 42);
          g_assert_cmpstr (OGR_F_GetStyleString (back), ==, "@post");
        }
    }
}

static void
test_kmz (void)
{
  g_autoptr (DmDocument) doc = export_document ();
  g_autoptr (DmDocument) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("export.kmz");
  g_autofree char *fingerprint = active_fingerprint (doc);
  g_autofree char *fp_short = dm_fingerprint_short (fingerprint);
  g_autofree char *fp_back = NULL;
  g_autoptr (DmGdalDataset) ds = NULL;
  g_autofree char *dir = g_strdup_printf ("/vsizip/%s", path);
  g_auto (GStrv) entries = NULL;
  GString *xml = g_string_new (NULL);

  g_assert_true (dm_export_document (doc, NULL, 0, path, NULL, &error));
  g_assert_no_error (error);
  /* One doc.kml, its styles inline, as every KML reader opens it (a KMZ
   * of NetworkLinks shows nothing in readers of doc.kml). */
  entries = VSIReadDir (dir);
  g_assert_nonnull (entries);
  g_assert_cmpuint (g_strv_length (entries), ==, 1);
  g_assert_cmpstr (entries[0], ==, "doc.kml");
  {
    g_autofree char *doc_kml = g_strdup_printf ("%s/doc.kml", dir);
    VSILFILE *fp = VSIFOpenL (doc_kml, "rb");
    char buf[65536];
    size_t n;

    g_assert_nonnull (fp);
    while ((n = VSIFReadL (buf, 1, sizeof buf, fp)) > 0)
      g_string_append_len (xml, buf, n);
    VSIFCloseL (fp);
  }
  g_assert_null (strstr (xml->str, "<NetworkLink"));
  check_kml_xml (xml->str, fp_short);
  g_string_free (xml, TRUE);

  {
    g_autofree char *doc_kml = g_strdup_printf ("/vsizip/{%s}/doc.kml", path);

    ds = open_with (doc_kml, "LIBKML");
  }
  g_assert_nonnull (ds);
  check_kml_dataset (ds, doc, TRUE);

  back = dm_scenario_load (path, NULL, &error);
  g_assert_no_error (error);
  fp_back = active_fingerprint (back);
  g_assert_cmpstr (fp_back, ==, fingerprint);
}

static void
test_csv (void)
{
  g_autoptr (DmDocument) doc = export_document ();
  g_autoptr (DmEngine) engine = dm_engine_new (doc);
  g_autoptr (DmResults) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("figures.csv");
  g_autofree char *fingerprint = active_fingerprint (doc);
  g_autofree char *fp_short = dm_fingerprint_short (fingerprint);
  g_autoptr (DmGdalDataset) ds = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  OGRFeatureH row;

  results = dm_engine_compute (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dm_export_document (doc, results, 0, path, NULL, &error));
  g_assert_no_error (error);

  ds = open_with (path, "CSV");
  g_assert_nonnull (ds);
  rows = find_features (ds, "name", "Fingerprint");
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (OGR_F_GetFieldAsString (row, 1), ==, fp_short);
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = find_features (ds, "name", "Contact line length");
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (OGR_F_GetFieldAsString (row, 1), NULL), results->line_length_m / 1000,
                                  0.0006);
  g_assert_cmpstr (OGR_F_GetFieldAsString (row, 2), ==, "km");
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = find_features (ds, "name", "Demilitarised zone: area on Ukraine’s side");
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (OGR_F_GetFieldAsString (row, 1), NULL),
                                  dm_zone_result_get_area_m2 (((DmZoneFigures *) g_ptr_array_index (results->zones, 0))
                                                                ->zone,
                                                              DM_SIDE_A) /
                                    1e6,
                                  0.0006);
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = find_features (ds, "name", "Land swaps: Ukraine gives");
  g_assert_cmpuint (rows->len, ==, 1);
  rows = (g_ptr_array_unref (rows), find_features (ds, "name", "Monitoring: observers"));
  g_assert_cmpuint (rows->len, ==, 1);
}

static void
test_gpkg (void)
{
  g_autoptr (DmDocument) doc = export_document ();
  g_autoptr (DmDocument) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("export.gpkg");
  g_autofree char *fingerprint = dm_fingerprint_compute (doc, 1);
  g_autofree char *fp_back = NULL;
  g_autoptr (DmGdalDataset) ds = NULL;

  /* The second proposal, which is not the active one. */
  g_assert_true (dm_export_document (doc, NULL, 1, path, NULL, &error));
  g_assert_no_error (error);
  back = dm_project_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dm_document_get_active_proposal (back), ==, 1);
  fp_back = active_fingerprint (back);
  g_assert_cmpstr (fp_back, ==, fingerprint);
  ds = open_with (path, "GPKG");
  g_assert_nonnull (GDALDatasetGetLayerByName (ds, "zones"));
}

static void
test_bad_destinations (void)
{
  g_autoptr (DmDocument) doc = export_document ();
  g_autoptr (GError) error = NULL;
  g_autofree char *file_parent = tmp_path ("plain-file");
  const char *exts[] = { "geojson", "kml", "kmz", "csv", "gpkg" };

  g_assert_true (g_file_set_contents (file_parent, "x", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *name = g_strdup_printf ("out.%s", exts[i]);
      g_autofree char *no_dir = g_build_filename (tmpdir, "missing-folder", name, NULL);
      g_autofree char *under_file = g_build_filename (file_parent, name, NULL);
      g_autofree char *existing = g_build_filename (tmpdir, name, NULL);
      g_autofree char *after = NULL;

      g_assert_false (dm_export_document (doc, NULL, 0, no_dir, NULL, &error));
      g_assert_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, no_dir));
      g_clear_error (&error);

      g_assert_false (dm_export_document (doc, NULL, 0, under_file, NULL, &error));
      g_assert_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, under_file));
      g_clear_error (&error);

      /* Written over the old file, nothing left beside it.  (A failure
       * after the checks, on a full or read-only disk, keeps the old file:
       * tests/test-write.c.) */
      g_assert_true (g_file_set_contents (existing, "partner's copy", -1, NULL));
      g_assert_true (dm_export_document (doc, NULL, 0, existing, NULL, &error));
      g_assert_no_error (error);
      after = read_file (existing);
      g_assert_cmpstr (after, !=, "partner's copy");
      {
        g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
        const char *entry;

        while ((entry = g_dir_read_name (dir)) != NULL)
          g_assert_false (g_str_has_prefix (entry, ".out."));
      }
    }

  if (geteuid () != 0)
    {
      g_autofree char *ro = tmp_path ("ro");
      g_autofree char *inside = g_build_filename (ro, "out.kml", NULL);

      g_assert_cmpint (g_mkdir (ro, 0555), ==, 0);
      g_assert_false (dm_export_document (doc, NULL, 0, inside, NULL, &error));
      g_assert_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, inside));
      g_clear_error (&error);
      g_chmod (ro, 0755);
    }

  {
    g_autofree char *odd = tmp_path ("out.txt");

    g_assert_false (dm_export_document (doc, NULL, 0, odd, NULL, &error));
    g_assert_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_UNKNOWN_FORMAT);
  }
}

/* A long line's two fringes (side B's offset on a second core) are each
 * side's own offset, in its place in the file. */
static void
test_kml_long_line (void)
{
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (DmFeature) line = dm_feature_new (DM_ROLE_CONTACT_LINE, "Long", dm_bench_make_front_line (60001, 2, 0));
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("long.kml");
  g_autoptr (DmGdalDataset) ds = NULL;

  dm_document_add_feature (doc, line);
  g_assert_true (dm_export_document (doc, NULL, 0, path, NULL, &error));
  g_assert_no_error (error);
  ds = open_with (path, "KML");
  g_assert_nonnull (ds);
  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    {
      g_autofree char *name = g_strdup_printf ("%s’s side of the contact line", dm_document_get_side_name (doc, side));
      g_autoptr (GPtrArray) fringes = find_features (ds, "Name", name);
      g_autoptr (DmGeometry)
        want = dm_line_offset (dm_feature_get_geometry (line),
                               side == DM_SIDE_A ? DM_STYLE_KML_FRINGE_OFFSET_M : -DM_STYLE_KML_FRINGE_OFFSET_M);
      OGRGeometryH fg;
      guint k = 0;

      g_assert_cmpuint (fringes->len, ==, 1);
      fg = OGR_F_GetGeometryRef (g_ptr_array_index (fringes, 0));
      for (int p = 0; p < MAX (1, OGR_G_GetGeometryCount (fg)); p++)
        {
          OGRGeometryH part = OGR_G_GetGeometryCount (fg) > 0 ? OGR_G_GetGeometryRef (fg, p) : fg;

          for (int v = 0; v < OGR_G_GetPointCount (part); v++, k++)
            {
              double lon, lat;

              g_assert_cmpuint (k, <, dm_geometry_get_n_points (want));
              dm_geometry_get_point (want, k, &lon, &lat);
              g_assert_cmpfloat (fabs (OGR_G_GetX (part, v) - lon), <, 1e-9);
              g_assert_cmpfloat (fabs (OGR_G_GetY (part, v) - lat), <, 1e-9);
            }
        }
      g_assert_cmpuint (k, ==, dm_geometry_get_n_points (want));
      g_assert_cmpuint (k, >, 100);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dm-export-XXXXXX", NULL);
  dm_gdal_init ();

  g_test_add_func ("/export/rfc7946-checker", test_rfc7946_checker);
  g_test_add_func ("/export/geojson", test_geojson);
  g_test_add_func ("/export/kml", test_kml);
  g_test_add_func ("/export/kml-number", test_kml_number);
  g_test_add_func ("/export/kml-long-line", test_kml_long_line);
  g_test_add_func ("/export/kml-writer", test_kml_writer);
  g_test_add_func ("/export/geojson-number", test_geojson_number);
  g_test_add_func ("/export/geojson-writer", test_geojson_writer);
  g_test_add_func ("/export/kmz", test_kmz);
  g_test_add_func ("/export/csv", test_csv);
  g_test_add_func ("/export/gpkg", test_gpkg);
  g_test_add_func ("/export/bad-destinations", test_bad_destinations);
  return g_test_run ();
}
