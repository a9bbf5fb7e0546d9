/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-figures"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "dm-figures.h"
#include "dm-basemap.h"
#include "dm-i18n.h"

void
dm_figure_free (DmFigure *figure)
{
  if (figure == NULL)
    return;
  g_free (figure->id);
  g_free (figure->label);
  g_free (figure->name);
  g_free (figure->value);
  g_free (figure->color);
  g_free (figure->detail);
  g_free (figure->share_name);
  g_free (figure);
}

typedef struct {
  GPtrArray *out;
  const DmFiguresStyle *style;
  DmAreaUnit area_unit;
  const char *names[2]; /* the sides' names */
  const char *colors[2];
  gboolean people_noted; /* what people figures are has been said */
} Builder;

static DmFigure *
add (Builder *b,
     DmFigureKind kind,
     DmFigureUse uses,
     char *id, /* (transfer full) */
     const char *label)
{
  DmFigure *f = g_new0 (DmFigure, 1);

  f->kind = kind;
  f->uses = uses;
  f->id = id;
  f->label = g_strdup (label);
  f->quantity = DM_QUANTITY_NONE;
  f->number = NAN;
  f->share = NAN;
  g_ptr_array_add (b->out, f);
  return f;
}

static void
heading (Builder *b, const char *id, const char *label)
{
  add (b, DM_FIGURE_HEADING, DM_FIGURE_PANEL | DM_FIGURE_TEXT, g_strdup (id), label);
}

static DmFigure *
note (Builder *b, DmFigureUse uses, char *id, const char *text)
{
  return add (b, DM_FIGURE_NOTE, uses & ~DM_FIGURE_TABLE, id, text);
}

/* A row of a length or an area: @name stands alone in the table. */
static DmFigure *
measure (Builder *b,
         DmFigureUse uses,
         char *id,
         const char *label,
         const char *name,
         DmQuantity quantity,
         double number,
         gboolean both,
         const char *color)
{
  DmFigure *f = add (b, DM_FIGURE_ROW, uses, id, label);

  f->name = g_strdup (name);
  f->quantity = quantity;
  f->number = number;
  f->color = g_strdup (color);
  if (quantity == DM_QUANTITY_LENGTH)
    f->value = both ? dm_format_length_both (number, b->style->units) : dm_format_length (number, b->style->units);
  else if (both)
    f->value = dm_format_area_both (number, b->style->units);
  else
    f->value = dm_format_area (number, b->area_unit);
  return f;
}

/* An area with its share of a whole: “20,208 km² (76.0 %)”. */
static DmFigure *
area_share (Builder *b,
            DmFigureUse uses,
            char *id,
            const char *label,
            const char *name,
            const char *share_name,
            double area_m2,
            double share,
            const char *color)
{
  DmFigure *f = measure (b, uses, id, label, name, DM_QUANTITY_AREA, area_m2, FALSE, color);

  g_free (f->value);
  f->value = dm_format_area_share (area_m2, share, b->area_unit);
  f->share = share;
  f->share_name = g_strdup (share_name);
  return f;
}

static DmFigure *
count (Builder *b, DmFigureUse uses, char *id, const char *label, const char *name, DmQuantity quantity, double n)
{
  DmFigure *f = add (b, DM_FIGURE_ROW, uses, id, label);

  f->name = g_strdup (name);
  f->quantity = quantity;
  f->number = n;
  f->value = dm_format_number (n, 0);
  return f;
}

static DmFigure *
text_row (Builder *b, DmFigureUse uses, char *id, const char *label, char *value) /* (transfer full) */
{
  DmFigure *f = add (b, DM_FIGURE_ROW, uses & ~DM_FIGURE_TABLE, id, label);

  f->quantity = DM_QUANTITY_TEXT;
  f->value = value;
  return f;
}

static guint
side_index (DmSide side)
{
  return side == DM_SIDE_B ? 1 : 0;
}

/* ---- Sections ------------------------------------------------------------ */

