/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A document with everything a project or an export carries, shared by
 * test-project and test-export. */

#include <glib/gstdio.h>
#include <math.h>

#include "dm-document.h"

/* Coordinates with every bit of a double in use, not round numbers. */
static inline double
noisy (double v, guint i)
{
  return v + 1e-9 * sin (i * 1.7) + 1.234567890123e-11 * i;
}

static inline DmGeometry *
make_line_geometry (guint n, double shift)
{
  g_autofree double *xy = g_new (double, 2 * n);

  for (guint i = 0; i < n; i++)
    {
      xy[2 * i] = noisy (35.0 + 2.0 * i / n + shift, i);
      xy[2 * i + 1] = noisy (47.0 + 1.5 * i / n + 0.1 * sin (i * 0.3), i + 7);
    }
  return dm_geometry_new_linestring (xy, n);
}

/* A square swap around (lon, lat), clockwise when @clockwise, with a hole. */
static inline DmGeometry *
make_swap_geometry (double lon, double lat, gboolean clockwise, gboolean with_hole)
{
  double d = 0.05;
  double ccw[] = { lon - d, lat - d, lon + d, lat - d, lon + d, lat + d, lon - d, lat + d };
  double cw[] = { lon - d, lat - d, lon - d, lat + d, lon + d, lat + d, lon + d, lat - d };
  double hole[] = { lon - d / 4, lat - d / 4, lon - d / 4, lat + d / 4,
                    lon + d / 4, lat + d / 4, lon + d / 4, lat - d / 4 };
  DmGeometry *g = dm_geometry_new (DM_GEOMETRY_POLYGON);

  for (guint i = 0; i < 8; i++)
    {
      ccw[i] = noisy (ccw[i], i);
      cw[i] = noisy (cw[i], i);
    }
  dm_geometry_begin_part (g);
  dm_geometry_add_ring (g, clockwise ? cw : ccw, 4);
  if (with_hole)
    dm_geometry_add_ring (g, hole, 4);
  return g;
}

static inline DmDocument *
make_rich_document (void)
{
  DmDocument *doc = dm_document_new ();
  g_autoptr (DmFeature) line = dm_feature_new (DM_ROLE_CONTACT_LINE, "Line of contact", make_line_geometry (300, 0));
  g_autoptr (DmFeature) swap1 =
    dm_feature_new_land_swap ("Swap “north”", make_swap_geometry (35.6, 47.6, TRUE, TRUE), DM_SIDE_A, DM_SIDE_B);
  g_autoptr (DmFeature) swap2 =
    dm_feature_new_land_swap ("Swap south", make_swap_geometry (36.2, 47.2, FALSE, FALSE), DM_SIDE_NONE, DM_SIDE_NONE);
  g_autoptr (DmFeature) note = dm_feature_new_annotation (35.9, 47.9, "Checkpoint <7> & bridge");
  g_autoptr (DmFeature) line2 = NULL;
  g_autoptr (GPtrArray) refs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (DmZoneRule) band = NULL;
  double region_xy[] = { 34.0, 46.0, 38.0, 46.0, 38.0, 49.5, 34.0, 49.5 };
  g_autoptr (DmGeometry) region = dm_geometry_new_polygon (region_xy, 4);
  GHashTable *props = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  dm_document_set_side (doc, DM_SIDE_A, "Ukraine", "#0057b7");
  dm_document_set_side (doc, DM_SIDE_B, "Russia", "#d52b1e");
  g_hash_table_insert (props, g_strdup ("source"), g_strdup ("ISW 2025-01-01"));
  dm_feature_take_properties (line, props);
  dm_document_add_feature (doc, line);
  dm_document_set_feature_text (doc, dm_feature_get_id (line), "As of 1 January");
  dm_document_add_feature (doc, swap1);
  dm_document_add_feature (doc, swap2);
  dm_document_add_feature (doc, note);
  dm_document_rename_proposal (doc, 0, "Freeze");

  /* A second proposal: the line moved east, one swap. */
  dm_document_add_proposal (doc, "Rationalised", FALSE);
  line2 = dm_feature_new (DM_ROLE_CONTACT_LINE, "Line, rationalised", make_line_geometry (200, 0.05));
  dm_document_add_feature (doc, line2);
  {
    g_autoptr (DmFeature)
      s = dm_feature_new_land_swap ("Village", make_swap_geometry (36.0, 47.4, FALSE, FALSE), DM_SIDE_B, DM_SIDE_A);

    dm_document_add_feature (doc, s);
  }

  g_ptr_array_add (refs, dm_feature_new (DM_ROLE_REFERENCE, "Oblast", dm_geometry_copy (region)));
  g_ptr_array_add (refs, dm_feature_new (DM_ROLE_REFERENCE, "Town",
                                         dm_geometry_new_point (noisy (36.5, 3), noisy (48.1, 4))));
  dm_document_add_reference_layer (doc, "Control map", "/data/control.kmz", g_steal_pointer (&refs));

  dm_document_add_zone_rule (doc, dm_zone_rule_new_default_dmz ());
  band = dm_zone_rule_new_line_band ("Artillery", DM_ZONE_WITHDRAWAL, 50000.0, 30000.25);
  band->region = dm_geometry_copy (region);
  band->region_name = g_strdup ("Test region");
  dm_document_add_zone_rule (doc, g_steal_pointer (&band));

  dm_document_set_active_proposal (doc, 0);
  dm_document_clear_history (doc);
  return doc;
}

static inline char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}
