/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>
#include <glib.h>

#include "dm-basemap.h"
#include "dm-geometry.h"

G_BEGIN_DECLS

/*
 * A front-line-like contact line for tests and benchmarks: about
 * @length_m long (0: 1,200 km) from 46.5° N 32.5° E to 50.2° N 38.0° E,
 * meandering at every scale from about 600 km down to 2 km (a sine series
 * with seeded phases, amplitudes proportional to wavelength), never
 * crossing itself.  The same seed gives the same curve at any
 * @n_vertices, sampled more or less densely.
 */
DmGeometry *dm_bench_make_front_line (guint n_vertices, guint32 seed, double length_m);

/* A polygon of held territory of about @n_vertices: the side east of such
 * a front line, closed through Russia and the sea south of Crimea. */
DmGeometry *dm_bench_make_held_polygon (guint n_vertices, guint32 seed);
/* Derives the contact line from such a polygon against @basemap (three
 * runs); prints the median and a "BENCH derive" line.  0, or 1 on
 * failure. */
int dm_bench_derive (DmBasemap *basemap, guint n_vertices, FILE *out);

/* A monitoring plan (posts every 10 km, and as few as cover 95 %) of the
 * DMZ of a generated 1,200 km line, beside the DMZ's own time; prints
 * medians of three runs and a "BENCH monitoring" line.  0, or 1. */
int dm_bench_monitoring (FILE *out);

/* Extra measurements per line size (the full analytics, say), printed
 * after the zone figures. */
typedef void (*DmBenchExtraFunc) (const DmGeometry *line, guint n_vertices, FILE *out, gpointer user_data);

/*
 * Measures, for lines of 3,000, 30,000 and 300,000 vertices (@filter:
 * NULL or "" for all, else sizes whose name — "3k", "30k", "300k" —
 * contains it; "proj" adds the local projection throughput): (a) the
 * baseline, one GEOS buffer of the whole line in one projection; (b)
 * Demarcate's tiled DMZ from scratch; (c) its update after a one-vertex
 * move.  Prints a table and one "BENCH" line per size to @out.
 * Returns 0, or 1 when a computation fails.
 */
int dm_bench_run (const char *filter, FILE *out);
int dm_bench_run_with_extra (const char *filter, FILE *out, DmBenchExtraFunc extra, gpointer user_data);

G_END_DECLS
