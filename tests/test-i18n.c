/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The interface's language (dm-i18n): chosen from LANGUAGE or the locale,
 * switched for one thread while a page is worded in another language, and
 * the figures' number format and dates that come with the words.  Each
 * start-up runs in a subprocess of its own: dm_i18n_init() sets the
 * process's locale.  The catalogue is the build tree's (DEMARCATE_LOCALEDIR,
 * set by meson); the expected words are the glossary's (po/GLOSSARY.md). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dm-document.h"
#include "dm-fingerprint.h"
#include "dm-i18n.h"
#include "dm-units.h"
#include "dm-zone-presets.h"

#define NNBSP "\u202f" /* the thousands separator in both languages */

static void
test_from_string (void)
{
  DmLanguage l = DM_LANGUAGE_RU;

  g_assert_true (dm_language_from_string ("uk", &l));
  g_assert_cmpint (l, ==, DM_LANGUAGE_UK);
  g_assert_true (dm_language_from_string ("ru_RU.UTF-8", &l));
  g_assert_cmpint (l, ==, DM_LANGUAGE_RU);
  g_assert_true (dm_language_from_string ("en_GB", &l));
  g_assert_cmpint (l, ==, DM_LANGUAGE_EN);
  g_assert_true (dm_language_from_string ("UK", &l));
  g_assert_cmpint (l, ==, DM_LANGUAGE_UK);
  l = DM_LANGUAGE_RU;
  g_assert_false (dm_language_from_string ("ukr", &l));
  g_assert_false (dm_language_from_string ("de_DE.UTF-8", &l));
  g_assert_false (dm_language_from_string ("C", &l));
  g_assert_false (dm_language_from_string ("", &l));
  g_assert_false (dm_language_from_string (NULL, &l));
  g_assert_cmpint (l, ==, DM_LANGUAGE_RU);
  g_assert_cmpstr (dm_language_name (DM_LANGUAGE_RU), ==, "Русский");
  /* Built in: no catalogue, no locale needed (this process has neither). */
  g_assert_cmpstr (dm_document_default_name_in_english ("Демилитаризованная зона"), ==, "Demilitarised zone");
  g_assert_cmpstr (dm_document_default_name_in_english ("Сторона B"), ==, "Side B");
}

/* What one language says: the contact line's name, a figure, a date. */
static void
assert_speaks (DmLanguage language)
{
  static const char *line[] = { "Contact line", "Лінія зіткнення", "Линия соприкосновения" };
  static const char *number[] = { "1,087.5", "1" NNBSP "087,5", "1" NNBSP "087,5" };
  static const char *date[] = { "2026-12-07", "07.12.2026", "07.12.2026" };
  static const char *km[] = { "km", "км", "км" };
  g_autoptr (GDateTime) when = g_date_time_new_utc (2026, 12, 7, 16, 30, 0);
  g_autofree char *n = dm_format_number (1087.5, 1);
  g_autofree char *d = dm_format_date (when, FALSE);

  g_assert_cmpstr (_ ("Contact line"), ==, line[language]);
  g_assert_cmpstr (n, ==, number[language]);
  g_assert_cmpstr (d, ==, date[language]);
  g_assert_cmpstr (dm_length_unit_symbol (DM_LENGTH_KM), ==, km[language]);
}

