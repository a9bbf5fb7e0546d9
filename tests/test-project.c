/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "dm-engine.h"
#include "dm-export.h"
#include "dm-fingerprint.h"
#include "dm-gdal.h"
#include "dm-project.h"
#include "test-exchange-common.h"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* Bit for bit: dm_geometry_equal compares the coordinate arrays with
 * memcmp, and here every vertex again, to say which one differs. */
static void
assert_same_geometry (const DmGeometry *a, const DmGeometry *b)
{
  g_assert_cmpint (dm_geometry_get_geometry_type (a), ==, dm_geometry_get_geometry_type (b));
  g_assert_cmpuint (dm_geometry_get_n_points (a), ==, dm_geometry_get_n_points (b));
  g_assert_cmpuint (dm_geometry_get_n_parts (a), ==, dm_geometry_get_n_parts (b));
  for (guint i = 0; i < dm_geometry_get_n_points (a); i++)
    {
      double x1, y1, x2, y2;

      dm_geometry_get_point (a, i, &x1, &y1);
      dm_geometry_get_point (b, i, &x2, &y2);
      g_assert_true (memcmp (&x1, &x2, sizeof x1) == 0);
      g_assert_true (memcmp (&y1, &y2, sizeof y1) == 0);
    }
  g_assert_true (dm_geometry_equal (a, b));
}

static void
assert_same_features (GPtrArray *a, GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      DmFeature *fa = g_ptr_array_index (a, i);
      DmFeature *fb = g_ptr_array_index (b, i);

      g_assert_cmpuint (dm_feature_get_id (fa), ==, dm_feature_get_id (fb));
      g_assert_cmpint (dm_feature_get_role (fa), ==, dm_feature_get_role (fb));
      g_assert_cmpstr (dm_feature_get_name (fa), ==, dm_feature_get_name (fb));
      g_assert_cmpstr (dm_feature_get_text (fa), ==, dm_feature_get_text (fb));
      g_assert_cmpint (dm_feature_get_from_side (fa), ==, dm_feature_get_from_side (fb));
      g_assert_cmpint (dm_feature_get_to_side (fa), ==, dm_feature_get_to_side (fb));
      assert_same_geometry (dm_feature_get_geometry (fa), dm_feature_get_geometry (fb));
      g_assert_true (dm_feature_equal (fa, fb));
    }
}

static void
assert_same_document (DmDocument *a, DmDocument *b)
{
  for (DmSide s = DM_SIDE_A; s <= DM_SIDE_B; s++)
    {
      g_assert_cmpstr (dm_document_get_side_name (a, s), ==, dm_document_get_side_name (b, s));
      g_assert_cmpstr (dm_document_get_side_color (a, s), ==, dm_document_get_side_color (b, s));
    }
  g_assert_cmpuint (dm_document_get_n_proposals (a), ==, dm_document_get_n_proposals (b));
  g_assert_cmpuint (dm_document_get_active_proposal (a), ==, dm_document_get_active_proposal (b));
  for (guint p = 0; p < dm_document_get_n_proposals (a); p++)
    {
      g_autofree char *fa = dm_fingerprint_compute (a, p);
      g_autofree char *fb = dm_fingerprint_compute (b, p);

      g_assert_cmpstr (dm_document_get_proposal_name (a, p), ==, dm_document_get_proposal_name (b, p));
      assert_same_features (dm_document_get_proposal_features (a, p), dm_document_get_proposal_features (b, p));
      g_assert_cmpstr (fa, ==, fb);
    }
  {
    g_autoptr (GPtrArray) na = dm_document_list_features (a, DM_ROLE_ANNOTATION);
    g_autoptr (GPtrArray) nb = dm_document_list_features (b, DM_ROLE_ANNOTATION);

    assert_same_features (na, nb);
  }
  g_assert_cmpuint (dm_document_get_n_reference_layers (a), ==, dm_document_get_n_reference_layers (b));
  for (guint l = 0; l < dm_document_get_n_reference_layers (a); l++)
    {
      g_assert_cmpstr (dm_document_get_reference_layer_name (a, l), ==, dm_document_get_reference_layer_name (b, l));
      g_assert_cmpstr (dm_document_get_reference_layer_source (a, l), ==,
                       dm_document_get_reference_layer_source (b, l));
      assert_same_features (dm_document_get_reference_layer_features (a, l),
                            dm_document_get_reference_layer_features (b, l));
    }
  g_assert_cmpuint (dm_document_get_n_zone_rules (a), ==, dm_document_get_n_zone_rules (b));
  for (guint i = 0; i < dm_document_get_n_zone_rules (a); i++)
    {
      const DmZoneRule *ra = dm_document_get_zone_rule (a, i);
      const DmZoneRule *rb = dm_document_get_zone_rule (b, i);

      g_assert_true (memcmp (&ra->width_a_m, &rb->width_a_m, sizeof (double)) == 0);
      g_assert_true (memcmp (&ra->width_b_m, &rb->width_b_m, sizeof (double)) == 0);
      g_assert_true (dm_zone_rule_equal (ra, rb));
    }
}