static void
line_section (Builder *b, DmResults *r)
{
  heading (b, "line", _ ("Contact line"));
  if (!r->has_line)
    {
      note (b, DM_FIGURE_ALL, g_strdup ("line.none"), _ ("No contact line"));
      return;
    }
  measure (b, DM_FIGURE_ALL, g_strdup ("line.length"), _ ("Length"), _ ("Contact line length"), DM_QUANTITY_LENGTH,
           r->line_length_m, b->style->lengths_both, NULL);
  if (r->part_lengths_m->len > 1)
    count (b, DM_FIGURE_ALL, g_strdup ("line.parts"), _ ("Parts"), _ ("Contact line parts"), DM_QUANTITY_COUNT,
           r->part_lengths_m->len);
  count (b, DM_FIGURE_TEXT | DM_FIGURE_TABLE, g_strdup ("line.vertices"), _ ("Vertices"), _ ("Contact line vertices"),
         DM_QUANTITY_COUNT, r->line_vertices);
  {
    /* Translators: the sides' names: “Side A (Ukraine) lies to the left of the line’s direction, …” */
    g_autofree char *sides = g_strdup_printf (_ ("Side A (%s) lies to the left of the line’s direction, side B (%s) "
                                                 "to its right"),
                                              b->names[0], b->names[1]);

    note (b, DM_FIGURE_TEXT, g_strdup ("line.sides"), sides);
  }
}

/* A region's name as the results give it (in the interface's language,
 * when they were computed) or in another language the words are in (a
 * page printed in Russian from a Ukrainian window): the basemap knows it
 * by any of its names. */
static const char *
region_name (const char *code, const char *name)
{
  g_autoptr (DmBasemap) basemap = NULL;
  DmRegionInfo info;

  if ((code == NULL && name == NULL) || dm_i18n_get_language () == dm_i18n_get_interface_language () ||
      (basemap = dm_basemap_get_default (NULL)) == NULL ||
      !dm_basemap_find_region_info (basemap, code != NULL ? code : name, &info, NULL))
    return name != NULL ? name : code;
  /* Borrowed from the default basemap, which lives as long as the program. */
  return info.name;
}

static void
zone_section (Builder *b, guint index, DmZoneFigures *z)
{
  const char *zone = dm_document_default_name_localized (z->rule->name);

  {
    g_autofree char *id = g_strdup_printf ("zone.%u", index + 1);

    heading (b, id, zone);
  }
  if (z->zone == NULL)
    {
      note (b, DM_FIGURE_ALL, g_strdup_printf ("zone.%u.error", index + 1),
            z->error != NULL ? z->error : _ ("Could not be computed"));
      return;
    }
  {
    /* Translators: a figure's name standing alone: “Demilitarised zone: area” */
    g_autofree char *name = g_strdup_printf (_ ("%s: area"), zone);

    measure (b, DM_FIGURE_ALL, g_strdup_printf ("zone.%u.area", index + 1), _ ("Area"), name, DM_QUANTITY_AREA,
             dm_zone_result_get_area_m2 (z->zone, DM_SIDE_NONE), b->style->totals_both, z->rule->color);
  }
  /* A band along a border far from the line is on neither side of it:
   * the line's extension would split it at random. */
  for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B && z->rule->type != DM_ZONE_RULE_BOUNDARY_BAND; side++)
    {
      const char *who = b->names[side_index (side)];
      /* Translators: %s is a side's name, e.g. “Ukraine” */
      g_autofree char *label = g_strdup_printf (_ ("On %s’s side"), who);
      /* Translators: “Demilitarised zone: area on Ukraine’s side” */
      g_autofree char *name = g_strdup_printf (_ ("%s: area on %s’s side"), zone, who);

      measure (b, DM_FIGURE_ALL, g_strdup_printf ("zone.%u.area.%s", index + 1, dm_side_to_letter (side)), label, name,
               DM_QUANTITY_AREA, dm_zone_result_get_area_m2 (z->zone, side), FALSE, b->colors[side_index (side)]);
    }
  /* A border band kept inside several countries: its area in each. */
  for (guint c = 0; z->countries != NULL && c < z->countries->len; c++)
    {
      const DmRegionArea *a = &g_array_index (z->countries, DmRegionArea, c);
      /* Translators: %s is a country's name: “In Belarus” */
      g_autofree char *label = g_strdup_printf (_ ("In %s"), region_name (a->code, a->name));
      /* Translators: a zone's name, then a country's: “Ukraine–Belarus: area in Belarus” */
      g_autofree char *name = g_strdup_printf (_ ("%s: area in %s"), zone, region_name (a->code, a->name));

      measure (b, DM_FIGURE_ALL, g_strdup_printf ("zone.%u.area.%s", index + 1, a->code), label, name, DM_QUANTITY_AREA,
               a->area_m2, FALSE, NULL);
    }
  if (z->rule->type == DM_ZONE_RULE_LINE_BAND)
    for (DmSide side = DM_SIDE_A; side <= DM_SIDE_B; side++)
      {
        const char *who = b->names[side_index (side)];
        /* Translators: %s is a side's name */
        g_autofree char *label = g_strdup_printf (_ ("Width on %s’s side"), who);
        /* Translators: “Demilitarised zone: width on Ukraine’s side” */
        g_autofree char *name = g_strdup_printf (_ ("%s: width on %s’s side"), zone, who);

        measure (b, DM_FIGURE_TEXT | DM_FIGURE_TABLE,
                 g_strdup_printf ("zone.%u.width.%s", index + 1, dm_side_to_letter (side)), label, name,
                 DM_QUANTITY_LENGTH, side == DM_SIDE_A ? z->rule->width_a_m : z->rule->width_b_m, FALSE, NULL);
      }
  if (z->settlements != NULL)
    {
      g_autofree char *pop = dm_format_number ((double) z->settlements->population, 0);
      g_autofree char *n_name = g_strdup_printf (_ ("%s: settlements inside"), zone);
      g_autofree char *p_name = g_strdup_printf (_ ("%s: population inside"), zone);
      DmFigure *f;

      /* Translators: “25 settlements, pop. 695,366” */
      f = text_row (b, DM_FIGURE_PANEL | DM_FIGURE_TEXT, g_strdup_printf ("zone.%u.settlements", index + 1),
                    _ ("Inside"),
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u settlement, pop. %s", "%u settlements, pop. %s",
                                                  z->settlements->n_settlements),
                                     z->settlements->n_settlements, pop));
      if (z->settlements->names->len > 0)
        {
          g_autoptr (GString) largest = g_string_new (NULL);

          for (guint k = 0; k < MIN (5u, z->settlements->names->len); k++)
            g_string_append_printf (largest, "%s%s", k > 0 ? ", " : "",
                                    (const char *) g_ptr_array_index (z->settlements->names, k));
          /* Translators: the largest settlements in a zone, e.g. “Largest: Pokrovsk (68,263), …” */
          f->detail = g_strdup_printf (_ ("Largest: %s"), largest->str);
        }
      count (b, DM_FIGURE_TABLE, g_strdup_printf ("zone.%u.settlement_count", index + 1), n_name, n_name,
             DM_QUANTITY_COUNT, z->settlements->n_settlements);
      count (b, DM_FIGURE_TABLE, g_strdup_printf ("zone.%u.population", index + 1), p_name, p_name, DM_QUANTITY_PEOPLE,
             (double) z->settlements->population);
    }
}

