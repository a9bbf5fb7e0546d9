/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "dm-gdal.h"
#include "dm-geos.h"
#include "dm-import.h"
#include "dm-progress.h"
#include "dm-scenario.h"

/*
 * Every fixture is written by these tests with GDAL itself, into a
 * temporary directory that is removed at the end.
 */

static char *tmpdir;

static char *
fixture_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* ---- Sample data ------------------------------------------------------ */

typedef struct {
  const char *kind;
  const char *name;
  int n;
  double weight;
  char *wkt; /* WGS 84 lon/lat, %.17g so that parsing gives the same doubles */
} Sample;

enum {
  LINE,
  POLYGON,
  MULTIPOLYGON,
  POINT,
  N_SAMPLES
};
#define ALL_SAMPLES ((1u << N_SAMPLES) - 1)
#define BIT(i)      (1u << (i))

static Sample samples[N_SAMPLES] = {
  [LINE] = { "line", "Contact line", 1, 1.25, NULL },
  [POLYGON] = { "polygon", "Swap area", 2, 2.5, NULL },
  [MULTIPOLYGON] = { "multipolygon", "Islands", 3, 3.75, NULL },
  [POINT] = { "point", "Kupiansk crossing", 4, 5.0, NULL },
};

#define N_LINE_VERTICES 50

static void
append_xy (GString *s, double x, double y)
{
  char bx[G_ASCII_DTOSTR_BUF_SIZE], by[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "%s %s", g_ascii_formatd (bx, sizeof bx, "%.17g", x),
                          g_ascii_formatd (by, sizeof by, "%.17g", y));
}

/* A ring clockwise (outer rings, as Shapefile stores them) or not, as
 * "(x y, ...)" with the closing point. */
static void
append_square (GString *s, double x0, double y0, double size, gboolean clockwise)
{
  double xs[4] = { x0, x0, x0 + size, x0 + size };
  double ys[4] = { y0, y0 + size, y0 + size, y0 };

  g_string_append_c (s, '(');
  for (int k = 0; k <= 4; k++)
    {
      int i = clockwise ? k % 4 : (4 - k) % 4;

      if (k > 0)
        g_string_append (s, ", ");
      append_xy (s, xs[i], ys[i]);
    }
  g_string_append_c (s, ')');
}

static void
make_samples (void)
{
  GString *s;

  /* ~50 vertices between Kupiansk and the Dnipro, with digits down to
   * 1e-12 so that a format that rounds shows it. */
  s = g_string_new ("LINESTRING (");
  for (int i = 0; i < N_LINE_VERTICES; i++)
    {
      double t = (double) i / (N_LINE_VERTICES - 1);

      if (i > 0)
        g_string_append (s, ", ");
      append_xy (s, 37.9 - 3.0 * t + 0.0123456789012 * sin (7.0 * t), 49.9 - 2.8 * t + 0.0234567890123 * cos (5.0 * t));
    }
  g_string_append_c (s, ')');
  samples[LINE].wkt = g_string_free (s, FALSE);

  s = g_string_new ("POLYGON (");
  append_square (s, 36.123456789012, 48.123456789012, 0.7654321, TRUE);
  g_string_append (s, ", ");
  append_square (s, 36.323456789012, 48.323456789012, 0.2345678, FALSE);
  g_string_append_c (s, ')');
  samples[POLYGON].wkt = g_string_free (s, FALSE);

  s = g_string_new ("MULTIPOLYGON ((");
  append_square (s, 35.111111111111, 47.111111111111, 0.3333333, TRUE);
  g_string_append (s, "), (");
  append_square (s, 35.711111111111, 47.211111111111, 0.2222222, TRUE);
  g_string_append (s, "))");
  samples[MULTIPOLYGON].wkt = g_string_free (s, FALSE);

  s = g_string_new ("POINT (");
  append_xy (s, 37.6123456789012, 49.7123456789012);
  g_string_append_c (s, ')');
  samples[POINT].wkt = g_string_free (s, FALSE);
}

/* ---- Writing fixtures with GDAL -------------------------------------- */

static DmOgrSrs *
srs_from_epsg (int code)
{
  DmOgrSrs *srs = OSRNewSpatialReference (NULL);

  g_assert_cmpint (OSRImportFromEPSG (srs, code), ==, OGRERR_NONE);
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

static DmGdalDataset *
create_dataset (const char *driver_name, const char *path, const char *const *options)
{
  GDALDriverH driver = GDALGetDriverByName (driver_name);
  DmGdalDataset *ds;

  g_assert_nonnull (driver);
  ds = GDALCreate (driver, path, 0, 0, 0, GDT_Unknown, (char **) options);
  g_assert_nonnull (ds);
  return ds;
}

static OGRGeometryH
geometry_from_wkt (const char *wkt)
{
  g_autofree char *copy = g_strdup (wkt);
  char *p = copy;
  OGRGeometryH g = NULL;

  g_assert_cmpint (OGR_G_CreateFromWkt (&p, NULL, &g), ==, OGRERR_NONE);
  return g;
}

static OGRLayerH
create_layer (DmGdalDataset *ds,
              const char *name,
              OGRSpatialReferenceH srs,
              OGRwkbGeometryType type,
              const char *const *options,
              gboolean with_fields)
{
  OGRLayerH layer = GDALDatasetCreateLayer (ds, name, srs, type, (char **) options);

  g_assert_nonnull (layer);
  if (with_fields)
    {
      struct {
        const char *name;
        OGRFieldType type;
      } fields[] = {
        { "name", OFTString },
        { "kind", OFTString },
        { "n", OFTInteger },
        { "weight", OFTReal },
      };

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          OGRFieldDefnH fd = OGR_Fld_Create (fields[i].name, fields[i].type);

          /* GPX has a fixed schema; what it refuses is not set below. */
          OGR_L_CreateField (layer, fd, TRUE);
          OGR_Fld_Destroy (fd);
        }
    }
  return layer;
}

static void
add_feature (OGRLayerH layer, const Sample *sample, const char *wkt, OGRCoordinateTransformationH ct)
{
  g_autoptr (DmOgrFeature) f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  int i;

  if (wkt != NULL)
    {
      OGRGeometryH g = geometry_from_wkt (wkt);

      if (ct != NULL)
        g_assert_cmpint (OGR_G_Transform (g, ct), ==, OGRERR_NONE);
      /* What the GeoPackage specification wants in a MultiPolygon layer. */
      if (OGR_L_GetGeomType (layer) == wkbMultiPolygon)
        g = OGR_G_ForceToMultiPolygon (g);
      OGR_F_SetGeometryDirectly (f, g);
    }
  if (sample != NULL)
    {
      if ((i = OGR_F_GetFieldIndex (f, "name")) >= 0)
        OGR_F_SetFieldString (f, i, sample->name);
      if ((i = OGR_F_GetFieldIndex (f, "kind")) >= 0)
        OGR_F_SetFieldString (f, i, sample->kind);
      if ((i = OGR_F_GetFieldIndex (f, "n")) >= 0)
        OGR_F_SetFieldInteger (f, i, sample->n);
      if ((i = OGR_F_GetFieldIndex (f, "weight")) >= 0)
        OGR_F_SetFieldDouble (f, i, sample->weight);
    }
  g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
}

static void
add_samples (OGRLayerH layer, guint mask, OGRCoordinateTransformationH ct)
{
  for (guint i = 0; i < N_SAMPLES; i++)
    if (mask & BIT (i))
      add_feature (layer, &samples[i], samples[i].wkt, ct);
}

/* One file, one layer of samples, WGS 84. */
static char *
write_samples (const char *driver,
               const char *file_name,
               const char *layer_name,
               const char *const *dsco,
               const char *const *lco,
               OGRwkbGeometryType type,
               guint mask)
{
  char *path = fixture_path (file_name);
  g_autoptr (DmOgrSrs) wgs84 = srs_from_epsg (4326);
  g_autoptr (DmGdalDataset) ds = create_dataset (driver, path, dsco);
  OGRLayerH layer = create_layer (ds, layer_name, wgs84, type, lco, TRUE);

  add_samples (layer, mask, NULL);
  return path;
}

