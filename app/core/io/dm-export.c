/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <gdal.h>
#include <cpl_error.h>
#include <ogr_api.h>

#include <json-glib/json-glib.h>

#include "dm-annex.h"
#include "dm-engine.h"
#include "dm-export.h"
#include "dm-figures.h"
#include "dm-project.h"
#include "dm-write.h"
#include "dm-fingerprint.h"
#include "dm-gdal.h"
#include "dm-line-ops.h"
#include "dm-geodesy.h"
#include "dm-line-ops.h"
#include "dm-geojson-writer.h"
#include "dm-kml-writer.h"
#include "dm-style.h"
#include "dm-units.h"

const char *
dm_export_driver_for_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".geojson") || g_str_has_suffix (lower, ".json"))
    return "GeoJSON";
  if (g_str_has_suffix (lower, ".kml"))
    return "KML";
  if (g_str_has_suffix (lower, ".kmz"))
    return "LIBKML";
  if (g_str_has_suffix (lower, ".gpkg"))
    return "GPKG";
  return NULL;
}

static GDALDriverH
check_destination (const char *path, GError **error)
{
  return dm_write_check_destination (path, dm_export_driver_for_path (path), error);
}

gboolean
dm_export_geometry (const DmGeometry *geometry,
                    GHashTable *properties,
                    const char *layer_name,
                    const char *path,
                    GError **error)
{
  g_auto (DmGdalErrorScope) scope = dm_gdal_error_scope_begin ();
  g_autoptr (DmGdalDataset) ds = NULL;
  g_autoptr (DmOgrFeature) f = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr (GList) keys = NULL;
  GDALDriverH driver;
  OGRLayerH layer;
  gboolean geojson;

  g_return_val_if_fail (geometry != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if ((driver = check_destination (path, error)) == NULL)
    return FALSE;
  /* GeoJSON: gathered in memory, then streamed out (dm_geojson_write). */
  if ((geojson = g_str_equal (GDALGetDriverShortName (driver), "GeoJSON")))
    driver = GDALGetDriverByName ("Memory");
  tmp = dm_write_staging_path (path);
  if ((ds = dm_write_create (driver, tmp, path, NULL, error)) == NULL)
    return FALSE;
  layer = dm_write_create_layer (ds, layer_name, wkbUnknown, NULL);
  if (layer == NULL)
    goto failed;

  if (properties != NULL)
    {
      keys = g_list_sort (g_hash_table_get_keys (properties), (GCompareFunc) g_strcmp0);
      for (GList *l = keys; l != NULL; l = l->next)
        dm_write_add_field (layer, l->data, OFTString);
    }
  f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  for (GList *l = keys; l != NULL; l = l->next)
    OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, l->data), g_hash_table_lookup (properties, l->data));
  OGR_F_SetGeometryDirectly (f, dm_geometry_to_ogr_for_exchange (geometry));
  if (OGR_L_CreateFeature (layer, f) != OGRERR_NONE)
    goto failed;
  if (geojson)
    {
      DmGeoJsonDocument doc = { layer_name, NULL, NULL };

      return dm_write_finish (g_steal_pointer (&ds), tmp, path, dm_geojson_write (layer, &doc, tmp, path, error),
                              error);
    }

  return dm_write_finish (g_steal_pointer (&ds), tmp, path, TRUE, error);

failed:
  return dm_write_finish (g_steal_pointer (&ds), tmp, path, FALSE, error);
}