static void
test_round_trip (void)
{
  g_autoptr (DmDocument) doc = make_rich_document ();
  g_autoptr (DmDocument) back = NULL;
  g_autoptr (DmDocument) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("round-trip.gpkg");
  g_autofree char *path2 = tmp_path ("round-trip-2.gpkg");
  DmProjectView view = { TRUE, 36.123456789, 47.987654321, 7.25, DM_LENGTH_MI };
  DmProjectView view_back = { 0 };
  g_autoptr (DmFeature) extra = NULL;
  guint max_id = 0;

  /* The second proposal active, so that "active" is not just the first. */
  dm_document_set_active_proposal (doc, 1);
  /* A hidden zone stays hidden. */
  {
    g_autoptr (DmZoneRule) hidden = dm_zone_rule_copy (dm_document_get_zone_rule (doc, 0));

    hidden->hidden = TRUE;
    dm_document_set_zone_rule (doc, 0, g_steal_pointer (&hidden));
  }
  g_assert_true (dm_project_save (doc, NULL, &view, path, &error));
  g_assert_no_error (error);

  back = dm_project_load (path, &view_back, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  assert_same_document (doc, back);
  g_assert_false (dm_document_can_undo (back));
  g_assert_true (view_back.has_view);
  g_assert_cmpfloat (view_back.center_lon, ==, view.center_lon);
  g_assert_cmpfloat (view_back.center_lat, ==, view.center_lat);
  g_assert_cmpfloat (view_back.zoom, ==, view.zoom);
  g_assert_cmpint (view_back.units, ==, DM_LENGTH_MI);

  /* New features get ids no loaded one has. */
  for (guint p = 0; p < dm_document_get_n_proposals (back); p++)
    {
      GPtrArray *fs = dm_document_get_proposal_features (back, p);

      for (guint i = 0; i < fs->len; i++)
        max_id = MAX (max_id, dm_feature_get_id (g_ptr_array_index (fs, i)));
    }
  extra = dm_feature_new_annotation (36, 48, "new");
  g_assert_cmpuint (dm_document_add_feature (back, extra), >, max_id);
  g_assert_true (dm_document_undo (back));

  /* Saving what was opened gives the same document again. */
  g_assert_true (dm_project_save (back, NULL, NULL, path2, &error));
  g_assert_no_error (error);
  again = dm_project_load (path2, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_document (doc, again);
}

/* The round trip must be able to fail: a document one vertex off by
 * the smallest step a double has is not the same. */
static void
test_round_trip_detects_change (void)
{
  g_autoptr (DmDocument) doc = make_rich_document ();
  g_autoptr (DmDocument) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("changed.gpkg");
  DmFeature *line;
  double lon, lat;

  g_assert_true (dm_project_save (doc, NULL, NULL, path, &error));
  back = dm_project_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  line = dm_document_get_contact_line (back);
  dm_geometry_get_point (dm_feature_get_geometry (line), 10, &lon, &lat);
  dm_document_move_vertex (back, dm_feature_get_id (line), 10, nextafter (lon, 180.0), lat);
  g_assert_false (
    dm_geometry_equal (dm_feature_get_geometry (line), dm_feature_get_geometry (dm_document_get_contact_line (doc))));
}

static void
test_with_results (void)
{
  g_autoptr (DmDocument) doc = make_rich_document ();
  g_autoptr (DmEngine) engine = dm_engine_new (doc);
  g_autoptr (DmResults) results = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("with-results.gpkg");
  g_autoptr (DmGdalDataset) ds = NULL;
  OGRLayerH zones, styles;
  gboolean seen[5] = { FALSE };

  results = dm_engine_compute (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dm_project_save (doc, results, NULL, path, &error));
  g_assert_no_error (error);

  ds = GDALOpenEx (path, GDAL_OF_VECTOR, NULL, NULL, NULL);
  g_assert_nonnull (ds);
  zones = GDALDatasetGetLayerByName (ds, "zones");
  g_assert_nonnull (zones);
  g_assert_cmpint (OGR_L_GetFeatureCount (zones, TRUE), >=, 2);
  {
    g_autoptr (DmOgrFeature) f = OGR_L_GetNextFeature (zones);

    DmZoneFigures *z = g_ptr_array_index (results->zones, 0);

    g_assert_cmpfloat (OGR_F_GetFieldAsDouble (f, OGR_F_GetFieldIndex (f, "area_m2")), >, 1e8);
    /* The settlements and people inside, as GeoJSON and KML carry them. */
    g_assert_nonnull (z->settlements);
    g_assert_cmpint (OGR_F_GetFieldIndex (f, "settlements"), >=, 0);
    g_assert_cmpint (OGR_F_GetFieldIndex (f, "population"), >=, 0);
    g_assert_cmpint (OGR_F_GetFieldAsInteger (f, OGR_F_GetFieldIndex (f, "settlements")), ==,
                     z->settlements->n_settlements);
    g_assert_cmpint (OGR_F_GetFieldAsInteger64 (f, OGR_F_GetFieldIndex (f, "population")), ==,
                     z->settlements->population);
  }

  /* QGIS's style table, one default style per layer, colours as drawn. */
  styles = GDALDatasetGetLayerByName (ds, "layer_styles");
  g_assert_nonnull (styles);
  for (;;)
    {
      g_autoptr (DmOgrFeature) f = OGR_L_GetNextFeature (styles);
      const char *table, *qml;

      if (f == NULL)
        break;
      table = OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "f_table_name"));
      qml = OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "styleQML"));
      g_assert_true (OGR_F_GetFieldAsInteger (f, OGR_F_GetFieldIndex (f, "useAsDefault")) == 1);
      g_assert_cmpstr (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "f_geometry_column")), ==, "geom");
      g_assert_true (g_str_has_prefix (qml, "<!DOCTYPE qgis"));
      g_assert_nonnull (strstr (qml, "<renderer-v2"));
      if (g_str_equal (table, "contact_lines"))
        {
          /* #0057b7 and #d52b1e, the sides' fringes; in QGIS a positive
           * offset lies right of the line's direction: side A's (left)
           * is negative, side B's positive. */
          const char *a = strstr (qml, "\"0,87,183,255\""), *b = strstr (qml, "\"213,43,30,255\"");
          const char *a_offset = a != NULL ? strstr (a, "name=\"offset\" type=\"QString\" value=\"") : NULL;
          const char *b_offset = b != NULL ? strstr (b, "name=\"offset\" type=\"QString\" value=\"") : NULL;

          g_assert_nonnull (a);
          g_assert_nonnull (b);
          g_assert_nonnull (a_offset);
          g_assert_nonnull (b_offset);
          g_assert_cmpfloat (g_ascii_strtod (a_offset + strlen ("name=\"offset\" type=\"QString\" value=\""), NULL), <,
                             0);
          g_assert_cmpfloat (g_ascii_strtod (b_offset + strlen ("name=\"offset\" type=\"QString\" value=\""), NULL), >,
                             0);
          seen[0] = TRUE;
        }
      else if (g_str_equal (table, "zones"))
        {
          /* The DMZ's default colour #e5a50a at 38 % */
          g_assert_nonnull (strstr (qml, "\"229,165,10,97\""));
          g_assert_nonnull (strstr (qml, "Demilitarised zone|A"));
          seen[1] = TRUE;
        }
      else if (g_str_equal (table, "land_swaps"))
        seen[2] = TRUE;
      else if (g_str_equal (table, "annotations"))
        seen[3] = TRUE;
      else if (g_str_equal (table, "observation_posts"))
        {
          /* A square a side, by the "side" kept in the properties. */
          g_assert_nonnull (strstr (qml, "json_to_map"));
          g_assert_nonnull (strstr (qml, "\"0,87,183,255\""));
          g_assert_nonnull (strstr (qml, "\"213,43,30,255\""));
          g_assert_nonnull (strstr (qml, "square"));
          seen[4] = TRUE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (seen); i++)
    g_assert_true (seen[i]);
}