/* What the people figures are, said once (after the first of them)
 * wherever they are shown. */
static void
people_note (Builder *b, const char *id)
{
  if (b->people_noted)
    return;
  b->people_noted = TRUE;
  note (b, DM_FIGURE_ALL, g_strdup (id),
        _ ("People: the populations the basemap records for its settlements (GeoNames places of 1,000 or more, "
           "each in its census year), counted where each settlement’s centre lies; not a census of the area."));
}

static void
swaps_section (Builder *b, DmResults *r)
{
  heading (b, "swaps", _ ("Land swaps"));
  if (r->swaps == NULL || r->swaps->len == 0)
    {
      note (b, DM_FIGURE_ALL, g_strdup ("swaps.none"), _ ("No land swaps"));
      return;
    }
  for (guint i = 0; i < r->swaps->len; i++)
    {
      const DmSwapFigures *sf = g_ptr_array_index (r->swaps, i);
      const char *swap = sf->name != NULL ? sf->name : _ ("Swap");
      const char *from = b->names[side_index (sf->giver)], *to = b->names[side_index (sf->receiver)];
      /* Translators: a land swap, its giver and its receiver: “Swap 1: Ukraine → Russia” */
      g_autofree char *label = g_strdup_printf (_ ("%s: %s → %s"), swap, from, to);
      /* Translators: “Land swap Swap 1: area from Ukraine to Russia” */
      g_autofree char *name = g_strdup_printf (_ ("Land swap %s: area from %s to %s"), swap, from, to);
      DmFigure *f = measure (b, DM_FIGURE_ALL, g_strdup_printf ("swap.%u", i + 1), label, name, DM_QUANTITY_AREA,
                             sf->transfer_m2, FALSE, b->colors[side_index (sf->receiver)]);

      if (sf->note != NULL)
        f->detail = g_strdup (sf->note);
      else if (sf->inferred)
        f->detail = g_strdup (_ ("Giver and receiver inferred from where it lies"));
      if (sf->settlements != NULL)
        {
          /* Translators: “Land swap Swap 1: people from Ukraine to Russia” */
          g_autofree char *people_name = g_strdup_printf (_ ("Land swap %s: people from %s to %s"), swap, from, to);
          /* Translators: “Land swap Swap 1: settlements from Ukraine to Russia” */
          g_autofree char *places_name =
            g_strdup_printf (_ ("Land swap %s: settlements from %s to %s"), swap, from, to);
          DmFigure *p = text_row (b, DM_FIGURE_PANEL | DM_FIGURE_TEXT, g_strdup_printf ("swap.%u.people", i + 1),
                                  _ ("People changing hands"),
                                  dm_people_describe (sf->moved_population, sf->moved_settlements));

          p->color = g_strdup (b->colors[side_index (sf->receiver)]);
          if (sf->settlements->names->len > 0)
            {
              g_autoptr (GString) largest = g_string_new (NULL);

              for (guint k = 0; k < MIN (5u, sf->settlements->names->len); k++)
                g_string_append_printf (largest, "%s%s", k > 0 ? ", " : "",
                                        (const char *) g_ptr_array_index (sf->settlements->names, k));
              p->detail = g_strdup_printf (_ ("Largest: %s"), largest->str);
            }
          count (b, DM_FIGURE_TABLE, g_strdup_printf ("swap.%u.population", i + 1), people_name, people_name,
                 DM_QUANTITY_PEOPLE, (double) sf->moved_population);
          count (b, DM_FIGURE_TABLE, g_strdup_printf ("swap.%u.settlements", i + 1), places_name, places_name,
                 DM_QUANTITY_COUNT, sf->moved_settlements);
        }
    }
  for (guint s = 0; s < 2; s++)
    {
      const char *who = b->names[s];
      const char *letter = s == 0 ? "A" : "B";
      /* Translators: %s is a side's name */
      g_autofree char *net_label = g_strdup_printf (_ ("Net for %s"), who);
      g_autofree char *net_name = g_strdup_printf (_ ("Land swaps: %s’s balance"), who);
      g_autofree char *gives_label = g_strdup_printf (_ ("%s gives"), who);
      g_autofree char *gives_name = g_strdup_printf (_ ("Land swaps: %s gives"), who);
      g_autofree char *gets_label = g_strdup_printf (_ ("%s gets"), who);
      g_autofree char *gets_name = g_strdup_printf (_ ("Land swaps: %s gets"), who);
      g_autofree char *net = dm_format_area (fabs (r->balance.net_m2[s]), b->area_unit);
      DmFigure *f;

      measure (b, DM_FIGURE_TEXT | DM_FIGURE_TABLE, g_strdup_printf ("balance.%s.gives", letter), gives_label,
               gives_name, DM_QUANTITY_AREA, r->balance.gives_m2[s], FALSE, NULL);
      measure (b, DM_FIGURE_TEXT | DM_FIGURE_TABLE, g_strdup_printf ("balance.%s.gets", letter), gets_label, gets_name,
               DM_QUANTITY_AREA, r->balance.gets_m2[s], FALSE, NULL);
      f = measure (b, DM_FIGURE_ALL, g_strdup_printf ("balance.%s.net", letter), net_label, net_name, DM_QUANTITY_AREA,
                   r->balance.net_m2[s], FALSE, b->colors[s]);
      g_free (f->value);
      f->value = g_strdup_printf ("%s%s", r->balance.net_m2[s] < 0 ? "−" : "+", net);
    }
  /* The balance in people beside the balance in land. */
  if (((const DmSwapFigures *) g_ptr_array_index (r->swaps, 0))->settlements != NULL)
    {
      for (guint s = 0; s < 2; s++)
        {
          const char *letter = s == 0 ? "A" : "B";
          /* Translators: %s is a side's name: “People for Ukraine” */
          g_autofree char *label = g_strdup_printf (_ ("Net people for %s"), b->names[s]);
          /* Translators: “Land swaps: Ukraine’s balance in people” */
          g_autofree char *name = g_strdup_printf (_ ("Land swaps: %s’s balance in people"), b->names[s]);
          g_autofree char *n = dm_format_number ((double) ABS (r->balance.people_net[s]), 0);
          DmFigure *f = count (b, DM_FIGURE_ALL, g_strdup_printf ("balance.%s.people", letter), label, name,
                               DM_QUANTITY_PEOPLE, (double) r->balance.people_net[s]);

          f->color = g_strdup (b->colors[s]);
          g_free (f->value);
          f->value = g_strdup_printf ("%s%s", r->balance.people_net[s] < 0 ? "−" : "+", n);
        }
      people_note (b, "swaps.people.note");
    }
}

