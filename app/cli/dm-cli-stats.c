/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dm-cli.h"
#include "dm-geodesy.h"
#include "dm-import.h"

typedef struct {
  gint64 fid;
  const char *name;
  const char *type;
  guint vertices;
  double length_m;
  double area_m2;
  gboolean lineal;
  gboolean polygonal;
} Row;

static void
add_figures (JsonBuilder *b,
             guint vertices,
             double length_m,
             double area_m2,
             gboolean has_length,
             gboolean has_area,
             DmLengthUnit lu,
             DmAreaUnit au)
{
  json_builder_set_member_name (b, "vertices");
  json_builder_add_int_value (b, vertices);
  if (has_length)
    {
      json_builder_set_member_name (b, "length_m");
      json_builder_add_double_value (b, length_m);
      json_builder_set_member_name (b, "length");
      json_builder_add_double_value (b, dm_length_from_m (length_m, lu));
    }
  if (has_area)
    {
      json_builder_set_member_name (b, "area_m2");
      json_builder_add_double_value (b, area_m2);
      json_builder_set_member_name (b, "area");
      json_builder_add_double_value (b, dm_area_from_m2 (area_m2, au));
    }
}

int
dm_cli_stats (int argc, char **argv)
{
  g_autofree char *layer = NULL;
  g_autofree char *units = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = { { "layer", 'l', 0, G_OPTION_ARG_STRING, &layer,
                               N_ ("The layer to measure (default: the only or first non-empty one)"), N_ ("NAME") },
                             { "units", 'u', 0, G_OPTION_ARG_STRING, &units,
                               N_ ("Units for lengths and areas: km (default), mi, nmi or m"), N_ ("UNIT") },
                             { "json", 0, 0, G_OPTION_ARG_NONE, &json,
                               N_ ("One JSON document: values in metres and square metres plus the chosen unit"),
                               NULL },
                             { NULL } };
  g_autoptr (DmImportLayer) imported = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  DmLengthUnit lu = DM_LENGTH_KM;
  DmAreaUnit au;
  guint total_vertices = 0;
  double total_length = 0, total_area = 0;
  gboolean any_lineal = FALSE, any_polygonal = FALSE;
  int ret;

  if ((ret = dm_cli_parse ("stats", _ ("FILE"),
                           _ ("Measures every feature of a layer on the WGS 84 ellipsoid: vertex "
                              "count, geodesic length of lines (perimeter of polygons) and geodesic "
                              "area of polygons, then the totals."),
                           entries, NULL, &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("stats", _ ("expected one FILE"));
  if (!dm_cli_parse_length_unit ("stats", units, &lu, &ret))
    return ret;
  au = dm_area_unit_for_length (lu);

  if ((imported = dm_import_read (argv[1], layer, NULL, &error)) == NULL)
    return dm_cli_fail (error);

  for (guint i = 0; i < imported->features->len; i++)
    {
      const DmImportFeature *f = g_ptr_array_index (imported->features, i);
      Row row = { 0 };

      row.fid = f->fid;
      row.name = f->name;
      row.type = dm_geometry_type_to_string (dm_geometry_get_geometry_type (f->geometry));
      row.vertices = dm_geometry_get_n_points (f->geometry);
      row.lineal = dm_geometry_is_lineal (f->geometry);
      row.polygonal = dm_geometry_is_polygonal (f->geometry);
      row.length_m = dm_geodesy_geometry_length_m (f->geometry);
      row.area_m2 = dm_geodesy_geometry_area_m2 (f->geometry);
      g_array_append_val (rows, row);

      total_vertices += row.vertices;
      if (row.lineal)
        total_length += row.length_m;
      total_area += row.area_m2;
      any_lineal |= row.lineal;
      any_polygonal |= row.polygonal;
    }

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, imported->path);
      json_builder_set_member_name (b, "layer");
      json_builder_add_string_value (b, imported->layer_name);
      json_builder_set_member_name (b, "source_crs");
      json_builder_add_string_value (b, imported->source_crs);
      json_builder_set_member_name (b, "length_unit");
      json_builder_add_string_value (b, dm_length_unit_symbol (lu));
      json_builder_set_member_name (b, "area_unit");
      json_builder_add_string_value (b, dm_area_unit_symbol (au));
      json_builder_set_member_name (b, "features");
      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        {
          const Row *r = &g_array_index (rows, Row, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "fid");
          json_builder_add_int_value (b, r->fid);
          json_builder_set_member_name (b, "name");
          if (r->name != NULL)
            json_builder_add_string_value (b, r->name);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "geometry_type");
          json_builder_add_string_value (b, r->type);
          add_figures (b, r->vertices, r->lineal || r->polygonal ? r->length_m : 0, r->area_m2,
                       r->lineal || r->polygonal, r->polygonal, lu, au);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "total");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "features");
      json_builder_add_int_value (b, rows->len);
      add_figures (b, total_vertices, total_length, total_area, any_lineal, any_polygonal, lu, au);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "repairs");
      json_builder_begin_array (b);
      for (guint i = 0; i < imported->repairs->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (imported->repairs, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      dm_cli_print_json (root);
      return 0;
    }

  printf (_ ("%s — layer “%s”\n"), imported->path, imported->layer_name);
  printf ("%-8s %-28s %-16s %9s %16s %18s\n", _ ("FID"), _ ("Name"), _ ("Geometry"), _ ("Vertices"), _ ("Length"),
          _ ("Area"));
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      g_autofree char *len = r->lineal || r->polygonal ? dm_format_length (r->length_m, lu) : g_strdup ("—");
      g_autofree char *area = r->polygonal ? dm_format_area (r->area_m2, au) : g_strdup ("—");
      g_autofree char *name = g_strdup (r->name != NULL ? r->name : "");

      if (g_utf8_strlen (name, -1) > 28)
        *g_utf8_offset_to_pointer (name, 27) = '\0';
      printf ("%-8" G_GINT64_FORMAT " %-28s %-16s %9u %16s %18s\n", r->fid, name, r->type, r->vertices, len, area);
    }
  {
    g_autofree char *len = any_lineal ? dm_format_length (total_length, lu) : g_strdup ("—");
    g_autofree char *area = any_polygonal ? dm_format_area (total_area, au) : g_strdup ("—");

    g_autofree char *features =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feature", "%u features", rows->len), rows->len);

    /* Translators: “Total: 3 features, 1760 vertices, line length 1,087 km, area —” */
    printf (_ ("Total: %s, %u vertices, line length %s, area %s\n"), features, total_vertices, len, area);
  }
  for (guint i = 0; i < imported->repairs->len; i++)
    printf (_ ("Repaired: %s\n"), (const char *) g_ptr_array_index (imported->repairs, i));
  if (imported->n_skipped > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "Skipped %u feature without geometry\n",
                         "Skipped %u features without geometry\n", imported->n_skipped),
            imported->n_skipped);
  return 0;
}