static char *
write_text (const char *file_name, const char *contents)
{
  char *path = fixture_path (file_name);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* ---- Checking --------------------------------------------------------- */

static DmGeometryType
dm_type_of (OGRGeometryH g)
{
  switch (wkbFlatten (OGR_G_GetGeometryType (g)))
    {
    case wkbPoint:
      return DM_GEOMETRY_POINT;
    case wkbLineString:
      return DM_GEOMETRY_LINESTRING;
    case wkbPolygon:
      return DM_GEOMETRY_POLYGON;
    case wkbMultiPoint:
      return DM_GEOMETRY_MULTIPOINT;
    case wkbMultiLineString:
      return DM_GEOMETRY_MULTILINESTRING;
    case wkbMultiPolygon:
      return DM_GEOMETRY_MULTIPOLYGON;
    default:
      g_assert_not_reached ();
    }
}

static void
assert_ring (const DmGeometry *got, guint part, guint ring, OGRGeometryH expected, gboolean closed, double tolerance)
{
  guint n_got;
  const double *xy = dm_geometry_get_ring (got, part, ring, &n_got);
  int n = OGR_G_GetPointCount (expected) - (closed ? 1 : 0);

  g_assert_cmpuint (n_got, ==, n);
  for (int i = 0; i < n; i++)
    {
      g_assert_cmpfloat (fabs (xy[2 * i] - OGR_G_GetX (expected, i)), <=, tolerance);
      g_assert_cmpfloat (fabs (xy[2 * i + 1] - OGR_G_GetY (expected, i)), <=, tolerance);
    }
}

/* @got has @wkt's type, parts, rings and coordinates within @tolerance. */
static void
assert_geometry (const DmGeometry *got, const char *wkt, double tolerance)
{
  g_autoptr (DmOgrGeometry) expected = geometry_from_wkt (wkt);
  DmGeometryType type = dm_type_of (expected);
  gboolean multi = type >= DM_GEOMETRY_MULTIPOINT;
  guint n_parts = multi ? (guint) OGR_G_GetGeometryCount (expected) : 1;

  g_assert_nonnull (got);
  g_assert_cmpstr (dm_geometry_type_to_string (dm_geometry_get_geometry_type (got)), ==,
                   dm_geometry_type_to_string (type));
  g_assert_cmpuint (dm_geometry_get_n_parts (got), ==, n_parts);

  for (guint p = 0; p < n_parts; p++)
    {
      OGRGeometryH part = multi ? OGR_G_GetGeometryRef (expected, p) : expected;

      if (type == DM_GEOMETRY_POLYGON || type == DM_GEOMETRY_MULTIPOLYGON)
        {
          guint n_rings = OGR_G_GetGeometryCount (part);

          g_assert_cmpuint (dm_geometry_get_n_rings (got, p), ==, n_rings);
          for (guint r = 0; r < n_rings; r++)
            assert_ring (got, p, r, OGR_G_GetGeometryRef (part, r), TRUE, tolerance);
        }
      else
        {
          g_assert_cmpuint (dm_geometry_get_n_rings (got, p), ==, 1);
          assert_ring (got, p, 0, part, FALSE, tolerance);
        }
    }
}

static const DmImportFeature *
find_feature (const DmImportLayer *layer, const char *kind)
{
  for (guint i = 0; i < layer->features->len; i++)
    {
      const DmImportFeature *f = g_ptr_array_index (layer->features, i);

      if (g_strcmp0 (g_hash_table_lookup (f->properties, "kind"), kind) == 0)
        return f;
    }
  g_error ("No feature of kind “%s” in layer “%s”", kind, layer->layer_name);
}

/* Every sample in @mask is in @layer with its geometry and attributes. */
static void
assert_samples (const DmImportLayer *layer, guint mask, double tolerance)
{
  guint n = 0;

  for (guint i = 0; i < N_SAMPLES; i++)
    n += (mask & BIT (i)) != 0;
  g_assert_cmpuint (layer->features->len, ==, n);
  g_assert_cmpuint (layer->repairs->len, ==, 0);
  g_assert_cmpuint (layer->n_skipped, ==, 0);

  for (guint i = 0; i < N_SAMPLES; i++)
    if (mask & BIT (i))
      {
        const DmImportFeature *f = find_feature (layer, samples[i].kind);
        g_autofree char *n_text = g_strdup_printf ("%d", samples[i].n);

        assert_geometry (f->geometry, samples[i].wkt, tolerance);
        g_assert_cmpstr (f->name, ==, samples[i].name);
        g_assert_cmpstr (g_hash_table_lookup (f->properties, "n"), ==, n_text);
      }
}

static void
assert_error_names_file (const GError *error, GQuark domain, int code, const char *name)
{
  g_assert_error (error, domain, code);
  if (strstr (error->message, name) == NULL)
    g_error ("Message “%s” does not name “%s”", error->message, name);
}

/* ---- Formats ---------------------------------------------------------- */

static void
test_format_geojson (void)
{
  g_autofree char *path = write_samples ("GeoJSON", "samples.geojson", "samples", NULL, NULL, wkbUnknown, ALL_SAMPLES);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (layer->driver, ==, "GeoJSON");
  g_assert_cmpuint (layer->n_source_layers, ==, 1);
  g_assert_cmpstr (layer->source_crs, ==, "EPSG:4326");
  assert_samples (layer, ALL_SAMPLES, 1e-9);
  g_assert_cmpfloat (g_ascii_strtod (g_hash_table_lookup (find_feature (layer, "point")->properties, "weight"), NULL),
                     ==, 5.0);
}

static void
test_format_kml (void)
{
  g_autofree char *path = write_samples ("KML", "samples.kml", "samples", NULL, NULL, wkbUnknown, ALL_SAMPLES);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (layer->driver, "KML"));
  assert_samples (layer, ALL_SAMPLES, 1e-9);
}

static void
test_format_kmz (void)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = NULL;

  if (GDALGetDriverByName ("LIBKML") == NULL)
    {
      g_test_skip ("GDAL has no LIBKML driver to write KMZ");
      return;
    }
  path = write_samples ("LIBKML", "samples.kmz", "samples", NULL, NULL, wkbUnknown, ALL_SAMPLES);
  layer = dm_import_read (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (layer->driver, ==, "LIBKML");
  assert_samples (layer, ALL_SAMPLES, 1e-9);
}

static void
test_format_gpkg (void)
{
  g_autofree char *path = write_samples ("GPKG", "samples.gpkg", "samples", NULL, NULL, wkbUnknown, ALL_SAMPLES);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (layer->driver, ==, "GPKG");
  g_assert_cmpstr (layer->layer_name, ==, "samples");
  g_assert_cmpstr (layer->source_crs, ==, "EPSG:4326");
  assert_samples (layer, ALL_SAMPLES, 1e-9);
}