static void
test_not_a_project (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *gpkg = tmp_path ("plain.gpkg");
  g_autofree char *geojson = tmp_path ("plain.geojson");
  g_autoptr (DmGeometry) g = make_line_geometry (10, 0);
  DmDocument *doc;

  g_assert_true (dm_export_geometry (g, NULL, "line", gpkg, &error));
  g_assert_no_error (error);
  doc = dm_project_load (gpkg, NULL, NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_NOT_PROJECT);
  g_clear_error (&error);

  g_assert_true (dm_export_geometry (g, NULL, "line", geojson, &error));
  doc = dm_project_load (geojson, NULL, NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_NOT_PROJECT);
}

static void
test_corrupt (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("corrupt.gpkg");
  g_autofree char *missing = tmp_path ("missing.gpkg");
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  guchar bytes[8192];
  DmDocument *doc;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guchar) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (path, (const char *) bytes, sizeof bytes, NULL));
  doc = dm_project_load (path, NULL, NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "corrupt.gpkg"));
  g_clear_error (&error);

  doc = dm_project_load (missing, NULL, NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_NOT_FOUND);
}

static void
test_too_new (void)
{
  g_autoptr (DmDocument) doc = make_rich_document ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("future.gpkg");
  DmDocument *back;

  g_assert_true (dm_project_save (doc, NULL, NULL, path, &error));
  {
    g_autoptr (DmGdalDataset) ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);

    g_assert_nonnull (ds);
    GDALDatasetExecuteSQL (ds, "UPDATE demarcate_metadata SET value = '99' WHERE key = 'format_version'", NULL, NULL);
  }
  back = dm_project_load (path, NULL, NULL, NULL, &error);
  g_assert_null (back);
  g_assert_error (error, DM_PROJECT_ERROR, DM_PROJECT_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
}