static void
territory_section (Builder *b, DmResults *r)
{
  const DmTerritory *t = r->territory;
  const char *region = t != NULL ? region_name (NULL, t->region_name) : NULL;

  heading (b, "territory", region != NULL ? region : _ ("Territory"));
  if (t == NULL)
    {
      note (b, DM_FIGURE_ALL, g_strdup ("territory.error"), r->territory_error != NULL ? r->territory_error : "");
      return;
    }
  {
    /* Translators: %s is a country or region: “Territory of Ukraine” */
    g_autofree char *name = g_strdup_printf (_ ("Territory of %s"), region);

    measure (b, DM_FIGURE_ALL, g_strdup ("territory.area"), _ ("Area"), name, DM_QUANTITY_AREA, t->area_m2, FALSE,
             NULL);
  }
  for (guint s = 0; s < 2; s++)
    {
      /* Translators: %s is a side's name: “Held by Russia” */
      g_autofree char *label = g_strdup_printf (_ ("Held by %s"), b->names[s]);
      /* Translators: “Territory of Ukraine held by Russia” */
      g_autofree char *name = g_strdup_printf (_ ("Territory of %s held by %s"), region, b->names[s]);
      /* Translators: “Share of Ukraine held by Russia” */
      g_autofree char *share = g_strdup_printf (_ ("Share of %s held by %s"), region, b->names[s]);

      area_share (b, DM_FIGURE_ALL, g_strdup_printf ("territory.%s", s == 0 ? "A" : "B"), label, name, share,
                  t->area_m2_side[s], t->share_side[s], b->colors[s]);
    }
  if (r->swaps != NULL && r->swaps->len > 0)
    for (guint s = 0; s < 2; s++)
      {
        /* Translators: %s is a side's name: “Held by Russia after the swaps” */
        g_autofree char *label = g_strdup_printf (_ ("Held by %s after the swaps"), b->names[s]);
        g_autofree char *name =
          g_strdup_printf (_ ("Territory of %s held by %s after the land swaps"), region, b->names[s]);
        g_autofree char *share =
          g_strdup_printf (_ ("Share of %s held by %s after the land swaps"), region, b->names[s]);

        area_share (b, DM_FIGURE_ALL, g_strdup_printf ("territory.%s.after_swaps", s == 0 ? "A" : "B"), label, name,
                    share, t->after_swaps_m2_side[s], t->after_swaps_share_side[s], b->colors[s]);
      }
  if (t->has_population)
    {
      for (guint after = 0; after < (r->swaps != NULL && r->swaps->len > 0 ? 2u : 1u); after++)
        for (guint s = 0; s < 2; s++)
          {
            /* Translators: %s is a side's name: “People on Russia’s side”, “… after the swaps” */
            g_autofree char *label = after ? g_strdup_printf (_ ("People on %s’s side after the swaps"), b->names[s])
                                           : g_strdup_printf (_ ("People on %s’s side"), b->names[s]);
            /* Translators: “Population of Ukraine held by Russia” */
            g_autofree char *name =
              after ? g_strdup_printf (_ ("Population of %s held by %s after the land swaps"), region, b->names[s])
                    : g_strdup_printf (_ ("Population of %s held by %s"), region, b->names[s]);
            g_autofree char *places_name =
              after ? g_strdup_printf (_ ("Settlements of %s held by %s after the land swaps"), region, b->names[s])
                    : g_strdup_printf (_ ("Settlements of %s held by %s"), region, b->names[s]);
            const char *suffix = after ? ".after_swaps" : "";
            gint64 pop = after ? t->after_swaps_population_side[s] : t->population_side[s];
            guint n = after ? t->after_swaps_settlements_side[s] : t->settlements_side[s];
            DmFigure *f = text_row (b, DM_FIGURE_PANEL | DM_FIGURE_TEXT,
                                    g_strdup_printf ("territory.%s.people%s", s == 0 ? "A" : "B", suffix), label,
                                    dm_people_describe (pop, n));

            f->color = g_strdup (b->colors[s]);
            count (b, DM_FIGURE_TABLE, g_strdup_printf ("territory.%s.population%s", s == 0 ? "A" : "B", suffix), name,
                   name, DM_QUANTITY_PEOPLE, (double) pop);
            count (b, DM_FIGURE_TABLE, g_strdup_printf ("territory.%s.settlements%s", s == 0 ? "A" : "B", suffix),
                   places_name, places_name, DM_QUANTITY_COUNT, n);
          }
      people_note (b, "territory.people.note");
    }
  if (t->regions != NULL && t->regions->len > 0)
    {
      /* What the side holding less of the whole holds of each region; the
       * whole split of each in its detail, both sides in the table. */
      guint less = t->area_m2_side[0] <= t->area_m2_side[1] ? 0 : 1;
      /* Translators: %s is a side's name: “Held by Russia, by region” */
      g_autofree char *title = g_strdup_printf (_ ("Held by %s, by region"), b->names[less]);

      heading (b, "territory.regions", title);
      for (guint i = 0; i < t->regions->len; i++)
        {
          const DmTerritoryRegion *tr = g_ptr_array_index (t->regions, i);
          const char *tr_name = region_name (tr->code, tr->name);

          for (guint s = 0; s < 2; s++)
            {
              g_autofree char *name = g_strdup_printf (_ ("Territory of %s held by %s"), tr_name, b->names[s]);
              g_autofree char *share = g_strdup_printf (_ ("Share of %s held by %s"), tr_name, b->names[s]);
              DmFigure *f = area_share (b, s == less ? DM_FIGURE_ALL : DM_FIGURE_TABLE,
                                        g_strdup_printf ("territory.region.%s.%s",
                                                         tr->code != NULL ? tr->code : tr->name, s == 0 ? "A" : "B"),
                                        tr_name, name, share, tr->area_m2_side[s], tr->share_side[s], b->colors[s]);

              if (s == less)
                f->detail = dm_territory_region_describe (tr, b->names, b->area_unit);
              if (t->has_population)
                {
                  g_autofree char *people = g_strdup_printf (_ ("Population of %s held by %s"), tr_name, b->names[s]);

                  count (b, DM_FIGURE_TABLE,
                         g_strdup_printf ("territory.region.%s.%s.population", tr->code != NULL ? tr->code : tr->name,
                                          s == 0 ? "A" : "B"),
                         people, people, DM_QUANTITY_PEOPLE, (double) tr->population_side[s]);
                }
            }
        }
    }
}