/* A zip of @base's .shp, .shx, .dbf and .prj, as shapefiles are mailed. */
static char *
zip_shapefile (const char *base, const char *zip_name)
{
  char *zip_path = fixture_path (zip_name);
  const char *const extensions[] = { "shp", "shx", "dbf", "prj", NULL };
  void *zip = CPLCreateZip (zip_path, NULL);

  g_assert_nonnull (zip);
  for (guint i = 0; extensions[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", base, extensions[i]);
      g_autofree char *path = fixture_path (name);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpint (CPLCreateFileInZip (zip, name, NULL), ==, CE_None);
      g_assert_cmpint (CPLWriteFileInZip (zip, contents, (int) length), ==, CE_None);
      g_assert_cmpint (CPLCloseFileInZip (zip), ==, CE_None);
    }
  g_assert_cmpint (CPLCloseZip (zip), ==, CE_None);
  return zip_path;
}

static void
test_format_shapefile (void)
{
  /* A Shapefile holds one kind of geometry: the areas. */
  guint mask = BIT (POLYGON) | BIT (MULTIPOLYGON);
  g_autofree char *path = write_samples ("ESRI Shapefile", "areas.shp", "areas", NULL, NULL, wkbPolygon, mask);
  g_autofree char *zip = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);
  g_autoptr (DmImportLayer) zipped = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (layer->driver, ==, "ESRI Shapefile");
  g_assert_cmpstr (layer->source_crs, ==, "EPSG:4326");
  assert_samples (layer, mask, 1e-9);

  /* The same, zipped. */
  zip = zip_shapefile ("areas", "areas.zip");
  zipped = dm_import_read (zip, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (zipped->driver, ==, "ESRI Shapefile");
  g_assert_cmpstr (zipped->layer_name, ==, "areas");
  assert_samples (zipped, mask, 1e-9);
}

static void
test_format_gpx (void)
{
  g_autofree char *path = fixture_path ("samples.gpx");
  const char *const dsco[] = { "GPX_USE_EXTENSIONS=YES", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) routes = NULL;
  g_autoptr (DmImportLayer) waypoints = NULL;
  g_autoptr (DmImportLayer) first = NULL;

  /* GPX holds no areas: the line as a route, the point as a waypoint. */
  {
    g_autoptr (DmOgrSrs) wgs84 = srs_from_epsg (4326);
    g_autoptr (DmGdalDataset) ds = create_dataset ("GPX", path, dsco);

    add_samples (create_layer (ds, "waypoints", wgs84, wkbPoint, NULL, TRUE), BIT (POINT), NULL);
    add_samples (create_layer (ds, "routes", wgs84, wkbLineString, NULL, TRUE), BIT (LINE), NULL);
  }

  routes = dm_import_read (path, "routes", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (routes->driver, ==, "GPX");
  g_assert_cmpuint (routes->features->len, ==, 1);
  assert_geometry (((DmImportFeature *) g_ptr_array_index (routes->features, 0))->geometry, samples[LINE].wkt, 1e-9);
  g_assert_cmpstr (((DmImportFeature *) g_ptr_array_index (routes->features, 0))->name, ==, samples[LINE].name);

  waypoints = dm_import_read (path, "waypoints", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waypoints->features->len, ==, 1);
  assert_geometry (((DmImportFeature *) g_ptr_array_index (waypoints->features, 0))->geometry, samples[POINT].wkt,
                   1e-9);
  g_assert_cmpstr (((DmImportFeature *) g_ptr_array_index (waypoints->features, 0))->name, ==, samples[POINT].name);

  /* Without a layer name: the first layer with features. */
  first = dm_import_read (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->layer_name, ==, "waypoints");
}

static void
test_format_flatgeobuf (void)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = NULL;

  if (GDALGetDriverByName ("FlatGeobuf") == NULL)
    {
      g_test_skip ("GDAL has no FlatGeobuf driver");
      return;
    }
  path = write_samples ("FlatGeobuf", "samples.fgb", "samples", NULL, NULL, wkbUnknown, ALL_SAMPLES);
  layer = dm_import_read (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (layer->driver, ==, "FlatGeobuf");
  g_assert_cmpstr (layer->source_crs, ==, "EPSG:4326");
  assert_samples (layer, ALL_SAMPLES, 1e-9);
}

static void
test_format_csv_wkt (void)
{
  const char *const lco[] = { "GEOMETRY=AS_WKT", NULL };
  g_autofree char *path = write_samples ("CSV", "samples.csv", "samples", NULL, lco, wkbUnknown, ALL_SAMPLES);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);
  const DmImportFeature *line;

  g_assert_no_error (error);
  g_assert_cmpstr (layer->driver, ==, "CSV");
  assert_samples (layer, ALL_SAMPLES, 1e-9);
  /* The WKT column is the geometry, not an attribute. */
  line = find_feature (layer, "line");
  g_assert_false (g_hash_table_contains (line->properties, "WKT"));
  g_assert_cmpuint (g_hash_table_size (line->properties), ==, 4);
}

static void
test_format_csv_lonlat (void)
{
  g_autofree char *path = write_text ("places.csv", "name,lon,lat,kind\n"
                                                    "Kupiansk,37.6123456789,49.7123456789,town\n"
                                                    "Lyman,37.8,48.98,town\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);
  const DmImportFeature *f;

  g_assert_no_error (error);
  g_assert_cmpuint (layer->features->len, ==, 2);
  f = g_ptr_array_index (layer->features, 0);
  g_assert_cmpstr (f->name, ==, "Kupiansk");
  assert_geometry (f->geometry, "POINT (37.6123456789 49.7123456789)", 1e-12);
}

/* ---- Layers ----------------------------------------------------------- */

static char *
write_multi_layer_gpkg (void)
{
  char *path = fixture_path ("layers.gpkg");
  g_autoptr (DmOgrSrs) wgs84 = srs_from_epsg (4326);
  g_autoptr (DmGdalDataset) ds = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;

  /* The empty layer first: closing the file makes its table. */
  ds = create_dataset ("GPKG", path, NULL);
  create_layer (ds, "abandoned", wgs84, wkbLineString, NULL, TRUE);
  g_clear_pointer (&ds, dm_gdal_dataset_close);

  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
  g_assert_nonnull (ds);
  add_feature (create_layer (ds, "admin", NULL, wkbNone, NULL, TRUE), &samples[LINE], NULL, NULL);
  add_samples (create_layer (ds, "areas", wgs84, wkbMultiPolygon, NULL, TRUE), BIT (POLYGON) | BIT (MULTIPOLYGON),
               NULL);
  add_samples (create_layer (ds, "lines", wgs84, wkbLineString, NULL, TRUE), BIT (LINE), NULL);
  return path;
}

static void
test_layers_choice (void)
{
  g_autofree char *path = write_multi_layer_gpkg ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = NULL;
  g_autoptr (DmImportLayer) first = NULL;
  g_autoptr (DmImportLayer) lines = NULL;
  g_autoptr (DmImportLayer) missing = NULL;
  g_autoptr (DmImportLayer) empty = NULL;
  g_autoptr (DmImportLayer) table = NULL;
  /* GDAL lists a GeoPackage's feature layers first, then its tables. */
  const char *const expected_names[] = { "abandoned", "areas", "lines", "admin", NULL };

  names = dm_import_list_layers (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (names, expected_names);

  /* No name: the first layer with geometry and features, not the empty
   * one nor the table without geometry. */
  first = dm_import_read (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->layer_name, ==, "areas");
  g_assert_cmpuint (first->n_source_layers, ==, 4);
  g_assert_cmpuint (first->features->len, ==, 2);
  /* GPKG stores the polygon as a one-part MultiPolygon, as the layer says. */
  g_assert_cmpuint (dm_geometry_get_geometry_type (find_feature (first, "polygon")->geometry), ==,
                    DM_GEOMETRY_MULTIPOLYGON);
  assert_geometry (find_feature (first, "multipolygon")->geometry, samples[MULTIPOLYGON].wkt, 1e-9);

  lines = dm_import_read (path, "lines", NULL, &error);
  g_assert_no_error (error);
  assert_samples (lines, BIT (LINE), 1e-9);

  missing = dm_import_read (path, "front", NULL, &error);
  g_assert_null (missing);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NO_SUCH_LAYER, "layers.gpkg");
  g_assert_nonnull (strstr (error->message, "“front”"));
  g_assert_nonnull (strstr (error->message, "“lines”"));
  g_clear_error (&error);

  empty = dm_import_read (path, "abandoned", NULL, &error);
  g_assert_null (empty);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER, "layers.gpkg");
  g_clear_error (&error);

  table = dm_import_read (path, "admin", NULL, &error);
  g_assert_null (table);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER, "layers.gpkg");
}

/* ---- Coordinate systems ---------------------------------------------- */

/* The samples in UTM zone 37N, the coordinates computed from lon/lat. */
static char *
write_utm (const char *driver, const char *file_name, const char *layer_name, guint mask)
{
  char *path = fixture_path (file_name);
  g_autoptr (DmOgrSrs) wgs84 = srs_from_epsg (4326);
  g_autoptr (DmOgrSrs) utm = srs_from_epsg (32637);
  g_autoptr (DmOgrTransform) ct = OCTNewCoordinateTransformation (wgs84, utm);
  g_autoptr (DmGdalDataset) ds = create_dataset (driver, path, NULL);
  OGRLayerH layer = create_layer (ds, layer_name, utm,
                                  mask == (BIT (POLYGON) | BIT (MULTIPOLYGON)) ? wkbPolygon : wkbUnknown, NULL, TRUE);

  g_assert_nonnull (ct);
  add_samples (layer, mask, ct);
  return path;
}

