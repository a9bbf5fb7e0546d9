/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "demarcate-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "dm-basemap.h"
#include "dm-cli.h"
#include "dm-derive.h"
#include "dm-export.h"
#include "dm-geodesy.h"
#include "dm-import.h"

int
dm_cli_derive_line (int    argc,
                    char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *country_name = NULL;
  g_autofree char *tolerance_str = NULL;
  g_autofree char *min_length_str = NULL;
  g_autofree char *side_a = NULL;
  g_autofree char *side_b = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the contact line to OUT (.geojson, .kml, .kmz or .gpkg)"), N_("OUT") },
    { "country", 'c', 0, G_OPTION_ARG_STRING, &country_name, N_("The country whose border and coast are not front line (default UA)"), N_("COUNTRY") },
    { "tolerance", 't', 0, G_OPTION_ARG_STRING, &tolerance_str, N_("How close to the border or coast a stretch must run to be left out (default 2km)"), N_("DISTANCE") },
    { "min-length", 0, 0, G_OPTION_ARG_STRING, &min_length_str, N_("Drop remaining stretches shorter than this (default 5km)"), N_("DISTANCE") },
    { "side-a", 0, 0, G_OPTION_ARG_STRING, &side_a, N_("Name of side A, the side not in control (default: the country’s name)"), N_("NAME") },
    { "side-b", 0, 0, G_OPTION_ARG_STRING, &side_b, N_("Name of side B, the side in control of the polygon"), N_("NAME") },
    { NULL }
  };
  g_autoptr(DmImportLayer) layer = NULL;
  g_autoptr(DmGeometry) control = NULL;
  g_autoptr(DmGeometry) line = NULL;
  g_autoptr(DmBasemap) basemap = NULL;
  g_autoptr(GHashTable) props = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *length_str = NULL;
  const DmGeometry *country;
  const char *display = NULL;
  double tolerance = DM_DERIVE_DEFAULT_TOLERANCE_M;
  double min_length = DM_DERIVE_DEFAULT_MIN_LENGTH_M;
  double length_m;
  int ret;

  if ((ret = dm_cli_parse ("derive-line", _("CONTROL"),
                           _("Derives the contact line from a control-of-territory polygon: its "
                             "boundary without the stretches that follow the state border or the "
                             "coast, oriented so that the controlled territory is side B (right "
                             "of the line’s direction)."),
                           entries, NULL, &argc, &argv)) >= 0)
    return ret;
  if (argc != 2)
    return dm_cli_usage_error ("derive-line", _("expected one CONTROL file"));
  if (output == NULL)
    return dm_cli_usage_error ("derive-line", _("say where to write the line with -o OUT"));
  if ((tolerance_str != NULL && !dm_parse_distance (tolerance_str, DM_LENGTH_KM, &tolerance, &error)) ||
      (min_length_str != NULL && !dm_parse_distance (min_length_str, DM_LENGTH_KM, &min_length, &error)))
    return dm_cli_fail (error);

  if ((layer = dm_import_read (argv[1], NULL, NULL, &error)) == NULL)
    return dm_cli_fail (error);
  if ((control = dm_import_layer_union_polygons (layer)) == NULL)
    {
      g_set_error (&error, DM_IMPORT_ERROR, DM_IMPORT_ERROR_EMPTY_LAYER,
                   _("“%s” holds no polygon of controlled territory"), argv[1]);
      return dm_cli_fail (error);
    }
  if ((basemap = dm_basemap_get_default (&error)) == NULL ||
      (country = dm_basemap_find_region (basemap, country_name != NULL ? country_name : "UA", &display, &error)) == NULL)
    return dm_cli_fail (error);

  if ((line = dm_derive_contact_line (control, country, tolerance, min_length, &error)) == NULL)
    return dm_cli_fail (error);

  length_m = dm_geodesy_geometry_length_m (line);
  length_str = g_strdup_printf ("%.3f", length_m);
  props = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (props, (char *) "name", (char *) _("Contact line (derived)"));
  g_hash_table_insert (props, (char *) "role", (char *) "contact_line");
  g_hash_table_insert (props, (char *) "side_a", side_a != NULL ? side_a : (char *) display);
  if (side_b != NULL)
    g_hash_table_insert (props, (char *) "side_b", side_b);
  g_hash_table_insert (props, (char *) "length_m", length_str);
  g_hash_table_insert (props, (char *) "method",
                       (char *) _("Derived by Demarcate from a control polygon: its boundary less the stretches within the tolerance of the state border or coast"));

  if (!dm_export_geometry (line, props, "contact_line", output, &error))
    return dm_cli_fail (error);

  {
    g_autofree char *len = dm_format_length (length_m, DM_LENGTH_KM);

    printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %s: %s, %u vertices in %u piece\n",
                         "Wrote %s: %s, %u vertices in %u pieces\n", dm_geometry_get_n_parts (line)),
            output, len, dm_geometry_get_n_points (line), dm_geometry_get_n_parts (line));
  }
  return 0;
}