gboolean
dm_export_zones (DmDocument *document, DmResults *results, const char *path, GError **error)
{
  g_autofree char *tmp = NULL;
  g_autoptr (DmGdalDataset) ds = NULL;
  GDALDriverH driver;
  OGRLayerH layer;
  gboolean geojson, ok;

  g_return_val_if_fail (DM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (results != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  g_auto (DmGdalErrorScope) scope = dm_gdal_error_scope_begin ();

  if ((driver = check_destination (path, error)) == NULL)
    return FALSE;
  /* GeoJSON: gathered in memory, then streamed out (dm_geojson_write). */
  if ((geojson = g_str_equal (GDALGetDriverShortName (driver), "GeoJSON")))
    driver = GDALGetDriverByName ("Memory");
  tmp = dm_write_staging_path (path);
  if ((ds = dm_write_create (driver, tmp, path, NULL, error)) == NULL)
    return FALSE;
  layer = dm_write_create_layer (ds, "zones", wkbMultiPolygon, NULL);
  ok = layer != NULL && dm_write_zones (layer, document, results, error);
  if (ok && geojson)
    {
      DmGeoJsonDocument doc = { "zones", NULL, NULL };

      ok = dm_geojson_write (layer, &doc, tmp, path, error);
    }
  return dm_write_finish (g_steal_pointer (&ds), tmp, path, ok, error);
}

/* ---- A whole proposal -------------------------------------------------- */

gboolean
dm_export_format_for_path (const char *path, DmExportFormat *format)
{
  static const struct {
    const char *suffix;
    DmExportFormat format;
  } formats[] = {
    { ".geojson", DM_EXPORT_FORMAT_GEOJSON }, { ".json", DM_EXPORT_FORMAT_GEOJSON }, { ".kml", DM_EXPORT_FORMAT_KML },
    { ".kmz", DM_EXPORT_FORMAT_KMZ },         { ".gpkg", DM_EXPORT_FORMAT_GPKG },    { ".csv", DM_EXPORT_FORMAT_CSV },
  };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].suffix))
      {
        if (format != NULL)
          *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

/* The zone rules, without their geometries (named basemap regions stand
 * for them), as a JSON array: what an import needs to rebuild them. */
static char *
zone_rules_json (DmDocument *document)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < dm_document_get_n_zone_rules (document); i++)
    {
      const DmZoneRule *rule = dm_document_get_zone_rule (document, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, rule->name);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, dm_zone_kind_to_string (rule->kind));
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, dm_zone_rule_type_to_string (rule->type));
      json_builder_set_member_name (b, "color");
      json_builder_add_string_value (b, rule->color);
      json_builder_set_member_name (b, "width_a_m");
      json_builder_add_double_value (b, rule->width_a_m);
      json_builder_set_member_name (b, "width_b_m");
      json_builder_add_double_value (b, rule->width_b_m);
      json_builder_set_member_name (b, "distance_m");
      json_builder_add_double_value (b, rule->distance_m);
      if (dm_side_to_letter (rule->side) != NULL)
        {
          json_builder_set_member_name (b, "side");
          json_builder_add_string_value (b, dm_side_to_letter (rule->side));
        }
      if (rule->region_name != NULL)
        {
          json_builder_set_member_name (b, "region_name");
          json_builder_add_string_value (b, rule->region_name);
        }
      if (rule->boundary_name != NULL)
        {
          json_builder_set_member_name (b, "boundary_name");
          json_builder_add_string_value (b, rule->boundary_name);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* A document holding @proposal alone (and what all proposals share), to
 * compute its figures without touching @document's undo history. */
static DmDocument *
proposal_document (DmDocument *document, guint proposal)
{
  DmDocument *doc = dm_document_new ();
  GPtrArray *features = dm_document_get_proposal_features (document, proposal);
  g_autoptr (GPtrArray) notes = dm_document_list_features (document, DM_ROLE_ANNOTATION);

  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    dm_document_set_side (doc, side, dm_document_get_side_name (document, side),
                          dm_document_get_side_color (document, side));
  dm_document_rename_proposal (doc, 0, dm_document_get_proposal_name (document, proposal));
  for (guint i = 0; i < features->len; i++)
    {
      g_autoptr (DmFeature) copy = dm_feature_duplicate (g_ptr_array_index (features, i));

      dm_document_add_feature (doc, copy);
    }
  for (guint i = 0; i < notes->len; i++)
    {
      g_autoptr (DmFeature) copy = dm_feature_duplicate (g_ptr_array_index (notes, i));

      dm_document_add_feature (doc, copy);
    }
  for (guint i = 0; i < dm_document_get_n_zone_rules (document); i++)
    dm_document_add_zone_rule (doc, dm_zone_rule_copy (dm_document_get_zone_rule (document, i)));
  dm_document_clear_history (doc);
  return doc;
}

typedef struct {
  DmExportFormat format;
  DmGdalDataset *ds;
  DmDocument *doc; /* the proposal alone */
  DmResults *results;
  DmLengthUnit lu;
  DmCsvStyle csv_style;
  DmAreaUnit au;
  const char *proposal_name;
  char *fingerprint;
  char *fingerprint_short;
  OGRLayerH geojson;        /* GeoJSON: the one layer */
  GHashTable *folder_names; /* KML: layer name → the folder's title */
} Writer;

static void
writer_clear (Writer *w)
{
  g_clear_object (&w->doc);
  g_clear_pointer (&w->results, dm_results_unref);
  g_clear_pointer (&w->fingerprint, g_free);
  g_clear_pointer (&w->fingerprint_short, g_free);
  g_clear_pointer (&w->folder_names, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

typedef struct {
  const char *name;
  OGRFieldType type;
  OGRFieldSubType subtype; /* OFSTJSON: written to GeoJSON as the JSON it holds */
} FieldSpec;

/* Every attribute an export writes; a layer gets those its features use
 * (a GeoJSON collection all of them). */
static const FieldSpec common_fields[] = {
  { "name", OFTString }, { "description", OFTString }, { "role", OFTString }, { "proposal", OFTString }, { NULL, 0 },
};
static const FieldSpec line_fields[] = {
  { "text", OFTString },
  { "length_m", OFTReal },
  { "vertices", OFTInteger },
  { "side_a", OFTString },
  { "side_b", OFTString },
  { "side_a_color", OFTString },
  { "side_b_color", OFTString },
  { "zone_rules", OFTString, OFSTJSON },
  { "side", OFTString }, /* of a fringe */
  { NULL, 0 },
};
static const FieldSpec swap_fields[] = {
  { "text", OFTString },     { "from_side", OFTString }, { "to_side", OFTString },   { "giver", OFTString },
  { "receiver", OFTString }, { "area_m2", OFTReal },     { "transfer_m2", OFTReal }, { NULL, 0 },
};
static const FieldSpec zone_fields[] = {
  { "zone", OFTString },
  { "kind", OFTString },
  { "side", OFTString },
  { "side_name", OFTString },
  { "width_m", OFTReal },
  { "area_m2", OFTReal },
  { "zone_area_m2", OFTReal },
  { "settlements", OFTInteger },
  /* An int, not an int64: KML's schema has no 64-bit type, and LIBKML
   * declares one a string (a zone's people number far below 2^31). */
  { "population", OFTInteger },
  { "color", OFTString },
  { NULL, 0 },
};
static const FieldSpec note_fields[] = {
  { "text", OFTString },
  { NULL, 0 },
};
static const FieldSpec document_post_fields[] = {
  { "post", OFTInteger }, { "side", OFTString }, { "side_name", OFTString }, { "range_m", OFTReal }, { NULL, 0 },
};
/* simplestyle-spec 1.1.0, which geojson.io and GitHub draw. */
static const FieldSpec simplestyle_fields[] = {
  { "stroke", OFTString }, { "stroke-width", OFTReal }, { "stroke-opacity", OFTReal },
  { "fill", OFTString },   { "fill-opacity", OFTReal }, { NULL, 0 },
};

static void
ensure_fields (OGRLayerH layer, const FieldSpec *specs)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);

  for (const FieldSpec *s = specs; s->name != NULL; s++)
    if (OGR_FD_GetFieldIndex (defn, s->name) < 0)
      {
        OGRFieldDefnH def = OGR_Fld_Create (s->name, s->type);

        OGR_Fld_SetSubType (def, s->subtype);
        OGR_L_CreateField (layer, def, TRUE);
        OGR_Fld_Destroy (def);
      }
}

static void
set_str (OGRFeatureH f, const char *name, const char *value)
{
  int i = OGR_F_GetFieldIndex (f, name);

  if (i >= 0 && value != NULL)
    OGR_F_SetFieldString (f, i, value);
}

static void
set_dbl (OGRFeatureH f, const char *name, double value)
{
  int i = OGR_F_GetFieldIndex (f, name);

  if (i >= 0)
    OGR_F_SetFieldDouble (f, i, value);
}

static void
set_int (OGRFeatureH f, const char *name, gint64 value)
{
  int i = OGR_F_GetFieldIndex (f, name);

  if (i >= 0)
    OGR_F_SetFieldInteger64 (f, i, value);
}

/* A small HTML table of figures for a KML balloon. */
typedef GString Table;

static Table *
table_new (void)
{
  return g_string_new ("<table>");
}

static void
table_row (Table *t, const char *label, const char *value)
{
  g_autofree char *l = g_markup_escape_text (label, -1);
  g_autofree char *v = g_markup_escape_text (value != NULL ? value : "", -1);

  g_string_append_printf (t, "<tr><th align=\"left\">%s</th><td>%s</td></tr>", l, v);
}

static char *
table_free (Table *t)
{
  g_string_append (t, "</table>");
  return g_string_free (t, FALSE);
}

static void
set_simplestyle (OGRFeatureH f, DmRgb stroke, double stroke_alpha, double width, const DmRgb *fill, double fill_alpha)
{
  g_autofree char *hex = dm_style_to_hex_rgba (stroke, 1.0);
  g_autofree char *s = g_ascii_strdown (hex, 7);

  /* "#rrggbb" without the alpha byte, which simplestyle keeps apart. */
  set_str (f, "stroke", s);
  set_dbl (f, "stroke-width", width);
  set_dbl (f, "stroke-opacity", stroke_alpha);
  if (fill != NULL)
    {
      g_autofree char *fhex = dm_style_to_hex_rgba (*fill, 1.0);
      g_autofree char *fs = g_ascii_strdown (fhex, 7);

      set_str (f, "fill", fs);
      set_dbl (f, "fill-opacity", fill_alpha);
    }
}

static DmRgb
side_rgb (DmDocument *doc, DmSide side)
{
  return dm_style_parse_rgb (dm_document_get_side_color (doc, side), DM_STYLE_FALLBACK_COLOR);
}

static char *
pen_brush (DmRgb pen, double pen_alpha, double width, const DmRgb *brush, double brush_alpha)
{
  g_autofree char *pc = dm_style_to_hex_rgba (pen, pen_alpha);
  g_autofree char *bc = brush != NULL ? dm_style_to_hex_rgba (*brush, brush_alpha) : NULL;
  char w[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (w, sizeof w, "%.1f", width);
  if (bc != NULL)
    return g_strdup_printf ("PEN(c:%s,w:%spx);BRUSH(fc:%s)", pc, w, bc);
  return g_strdup_printf ("PEN(c:%s,w:%spx)", pc, w);
}

/* The shared KML styles: the contact line, one per zone rule, one per
 * direction of a swap, annotations. */
static OGRStyleTableH
kml_style_table (Writer *w)
{
  OGRStyleTableH table = OGR_STBL_Create ();
  DmRgb a = side_rgb (w->doc, DM_SIDE_A), b = side_rgb (w->doc, DM_SIDE_B);
  g_autofree char *line = pen_brush (DM_STYLE_LINE_COLOR, 1.0, DM_STYLE_LINE_WIDTH, NULL, 0);
  g_autofree char *ab = pen_brush (a, DM_STYLE_SWAP_EDGE_ALPHA, DM_STYLE_SWAP_EDGE_WIDTH, &b, DM_STYLE_SWAP_FILL_ALPHA);
  g_autofree char *ba = pen_brush (b, DM_STYLE_SWAP_EDGE_ALPHA, DM_STYLE_SWAP_EDGE_WIDTH, &a, DM_STYLE_SWAP_FILL_ALPHA);
  g_autofree char *note_color = dm_style_to_hex_rgba (DM_STYLE_ANNOTATION_COLOR, 1.0);
  /* LABEL only: libkml asserts on a SYMBOL without an icon, and an icon
   * would be a link to fetch. */
  g_autofree char *note = g_strdup_printf ("LABEL(c:%s)", note_color);

  OGR_STBL_AddStyle (table, "style_contact_line", line);
  OGR_STBL_AddStyle (table, "style_swap_a_to_b", ab);
  OGR_STBL_AddStyle (table, "style_swap_b_to_a", ba);
  OGR_STBL_AddStyle (table, "style_annotation", note);
  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    {
      g_autofree char *fringe = pen_brush (side_rgb (w->doc, side), 1.0, DM_STYLE_LINE_FRINGE_WIDTH, NULL, 0);

      OGR_STBL_AddStyle (table, side == DM_SIDE_A ? "style_fringe_a" : "style_fringe_b", fringe);
    }
  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    {
      DmRgb c = side_rgb (w->doc, side);
      g_autofree char *hex = dm_style_to_hex_rgba (c, 1.0);
      g_autofree char *label = g_strdup_printf ("LABEL(c:%s)", hex);
      g_autofree char *range = pen_brush (c, DM_STYLE_POST_RANGE_EDGE_ALPHA, DM_STYLE_POST_RANGE_EDGE_WIDTH, &c,
                                          DM_STYLE_POST_RANGE_FILL_ALPHA);

      OGR_STBL_AddStyle (table, side == DM_SIDE_A ? "style_post_a" : "style_post_b", label);
      OGR_STBL_AddStyle (table, side == DM_SIDE_A ? "style_range_a" : "style_range_b", range);
    }
  for (guint i = 0; i < dm_document_get_n_zone_rules (w->doc); i++)
    {
      const DmZoneRule *rule = dm_document_get_zone_rule (w->doc, i);
      DmRgb fill = dm_style_parse_rgb (rule->color, DM_STYLE_ZONE_DEFAULT_COLOR);

      /* Each side's half in the zone's fill, edged in the side's colour
       * (the screen hatches it in that colour): the halves tell apart. */
      for (guint s = 0; s < 2; s++)
        {
          g_autofree char *id = g_strdup_printf ("style_zone_%u_%c", i + 1, s == 0 ? 'a' : 'b');
          g_autofree char *style = pen_brush (s == 0 ? a : b, DM_STYLE_ZONE_EDGE_ALPHA, 2 * DM_STYLE_ZONE_EDGE_WIDTH,
                                              &fill, DM_STYLE_ZONE_FILL_ALPHA);

          OGR_STBL_AddStyle (table, id, style);
        }
    }
  return table;
}

/* The layer a feature goes to: GeoJSON's one collection, or a KML folder
 * made on first use. */
static OGRLayerH
writer_layer (Writer *w, const char *id, const char *title, const FieldSpec *fields, GError **error)
{
  OGRLayerH layer;

  if (w->format == DM_EXPORT_FORMAT_GEOJSON)
    return w->geojson;
  if ((layer = GDALDatasetGetLayerByName (w->ds, id)) != NULL)
    return layer;
  /* A layer in memory, written out as a KML folder (dm-kml-writer.h). */
  g_hash_table_insert (w->folder_names, g_strdup (id), g_strdup (title));
  if ((layer = dm_write_create_layer (w->ds, id, wkbUnknown, NULL)) == NULL)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Cannot add the folder “%s”: %s"), title,
                   CPLGetLastErrorMsg ());
      return NULL;
    }
  ensure_fields (layer, common_fields);
  ensure_fields (layer, fields);
  /* KML writes this field as <tessellate>: lines and zone edges (up to
   * tens of km between vertices) follow the ground instead of cutting
   * under it in 3D viewers. */
  dm_write_add_field (layer, "tessellate", OFTInteger);
  return layer;
}

