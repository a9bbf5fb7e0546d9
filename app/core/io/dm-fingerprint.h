/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dm-document.h"

G_BEGIN_DECLS

/*
 * The fingerprint of a proposal: a SHA-256 that two parties compare to
 * know they look at the same line, swaps and zones, whatever file carried
 * them.  It survives saving and opening a project and exporting to
 * GeoJSON or KML and importing again, which round coordinates to 7
 * decimals (RFC 7946 §11.2 suggests 6 or more): the canonical form
 * rounds to 7 decimals too.  It covers what changes a figure or what
 * the proposal means: the sides' names, the line, each swap with its
 * giver and receiver, every zone rule with the shapes it is made from.
 * Feature and zone names, colours, a zone being hidden, annotations,
 * reference layers and feature ids are not part of it.
 *
 * Canonical form (UTF-8 text, "\n" after every line):
 *
 *   demarcate-fingerprint 2
 *   sides A="NAME" B="NAME"           (C-escaped, as below)
 *   <one record per contact line and land swap, records sorted bytewise>
 *   <one line per zone rule, lines sorted bytewise>
 *
 * A coordinate is printed "%.7f %.7f" (longitude, latitude; C locale;
 * "-0.0000000" written "0.0000000").
 *
 * Contact line record: "line", then per part "part" and the part's
 * vertices, one per line, in the order digitised (the direction says
 * which side is which).
 *
 * Land swap record: "swap FROM TO" (A, B or - for inferred), then per
 * polygon "polygon" and its rings, each "ring" and its vertices, without
 * the closing vertex.  Rings are taken after rounding, outer ring
 * counter-clockwise and holes clockwise (as RFC 7946 writes them), each
 * starting at its smallest vertex (by longitude, then latitude); holes
 * sorted bytewise after the outer ring, polygons sorted bytewise.
 *
 * Zone rule line: zone TYPE KIND a=W b=W d=W side=S region="R"
 * boundary="B" name="N" with TYPE line-band, boundary-band, region-side
 * or polygon; KIND as dm_zone_kind_to_string(); widths and distance in
 * metres rounded to millimetres ("%.3f"); S one of A, B, -; R, B and N
 * C-escaped (g_strescape, so a quote is \"), empty when unset.  After
 * it, the rule's region (a region-side zone's region, a clip, a drawn
 * polygon, where a border band is kept) as "region" and its polygons as
 * a swap's are written, and its boundary as "boundary" and its parts as
 * a line's: a region that lost or changed its shape changes the
 * fingerprint even under the same name.
 *
 * The fingerprint is the lowercase hex SHA-256 of that text; its short
 * form is its first 12 hex digits in groups of four: "a1b2-c3d4-e5f6".
 */
char *dm_fingerprint_canonical_form (DmDocument *document, guint proposal);
/* 64 lowercase hex digits. */
char *dm_fingerprint_compute (DmDocument *document, guint proposal);
/* The same fingerprint from a proposal's parts, without the document
 * (the engine's worker computes it): the sides' names (A, B), its
 * contact line (or NULL), its land swaps and the zone rules. */
typedef struct {
  const DmGeometry *geometry;
  DmSide from;
  DmSide to;
} DmFingerprintSwap;

char *dm_fingerprint_compute_from (const char *const *side_names,
                                   const DmGeometry *line,
                                   const DmFingerprintSwap *swaps,
                                   guint n_swaps,
                                   DmZoneRule *const *rules,
                                   guint n_rules);
/* The same, keeping the canonical text of the line and the checksum's
 * state along it from one call to the next (the engine's worker, on
 * every edit): only the vertices between the first and the last changed
 * are written again, and the checksum resumes from the last state before
 * them.  A 300,000-vertex line is 7 MB of text. */
typedef struct _DmFingerprintCache DmFingerprintCache;
DmFingerprintCache *dm_fingerprint_cache_new (void);
void dm_fingerprint_cache_free (DmFingerprintCache *cache);
char *dm_fingerprint_compute_cached (DmFingerprintCache *cache,
                                     const char *const *side_names,
                                     const DmGeometry *line,
                                     const DmFingerprintSwap *swaps,
                                     guint n_swaps,
                                     DmZoneRule *const *rules,
                                     guint n_rules);
/* How many vertices' text the last call kept (for tests). */
guint dm_fingerprint_cache_get_n_reused (const DmFingerprintCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmFingerprintCache, dm_fingerprint_cache_free)

/* The fingerprint of a contact line alone, whatever the sides' names,
 * swaps and zones: the lowercase hex SHA-256 of
 * "demarcate-line-fingerprint 1\n" and the line's record as above.  A
 * treaty annex prints it for the line through its turning points, and
 * the figures give it for every line, so that the annex and a map can be
 * checked to describe the same line. */
char *dm_fingerprint_line (const DmGeometry *line);
/* "a1b2-c3d4-e5f6" from a full fingerprint. */
char *dm_fingerprint_short (const char *fingerprint);
/* One coordinate as the canonical form writes it: "%.7f" (no "-0"), and
 * the double that text reads back as. */
void dm_fingerprint_round_coord (double v, char buf[G_ASCII_DTOSTR_BUF_SIZE], double *rounded);

G_END_DECLS