static void
test_reproject_utm (void)
{
  g_autofree char *gpkg = write_utm ("GPKG", "utm37n.gpkg", "utm", ALL_SAMPLES);
  g_autofree char *shp = write_utm ("ESRI Shapefile", "utm37n.shp", "utm37n", BIT (POLYGON) | BIT (MULTIPOLYGON));
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) from_gpkg = dm_import_read (gpkg, NULL, NULL, &error);
  g_autoptr (DmImportLayer) from_shp = NULL;
  const DmImportFeature *point;

  g_assert_no_error (error);
  g_assert_cmpstr (from_gpkg->source_crs, ==, "EPSG:32637");
  assert_samples (from_gpkg, ALL_SAMPLES, 1e-7);
  /* Really in metres in the file, really degrees now. */
  point = find_feature (from_gpkg, "point");
  g_assert_true (dm_geometry_coords_in_range (point->geometry));

  /* A .prj names the CRS in ESRI's words, without a code. */
  from_shp = dm_import_read (shp, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_shp->source_crs, ==, "EPSG:32637");
  assert_samples (from_shp, BIT (POLYGON) | BIT (MULTIPOLYGON), 1e-7);
}

static void
test_error_unknown_crs (void)
{
  g_autofree char *shp = write_utm ("ESRI Shapefile", "noprj.shp", "noprj", BIT (POLYGON) | BIT (MULTIPOLYGON));
  g_autofree char *prj = fixture_path ("noprj.prj");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = NULL;
  g_autoptr (DmSourceInfo) info = NULL;

  g_assert_cmpint (g_unlink (prj), ==, 0);
  layer = dm_import_read (shp, NULL, NULL, &error);
  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_UNKNOWN_CRS, "noprj.shp");
  g_assert_nonnull (strstr (error->message, ".prj"));
  g_clear_error (&error);

  /* The probe still describes it, without CRS or extent. */
  info = dm_import_probe (shp, &error);
  g_assert_no_error (error);
  g_assert_null (((DmLayerInfo *) g_ptr_array_index (info->layers, 0))->crs_id);
  g_assert_false (((DmLayerInfo *) g_ptr_array_index (info->layers, 0))->has_extent);
}

static void
test_error_untransformable_crs (void)
{
  g_autofree char *shp = write_utm ("ESRI Shapefile", "site.shp", "site", BIT (POLYGON) | BIT (MULTIPOLYGON));
  g_autofree char *prj = write_text ("site.prj", "LOCAL_CS[\"Site grid\",UNIT[\"metre\",1]]");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (shp, NULL, NULL, &error);

  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_UNKNOWN_CRS, "site.shp");
}

/* ---- Geometry clean-up ------------------------------------------------ */

static void
test_geometry_zm_dropped (void)
{
  g_autofree char *path = fixture_path ("zm.gpkg");
  g_autofree char *geojson = write_text ("z.geojson", "{\"type\":\"FeatureCollection\",\"features\":["
                                                      "{\"type\":\"Feature\",\"properties\":{\"name\":\"Height\"},"
                                                      "\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
                                                      "[[36.5,48.5,120.5],[36.75,48.25,130.25],[37,48,99]]}}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = NULL;
  g_autoptr (DmImportLayer) z = NULL;

  {
    g_autoptr (DmOgrSrs) wgs84 = srs_from_epsg (4326);
    g_autoptr (DmGdalDataset) ds = create_dataset ("GPKG", path, NULL);
    OGRLayerH l = create_layer (ds, "zm", wgs84, wkbUnknown, NULL, TRUE);

    add_feature (l, &samples[LINE], "LINESTRING ZM (36.5 48.5 100 1, 37.25 48.75 200 2)", NULL);
    add_feature (l, &samples[POLYGON], "POLYGON M ((36 48 5, 36 49 6, 37 49 7, 37 48 8, 36 48 5))", NULL);
    add_feature (l, &samples[POINT], "POINT Z (37.5 49.5 321.5)", NULL);
  }

  layer = dm_import_read (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layer->features->len, ==, 3);
  assert_geometry (find_feature (layer, "line")->geometry, "LINESTRING (36.5 48.5, 37.25 48.75)", 0);
  assert_geometry (find_feature (layer, "polygon")->geometry, "POLYGON ((36 48, 36 49, 37 49, 37 48, 36 48))", 0);
  assert_geometry (find_feature (layer, "point")->geometry, "POINT (37.5 49.5)", 0);

  z = dm_import_read (geojson, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_geometry (((DmImportFeature *) g_ptr_array_index (z->features, 0))->geometry,
                   "LINESTRING (36.5 48.5, 36.75 48.25, 37 48)", 0);
}

static void
test_geometry_curves (void)
{
  g_autofree char *path = fixture_path ("curves.gpkg");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = NULL;
  const DmImportFeature *arc, *disc, *compound;
  guint n;
  const double *xy;

  {
    g_autoptr (DmOgrSrs) wgs84 = srs_from_epsg (4326);
    g_autoptr (DmGdalDataset) ds = create_dataset ("GPKG", path, NULL);
    OGRLayerH l = create_layer (ds, "curves", wgs84, wkbUnknown, NULL, TRUE);

    /* Arcs of the circle of radius 0.5 around 36.5 48. */
    add_feature (l, &samples[LINE], "CIRCULARSTRING (36 48, 36.5 48.5, 37 48)", NULL);
    add_feature (l, &samples[POLYGON], "CURVEPOLYGON (CIRCULARSTRING (36 48, 37 48, 36 48))", NULL);
    add_feature (l, &samples[MULTIPOLYGON],
                 "COMPOUNDCURVE ((35.5 48, 36 48), CIRCULARSTRING (36 48, 36.5 48.5, 37 48))", NULL);
  }

  layer = dm_import_read (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layer->repairs->len, ==, 0);

  arc = find_feature (layer, "line");
  g_assert_cmpuint (dm_geometry_get_geometry_type (arc->geometry), ==, DM_GEOMETRY_LINESTRING);
  xy = dm_geometry_get_ring (arc->geometry, 0, 0, &n);
  g_assert_cmpuint (n, >, 10);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (hypot (xy[2 * i] - 36.5, xy[2 * i + 1] - 48.0), 0.5, 1e-9);

  disc = find_feature (layer, "polygon");
  g_assert_cmpuint (dm_geometry_get_geometry_type (disc->geometry), ==, DM_GEOMETRY_POLYGON);
  xy = dm_geometry_get_ring (disc->geometry, 0, 0, &n);
  g_assert_cmpuint (n, >, 20);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (hypot (xy[2 * i] - 36.5, xy[2 * i + 1] - 48.0), 0.5, 1e-9);

  compound = find_feature (layer, "multipolygon");
  g_assert_cmpuint (dm_geometry_get_geometry_type (compound->geometry), ==, DM_GEOMETRY_LINESTRING);
  xy = dm_geometry_get_ring (compound->geometry, 0, 0, &n);
  g_assert_cmpfloat (xy[0], ==, 35.5);
  g_assert_cmpuint (n, >, 10);
}

static void
test_geometry_bowtie_repaired (void)
{
  g_autofree char *path = write_text ("bowtie.geojson",
                                      "{\"type\":\"FeatureCollection\",\"features\":["
                                      "{\"type\":\"Feature\",\"id\":7,\"properties\":{\"name\":\"Bow tie\"},"
                                      "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                                      "[[[36,48],[37,49],[37,48],[36,49],[36,48]]]}}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);
  const DmImportFeature *f;
  const char *repair;

  g_assert_no_error (error);
  g_assert_cmpuint (layer->features->len, ==, 1);
  f = g_ptr_array_index (layer->features, 0);
  g_assert_cmpint (f->fid, ==, 7);
  /* Two triangles meeting at the crossing. */
  g_assert_cmpuint (dm_geometry_get_geometry_type (f->geometry), ==, DM_GEOMETRY_MULTIPOLYGON);
  g_assert_cmpuint (dm_geometry_get_n_parts (f->geometry), ==, 2);
  for (guint p = 0; p < 2; p++)
    {
      guint n;
      const double *xy = dm_geometry_get_ring (f->geometry, p, 0, &n);
      gboolean has_crossing = FALSE;

      g_assert_cmpuint (n, ==, 3);
      for (guint i = 0; i < n; i++)
        has_crossing |= xy[2 * i] == 36.5 && xy[2 * i + 1] == 48.5;
      g_assert_true (has_crossing);
    }

  g_assert_cmpuint (layer->repairs->len, ==, 1);
  repair = g_ptr_array_index (layer->repairs, 0);
  g_test_message ("Repair: %s", repair);
  g_assert_true (g_str_has_prefix (repair, "Feature 7 (“Bow tie”): "));
  g_assert_nonnull (strstr (repair, "Self-intersection near 36.50000 48.50000"));
  g_assert_true (g_str_has_suffix (repair, "repaired"));
}