/* The subprocesses: the environment a user starts with, then start-up. */
static void
start (const char *language_env, const char *lang_env)
{
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  if (language_env != NULL)
    g_setenv ("LANGUAGE", language_env, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  g_setenv ("LANG", lang_env, TRUE);
  dm_i18n_init ();
}

static void
test_interface (gconstpointer data)
{
  static const struct {
    const char *language_env, *lang_env;
    DmLanguage expected;
  } cases[] = {
    /* LANGUAGE first, whatever the locale says, even C. */
    { "uk", "C.UTF-8", DM_LANGUAGE_UK },
    { "ru:en", "en_US.UTF-8", DM_LANGUAGE_RU },
    { "uk_UA", "C", DM_LANGUAGE_UK },
    /* The locale when LANGUAGE is unset. */
    { NULL, "ru_RU.UTF-8", DM_LANGUAGE_RU },
    { NULL, "uk_UA.UTF-8", DM_LANGUAGE_UK },
    /* English: asked for, or nothing Demarcate speaks. */
    { "en", "uk_UA.UTF-8", DM_LANGUAGE_EN },
    { NULL, "de_DE.UTF-8", DM_LANGUAGE_EN },
    { NULL, "C.UTF-8", DM_LANGUAGE_EN },
  };
  guint i = GPOINTER_TO_UINT (data);

  if (g_test_subprocess ())
    {
      start (cases[i].language_env, cases[i].lang_env);
      g_assert_cmpint (dm_i18n_get_language (), ==, cases[i].expected);
      assert_speaks (cases[i].expected);
      /* LANGUAGE is gone (it would outvote a page's language), numbers
       * are C's for files. */
      g_assert_null (g_getenv ("LANGUAGE"));
      g_assert_cmpstr (setlocale (LC_NUMERIC, NULL), ==, "C");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

typedef struct {
  DmLanguage language;
  GMutex lock;
  GCond cond;
  int stage; /* 1: the main thread is in its scope; 2: the other has checked */
} Other;

/* Another thread while the main thread words a page in Russian: it still
 * speaks the interface's language. */
static gpointer
other_thread (gpointer data)
{
  Other *o = data;
  gboolean same;

  g_mutex_lock (&o->lock);
  while (o->stage < 1)
    g_cond_wait (&o->cond, &o->lock);
  same = g_str_equal (_ ("Contact line"), "Лінія зіткнення");
  o->stage = 2;
  g_cond_broadcast (&o->cond);
  g_mutex_unlock (&o->lock);
  return GINT_TO_POINTER (same);
}

static void
test_scope (void)
{
  if (g_test_subprocess ())
    {
      Other o = { .stage = 0 };
      GThread *thread;
      g_autoptr (GError) error = NULL;

      start ("uk", "C.UTF-8");
      g_mutex_init (&o.lock);
      g_cond_init (&o.cond);
      thread = g_thread_new ("other", other_thread, &o);
      {
        g_autoptr (DmLanguageScope) ru = dm_language_scope_begin (DM_LANGUAGE_RU, &error);

        g_assert_no_error (error);
        assert_speaks (DM_LANGUAGE_RU);
        g_mutex_lock (&o.lock);
        o.stage = 1;
        g_cond_broadcast (&o.cond);
        while (o.stage < 2)
          g_cond_wait (&o.cond, &o.lock);
        g_mutex_unlock (&o.lock);
        /* Scopes nest. */
        {
          g_autoptr (DmLanguageScope) en = dm_language_scope_begin (DM_LANGUAGE_EN, &error);

          g_assert_no_error (error);
          assert_speaks (DM_LANGUAGE_EN);
        }
        assert_speaks (DM_LANGUAGE_RU);
      }
      g_assert_true (GPOINTER_TO_INT (g_thread_join (thread)));
      assert_speaks (DM_LANGUAGE_UK);
      g_mutex_clear (&o.lock);
      g_cond_clear (&o.cond);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A new document with the default DMZ and every preset's zones, as one
 * language names them. */
static char *
fingerprint_of_defaults (DmLanguage language, char **side_a)
{
  g_autoptr (DmLanguageScope) scope = dm_language_scope_begin (language, NULL);
  g_autoptr (DmDocument) doc = dm_document_new ();
  g_autoptr (GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) dm_zone_rule_free);
  g_autoptr (DmBasemap) basemap = dm_basemap_get_default (NULL);

  g_assert_nonnull (scope);
  g_assert_nonnull (basemap);
  g_ptr_array_add (rules, dm_zone_rule_new_default_dmz ());
  for (guint p = 0; p < DM_ZONE_N_PRESETS; p++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_true (dm_zone_preset_make (p, doc, basemap, rules, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (rules->len, >=, 8);
  for (guint i = 0; i < rules->len; i++)
    dm_document_add_zone_rule (doc, dm_zone_rule_copy (g_ptr_array_index (rules, i)));
  *side_a = g_strdup (dm_document_get_side_name (doc, DM_SIDE_A));
  return dm_fingerprint_compute (doc, 0);
}

/* The names Demarcate gives by itself differ by language, the fingerprint
 * does not: two delegations reading one file compare the same figure. */
static void
test_fingerprint (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *en_side = NULL, *uk_side = NULL, *ru_side = NULL;
      g_autofree char *en = NULL, *uk = NULL, *ru = NULL;

      start ("uk", "C.UTF-8");
      en = fingerprint_of_defaults (DM_LANGUAGE_EN, &en_side);
      uk = fingerprint_of_defaults (DM_LANGUAGE_UK, &uk_side);
      ru = fingerprint_of_defaults (DM_LANGUAGE_RU, &ru_side);
      g_assert_cmpstr (en_side, ==, "Side A");
      g_assert_cmpstr (uk_side, !=, en_side);
      g_assert_cmpstr (ru_side, !=, en_side);
      g_assert_cmpstr (uk, ==, en);
      g_assert_cmpstr (ru, ==, en);
      /* A name of one's own still counts. */
      g_assert_cmpstr (dm_document_default_name_in_english ("Сторона Б"), ==, "Сторона Б");
      g_assert_cmpstr (dm_document_default_name_in_english ("Демилитаризованная зона"), ==, "Demilitarised zone");
      /* The table built in is the catalogue's word for word. */
      {
        g_autoptr (DmLanguageScope) ru_scope = dm_language_scope_begin (DM_LANGUAGE_RU, NULL);

        g_assert_cmpstr (dm_document_default_name_localized ("Демілітаризована зона"), ==, _ ("Demilitarised zone"));
        g_assert_cmpstr (dm_document_default_name_localized ("Side B"), ==, _ ("Side B"));
      }
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/i18n/language-from-string", test_from_string);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *path = g_strdup_printf ("/i18n/interface/%u", i);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_interface);
    }
  g_test_add_func ("/i18n/scope", test_scope);
  g_test_add_func ("/i18n/fingerprint-default-names", test_fingerprint);
  return g_test_run ();
}