static void
comparison_section (Builder *b, DmResults *r)
{
  const DmComparison *c = r->comparison;
  /* Translators: %s is a proposal's name: “Since occupied-2024-11-01” */
  g_autofree char *title = g_strdup_printf (_ ("Since %s"), r->comparison_name != NULL ? r->comparison_name : "");
  DmFigure *f;

  heading (b, "comparison", title);
  if (c == NULL)
    {
      note (b, DM_FIGURE_ALL, g_strdup ("comparison.error"), r->comparison_error);
      return;
    }
  for (guint k = 0; k < 2; k++)
    {
      /* Translators: land changing hands: “From Ukraine to Russia” */
      g_autofree char *label = g_strdup_printf (_ ("From %s to %s"), b->names[k], b->names[1 - k]);
      /* Translators: “Land from Ukraine to Russia” */
      g_autofree char *name = g_strdup_printf (_ ("Land from %s to %s"), b->names[k], b->names[1 - k]);

      measure (b, DM_FIGURE_ALL, g_strdup_printf ("comparison.%s", k == 0 ? "A_to_B" : "B_to_A"), label, name,
               DM_QUANTITY_AREA, k == 0 ? c->a_to_b_area_m2 : c->b_to_a_area_m2, FALSE, b->colors[1 - k]);
    }
  for (guint i = 0; c->regions != NULL && i < c->regions->len; i++)
    {
      const DmComparisonRegion *cr = g_ptr_array_index (c->regions, i);
      g_autofree char *line = dm_comparison_region_describe (cr, b->names, b->area_unit);

      note (b, DM_FIGURE_ALL, g_strdup_printf ("comparison.region.%s", cr->code != NULL ? cr->code : cr->name), line);
    }
  {
    g_autofree char *places = dm_comparison_places_describe (c, b->names);
    g_autoptr (GString) list = g_string_new (NULL);

    f = note (b, DM_FIGURE_ALL, g_strdup ("comparison.settlements"), places);
    for (guint i = 0; c->places != NULL && i < c->places->len; i++)
      {
        g_autofree char *place = dm_comparison_place_describe (g_ptr_array_index (c->places, i), b->names);

        g_string_append_printf (list, "%s%s", i > 0 ? "\n" : "", place);
      }
    if (list->len > 0)
      f->detail = g_strdup (list->str);
  }
}