static void
test_geometry_collection_flattened (void)
{
  g_autofree char *path =
    write_text ("collection.geojson",
                "{\"type\":\"FeatureCollection\",\"features\":["
                "{\"type\":\"Feature\",\"properties\":{\"kind\":\"mixed\"},"
                "\"geometry\":{\"type\":\"GeometryCollection\",\"geometries\":["
                "{\"type\":\"Point\",\"coordinates\":[36.1,48.1]},"
                "{\"type\":\"Polygon\",\"coordinates\":[[[36,48],[36,49],[37,49],[36,48]]]},"
                "{\"type\":\"LineString\",\"coordinates\":[[36,48],[37,49]]}]}},"
                "{\"type\":\"Feature\",\"properties\":{\"kind\":\"lines\"},"
                "\"geometry\":{\"type\":\"GeometryCollection\",\"geometries\":["
                "{\"type\":\"LineString\",\"coordinates\":[[36,48],[37,49]]},"
                "{\"type\":\"LineString\",\"coordinates\":[[36,49],[37,48]]}]}},"
                "{\"type\":\"Feature\",\"properties\":{\"kind\":\"overlap\"},"
                "\"geometry\":{\"type\":\"GeometryCollection\",\"geometries\":["
                "{\"type\":\"Polygon\",\"coordinates\":[[[36,48],[36,49],[37,49],[37,48],[36,48]]]},"
                "{\"type\":\"Polygon\",\"coordinates\":[[[36.5,48],[36.5,49],[37.5,49],[37.5,48],[36.5,48]]]}]}},"
                "{\"type\":\"Feature\",\"properties\":{\"kind\":\"none\"},\"geometry\":null}"
                "]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);
  const DmImportFeature *overlap;
  double x0, y0, x1, y1;

  g_assert_no_error (error);
  g_assert_cmpuint (layer->features->len, ==, 3);
  g_assert_cmpuint (layer->n_skipped, ==, 1);

  assert_geometry (find_feature (layer, "mixed")->geometry, "POLYGON ((36 48, 36 49, 37 49, 36 48))", 0);
  assert_geometry (find_feature (layer, "lines")->geometry, "MULTILINESTRING ((36 48, 37 49), (36 49, 37 48))", 0);

  /* Two overlapping squares merge into one area. */
  overlap = find_feature (layer, "overlap");
  g_assert_cmpuint (dm_geometry_get_geometry_type (overlap->geometry), ==, DM_GEOMETRY_POLYGON);
  dm_geometry_get_extent (overlap->geometry, &x0, &y0, &x1, &y1);
  g_assert_cmpfloat (x0, ==, 36.0);
  g_assert_cmpfloat (x1, ==, 37.5);

  g_assert_cmpuint (layer->repairs->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (layer->repairs, 0), "left out"));
  g_assert_nonnull (strstr (g_ptr_array_index (layer->repairs, 1), "repaired"));
}

static void
test_error_invalid_geometry (void)
{
  /* A ring of three points cannot be an area, whatever is done to it. */
  g_autofree char *path = write_text ("collapsed.geojson", "{\"type\":\"FeatureCollection\",\"features\":["
                                                           "{\"type\":\"Feature\",\"id\":3,\"properties\":{},"
                                                           "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                                                           "[[[36,48],[37,49],[36,48]]]}}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);

  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_INVALID_GEOMETRY, "collapsed.geojson");
  g_assert_nonnull (strstr (error->message, "Feature 3"));
}

/* ---- Error paths ------------------------------------------------------ */

static void
test_error_missing (void)
{
  g_autofree char *path = fixture_path ("nowhere.geojson");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);
  g_autoptr (DmSourceInfo) info = NULL;
  g_auto (GStrv) names = NULL;

  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NOT_FOUND, "nowhere.geojson");
  g_clear_error (&error);

  info = dm_import_probe (path, &error);
  g_assert_null (info);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NOT_FOUND, "nowhere.geojson");
  g_clear_error (&error);

  names = dm_import_list_layers (path, &error);
  g_assert_null (names);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NOT_FOUND, "nowhere.geojson");
  g_clear_error (&error);

  /* Inside an archive. */
  g_clear_pointer (&layer, dm_import_layer_free);
  layer = dm_import_read ("/vsizip//nonexistent/front.zip/front.shp", NULL, NULL, &error);
  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NOT_FOUND, "front.zip");
}

static void
test_error_unreadable (void)
{
  g_autofree char *path = write_samples ("GeoJSON", "secret.geojson", "secret", NULL, NULL, wkbUnknown, BIT (LINE));
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root reads any file, whatever its permissions");
      return;
    }

  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  layer = dm_import_read (path, NULL, NULL, &error);
  g_chmod (path, 0644);
  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_UNREADABLE, "secret.geojson");
}

static void
test_error_not_geodata_text (void)
{
  g_autofree char *path = write_text ("notes.txt", "Minutes of the meeting.\nBoth sides agreed to meet again.\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);

  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NOT_GEODATA, "notes.txt");
}

static char *
write_raster (const char *driver, const char *file_name, gboolean georeferenced)
{
  char *path = fixture_path (file_name);
  GDALDriverH mem = GDALGetDriverByName ("MEM");
  g_autoptr (DmGdalDataset) src = GDALCreate (mem, "", 4, 4, 1, GDT_Byte, NULL);
  g_autoptr (DmGdalDataset) out = NULL;

  if (georeferenced)
    {
      double transform[6] = { 36.0, 0.25, 0.0, 49.0, 0.0, -0.25 };
      g_autoptr (DmOgrSrs) wgs84 = srs_from_epsg (4326);

      GDALSetGeoTransform (src, transform);
      GDALSetSpatialRef (src, wgs84);
    }
  out = GDALCreateCopy (GDALGetDriverByName (driver), path, src, FALSE, NULL, NULL, NULL);
  g_assert_nonnull (out);
  return path;
}

static void
test_error_not_geodata_png (void)
{
  g_autofree char *path = write_raster ("PNG", "photo.png", FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);

  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NOT_GEODATA, "photo.png");
}

static void
test_error_no_vector_layer (void)
{
  g_autofree char *path = write_raster ("GTiff", "elevation.tif", TRUE);
  g_autofree char *tiles = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);
  g_autoptr (DmSourceInfo) info = NULL;

  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NO_VECTOR_LAYER, "elevation.tif");
  g_clear_error (&error);

  info = dm_import_probe (path, &error);
  g_assert_null (info);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NO_VECTOR_LAYER, "elevation.tif");
  g_clear_error (&error);

  /* A GeoPackage of tiles only. */
  tiles = write_raster ("GPKG", "tiles.gpkg", TRUE);
  layer = dm_import_read (tiles, NULL, NULL, &error);
  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NO_VECTOR_LAYER, "tiles.gpkg");
}