/* A project damaged by hand (@sql run on a saved copy) opens with what
 * is readable, and says what is wrong: one problem containing each of
 * @expect (NULL-terminated). */
static void
check_damaged (DmDocument *doc, const char *name, const char *sql, const char *const *expect)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path (name);
  g_autoptr (DmDocument) back = NULL;
  g_auto (GStrv) problems = NULL;

  g_assert_true (dm_project_save (doc, NULL, NULL, path, &error));
  {
    g_autoptr (DmGdalDataset) ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);

    g_assert_nonnull (ds);
    CPLErrorReset ();
    GDALDatasetReleaseResultSet (ds, GDALDatasetExecuteSQL (ds, sql, NULL, NULL));
    g_assert_cmpint (CPLGetLastErrorType (), <, CE_Failure);
  }
  back = dm_project_load (path, NULL, &problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_nonnull (problems);
  for (guint i = 0; problems[i] != NULL; i++)
    g_test_message ("%s: %s", name, problems[i]);
  for (guint e = 0; expect[e] != NULL; e++)
    {
      gboolean found = FALSE;

      for (guint i = 0; problems[i] != NULL; i++)
        found |= strstr (problems[i], expect[e]) != NULL;
      g_assert_true (found);
    }
}

/* Projects damaged outside Demarcate: a required table dropped, a row
 * repeated, a shape changed.  Each opens and says so; an intact one says
 * nothing. */
