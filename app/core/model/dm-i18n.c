/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dm-i18n"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "dm-i18n.h"

static const struct {
  const char *code;
  const char *name;
  /* The locales that carry the language's messages, in order of
   * preference; "C" words English, the catalogue's source. */
  const char *locales[3];
  const char *definition; /* localedef's input for locales[0] */
} languages[DM_N_LANGUAGES] = {
  [DM_LANGUAGE_EN] = { "en", "English", { "C", NULL, NULL }, NULL },
  [DM_LANGUAGE_UK] = { "uk", "Українська", { "uk_UA.UTF-8", "uk_UA.utf8", "uk_UA" }, "uk_UA" },
  [DM_LANGUAGE_RU] = { "ru", "Русский", { "ru_RU.UTF-8", "ru_RU.utf8", "ru_RU" }, "ru_RU" },
};

static DmLanguage interface_language = DM_LANGUAGE_EN;
/* LANGUAGE is still set (its language's locale is missing): gettext
 * follows it whatever a thread's locale says. */
static gboolean language_env_kept;

gboolean
dm_language_from_string (const char *str, DmLanguage *language)
{
  size_t n;

  g_return_val_if_fail (language != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  n = strcspn (str, "_-.@");
  for (guint i = 0; i < DM_N_LANGUAGES; i++)
    if (n == strlen (languages[i].code) && g_ascii_strncasecmp (str, languages[i].code, n) == 0)
      {
        *language = (DmLanguage) i;
        return TRUE;
      }
  return FALSE;
}

const char *
dm_language_name (DmLanguage language)
{
  g_return_val_if_fail (language < DM_N_LANGUAGES, "English");
  return languages[language].name;
}

/* The language of this thread's innermost scope, plus one (0: none). */
static GPrivate scope_language;

DmLanguage
dm_i18n_get_interface_language (void)
{
  return interface_language;
}

DmLanguage
dm_i18n_get_language (void)
{
  guint scoped = GPOINTER_TO_UINT (g_private_get (&scope_language));

  return scoped > 0 ? (DmLanguage) (scoped - 1) : interface_language;
}

/* The catalogue's folder: DEMARCATE_LOCALEDIR (tests), else the installed
 * one when it holds Demarcate's catalogue, else the build tree's. */
static const char *
catalogue_dir (void)
{
  const char *env = g_getenv ("DEMARCATE_LOCALEDIR");

  if (env != NULL && env[0] != '\0')
    return env;
#ifdef DM_BUILD_LOCALEDIR
  for (guint i = 0; i < DM_N_LANGUAGES; i++)
    {
      g_autofree char *mo = g_build_filename (LOCALEDIR, languages[i].code, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

      if (i != DM_LANGUAGE_EN && g_file_test (mo, G_FILE_TEST_IS_REGULAR))
        return LOCALEDIR;
    }
  return DM_BUILD_LOCALEDIR;
#else
  return LOCALEDIR;
#endif
}

/* Ukrainian or Russian under an ASCII LC_CTYPE (LANG=C) would print as
 * question marks: the characters are UTF-8's. */
static void
utf8_ctype (void)
{
  const char *ctype = setlocale (LC_CTYPE, NULL);

  if (ctype != NULL && (g_str_equal (ctype, "C") || g_str_equal (ctype, "POSIX")))
    setlocale (LC_CTYPE, "C.UTF-8");
}

static gboolean
set_messages_locale (DmLanguage language)
{
  for (guint i = 0; i < G_N_ELEMENTS (languages[language].locales) && languages[language].locales[i] != NULL; i++)
    if (setlocale (LC_MESSAGES, languages[language].locales[i]) != NULL)
      return TRUE;
  return FALSE;
}

void
dm_i18n_init (void)
{
  const char *env = g_getenv ("LANGUAGE");
  const char *messages;

  /* GLib decides at its first translation whether to translate at all,
   * and never again: it would decide not to when that first one is made
   * in a scope whose language has no catalogue (an English page while the
   * interface speaks German), and every page would then stay English.
   * Asked now, under the C locale and the default domain, it says yes. */
  g_dgettext (GETTEXT_PACKAGE, "");
  setlocale (LC_ALL, "");
  /* Figures for people are grouped and pointed in the words' language
   * (dm_format_number()); the C library's own number format stays C, so
   * that files, JSON and everything GDAL writes read the same everywhere. */
  setlocale (LC_NUMERIC, "C");
  bindtextdomain (GETTEXT_PACKAGE, catalogue_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (env != NULL && env[0] != '\0')
    {
      g_auto (GStrv) list = g_strsplit (env, ":", -1);
      DmLanguage first;

      /* gettext takes the first of the list it has a catalogue for. */
      for (guint i = 0; list[i] != NULL; i++)
        if (dm_language_from_string (list[i], &first))
          {
            interface_language = first;
            /* Only when the list starts with it: before it come languages
             * that other libraries (GTK) may speak. */
            if (i == 0 && set_messages_locale (first))
              {
                g_unsetenv ("LANGUAGE");
                utf8_ctype ();
                return;
              }
            break;
          }
      /* glibc ignores LANGUAGE under the C locale: English, and LANGUAGE
       * goes (a thread's Russian locale would otherwise follow it). */
      messages = setlocale (LC_MESSAGES, NULL);
      language_env_kept = messages != NULL && !g_str_equal (messages, "C") && !g_str_equal (messages, "POSIX");
      if (!language_env_kept)
        {
          interface_language = DM_LANGUAGE_EN;
          g_unsetenv ("LANGUAGE");
        }
      return;
    }

  messages = setlocale (LC_MESSAGES, NULL);
  if (!dm_language_from_string (messages, &interface_language))
    interface_language = DM_LANGUAGE_EN;
}

struct _DmLanguageScope {
  locale_t locale; /* (locale_t) 0: nothing was switched */
  locale_t previous;
  gpointer previous_language; /* scope_language's value before */
};

static void
missing_locale (DmLanguage language, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               /* Translators: a locale's name (uk_UA.UTF-8), then the command that installs it */
               _ ("Text in this language needs the %s locale, which is not installed: install it, for example "
                  "with “localedef -i %s -f UTF-8 %s”."),
               languages[language].locales[0], languages[language].definition, languages[language].locales[0]);
}

DmLanguageScope *
dm_language_scope_begin (DmLanguage language, GError **error)
{
  DmLanguageScope *scope;
  locale_t base;

  g_return_val_if_fail (language < DM_N_LANGUAGES, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scope = g_new0 (DmLanguageScope, 1);
  scope->previous_language = g_private_get (&scope_language);
  g_private_set (&scope_language, GUINT_TO_POINTER (language + 1));
  /* LANGUAGE, when it had to stay, outvotes any locale but C's (English). */
  if (language_env_kept && language != DM_LANGUAGE_EN)
    {
      if (language == interface_language)
        return scope;
      missing_locale (language, error);
      dm_language_scope_end (scope);
      return NULL;
    }

  base = duplocale (uselocale ((locale_t) 0));
  for (guint i = 0; base != (locale_t) 0 && i < G_N_ELEMENTS (languages[language].locales) &&
                    languages[language].locales[i] != NULL && scope->locale == (locale_t) 0;
       i++)
    /* On failure newlocale() leaves @base as it was. */
    scope->locale = newlocale (LC_MESSAGES_MASK, languages[language].locales[i], base);
  if (scope->locale != (locale_t) 0)
    {
      scope->previous = uselocale (scope->locale);
      return scope;
    }
  if (base != (locale_t) 0)
    freelocale (base);
  if (language == interface_language)
    return scope;
  missing_locale (language, error);
  dm_language_scope_end (scope);
  return NULL;
}

void
dm_language_scope_end (DmLanguageScope *scope)
{
  if (scope == NULL)
    return;
  if (scope->locale != (locale_t) 0)
    {
      uselocale (scope->previous);
      freelocale (scope->locale);
    }
  g_private_set (&scope_language, scope->previous_language);
  g_free (scope);
}