static void
test_error_damaged (void)
{
  g_autofree char *path = write_samples ("GPKG", "whole.gpkg", "whole", NULL, NULL, wkbUnknown, ALL_SAMPLES);
  g_autofree char *broken = fixture_path ("broken.gpkg");
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = NULL;

  /* Cut short, as by an interrupted download. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (broken, contents, MIN (length, 1500), NULL));
  layer = dm_import_read (broken, NULL, NULL, &error);
  g_assert_null (layer);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_FAILED, "broken.gpkg");
}

static void
test_error_empty_layer (void)
{
  g_autofree char *path = write_text ("empty.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}");
  g_autofree char *nulls = write_text ("nulls.geojson",
                                       "{\"type\":\"FeatureCollection\",\"features\":["
                                       "{\"type\":\"Feature\",\"properties\":{\"a\":1},\"geometry\":null},"
                                       "{\"type\":\"Feature\",\"properties\":{\"a\":2},\"geometry\":null}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);

  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER, "empty.geojson");
  g_clear_error (&error);

  layer = dm_import_read (nulls, NULL, NULL, &error);
  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER, "nulls.geojson");
  g_assert_nonnull (strstr (error->message, "2 features"));
}

static void
test_error_csv_no_geometry (void)
{
  g_autofree char *path = write_text ("towns.csv", "town,population\nKupiansk,26000\nIzium,45000\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);

  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER, "towns.csv");
  g_assert_nonnull (strstr (error->message, "geometry column"));
}

static void
test_error_out_of_range (void)
{
  g_autofree char *path = write_text ("swapped.geojson",
                                      "{\"type\":\"FeatureCollection\",\"features\":["
                                      "{\"type\":\"Feature\",\"id\":0,\"properties\":{\"name\":\"Ok\"},"
                                      "\"geometry\":{\"type\":\"Point\",\"coordinates\":[37,48]}},"
                                      "{\"type\":\"Feature\",\"id\":1,\"properties\":{\"name\":\"Swapped\"},"
                                      "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[37,48],[48,123]]}}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);

  g_assert_null (layer);
  assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_OUT_OF_RANGE, "swapped.geojson");
  g_assert_nonnull (strstr (error->message, "Feature 1 (“Swapped”)"));
  g_assert_nonnull (strstr (error->message, "123"));
}

static void
test_error_network (void)
{
  const char *const paths[] = {
    "/vsicurl/http://example.com/x.geojson",
    "/vsicurl_streaming/https://example.com/x.geojson",
    "https://example.com/front.geojson",
    "http://example.com/front.kml",
    "ftp://example.com/front.shp",
    "/vsizip//vsicurl/http://example.com/x.zip/x.shp",
    "/vsizip/{/vsicurl/http://example.com/x.zip}/x.shp",
    "/vsigzip//vsis3/bucket/x.geojson.gz",
    "/vsis3/bucket/front.gpkg",
    "/vsigs/bucket/front.gpkg",
    "/vsiaz/container/front.gpkg",
    "/vsistdin/",
    "PG:dbname=x",
    "WFS:http://example.com/wfs",
    "ElasticSearch:http://localhost:9200",
    NULL,
  };

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DmImportLayer) layer = dm_import_read (paths[i], NULL, NULL, &error);
      g_autoptr (DmSourceInfo) info = NULL;
      g_auto (GStrv) names = NULL;

      g_assert_null (layer);
      assert_error_names_file (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NETWORK, paths[i]);
      g_clear_error (&error);

      info = dm_import_probe (paths[i], &error);
      g_assert_null (info);
      g_assert_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NETWORK);
      g_clear_error (&error);

      names = dm_import_list_layers (paths[i], &error);
      g_assert_null (names);
      g_assert_error (error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_NETWORK);
    }
}

static void
assert_no_connection (GSocket *listener, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) connection = g_socket_accept (listener, NULL, &error);

  if (connection != NULL)
    g_error ("GDAL connected to the network for %s", what);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
}

/* GDAL itself, behind the path check, must not connect either: a local
 * listening socket counts the connections that would-be requests make. */
static void
test_gdal_offline (void)
{
  g_autoptr (GSocket) listener = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *vrt = NULL;
  g_autofree char *vrt_text = NULL;
  g_autoptr (DmImportLayer) layer = NULL;
  guint16 port;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (listener, FALSE);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  base = g_strdup_printf ("http://127.0.0.1:%u", port);

  /* S3 pointed at the listener, so that a request would land there. */
  CPLSetThreadLocalConfigOption ("AWS_S3_ENDPOINT", base + strlen ("http://"));
  CPLSetThreadLocalConfigOption ("AWS_HTTPS", "NO");
  CPLSetThreadLocalConfigOption ("AWS_VIRTUAL_HOSTING", "FALSE");
  CPLSetThreadLocalConfigOption ("AWS_NO_SIGN_REQUEST", "YES");

  {
    g_auto (DmGdalErrorScope) scope = dm_gdal_error_scope_begin ();
    /* Before and after the server's address. */
    const char *const urls[][2] = {
      { "/vsicurl/", "/front.geojson" },
      { "/vsicurl_streaming/", "/front.geojson" },
      { "", "/front.geojson" },
      { "/vsizip//vsicurl/", "/front.zip/front.shp" },
      { "WFS:", "/wfs" },
      { "OAPIF:", "/" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
      {
        g_autofree char *url = g_strconcat (urls[i][0], base, urls[i][1], NULL);
        g_autoptr (DmGdalDataset) ds = GDALOpenEx (url, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);

        g_assert_null (ds);
        assert_no_connection (listener, url);
      }
    {
      g_autoptr (DmGdalDataset)
        ds = GDALOpenEx ("/vsis3/bucket/front.geojson", GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);

      g_assert_null (ds);
      assert_no_connection (listener, "/vsis3/");
    }
  }

  /* A local file that names a remote source. */
  vrt_text = g_strdup_printf ("<OGRVRTDataSource><OGRVRTLayer name=\"front\">"
                              "<SrcDataSource>/vsicurl/%s/front.geojson</SrcDataSource>"
                              "</OGRVRTLayer></OGRVRTDataSource>",
                              base);
  vrt = write_text ("remote.vrt", vrt_text);
  layer = dm_import_read (vrt, NULL, NULL, &error);
  g_assert_null (layer);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  CPLSetThreadLocalConfigOption ("AWS_S3_ENDPOINT", NULL);
  CPLSetThreadLocalConfigOption ("AWS_HTTPS", NULL);
  CPLSetThreadLocalConfigOption ("AWS_VIRTUAL_HOSTING", NULL);
  CPLSetThreadLocalConfigOption ("AWS_NO_SIGN_REQUEST", NULL);

  assert_no_connection (listener, vrt);
}

static void
test_remote_paths (void)
{
  const char *const remote[] = {
    "/vsicurl/http://example.com/x",
    "/VSICURL/http://example.com/x",
    "/vsiadls/fs/x",
    "/vsioss/b/x",
    "/vsiswift/c/x",
    "/vsihdfs/x",
    "/vsiwebhdfs/http://h/x",
    "/vsis3_streaming/b/x",
    "/vsitar//vsigzip//vsicurl/http://h/x.tar.gz/y.shp",
    "/vsisubfile/0_100,/vsicurl/http://h/x",
    "HTTPS://EXAMPLE.COM/X",
    "s3://bucket/x",
    "PG:dbname=x",
    "MySQL:db",
    "OCI:user/pw@db",
    "MSSQL:server=.;database=x",
    "GPSBabel:garmin:usb:",
    NULL,
  };
  const char *const local[] = {
    "/home/user/front.geojson",   "front.geojson",
    "./PG:front.geojson",         "/vsizip//tmp/a.zip/b.shp",
    "/vsizip/{/tmp/a.zip}/b.shp", "/vsigzip//tmp/front.geojson.gz",
    "/tmp/vsis3/front.shp",       "/tmp/http/front.kml",
    "C:\\data\\front.shp",        "C:/data/front.shp",
    "/vsimem/x.geojson",          NULL,
  };

  for (guint i = 0; remote[i] != NULL; i++)
    if (!dm_gdal_path_is_remote (remote[i]))
      g_error ("“%s” is not seen as remote", remote[i]);
  for (guint i = 0; local[i] != NULL; i++)
    if (dm_gdal_path_is_remote (local[i]))
      g_error ("“%s” is seen as remote", local[i]);
}

static void
test_cancelled (void)
{
  g_autofree char *path = write_samples ("GeoJSON", "cancel.geojson", "cancel", NULL, NULL, wkbUnknown, ALL_SAMPLES);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DmImportLayer) layer = NULL;

  g_cancellable_cancel (cancellable);
  layer = dm_import_read (path, NULL, cancellable, &error);
  g_assert_null (layer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- Probe ------------------------------------------------------------ */

static const DmLayerInfo *
find_layer_info (const DmSourceInfo *info, const char *name)
{
  for (guint i = 0; i < info->layers->len; i++)
    {
      const DmLayerInfo *l = g_ptr_array_index (info->layers, i);

      if (g_strcmp0 (l->name, name) == 0)
        return l;
    }
  g_error ("No layer “%s”", name);
}

static void
test_probe (void)
{
  g_autofree char *gpkg = write_multi_layer_gpkg ();
  g_autofree char *utm = write_utm ("GPKG", "probe-utm.gpkg", "utm", BIT (LINE));
  g_autoptr (GError) error = NULL;
  g_autoptr (DmSourceInfo) info = dm_import_probe (gpkg, &error);
  g_autoptr (DmSourceInfo) utm_info = NULL;
  const DmLayerInfo *l;
  g_autoptr (DmGeometry) line = NULL;
  double x0, y0, x1, y1;

  g_assert_no_error (error);
  g_assert_cmpstr (info->driver, ==, "GPKG");
  g_assert_cmpstr (info->path, ==, gpkg);
  g_assert_cmpuint (info->layers->len, ==, 4);

  l = find_layer_info (info, "areas");
  g_assert_cmpint (l->n_features, ==, 2);
  g_assert_cmpstr (l->geometry_type, ==, "Multi Polygon");
  g_assert_cmpstr (l->crs_id, ==, "EPSG:4326");
  g_assert_cmpstr (l->crs_name, ==, "WGS 84");
  g_assert_true (l->has_extent);
  g_assert_cmpfloat_with_epsilon (l->extent[0], 35.111111111111, 1e-9);
  g_assert_cmpfloat_with_epsilon (l->extent[1], 47.111111111111, 1e-9);
  g_assert_cmpfloat_with_epsilon (l->extent[2], 36.123456789012 + 0.7654321, 1e-9);
  g_assert_cmpfloat_with_epsilon (l->extent[3], 48.123456789012 + 0.7654321, 1e-9);

  l = find_layer_info (info, "lines");
  g_assert_cmpint (l->n_features, ==, 1);
  g_assert_cmpstr (l->geometry_type, ==, "Line String");

  l = find_layer_info (info, "abandoned");
  g_assert_cmpint (l->n_features, ==, 0);
  g_assert_false (l->has_extent);

  l = find_layer_info (info, "admin");
  g_assert_cmpint (l->n_features, ==, 1);
  g_assert_cmpstr (l->geometry_type, ==, "None");
  g_assert_null (l->crs_id);
  g_assert_false (l->has_extent);

  /* A projected layer: its CRS, and its extent in lon/lat, which holds
   * the line's true extent and is not much bigger (the corners of a
   * UTM box reach further in longitude). */
  utm_info = dm_import_probe (utm, &error);
  g_assert_no_error (error);
  l = g_ptr_array_index (utm_info->layers, 0);
  g_assert_cmpstr (l->crs_id, ==, "EPSG:32637");
  g_assert_cmpstr (l->crs_name, ==, "WGS 84 / UTM zone 37N");
  g_assert_true (l->has_extent);
  {
    g_autoptr (DmOgrGeometry) g = geometry_from_wkt (samples[LINE].wkt);
    OGREnvelope env;

    OGR_G_GetEnvelope (g, &env);
    x0 = env.MinX, y0 = env.MinY, x1 = env.MaxX, y1 = env.MaxY;
  }
  g_assert_cmpfloat (l->extent[0], <=, x0 + 1e-9);
  g_assert_cmpfloat (l->extent[1], <=, y0 + 1e-9);
  g_assert_cmpfloat (l->extent[2], >=, x1 - 1e-9);
  g_assert_cmpfloat (l->extent[3], >=, y1 - 1e-9);
  g_assert_cmpfloat (l->extent[0], >, x0 - 0.3);
  g_assert_cmpfloat (l->extent[1], >, y0 - 0.3);
  g_assert_cmpfloat (l->extent[2], <, x1 + 0.3);
  g_assert_cmpfloat (l->extent[3], <, y1 + 0.3);
}

/* ---- Threads ---------------------------------------------------------- */

static gpointer
read_in_thread (gpointer data)
{
  const char *path = data;
  g_autoptr (GError) error = NULL;
  guint n = 0;

  for (int i = 0; i < 10; i++)
    {
      g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);

      g_assert_no_error (error);
      n += layer->features->len;
    }
  return GUINT_TO_POINTER (n);
}

static void
test_threads (void)
{
  g_autofree char *geojson =
    write_samples ("GeoJSON", "threads.geojson", "threads", NULL, NULL, wkbUnknown, ALL_SAMPLES);
  g_autofree char *gpkg = write_utm ("GPKG", "threads.gpkg", "threads", ALL_SAMPLES);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("import", read_in_thread, i % 2 ? gpkg : geojson);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 10 * N_SAMPLES);
}

/* ---- GEOS conversion -------------------------------------------------- */

static void
test_geos_roundtrip (void)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  const char *const wkts[] = {
    "POINT (37.5 48.5)",
    "LINESTRING (36 48, 36.5 48.25, 37 48)",
    "POLYGON ((36 48, 36 49, 37 49, 37 48, 36 48), (36.2 48.2, 36.4 48.2, 36.4 48.4, 36.2 48.2))",
    "MULTIPOINT ((36 48), (37 49))",
    "MULTILINESTRING ((36 48, 37 49), (36 49, 37 48))",
    "MULTIPOLYGON (((36 48, 36 49, 37 49, 36 48)), ((38 48, 38 49, 39 49, 38 48)))",
    NULL,
  };

  for (guint i = 0; wkts[i] != NULL; i++)
    {
      g_autoptr (DmGeosGeometry) geos = NULL;
      g_autoptr (DmGeosGeometry) back = NULL;
      g_autoptr (DmGeometry) dm = NULL;
      g_autoptr (DmGeometry) dm2 = NULL;
      GEOSWKTReader *reader = GEOSWKTReader_create_r (ctx);

      geos = GEOSWKTReader_read_r (ctx, reader, wkts[i]);
      GEOSWKTReader_destroy_r (ctx, reader);
      g_assert_nonnull (geos);

      dm = dm_geometry_from_geos (ctx, geos);
      assert_geometry (dm, wkts[i], 0);
      back = dm_geometry_to_geos (ctx, dm);
      g_assert_nonnull (back);
      g_assert_cmpint (GEOSEqualsExact_r (ctx, geos, back, 0), ==, 1);
      dm2 = dm_geometry_from_geos (ctx, back);
      g_assert_true (dm_geometry_equal (dm, dm2));
    }
}

static void
test_geos_edge_cases (void)
{
  GEOSContextHandle_t ctx = dm_geos_get_context ();
  GEOSWKTReader *reader = GEOSWKTReader_create_r (ctx);
  g_autoptr (DmGeosGeometry) empty = GEOSWKTReader_read_r (ctx, reader, "POLYGON EMPTY");
  g_autoptr (DmGeosGeometry)
    collection = GEOSWKTReader_read_r (ctx, reader, "GEOMETRYCOLLECTION (POINT (1 1), POINT (2 2), LINESTRING EMPTY)");
  g_autoptr (DmGeosGeometry)
    bowtie = GEOSWKTReader_read_r (ctx, reader, "POLYGON ((36 48, 37 49, 37 48, 36 49, 36 48))");
  g_autoptr (DmGeosGeometry)
    collapsed = GEOSWKTReader_read_r (ctx, reader, "POLYGON ((36 48, 36.5 48.5, 37 49, 36 48))");
  g_autoptr (DmGeosGeometry) valid = NULL;
  g_autoptr (DmGeosGeometry) fixed = NULL;
  g_autoptr (DmGeosGeometry) none = NULL;
  g_autoptr (DmGeosGeometry) clone = NULL;
  g_autoptr (DmGeometry) points = NULL;
  g_autoptr (DmGeometry) bad_line = NULL;
  g_autofree char *what = NULL;
  g_autofree char *what_collapsed = NULL;
  double xy[2] = { 36, 48 };

  GEOSWKTReader_destroy_r (ctx, reader);

  g_assert_null (dm_geometry_from_geos (ctx, empty));
  points = dm_geometry_from_geos (ctx, collection);
  assert_geometry (points, "MULTIPOINT ((1 1), (2 2))", 0);

  fixed = dm_geos_make_valid (ctx, bowtie, &what);
  g_assert_nonnull (fixed);
  g_assert_cmpint (GEOSGeomTypeId_r (ctx, fixed), ==, GEOS_MULTIPOLYGON);
  g_assert_cmpint (GEOSisValid_r (ctx, fixed), ==, 1);
  g_assert_cmpstr (what, ==, "Self-intersection near 36.50000 48.50000");

  /* A valid geometry: a copy, nothing wrong. */
  clone = dm_geos_make_valid (ctx, fixed, &what_collapsed);
  g_assert_nonnull (clone);
  g_assert_null (what_collapsed);
  g_assert_cmpint (GEOSEquals_r (ctx, clone, fixed), ==, 1);

  /* An area with no area left: beyond repair, no line instead. */
  none = dm_geos_make_valid (ctx, collapsed, &what_collapsed);
  g_assert_null (none);
  g_assert_nonnull (what_collapsed);

  /* A line of one point: GEOS refuses it, and says why. */
  bad_line = dm_geometry_new_linestring (xy, 1);
  valid = dm_geometry_to_geos (ctx, bad_line);
  g_assert_null (valid);
  g_assert_nonnull (dm_geos_last_error ());
}

/* ---- Main ------------------------------------------------------------- */

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
keep_fraction (DmProgress *progress, double fraction, gpointer data)
{
  g_array_append_val ((GArray *) data, fraction);
}

/* Reading reports its progress through a DmProgress given as the
 * cancellable: rising fractions ending at 1; the same object cancels. */
static void
test_progress (void)
{
  g_autoptr (GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autofree char *path = NULL;
  g_autoptr (DmProgress) progress = dm_progress_new ();
  g_autoptr (DmProgress) cancelled = dm_progress_new ();
  g_autoptr (GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (DmImportLayer) layer = NULL;
  g_autoptr (GError) error = NULL;
  const guint n = 3000;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json,
                            "%s{\"type\":\"Feature\",\"properties\":{},"
                            "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.4f,%.4f]}}",
                            i > 0 ? "," : "", 30 + i * 1e-3, 48 + i * 1e-3);
  g_string_append (json, "]}");
  path = write_text ("progress.geojson", json->str);

  g_assert_cmpfloat (dm_progress_get_fraction (progress), ==, -1);
  dm_progress_set_func (progress, keep_fraction, fractions);
  layer = dm_import_read (path, NULL, G_CANCELLABLE (progress), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layer->features->len, ==, n);
  g_test_message ("%u reports", fractions->len);
  g_assert_cmpuint (fractions->len, >=, n / 256);
  g_assert_cmpfloat (g_array_index (fractions, double, 0), <, 0.1);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  g_assert_cmpfloat (dm_progress_get_fraction (progress), ==, 1.0);

  /* A plain cancellable reports nothing and still works. */
  g_clear_pointer (&layer, dm_import_layer_free);
  g_cancellable_cancel (G_CANCELLABLE (cancelled));
  layer = dm_import_read (path, NULL, G_CANCELLABLE (cancelled), &error);
  g_assert_null (layer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  dm_progress_report (NULL, 0.5);
}

/* The contact line of a layer, as Import Contact Line takes it: the
 * features with the role, else a layer's lines alone as parts, else its
 * longest line. */
static void
test_pick_line (void)
{
  const struct {
    const char *name, *json;
    guint parts;
    guint points;
  } cases[] = {
    /* Two lines alone: one line in two parts. */
    { "pick-lines.geojson",
      "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[36,47],[36.5,47."
      "5]]}},"
      "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[37,48],[37.2,48."
      "1],[37.5,48.2]]}}]}",
      2, 5 },
    /* Lines among polygons, no roles: the longest. */
    { "pick-mixed.geojson",
      "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[36,47],[36.1,47."
      "1]]}},"
      "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[37,48],[37.2,48."
      "1],[38.5,48.2]]}},"
      "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[36,47],[36.2,47],["
      "36.2,47.2],[36,47]]]}}]}",
      1, 3 },
    /* The role says which, however short. */
    { "pick-role.geojson",
      "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"properties\":{\"role\":\"contact_line\"},\"geometry\":{\"type\":\"LineString\","
      "\"coordinates\":[[36,47],[36.1,47.1]]}},"
      "{\"type\":\"Feature\",\"properties\":{\"role\":\"reference\"},\"geometry\":{\"type\":\"LineString\","
      "\"coordinates\":[[37,48],[37.2,48.1],[38.5,48.2]]}}]}",
      1, 2 },
    /* No line at all. */
    { "pick-none.geojson",
      "{\"type\":\"FeatureCollection\",\"features\":["
      "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[36,47],[36.2,47],["
      "36.2,47.2],[36,47]]]}}]}",
      0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_text (cases[i].name, cases[i].json);
      g_autoptr (GError) error = NULL;
      g_autoptr (DmImportLayer) layer = dm_import_read (path, NULL, NULL, &error);
      g_autoptr (DmGeometry) line = NULL;

      g_assert_no_error (error);
      line = dm_scenario_pick_line (layer);
      if (cases[i].parts == 0)
        {
          g_assert_null (line);
          continue;
        }
      g_assert_nonnull (line);
      g_assert_cmpuint (dm_geometry_get_n_parts (line), ==, cases[i].parts);
      g_assert_cmpuint (dm_geometry_get_n_points (line), ==, cases[i].points);
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  dm_gdal_init ();
  make_samples ();
  tmpdir = g_dir_make_tmp ("test-import-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/import/format/geojson", test_format_geojson);
  g_test_add_func ("/import/format/kml", test_format_kml);
  g_test_add_func ("/import/format/kmz", test_format_kmz);
  g_test_add_func ("/import/format/gpkg", test_format_gpkg);
  g_test_add_func ("/import/format/shapefile", test_format_shapefile);
  g_test_add_func ("/import/format/gpx", test_format_gpx);
  g_test_add_func ("/import/format/flatgeobuf", test_format_flatgeobuf);
  g_test_add_func ("/import/format/csv-wkt", test_format_csv_wkt);
  g_test_add_func ("/import/format/csv-lonlat", test_format_csv_lonlat);
  g_test_add_func ("/import/layers/choice", test_layers_choice);
  g_test_add_func ("/import/crs/utm37n", test_reproject_utm);
  g_test_add_func ("/import/geometry/zm-dropped", test_geometry_zm_dropped);
  g_test_add_func ("/import/geometry/curves", test_geometry_curves);
  g_test_add_func ("/import/geometry/bowtie-repaired", test_geometry_bowtie_repaired);
  g_test_add_func ("/import/geometry/collection-flattened", test_geometry_collection_flattened);
  g_test_add_func ("/import/error/missing", test_error_missing);
  g_test_add_func ("/import/error/unreadable", test_error_unreadable);
  g_test_add_func ("/import/error/not-geodata-text", test_error_not_geodata_text);
  g_test_add_func ("/import/error/not-geodata-png", test_error_not_geodata_png);
  g_test_add_func ("/import/error/no-vector-layer", test_error_no_vector_layer);
  g_test_add_func ("/import/error/damaged", test_error_damaged);
  g_test_add_func ("/import/error/empty-layer", test_error_empty_layer);
  g_test_add_func ("/import/error/csv-no-geometry", test_error_csv_no_geometry);
  g_test_add_func ("/import/error/unknown-crs", test_error_unknown_crs);
  g_test_add_func ("/import/error/untransformable-crs", test_error_untransformable_crs);
  g_test_add_func ("/import/error/out-of-range", test_error_out_of_range);
  g_test_add_func ("/import/error/invalid-geometry", test_error_invalid_geometry);
  g_test_add_func ("/import/error/network", test_error_network);
  g_test_add_func ("/import/error/cancelled", test_cancelled);
  g_test_add_func ("/import/remote-paths", test_remote_paths);
  g_test_add_func ("/import/gdal-offline", test_gdal_offline);
  g_test_add_func ("/import/probe", test_probe);
  g_test_add_func ("/import/pick-line", test_pick_line);
  g_test_add_func ("/import/threads", test_threads);
  g_test_add_func ("/import/progress", test_progress);
  g_test_add_func ("/import/geos/roundtrip", test_geos_roundtrip);
  g_test_add_func ("/import/geos/edge-cases", test_geos_edge_cases);

  status = g_test_run ();

  remove_tree (tmpdir);
  g_free (tmpdir);
  for (guint i = 0; i < N_SAMPLES; i++)
    g_free (samples[i].wkt);
  return status;
}