static gboolean
write_feature (Writer *w,
               OGRLayerH layer,
               OGRFeatureH f,
               const DmGeometry *g,
               gboolean force_multipolygon,
               GError **error)
{
  OGRGeometryH og = dm_geometry_to_ogr_for_exchange (g);

  if (og != NULL && force_multipolygon)
    og = OGR_G_ForceToMultiPolygon (og);
  if (og != NULL)
    OGR_F_SetGeometryDirectly (f, og);
  set_str (f, "proposal", w->proposal_name);
  if ((w->format == DM_EXPORT_FORMAT_KML || w->format == DM_EXPORT_FORMAT_KMZ) && og != NULL &&
      OGR_GT_Flatten (OGR_G_GetGeometryType (og)) != wkbPoint)
    OGR_F_SetFieldInteger (f, OGR_F_GetFieldIndex (f, "tessellate"), 1);
  if (OGR_L_CreateFeature (layer, f) != OGRERR_NONE)
    {
      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing a feature failed: %s"),
                   CPLGetLastErrorMsg ());
      return FALSE;
    }
  return TRUE;
}

/* A side's fringe of the contact line, for formats that cannot offset a
 * line on screen (KML): a line DM_STYLE_KML_FRINGE_OFFSET_M off it on that
 * side, role "contact_line_side" (importing leaves it out). */
typedef struct {
  const DmGeometry *line;
  DmGeometry *fringe;
} FringeJob;

static gpointer
fringe_b_run (gpointer data)
{
  FringeJob *job = data;

  job->fringe = dm_line_offset (job->line, -DM_STYLE_KML_FRINGE_OFFSET_M);
  return NULL;
}