static void
test_damaged (void)
{
  g_autoptr (DmDocument) doc = make_rich_document ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("intact.gpkg");
  g_autoptr (DmDocument) back = NULL;
  g_auto (GStrv) problems = NULL;
  g_autofree char *saved = NULL;

  g_assert_true (dm_project_save (doc, NULL, NULL, path, &error));
  back = dm_project_load (path, NULL, &problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_null (problems);
  {
    g_autofree char *full = dm_fingerprint_compute (doc, dm_document_get_active_proposal (doc));

    saved = dm_fingerprint_short (full);
  }

  check_damaged (doc, "no-lines.gpkg", "DROP TABLE contact_lines",
                 (const char *const[]){ "“contact_lines” is missing", "fingerprint", NULL });
  check_damaged (doc, "no-rules.gpkg", "DROP TABLE zone_rules",
                 (const char *const[]){ "“zone_rules” is missing", "no zones", NULL });
  check_damaged (doc, "no-notes.gpkg", "DROP TABLE annotations", (const char *const[]){ "“annotations”", NULL });
  check_damaged (doc, "twice.gpkg",
                 "INSERT INTO contact_lines (geom, position, proposal, proposal_index, name) SELECT geom, position, "
                 "proposal, proposal_index, name FROM contact_lines WHERE proposal_index = 0",
                 (const char *const[]){ "repeated", "more than one contact line", NULL });
  check_damaged (doc, "giver-changed.gpkg",
                 "UPDATE land_swaps SET from_side = 'B' WHERE fid = (SELECT MIN(fid) FROM land_swaps)",
                 (const char *const[]){ "fingerprint", saved, NULL });
}

/* A failed save names the file and leaves the one there as it was. */
static void
test_bad_destination (void)
{
  g_autoptr (DmDocument) doc = make_rich_document ();
  g_autoptr (GError) error = NULL;
  g_autofree char *no_dir = g_build_filename (tmpdir, "no-such-folder", "p.gpkg", NULL);
  g_autofree char *file_parent = tmp_path ("a-file");
  g_autofree char *under_file = g_build_filename (file_parent, "p.gpkg", NULL);
  g_autofree char *existing = tmp_path ("existing.gpkg");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_false (dm_project_save (doc, NULL, NULL, no_dir, &error));
  g_assert_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, no_dir));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file_parent, "x", -1, NULL));
  g_assert_false (dm_project_save (doc, NULL, NULL, under_file, &error));
  g_assert_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);

  /* (A failure after the checks, on a full or read-only disk, keeps the
   * old project: tests/test-write.c.) */
  /* A folder without write permission (not for root, whom nothing stops). */
  if (geteuid () != 0)
    {
      g_autofree char *ro = tmp_path ("read-only");
      g_autofree char *inside = g_build_filename (ro, "p.gpkg", NULL);

      g_assert_cmpint (g_mkdir (ro, 0755), ==, 0);
      g_assert_true (g_file_set_contents (inside, "old", -1, NULL));
      g_assert_cmpint (g_chmod (ro, 0555), ==, 0);
      g_assert_false (dm_project_save (doc, NULL, NULL, inside, &error));
      g_assert_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, inside));
      g_clear_error (&error);
      g_chmod (ro, 0755);
      before = read_file (inside);
      g_assert_cmpstr (before, ==, "old");
    }
}

static void
test_file_stamp (void)
{
  g_autoptr (DmDocument) doc = make_rich_document ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = tmp_path ("stamp.gpkg");
  DmFileStamp none, opened, now;

  g_assert_true (dm_file_stamp_get (path, &none, &error));
  g_assert_false (none.exists);
  g_assert_true (dm_project_save (doc, NULL, NULL, path, &error));
  g_assert_true (dm_file_stamp_get (path, &opened, &error));
  g_assert_true (opened.exists);
  g_assert_false (dm_file_stamp_equal (&none, &opened));
  g_assert_true (dm_file_stamp_get (path, &now, &error));
  g_assert_true (dm_file_stamp_equal (&opened, &now));

  /* Someone else saves over it: the stamp says so. */
  g_usleep (20000);
  dm_document_set_side (doc, DM_SIDE_A, "Side one", "#00ff00");
  g_assert_true (dm_project_save (doc, NULL, NULL, path, &error));
  g_assert_true (dm_file_stamp_get (path, &now, &error));
  g_assert_false (dm_file_stamp_equal (&opened, &now));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dm-project-XXXXXX", NULL);
  dm_gdal_init ();

  g_test_add_func ("/project/round-trip", test_round_trip);
  g_test_add_func ("/project/round-trip/detects-change", test_round_trip_detects_change);
  g_test_add_func ("/project/with-results", test_with_results);
  g_test_add_func ("/project/not-a-project", test_not_a_project);
  g_test_add_func ("/project/corrupt", test_corrupt);
  g_test_add_func ("/project/too-new", test_too_new);
  g_test_add_func ("/project/damaged", test_damaged);
  g_test_add_func ("/project/bad-destination", test_bad_destination);
  g_test_add_func ("/project/file-stamp", test_file_stamp);
  return g_test_run ();
}