static void
monitoring_section (Builder *b, DmResults *r)
{
  heading (b, "monitoring", _ ("Monitoring estimate"));
  count (b, DM_FIGURE_ALL, g_strdup ("monitoring.observers"), _ ("Observers"), _ ("Monitoring: observers"),
         DM_QUANTITY_PEOPLE, round (r->observers));
  count (b, DM_FIGURE_ALL, g_strdup ("monitoring.patrols"), _ ("Patrols per day"), _ ("Monitoring: patrols a day"),
         DM_QUANTITY_COUNT, round (r->patrols_per_day));
  if (r->monitoring_ratio.observers == DM_MONITORING_UNIIMOG.observers &&
      r->monitoring_ratio.patrols_per_day == DM_MONITORING_UNIIMOG.patrols_per_day &&
      r->monitoring_ratio.line_length_m == DM_MONITORING_UNIIMOG.line_length_m)
    note (b, DM_FIGURE_PANEL | DM_FIGURE_TEXT, g_strdup ("monitoring.source"),
          _ ("Scaled from UNIIMOG (Iran–Iraq, 1988) to the line’s length"));
  else
    {
      g_autofree char *obs = dm_format_number (r->monitoring_ratio.observers, 0);
      g_autofree char *pat = dm_format_number (r->monitoring_ratio.patrols_per_day, 0);
      g_autofree char *len = dm_format_length (r->monitoring_ratio.line_length_m, b->style->units);
      /* Translators: “Scaled from 400 observers and 64 patrols a day for 1,448 km of line” */
      g_autofree char *text =
        g_strdup_printf (_ ("Scaled from %s observers and %s patrols a day for %s of line"), obs, pat, len);

      note (b, DM_FIGURE_PANEL | DM_FIGURE_TEXT, g_strdup ("monitoring.source"), text);
    }
}