static gboolean
write_fringes (Writer *w, OGRLayerH layer, const DmGeometry *line, GError **error)
{
  FringeJob b = { line, NULL };
  g_autoptr (DmGeometry) fringe_a = NULL;
  g_autoptr (DmGeometry) fringe_b = NULL;

  /* Side B's on a second core for a long line (a million vertices take
   * a fifth of a second a side). */
  if (dm_geometry_get_n_points (line) > 50000 && g_get_num_processors () > 1)
    {
      GThread *thread = g_thread_new ("dm-export-fringe", fringe_b_run, &b);

      fringe_a = dm_line_offset (line, DM_STYLE_KML_FRINGE_OFFSET_M);
      g_thread_join (thread);
    }
  else
    {
      fringe_a = dm_line_offset (line, DM_STYLE_KML_FRINGE_OFFSET_M);
      fringe_b_run (&b);
    }
  fringe_b = b.fringe;
  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
    {
      const DmGeometry *fringe = side == DM_SIDE_A ? fringe_a : fringe_b;
      g_autoptr (DmOgrFeature) f = NULL;
      /* Translators: a line drawn along the contact line in a side's colour, “Ukraine’s side of the contact line” */
      g_autofree char *name =
        g_strdup_printf (_ ("%s’s side of the contact line"), dm_document_get_side_name (w->doc, side));

      if (fringe == NULL)
        continue;
      f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      set_str (f, "name", name);
      set_str (f, "role", "contact_line_side");
      set_str (f, "side", dm_side_to_letter (side));
      set_simplestyle (f, side_rgb (w->doc, side), 1.0, DM_STYLE_LINE_FRINGE_WIDTH, NULL, 0);
      OGR_F_SetStyleString (f, side == DM_SIDE_A ? "@style_fringe_a" : "@style_fringe_b");
      if (!write_feature (w, layer, f, fringe, FALSE, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_lines (Writer *w, GError **error)
{
  g_autoptr (GPtrArray) lines = dm_document_list_features (w->doc, DM_ROLE_CONTACT_LINE);
  g_autofree char *rules = zone_rules_json (w->doc);
  const char *a = dm_document_get_side_name (w->doc, DM_SIDE_A);
  const char *b = dm_document_get_side_name (w->doc, DM_SIDE_B);

  for (guint i = 0; i < lines->len; i++)
    {
      DmFeature *feature = g_ptr_array_index (lines, i);
      const DmGeometry *g = dm_feature_get_geometry (feature);
      OGRLayerH layer = writer_layer (w, "contact_line", _ ("Contact line"), line_fields, error);
      g_autoptr (DmOgrFeature) f = NULL;
      double length = 0;
      Table *t = table_new ();
      g_autofree char *desc = NULL;
      g_autofree char *len = NULL;
      g_autofree char *nv = NULL;

      if (layer == NULL)
        {
          g_free (table_free (t));
          return FALSE;
        }
      /* Results measure the first contact line (the same sum, to the
       * bit); others by their own. */
      length = w->results->has_line && feature == dm_document_get_contact_line (w->doc) && dm_geometry_is_lineal (g)
                 ? w->results->line_length_m
                 : dm_geodesy_geometry_length_m (g);
      len = dm_format_length (length, w->lu);
      nv = dm_format_number (dm_geometry_get_n_points (g), 0);
      table_row (t, _ ("Proposal"), w->proposal_name);
      table_row (t, _ ("Length"), len);
      table_row (t, _ ("Vertices"), nv);
      table_row (t, _ ("Side A (left)"), a);
      table_row (t, _ ("Side B (right)"), b);
      if (w->results->territory != NULL && w->results->territory->has_population)
        for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
          {
            const DmTerritory *ter = w->results->territory;
            guint k = side == DM_SIDE_A ? 0 : 1;
            g_autofree char *people = dm_people_describe (ter->population_side[k], ter->settlements_side[k]);
            /* Translators: a row of the contact line's table in KML, “People on Ukraine’s side” */
            g_autofree char *label = g_strdup_printf (_ ("People on %s’s side"), side == DM_SIDE_A ? a : b);

            table_row (t, label, people);
          }
      table_row (t, _ ("Fingerprint"), w->fingerprint_short);
      desc = table_free (t);

      f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      set_str (f, "name", dm_feature_get_name (feature) != NULL ? dm_feature_get_name (feature) : _ ("Contact line"));
      if (w->format != DM_EXPORT_FORMAT_GEOJSON)
        set_str (f, "description", desc);
      set_str (f, "text", dm_feature_get_text (feature));
      set_str (f, "role", "contact_line");
      set_dbl (f, "length_m", length);
      set_int (f, "vertices", dm_geometry_get_n_points (g));
      set_str (f, "side_a", a);
      set_str (f, "side_b", b);
      set_str (f, "side_a_color", dm_document_get_side_color (w->doc, DM_SIDE_A));
      set_str (f, "side_b_color", dm_document_get_side_color (w->doc, DM_SIDE_B));
      set_str (f, "zone_rules", rules);
      set_simplestyle (f, DM_STYLE_LINE_COLOR, 1.0, DM_STYLE_LINE_WIDTH, NULL, 0);
      OGR_F_SetStyleString (f, "@style_contact_line");
      /* In KML each side's fringe first, in its colour on its side, the
       * line over them, as the map draws it. */
      if (w->format != DM_EXPORT_FORMAT_GEOJSON && !write_fringes (w, layer, g, error))
        return FALSE;
      if (!write_feature (w, layer, f, g, FALSE, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_zones (Writer *w, GError **error)
{
  const char *side_names[2] = { dm_document_get_side_name (w->doc, DM_SIDE_A),
                                dm_document_get_side_name (w->doc, DM_SIDE_B) };

  for (guint i = 0; i < w->results->zones->len; i++)
    {
      DmZoneFigures *z = g_ptr_array_index (w->results->zones, i);
      DmRgb fill = dm_style_parse_rgb (z->rule->color, DM_STYLE_ZONE_DEFAULT_COLOR);
      g_autofree char *style = g_strdup_printf ("@style_zone_%u", i + 1);

      g_autoptr (DmGeometry) dissolved_a = NULL;
      g_autoptr (DmGeometry) dissolved_b = NULL;

      if (z->zone == NULL)
        continue;
      /* Both sides at once, on two cores. */
      {
        DmGeometry *dissolved[2] = { NULL, NULL };

        dm_zone_result_dissolve_sides (z->zone, dissolved);
        dissolved_a = dissolved[0];
        dissolved_b = dissolved[1];
      }
      for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
        {
          double area = dm_zone_result_get_area_m2 (z->zone, side);
          double total = dm_zone_result_get_area_m2 (z->zone, DM_SIDE_NONE);
          g_autoptr (DmGeometry) g = NULL;
          g_autoptr (DmOgrFeature) f = NULL;
          g_autofree char *id = g_strdup_printf ("zone_%u_%s", i + 1, dm_side_to_letter (side));
          /* Translators: a folder of a KML file: a zone's part on one side, e.g. “Demilitarised zone — Ukraine” */
          g_autofree char *title = g_strdup_printf (_ ("%s — %s"), z->rule->name, side_names[side - 1]);
          g_autofree char *area_s = dm_format_area (area, w->au);
          g_autofree char *total_s = dm_format_area (total, w->au);
          g_autofree char *desc = NULL;
          Table *t;
          OGRLayerH layer;
          double width = side == DM_SIDE_A ? z->rule->width_a_m : z->rule->width_b_m;

          if (area <= 0)
            continue;
          g = side == DM_SIDE_A ? g_steal_pointer (&dissolved_a) : g_steal_pointer (&dissolved_b);
          if (g == NULL)
            {
              g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_GEOMETRY,
                           _ ("The zone “%s” could not be merged into one polygon for export"), z->rule->name);
              return FALSE;
            }
          if ((layer = writer_layer (w, id, title, zone_fields, error)) == NULL)
            return FALSE;

          t = table_new ();
          table_row (t, _ ("Zone"), z->rule->name);
          table_row (t, _ ("Side"), side_names[side - 1]);
          if (z->rule->type == DM_ZONE_RULE_LINE_BAND)
            {
              g_autofree char *width_s = dm_format_length (width, w->lu);

              table_row (t, _ ("Width on this side"), width_s);
            }
          table_row (t, _ ("Area on this side"), area_s);
          table_row (t, _ ("Area of the whole zone"), total_s);
          if (z->settlements != NULL)
            {
              g_autofree char *n = dm_format_number (z->settlements->n_settlements, 0);
              g_autofree char *pop = dm_format_number (z->settlements->population, 0);

              table_row (t, _ ("Settlements in the whole zone"), n);
              table_row (t, _ ("Population in the whole zone"), pop);
            }
          desc = table_free (t);

          f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
          set_str (f, "name", title);
          if (w->format != DM_EXPORT_FORMAT_GEOJSON)
            set_str (f, "description", desc);
          set_str (f, "role", "zone");
          set_str (f, "zone", z->rule->name);
          set_str (f, "kind", dm_zone_kind_to_string (z->rule->kind));
          set_str (f, "side", dm_side_to_letter (side));
          set_str (f, "side_name", side_names[side - 1]);
          if (z->rule->type == DM_ZONE_RULE_LINE_BAND)
            set_dbl (f, "width_m", width);
          set_dbl (f, "area_m2", area);
          set_dbl (f, "zone_area_m2", total);
          if (z->settlements != NULL)
            {
              set_int (f, "settlements", z->settlements->n_settlements);
              set_int (f, "population", z->settlements->population);
            }
          set_str (f, "color", z->rule->color);
          set_simplestyle (f, side_rgb (w->doc, side), DM_STYLE_ZONE_EDGE_ALPHA, 2 * DM_STYLE_ZONE_EDGE_WIDTH, &fill,
                           DM_STYLE_ZONE_FILL_ALPHA);
          {
            g_autofree char *side_style = g_strdup_printf ("%s_%c", style, side == DM_SIDE_A ? 'a' : 'b');

            OGR_F_SetStyleString (f, side_style);
          }
          if (!write_feature (w, layer, f, g, TRUE, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_swaps (Writer *w, GError **error)
{
  g_autoptr (GPtrArray) swaps = dm_document_list_features (w->doc, DM_ROLE_LAND_SWAP);

  for (guint i = 0; i < swaps->len; i++)
    {
      DmFeature *feature = g_ptr_array_index (swaps, i);
      const DmSwapFigures *sf = dm_results_find_swap (w->results, dm_feature_get_id (feature));
      DmSide giver, receiver;
      OGRLayerH layer = writer_layer (w, "land_swaps", _ ("Land swaps"), swap_fields, error);
      g_autoptr (DmOgrFeature) f = NULL;
      g_autofree char *desc = NULL;
      DmRgb fill, edge;
      Table *t;

      if (layer == NULL)
        return FALSE;
      dm_swap_sides (sf, dm_feature_get_from_side (feature), dm_feature_get_to_side (feature), &giver, &receiver);
      fill = side_rgb (w->doc, receiver);
      edge = side_rgb (w->doc, giver);

      t = table_new ();
      table_row (t, _ ("Land swap"), dm_feature_get_name (feature));
      table_row (t, _ ("From"), dm_document_get_side_name (w->doc, giver));
      table_row (t, _ ("To"), dm_document_get_side_name (w->doc, receiver));
      if (sf != NULL)
        {
          g_autofree char *area = dm_format_area (sf->area_m2, w->au);
          g_autofree char *transfer = dm_format_area (sf->transfer_m2, w->au);

          table_row (t, _ ("Area"), area);
          table_row (t, _ ("Changing hands"), transfer);
          if (sf->settlements != NULL)
            {
              g_autofree char *inside =
                dm_people_describe (sf->settlements->population, sf->settlements->n_settlements);
              g_autofree char *moved = dm_people_describe (sf->moved_population, sf->moved_settlements);

              table_row (t, _ ("People inside"), inside);
              table_row (t, _ ("People changing hands"), moved);
            }
          if (sf->note != NULL)
            table_row (t, _ ("Note"), sf->note);
        }
      if (dm_feature_get_text (feature) != NULL)
        table_row (t, _ ("Description"), dm_feature_get_text (feature));
      desc = table_free (t);

      f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      set_str (f, "name", dm_feature_get_name (feature));
      if (w->format != DM_EXPORT_FORMAT_GEOJSON)
        set_str (f, "description", desc);
      set_str (f, "text", dm_feature_get_text (feature));
      set_str (f, "role", "land_swap");
      set_str (f, "from_side", dm_side_to_letter (dm_feature_get_from_side (feature)));
      set_str (f, "to_side", dm_side_to_letter (dm_feature_get_to_side (feature)));
      set_str (f, "giver", dm_side_to_letter (giver));
      set_str (f, "receiver", dm_side_to_letter (receiver));
      if (sf != NULL)
        {
          set_dbl (f, "area_m2", sf->area_m2);
          set_dbl (f, "transfer_m2", sf->transfer_m2);
        }
      set_simplestyle (f, edge, DM_STYLE_SWAP_EDGE_ALPHA, DM_STYLE_SWAP_EDGE_WIDTH, &fill, DM_STYLE_SWAP_FILL_ALPHA);
      OGR_F_SetStyleString (f, giver == DM_SIDE_A ? "@style_swap_a_to_b" : "@style_swap_b_to_a");
      if (!write_feature (w, layer, f, dm_feature_get_geometry (feature), FALSE, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_annotations (Writer *w, GError **error)
{
  g_autoptr (GPtrArray) notes = dm_document_list_features (w->doc, DM_ROLE_ANNOTATION);

  for (guint i = 0; i < notes->len; i++)
    {
      DmFeature *feature = g_ptr_array_index (notes, i);
      const char *text = dm_feature_get_text (feature);
      const char *name = dm_feature_get_name (feature);
      OGRLayerH layer = writer_layer (w, "annotations", _ ("Annotations"), note_fields, error);
      g_autoptr (DmOgrFeature) f = NULL;

      if (layer == NULL)
        return FALSE;
      f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      /* A note's text is its label on the map. */
      set_str (f, "name", name != NULL ? name : text);
      set_str (f, "text", text);
      set_str (f, "role", "annotation");
      set_simplestyle (f, DM_STYLE_ANNOTATION_COLOR, 1.0, DM_STYLE_ANNOTATION_EDGE_WIDTH, NULL, 0);
      OGR_F_SetStyleString (f, "@style_annotation");
      if (!write_feature (w, layer, f, dm_feature_get_geometry (feature), FALSE, error))
        return FALSE;
    }
  return TRUE;
}

/* The active proposal's observation posts: a point each, and its sensor's
 * range as a circle, in the side's colour. */
static gboolean
write_document_posts (Writer *w, GError **error)
{
  g_autoptr (GPtrArray) posts = dm_document_list_features (w->doc, DM_ROLE_OBSERVATION_POST);

  for (guint i = 0; i < posts->len; i++)
    for (guint circle = 0; circle < 2; circle++)
      {
        DmFeature *feature = g_ptr_array_index (posts, i);
        const DmGeometry *g = dm_feature_get_geometry (feature);
        DmSide side = dm_feature_get_post_side (feature);
        DmRgb c = side_rgb (w->doc, side != DM_SIDE_NONE ? side : DM_SIDE_A);
        double range = dm_feature_get_post_range_m (feature), lon, lat;
        OGRLayerH layer = writer_layer (w, "observation_posts", _ ("Observation posts"), document_post_fields, error);
        /* Translators: the name of an observation post on a map, and of its sensor's range */
        g_autofree char *name = circle ? g_strdup_printf (_ ("Range of post %u"), i + 1)
                                       : g_strdup_printf (_ ("Post %u"), i + 1);
        g_autoptr (DmOgrFeature) f = NULL;
        g_autoptr (DmGeometry) disc = NULL;

        if (layer == NULL)
          return FALSE;
        if (dm_geometry_get_n_points (g) == 0 || (circle && range <= 0))
          continue;
        dm_geometry_get_point (g, 0, &lon, &lat);
        f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
        set_str (f, "name", name);
        set_str (f, "role", circle ? "sensor_range" : "observation_post");
        set_int (f, "post", i + 1);
        set_str (f, "side", dm_side_to_letter (side));
        set_str (f, "side_name", side != DM_SIDE_NONE ? dm_document_get_side_name (w->doc, side) : NULL);
        if (range > 0)
          set_dbl (f, "range_m", range);
        if (circle)
          {
            set_simplestyle (f, c, DM_STYLE_POST_RANGE_EDGE_ALPHA, DM_STYLE_POST_RANGE_EDGE_WIDTH, &c,
                             DM_STYLE_POST_RANGE_FILL_ALPHA);
            OGR_F_SetStyleString (f, side == DM_SIDE_B ? "@style_range_b" : "@style_range_a");
            disc = dm_monitoring_range_circle (lon, lat, range, DM_STYLE_POST_RANGE_VERTICES);
          }
        else
          {
            set_simplestyle (f, c, 1.0, DM_STYLE_POST_EDGE_WIDTH, NULL, 0);
            OGR_F_SetStyleString (f, side == DM_SIDE_B ? "@style_post_b" : "@style_post_a");
          }
        if (!write_feature (w, layer, f, circle ? disc : g, FALSE, error))
          return FALSE;
      }
  return TRUE;
}

/* ---- Figures as rows, for the CSV -------------------------------------- */

typedef struct {
  GPtrArray *names;
  GPtrArray *values;
  GPtrArray *units;
} Rows;

static void
row (Rows *rows,
     const char *name,
     char *value, /* (transfer full) */
     const char *unit)
{
  g_ptr_array_add (rows->names, g_strdup (name));
  g_ptr_array_add (rows->values, value);
  g_ptr_array_add (rows->units, g_strdup (unit != NULL ? unit : ""));
}

static char *
num (double value, int decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *format = g_strdup_printf ("%%.%df", decimals);

  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}

/* The figures the table takes (dm-figures.h), in the units asked for:
 * a decimal point, no thousands separators, the unit in its own column. */
static void
collect_figures (Writer *w, Rows *rows)
{
  DmFiguresStyle style = { w->lu, FALSE, FALSE };
  g_autoptr (GPtrArray) figures = dm_figures_build (w->doc, w->results, &style);

  row (rows, _ ("Proposal"), g_strdup (w->proposal_name), NULL);
  row (rows, _ ("Fingerprint"), g_strdup (w->fingerprint_short), NULL);
  row (rows, _ ("Fingerprint (SHA-256)"), g_strdup (w->fingerprint), NULL);
  for (guint i = 0; i < figures->len; i++)
    {
      const DmFigure *f = g_ptr_array_index (figures, i);

      if (!(f->uses & DM_FIGURE_TABLE))
        continue;
      switch (f->quantity)
        {
        case DM_QUANTITY_LENGTH:
          row (rows, f->name, num (dm_length_from_m (f->number, w->lu), w->lu == DM_LENGTH_M ? 1 : 3),
               dm_length_unit_symbol (w->lu));
          break;
        case DM_QUANTITY_AREA:
          row (rows, f->name, num (dm_area_from_m2 (f->number, w->au), w->au == DM_AREA_M2 ? 0 : 3),
               dm_area_unit_symbol (w->au));
          break;
        case DM_QUANTITY_PEOPLE:
          row (rows, f->name, num (f->number, 0), _ ("people"));
          break;
        case DM_QUANTITY_COUNT:
        case DM_QUANTITY_NONE:
        case DM_QUANTITY_TEXT:
        default:
          row (rows, f->name, num (f->number, 0), NULL);
          break;
        }
      if (!isnan (f->share) && f->share_name != NULL)
        row (rows, f->share_name, num (100 * f->share, 2), "%");
    }
}

DmCsvStyle
dm_csv_style_for_locale (void)
{
  /* The environment's, as a spreadsheet reads it: the program itself
   * keeps LC_NUMERIC at C (dm_i18n_init()). */
  locale_t user = newlocale (LC_NUMERIC_MASK, "", (locale_t) 0);
  gboolean comma = user != (locale_t) 0 && g_str_equal (nl_langinfo_l (RADIXCHAR, user), ",");

  if (user != (locale_t) 0)
    freelocale (user);
  return comma ? DM_CSV_SPREADSHEET_COMMA : DM_CSV_SPREADSHEET_POINT;
}

gboolean
dm_csv_style_from_string (const char *str, DmCsvStyle *style)
{
  DmCsvStyle s;

  g_return_val_if_fail (str != NULL, FALSE);

  if (g_str_equal (str, "machine"))
    s = DM_CSV_MACHINE;
  else if (g_str_equal (str, "spreadsheet"))
    s = dm_csv_style_for_locale ();
  else if (g_str_equal (str, "spreadsheet-point"))
    s = DM_CSV_SPREADSHEET_POINT;
  else if (g_str_equal (str, "spreadsheet-comma"))
    s = DM_CSV_SPREADSHEET_COMMA;
  else
    return FALSE;
  if (style != NULL)
    *style = s;
  return TRUE;
}

/* A value as @style writes it: numbers ("-12.5", "1087.111") with a
 * decimal comma where the style asks; text as it is. */
static char *
csv_value (const char *value, DmCsvStyle style)
{
  char *end = NULL;

  if (style != DM_CSV_SPREADSHEET_COMMA || value == NULL || *value == '\0')
    return g_strdup (value);
  g_ascii_strtod (value, &end);
  if (end == NULL || *end != '\0' || strchr (value, '.') == NULL)
    return g_strdup (value);
  return g_strdelimit (g_strdup (value), ".", ',');
}

/* Rows of name, value and unit into a CSV layer of @ds. */
static gboolean
write_rows (GDALDatasetH ds, GPtrArray *names, GPtrArray *values, GPtrArray *units, DmCsvStyle style, GError **error)
{
  char *lco[4] = { (char *) "STRING_QUOTING=IF_NEEDED", NULL };
  OGRLayerH layer;
  gboolean ok;

  if (style != DM_CSV_MACHINE)
    lco[1] = (char *) "WRITE_BOM=YES";
  if (style == DM_CSV_SPREADSHEET_COMMA)
    lco[2] = (char *) "SEPARATOR=SEMICOLON";
  layer = dm_write_create_layer (ds, "figures", wkbNone, lco);
  ok = layer != NULL;

  if (ok)
    {
      dm_write_add_field (layer, "name", OFTString);
      dm_write_add_field (layer, "value", OFTString);
      dm_write_add_field (layer, "unit", OFTString);
    }
  for (guint i = 0; ok && i < names->len; i++)
    {
      g_autoptr (DmOgrFeature) f = OGR_F_Create (OGR_L_GetLayerDefn (layer));

      set_str (f, "name", g_ptr_array_index (names, i));
      g_autofree char *value = csv_value (g_ptr_array_index (values, i), style);

      set_str (f, "value", value);
      set_str (f, "unit", g_ptr_array_index (units, i));
      ok = OGR_L_CreateFeature (layer, f) == OGRERR_NONE;
    }
  if (!ok)
    g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing the figures failed: %s"),
                 CPLGetLastErrorMsg ());
  return ok;
}

static gboolean
write_csv (Writer *w, GError **error)
{
  Rows rows = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free),
                g_ptr_array_new_with_free_func (g_free) };
  gboolean ok;

  collect_figures (w, &rows);
  ok = write_rows (w->ds, rows.names, rows.values, rows.units, w->csv_style, error);
  g_ptr_array_unref (rows.names);
  g_ptr_array_unref (rows.values);
  g_ptr_array_unref (rows.units);
  return ok;
}

gboolean
dm_export_table_csv (const char *path,
                     GPtrArray *names,
                     GPtrArray *values,
                     GPtrArray *units,
                     DmCsvStyle style,
                     GError **error)
{
  g_auto (DmGdalErrorScope) scope = { FALSE };
  g_autofree char *tmp = NULL;
  GDALDatasetH ds;
  GDALDriverH driver;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (names != NULL && values != NULL && units != NULL, FALSE);
  g_return_val_if_fail (names->len == values->len && names->len == units->len, FALSE);

  scope = dm_gdal_error_scope_begin ();
  if ((driver = dm_write_check_destination (path, "CSV", error)) == NULL)
    return FALSE;
  tmp = dm_write_staging_path (path);
  if ((ds = dm_write_create (driver, tmp, path, NULL, error)) == NULL)
    return FALSE;
  ok = write_rows (ds, names, values, units, style, error);
  return dm_write_finish (ds, tmp, path, ok, error);
}

/* A figure in a CSV: a decimal point, no thousands separators. */
char *
dm_export_csv_number (double value, int decimals)
{
  return num (value, decimals);
}

gboolean
dm_export_document (DmDocument *document,
                    DmResults *results,
                    guint proposal,
                    const char *path,
                    const DmExportOptions *options,
                    GError **error)
{
  static const DmExportOptions defaults = DM_EXPORT_OPTIONS_INIT;
  /* GeoJSON, KML and KMZ: features gathered in memory, then streamed out
   * by dm_geojson_write() and dm_kml_write() (GDAL's LIBKML driver builds
   * the whole document in memory: 84 s for a million vertices; its
   * GeoJSON driver takes 6 s to print one). */
  static const char *const drivers[] = { "Memory", "Memory", "Memory", "GPKG", "CSV" };
  g_auto (DmGdalErrorScope) scope = { FALSE };
  g_auto (Writer) w = { 0 };
  g_autofree char *tmp = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *geojson_members = NULL;
  OGRStyleTableH styles = NULL;
  GDALDriverH driver;
  gboolean ok;

  g_return_val_if_fail (DM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (proposal < dm_document_get_n_proposals (document), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  if (!dm_export_format_for_path (path, &w.format))
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_UNKNOWN_FORMAT,
                   _ ("Cannot tell which format to write “%s” in: end the name with .geojson, .kml, .kmz, .gpkg or "
                      ".csv"),
                   base);
      return FALSE;
    }

  /* Figures of another revision or proposal are not this proposal's. */
  if (results == NULL || proposal != dm_document_get_active_proposal (document) ||
      results->revision != dm_document_get_revision (document))
    results = NULL;

  scope = dm_gdal_error_scope_begin ();
  if ((driver = dm_write_check_destination (path, drivers[w.format], error)) == NULL)
    return FALSE;

  w.doc = proposal_document (document, proposal);
  w.proposal_name = dm_document_get_proposal_name (document, proposal);
  if (results != NULL)
    w.results = dm_results_ref (results);
  else
    {
      g_autoptr (DmEngine) engine = dm_engine_new (w.doc);

      if ((w.results = dm_engine_compute (engine, NULL, error)) == NULL)
        return FALSE;
      /* Every figure of this copy, the fingerprint with them (the one
       * dm_fingerprint_compute() gives: a million vertices take 0.17 s). */
      if (w.results->complete && w.results->fingerprint != NULL)
        w.fingerprint = g_strdup (w.results->fingerprint);
    }
  if (w.format == DM_EXPORT_FORMAT_GPKG)
    return dm_project_save_proposal (document, w.results, options->view, proposal, path, error);
  w.lu = options->units;
  w.csv_style = options->csv_style;
  w.au = dm_area_unit_for_length (w.lu);
  if (w.fingerprint == NULL)
    w.fingerprint = dm_fingerprint_compute (w.doc, 0);
  w.fingerprint_short = dm_fingerprint_short (w.fingerprint);
  /* Translators: the title of an exported map, e.g. “Demarcate: Proposal 1” */
  title = g_strdup_printf (_ ("Demarcate: %s"), w.proposal_name);
  /* Translators: the description of an exported map */
  description = g_strdup_printf (_ ("Proposal “%s” (%s and %s), fingerprint %s"), w.proposal_name,
                                 dm_document_get_side_name (w.doc, DM_SIDE_A),
                                 dm_document_get_side_name (w.doc, DM_SIDE_B), w.fingerprint_short);

  tmp = w.format == DM_EXPORT_FORMAT_KMZ ? dm_write_kmz_staging_path (path) : dm_write_staging_path (path);
  if ((w.ds = dm_write_create (driver, tmp, path, NULL, error)) == NULL)
    return FALSE;
  if (w.format == DM_EXPORT_FORMAT_KML || w.format == DM_EXPORT_FORMAT_KMZ)
    {
      w.folder_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      styles = kml_style_table (&w);
    }

  if (w.format == DM_EXPORT_FORMAT_CSV)
    ok = write_csv (&w, error);
  else
    {
      if (w.format == DM_EXPORT_FORMAT_GEOJSON)
        {
          g_autoptr (JsonBuilder) b = json_builder_new ();
          g_autoptr (JsonGenerator) gen = json_generator_new ();
          g_autoptr (JsonNode) root = NULL;

          /* Top-level members beside "features" (RFC 7946 §6.1). */
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "proposal");
          json_builder_add_string_value (b, w.proposal_name);
          json_builder_set_member_name (b, "fingerprint");
          json_builder_add_string_value (b, w.fingerprint_short);
          json_builder_set_member_name (b, "fingerprint_sha256");
          json_builder_add_string_value (b, w.fingerprint);
          json_builder_end_object (b);
          root = json_builder_get_root (b);
          json_generator_set_root (gen, root);
          geojson_members = json_generator_to_data (gen, NULL);
          /* Gathered in memory, then streamed out by dm_geojson_write(). */
          w.geojson = dm_write_create_layer (w.ds, "demarcate", wkbUnknown, NULL);
          if (w.geojson == NULL)
            return dm_write_finish (g_steal_pointer (&w.ds), tmp, path, FALSE, error);
          ensure_fields (w.geojson, common_fields);
          ensure_fields (w.geojson, line_fields);
          ensure_fields (w.geojson, swap_fields);
          ensure_fields (w.geojson, zone_fields);
          ensure_fields (w.geojson, note_fields);
          ensure_fields (w.geojson, document_post_fields);
          ensure_fields (w.geojson, simplestyle_fields);
        }
      ok = write_lines (&w, error) && write_zones (&w, error) && write_swaps (&w, error) &&
           write_document_posts (&w, error) && write_annotations (&w, error);
    }
  /* A KMZ is this KML as doc.kml, zipped (dm_write_finish()): LIBKML's
   * own KMZ keeps each folder in layers/ behind NetworkLinks and the
   * styles in another file, which readers of doc.kml show as nothing (the
   * importer reads doc.kml inside the zip, dm-import.c). */
  if (ok && w.format == DM_EXPORT_FORMAT_GEOJSON)
    {
      DmGeoJsonDocument geojson = { "demarcate", description, geojson_members };

      ok = dm_geojson_write (w.geojson, &geojson, tmp, path, error);
    }
  if (ok && styles != NULL)
    {
      DmKmlDocument kml = { "demarcate", title, description, styles, w.folder_names };

      ok = dm_kml_write (w.ds, &kml, tmp, path, error);
    }
  if (styles != NULL)
    OGR_STBL_Destroy (styles);
  return dm_write_finish (g_steal_pointer (&w.ds), tmp, path, ok, error);
}

/* ---- A treaty annex's points --------------------------------------------- */

static const FieldSpec annex_fields[] = {
  { "name", OFTString },
  { "description", OFTString },
  { "role", OFTString },
  { "part", OFTInteger },
  { "point", OFTInteger },
  { "lat", OFTReal },
  { "lon", OFTReal },
  { "lat_dms", OFTString },
  { "lon_dms", OFTString },
  { "mgrs", OFTString },
  { "distance_to_next_m", OFTReal },
  { "azimuth_to_next_deg", OFTReal },
  { NULL, 0 },
};

/* Each point says, in its balloon, which line it belongs to. */
static gboolean
write_annex_points (OGRLayerH layer, GArray *points, gboolean markers, const char *description, GError **error)
{
  for (guint i = 0; i < points->len; i++)
    {
      const DmAnnexPoint *p = &g_array_index (points, DmAnnexPoint, i);
      g_autoptr (DmOgrFeature) f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      g_autofree char *lat_dms = dm_annex_point_lat_dms (p);
      g_autofree char *lon_dms = dm_annex_point_lon_dms (p);
      g_autofree char *mgrs = dm_annex_point_mgrs (p);
      /* Translators: the name of a numbered point of a treaty annex on a map */
      g_autofree char *name = markers ? g_strdup_printf (_ ("Marker %u"), p->number)
                                      : g_strdup_printf (_ ("Turning point %u"), p->number);
      OGRGeometryH g = OGR_G_CreateGeometry (wkbPoint);

      OGR_G_SetPoint_2D (g, 0, p->lon, p->lat);
      OGR_F_SetGeometryDirectly (f, g);
      set_str (f, "name", name);
      set_str (f, "role", markers ? "marker" : "turning_point");
      set_str (f, "description", description);
      set_int (f, "part", p->part);
      set_int (f, "point", p->number);
      set_dbl (f, "lat", p->lat);
      set_dbl (f, "lon", p->lon);
      set_str (f, "lat_dms", lat_dms);
      set_str (f, "lon_dms", lon_dms);
      set_str (f, "mgrs", mgrs);
      if (isfinite (p->distance_to_next_m))
        {
          set_dbl (f, "distance_to_next_m", p->distance_to_next_m);
          set_dbl (f, "azimuth_to_next_deg", p->azimuth_to_next_deg);
        }
      if (OGR_L_CreateFeature (layer, f) != OGRERR_NONE)
        {
          g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing a feature failed: %s"),
                       CPLGetLastErrorMsg ());
          return FALSE;
        }
    }
  return TRUE;
}

char *
dm_export_annex_markers_path (const char *path)
{
  g_autofree char *stem = NULL;
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);

  if (dot == NULL || (slash != NULL && dot < slash))
    return g_strconcat (path, "-markers.csv", NULL);
  stem = g_strndup (path, dot - path);
  return g_strconcat (stem, "-markers", dot, NULL);
}

gboolean
dm_export_annex (const DmAnnex *annex, const char *path, GError **error)
{
  g_auto (DmGdalErrorScope) scope = { FALSE };
  g_autofree char *lower = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *fp_short = NULL;
  g_autofree char *description = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr (DmGdalDataset) ds = NULL;
  GDALDriverH driver;
  const char *driver_name;
  gboolean ok;

  g_return_val_if_fail (annex != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".csv"))
    {
      g_autofree char *csv = dm_annex_csv (annex->points);

      if (!dm_write_file (path, csv, strlen (csv), error))
        return FALSE;
      if (annex->markers->len > 0)
        {
          g_autofree char *markers_path = dm_export_annex_markers_path (path);
          g_autofree char *markers = dm_annex_csv (annex->markers);

          return dm_write_file (markers_path, markers, strlen (markers), error);
        }
      return TRUE;
    }
  driver_name = dm_export_driver_for_path (path);
  if (driver_name == NULL || g_str_equal (driver_name, "GPKG"))
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_UNKNOWN_FORMAT,
                   _ ("Cannot tell which format to write the annex “%s” in: end the name with .csv, .geojson, .kml, "
                      ".kmz or .pdf"),
                   base);
      return FALSE;
    }

  /* Points: GDAL's KML driver, which writes each placemark as it comes
   * (LIBKML took 1.7 s for 1,300 points, minutes under the sanitizers):
   * a folder a layer, ExtendedData; a KMZ is its doc.kml zipped. */
  driver_name = g_str_equal (driver_name, "GeoJSON") ? "GeoJSON" : "KML";
  scope = dm_gdal_error_scope_begin ();
  if ((driver = dm_write_check_destination (path, driver_name, error)) == NULL)
    return FALSE;
  fingerprint = dm_fingerprint_line (annex->line);
  fp_short = dm_fingerprint_short (fingerprint);
  {
    g_autofree char *described = dm_annex_describe (annex, DM_LENGTH_KM);

    /* Translators: the description of an exported treaty annex: what it holds, then its line fingerprint */
    description = g_strdup_printf (_ ("%s Line fingerprint: %s."), described, fp_short);
  }
  tmp = g_str_has_suffix (lower, ".kmz") ? dm_write_kmz_staging_path (path) : dm_write_staging_path (path);
  if (g_str_equal (driver_name, "GeoJSON"))
    {
      char tolerance[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *members = NULL;
      OGRLayerH layer;

      /* (A point whatever the locale: JSON.) */
      g_ascii_formatd (tolerance, sizeof tolerance, "%.3f", annex->tolerance_m);
      members = g_strdup_printf ("{\"line_fingerprint\": \"%s\", \"line_fingerprint_sha256\": \"%s\", "
                                 "\"tolerance_m\": %s}",
                                 fp_short, fingerprint, tolerance);

      /* Gathered in memory, then streamed out (dm_geojson_write). */
      if ((ds = dm_write_create (GDALGetDriverByName ("Memory"), tmp, path, NULL, error)) == NULL)
        return FALSE;
      layer = dm_write_create_layer (ds, "annex", wkbPoint, NULL);
      ok = layer != NULL;
      if (ok)
        ensure_fields (layer, annex_fields);
      ok = ok && write_annex_points (layer, annex->points, FALSE, description, error) &&
           write_annex_points (layer, annex->markers, TRUE, description, error);
      if (ok)
        {
          DmGeoJsonDocument doc = { "annex", description, members };

          ok = dm_geojson_write (layer, &doc, tmp, path, error);
        }
    }
  else
    {
      char *dco[] = { (char *) "DOCUMENT_ID=demarcate-annex", NULL };
      OGRLayerH layer;

      if ((ds = dm_write_create (driver, tmp, path, dco, error)) == NULL)
        return FALSE;
      layer = dm_write_create_layer (ds, "turning_points", wkbPoint, NULL);
      ok = layer != NULL;
      if (ok)
        ensure_fields (layer, annex_fields);
      ok = ok && write_annex_points (layer, annex->points, FALSE, description, error);
      if (ok && annex->markers->len > 0)
        {
          layer = dm_write_create_layer (ds, "markers", wkbPoint, NULL);
          ok = layer != NULL;
          if (ok)
            ensure_fields (layer, annex_fields);
          ok = ok && write_annex_points (layer, annex->markers, TRUE, description, error);
        }
    }
  if (!ok && error != NULL && *error == NULL)
    g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing the annex failed: %s"),
                 CPLGetLastErrorMsg ());
  return dm_write_finish (g_steal_pointer (&ds), tmp, path, ok, error);
}

/* ---- A monitoring plan's posts ---------------------------------------------- */

static const FieldSpec post_fields[] = {
  { "name", OFTString },
  { "description", OFTString },
  { "role", OFTString },
  { "post", OFTInteger },
  { "side", OFTString },
  { "side_name", OFTString },
  { "part", OFTInteger },
  { "range_m", OFTReal },
  { "lat", OFTReal },
  { "lon", OFTReal },
  { NULL, 0 },
};

static gboolean
write_posts (OGRLayerH layer,
             DmDocument *document,
             const DmMonitoringPlan *plan,
             gboolean circles,
             const char *description,
             GError **error)
{
  for (guint i = 0; i < plan->posts->len; i++)
    {
      const DmPost *p = &g_array_index (plan->posts, DmPost, i);
      double range = p->range_m > 0 ? p->range_m : plan->options.range_m;
      g_autoptr (DmOgrFeature) f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      /* Translators: the name of an observation post on a map, and of its sensor's range */
      g_autofree char *name = circles ? g_strdup_printf (_ ("Range of post %u"), i + 1)
                                      : g_strdup_printf (_ ("Post %u"), i + 1);

      if (circles)
        {
          g_autoptr (DmGeometry) circle = dm_monitoring_range_circle (p->lon, p->lat, range, 72);

          OGR_F_SetGeometryDirectly (f, dm_geometry_to_ogr_for_exchange (circle));
        }
      else
        {
          OGRGeometryH g = OGR_G_CreateGeometry (wkbPoint);

          OGR_G_SetPoint_2D (g, 0, p->lon, p->lat);
          OGR_F_SetGeometryDirectly (f, g);
        }
      set_str (f, "name", name);
      set_str (f, "role", circles ? "sensor_range" : "observation_post");
      set_str (f, "description", description);
      set_int (f, "post", i + 1);
      set_str (f, "side", p->side == DM_SIDE_A ? "A" : "B");
      set_str (f, "side_name", dm_document_get_side_name (document, p->side));
      set_int (f, "part", p->part + 1);
      set_dbl (f, "range_m", range);
      set_dbl (f, "lat", p->lat);
      set_dbl (f, "lon", p->lon);
      if (OGR_L_CreateFeature (layer, f) != OGRERR_NONE)
        {
          g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing a feature failed: %s"),
                       CPLGetLastErrorMsg ());
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
dm_export_monitoring_plan (DmDocument *document,
                           const char *zone_name,
                           const DmMonitoringPlan *plan,
                           const char *path,
                           GError **error)
{
  g_auto (DmGdalErrorScope) scope = { FALSE };
  g_autofree char *lower = NULL;
  g_autofree char *description = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr (DmGdalDataset) ds = NULL;
  GDALDriverH driver;
  const char *driver_name;
  gboolean ok;

  g_return_val_if_fail (DM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (plan != NULL && path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  driver_name = dm_export_driver_for_path (path);
  if (driver_name == NULL || g_str_equal (driver_name, "GPKG"))
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_UNKNOWN_FORMAT,
                   _ ("Cannot tell which format to write the monitoring plan “%s” in: end the name with .geojson, "
                      ".kml or .kmz"),
                   base);
      return FALSE;
    }
  /* As the annex's points: GDAL's streaming KML driver. */
  driver_name = g_str_equal (driver_name, "GeoJSON") ? "GeoJSON" : "KML";
  scope = dm_gdal_error_scope_begin ();
  if ((driver = dm_write_check_destination (path, driver_name, error)) == NULL)
    return FALSE;
  {
    g_autofree char *pct = dm_format_percent (plan->coverage);
    g_autofree char *range = dm_format_length (plan->options.range_m, DM_LENGTH_KM);

    /* Translators: the description of an exported monitoring plan: zone, posts, range, share covered */
    description = g_strdup_printf (_ ("Monitoring plan for %s: %u observation posts with sensors of %s, %s of the "
                                      "zone in range."),
                                   zone_name, plan->posts->len, range, pct);
  }
  tmp = g_str_has_suffix (lower, ".kmz") ? dm_write_kmz_staging_path (path) : dm_write_staging_path (path);
  if (g_str_equal (driver_name, "GeoJSON"))
    {
      OGRLayerH layer;

      /* Gathered in memory, then streamed out (dm_geojson_write). */
      if ((ds = dm_write_create (GDALGetDriverByName ("Memory"), tmp, path, NULL, error)) == NULL)
        return FALSE;
      layer = dm_write_create_layer (ds, "monitoring", wkbUnknown, NULL);
      ok = layer != NULL;
      if (ok)
        ensure_fields (layer, post_fields);
      ok = ok && write_posts (layer, document, plan, FALSE, description, error) &&
           write_posts (layer, document, plan, TRUE, description, error);
      if (ok)
        {
          DmGeoJsonDocument doc = { "monitoring", description, NULL };

          ok = dm_geojson_write (layer, &doc, tmp, path, error);
        }
    }
  else
    {
      char *dco[] = { (char *) "DOCUMENT_ID=demarcate-monitoring", NULL };
      OGRLayerH layer;

      if ((ds = dm_write_create (driver, tmp, path, dco, error)) == NULL)
        return FALSE;
      layer = dm_write_create_layer (ds, "posts", wkbPoint, NULL);
      ok = layer != NULL;
      if (ok)
        ensure_fields (layer, post_fields);
      ok = ok && write_posts (layer, document, plan, FALSE, description, error);
      if (ok)
        {
          layer = dm_write_create_layer (ds, "ranges", wkbPolygon, NULL);
          ok = layer != NULL;
          if (ok)
            ensure_fields (layer, post_fields);
          ok = ok && write_posts (layer, document, plan, TRUE, description, error);
        }
    }
  if (!ok && error != NULL && *error == NULL)
    g_set_error (error, DM_EXPORT_ERROR, DM_EXPORT_ERROR_WRITE, _ ("Writing the monitoring plan failed: %s"),
                 CPLGetLastErrorMsg ());
  return dm_write_finish (g_steal_pointer (&ds), tmp, path, ok, error);
}
