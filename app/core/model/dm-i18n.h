/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The languages Demarcate speaks: its interface (po/LINGUAS, English
 * being the source) and the basemap's place names. */
typedef enum {
  DM_LANGUAGE_EN,
  DM_LANGUAGE_UK,
  DM_LANGUAGE_RU,
} DmLanguage;
#define DM_N_LANGUAGES 3

/* "en", "uk", "ru", also with a territory or encoding ("uk_UA.UTF-8");
 * FALSE for anything else. */
gboolean dm_language_from_string (const char *str, DmLanguage *language);
/* The language's own name: “English”, “Українська”, “Русский”. */
const char *dm_language_name (DmLanguage language);

/* The start of every program: the locale from the environment (numbers
 * excepted: LC_NUMERIC stays C), the message catalogue (installed, else
 * the build tree's), and the language of the interface: the first of LANGUAGE's list that Demarcate speaks,
 * else LC_MESSAGES's, else English.  LANGUAGE, which would override any
 * per-thread choice, is turned into LC_MESSAGES when the language's locale
 * is installed, so that dm_language_scope_begin() can word a page in
 * another language. */
void dm_i18n_init (void);
/* The language this thread words in: its language scope's, else the
 * interface's (English before dm_i18n_init()). */
DmLanguage dm_i18n_get_language (void);
/* The interface's, whatever scope this thread is in. */
DmLanguage dm_i18n_get_interface_language (void);

/* Until dm_language_scope_end(), what this thread translates is worded in
 * @language (messages only: the number format comes with the words, see
 * dm_format_number()).  Fails when the language's locale is not installed
 * (and @language is not the interface's), saying which one to install. */
typedef struct _DmLanguageScope DmLanguageScope;
DmLanguageScope *dm_language_scope_begin (DmLanguage language, GError **error);
void dm_language_scope_end (DmLanguageScope *scope);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DmLanguageScope, dm_language_scope_end)

G_END_DECLS