/* A builder for @document's sides, in @style (NULL: the defaults). */
static void
builder_init (Builder *b, DmDocument *document, const DmFiguresStyle *style)
{
  static const DmFiguresStyle defaults = DM_FIGURES_STYLE_INIT;

  b->out = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_figure_free);
  b->style = style != NULL ? style : &defaults;
  b->area_unit = dm_area_unit_for_length (b->style->units);
  /* Names Demarcate gave (“Side A”) in the language of the words. */
  b->names[0] = dm_document_default_name_localized (dm_document_get_side_name (document, DM_SIDE_A));
  b->names[1] = dm_document_default_name_localized (dm_document_get_side_name (document, DM_SIDE_B));
  b->colors[0] = dm_document_get_side_color (document, DM_SIDE_A);
  b->colors[1] = dm_document_get_side_color (document, DM_SIDE_B);
  b->people_noted = FALSE;
}

static int
uncovered_longer (gconstpointer a, gconstpointer b)
{
  const DmUncoveredStretch *x = a, *y = b;
  double lx = x->to_m - x->from_m, ly = y->to_m - y->from_m;

  return lx > ly ? -1 : lx < ly ? 1 : 0;
}

GPtrArray *
dm_figures_build_monitoring_plan (DmDocument *document,
                                  const char *zone_name,
                                  const DmMonitoringPlan *plan,
                                  const DmFiguresStyle *style)
{
  Builder b = { 0 };
  Builder *bp = &b;
  g_autofree char *title = NULL;
  DmFigure *f;

  g_return_val_if_fail (DM_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (plan != NULL, NULL);

  builder_init (&b, document, style);

  /* Translators: the heading of a monitoring plan, “Monitoring plan: Demilitarised zone” */
  title = g_strdup_printf (_ ("Monitoring plan: %s"), zone_name);
  heading (bp, "plan", title);
  count (bp, DM_FIGURE_ALL, g_strdup ("plan.posts"), _ ("Observation posts"), _ ("Monitoring plan: posts"),
         DM_QUANTITY_COUNT, plan->posts->len);
  for (guint s = 0; s < 2; s++)
    {
      g_autofree char *label = g_strdup_printf (_ ("On %s’s side"), b.names[s]);
      /* Translators: a figure's name in a table, “Monitoring plan: posts on Ukraine’s side” */
      g_autofree char *name = g_strdup_printf (_ ("Monitoring plan: posts on %s’s side"), b.names[s]);

      f = count (bp, DM_FIGURE_ALL, g_strdup_printf ("plan.posts.%c", s == 0 ? 'A' : 'B'), label, name,
                 DM_QUANTITY_COUNT, plan->n_posts[s]);
      f->color = g_strdup (b.colors[s]);
    }
  /* Posts placed by hand have no spacing. */
  if (plan->spacing_m > 0)
    measure (bp, DM_FIGURE_TEXT | DM_FIGURE_TABLE, g_strdup ("plan.spacing"), _ ("Spacing along the line"),
             _ ("Monitoring plan: spacing of posts"), DM_QUANTITY_LENGTH, plan->spacing_m, FALSE, NULL);
  if (plan->range_min_m == plan->range_max_m)
    measure (bp, DM_FIGURE_ALL, g_strdup ("plan.range"), _ ("Sensor range"), _ ("Monitoring plan: sensor range"),
             DM_QUANTITY_LENGTH, plan->range_max_m, FALSE, NULL);
  else
    {
      g_autofree char *lo = dm_format_length (plan->range_min_m, b.style->units);
      g_autofree char *hi = dm_format_length (plan->range_max_m, b.style->units);

      /* Translators: the sensors' ranges of a plan's posts, “5.00 km to 20.0 km” */
      text_row (bp, DM_FIGURE_ALL, g_strdup ("plan.range"), _ ("Sensor ranges"),
                g_strdup_printf (_ ("%s to %s"), lo, hi));
    }
  f = area_share (bp, DM_FIGURE_ALL, g_strdup ("plan.coverage"), _ ("Zone in range"),
                  _ ("Monitoring plan: area of the zone in range"), _ ("Monitoring plan: share of the zone in range"),
                  plan->covered_m2, plan->coverage, NULL);
  {
    g_autofree char *n = dm_format_number (plan->uncovered->len, 0);
    g_autofree char *length = dm_format_length (plan->uncovered_m, b.style->units);
    g_autoptr (GString) list = g_string_new (NULL);
    /* Translators: uncovered stretches of the line: “3 (12.5 km along the line, both sides added)” */
    g_autofree char *value = plan->uncovered->len == 0
                               ? g_strdup (_ ("None"))
                               : g_strdup_printf (_ ("%s (%s along the line, both sides added)"), n, length);

    f = text_row (bp, DM_FIGURE_PANEL | DM_FIGURE_TEXT, g_strdup ("plan.uncovered"), _ ("Stretches out of range"),
                  g_steal_pointer (&value));
    g_autoptr (GArray) longest = g_array_copy (plan->uncovered);
    guint shown = MIN (longest->len, 20);

    /* The longest twenty, longest first. */
    g_array_sort (longest, uncovered_longer);
    for (guint i = 0; i < shown; i++)
      {
        const DmUncoveredStretch *u = &g_array_index (longest, DmUncoveredStretch, i);
        g_autofree char *len = dm_format_length (u->to_m - u->from_m, b.style->units);
        g_autofree char *from = dm_format_length (u->from_m, b.style->units);
        g_autofree char *where = dm_format_position (u->lat, u->lon, 3);

        if (list->len > 0)
          g_string_append_c (list, '\n');
        /* Translators: one uncovered stretch: length, side, position, part and distance from its start */
        g_string_append_printf (list, _ ("%s on %s’s side at %s (part %u, from %s)"), len,
                                b.names[side_index (u->side)], where, u->part + 1, from);
      }
    if (longest->len > shown)
      {
        g_autofree char *more = dm_format_number (longest->len - shown, 0);

        g_string_append_c (list, '\n');
        /* Translators: after the longest uncovered stretches listed: “and 244 shorter ones” */
        g_string_append_printf (list, _ ("and %s shorter ones"), more);
      }
    if (list->len > 0)
      f->detail = g_string_free (g_steal_pointer (&list), FALSE);
  }
  count (bp, DM_FIGURE_ALL, g_strdup ("plan.observers"), _ ("Observers"), _ ("Monitoring plan: observers"),
         DM_QUANTITY_PEOPLE, round (plan->observers));
  count (bp, DM_FIGURE_ALL, g_strdup ("plan.patrols"), _ ("Patrols per day"), _ ("Monitoring plan: patrols a day"),
         DM_QUANTITY_COUNT, round (plan->patrols_per_day));
  {
    g_autofree char *crew = dm_format_number (plan->options.crew, 0);
    g_autofree char *obs = dm_format_number (round (plan->uniimog_observers), 0);
    g_autofree char *pat = dm_format_number (round (plan->uniimog_patrols_per_day), 0);
    /* Translators: how the plan's observers and patrols are counted, and the UNIIMOG estimate beside them */
    g_autofree char *text = g_strdup_printf (_ ("Observers: %s a post. Patrols: UNIIMOG’s 64 a day for 400 observers. "
                                                "UNIIMOG scaled to the line’s length: %s observers, %s patrols a "
                                                "day."),
                                             crew, obs, pat);

    note (bp, DM_FIGURE_PANEL | DM_FIGURE_TEXT, g_strdup ("plan.note"), text);
  }
  return b.out;
}

GPtrArray *
dm_figures_build (DmDocument *document, DmResults *results, const DmFiguresStyle *style)
{
  Builder b = { 0 };

  g_return_val_if_fail (DM_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (results != NULL, NULL);

  builder_init (&b, document, style);

  line_section (&b, results);
  for (guint i = 0; results->zones != NULL && i < results->zones->len; i++)
    zone_section (&b, i, g_ptr_array_index (results->zones, i));
  swaps_section (&b, results);
  territory_section (&b, results);
  if (results->comparison != NULL || results->comparison_error != NULL)
    comparison_section (&b, results);
  monitoring_section (&b, results);
  return b.out;
}
