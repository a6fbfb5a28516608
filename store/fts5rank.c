/*
 * FTS5 ranking functions for portal-news (docs/querying.md, "Ranking at scale").
 *
 * FTS5's bm25() counts, once per query, the rows holding each phrase over the whole index:
 * at a million articles that count costs 0.1-2.5 s for common words, while scoring the
 * rows of the rank window costs a few milliseconds. These functions score a row exactly as
 * bm25() does (k1 1.2, b 0.75, the row's length over the average length, weights per column)
 * with the idf of each phrase given by the caller (from the fts5vocab counts that
 * store/search.py caches), and tell whether a row holds the query's words as one phrase.
 *
 * Importing the module (store._fts5rank) registers both functions, through
 * sqlite3_auto_extension(), on every SQLite connection the process opens afterwards.
 *
 *   portalnews_bm25(tbl, w_1 .. w_ncol, idf_1 .. idf_nphrase)   -> -score (bm25's sign)
 *   portalnews_bm25(tbl, w_1 .. w_ncol, 'idf_1 idf_2 ...')         the idfs as one text
 *   portalnews_phrase(tbl, w_1 .. w_ncol)                         -> -score of the query's
 *       phrases read as one phrase (each next phrase right after the previous one, in one
 *       column), idf 1; 0.0 when the row does not hold them so.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#define K1 1.2
#define B 0.75
#define MAX_PHRASES 64
#define STACK_INSTANCES 512

/* The row's weighted frequency -> bm25's term for one phrase (without its idf). */
static double saturate(double freq, double row_tokens, double average) {
  return (freq * (K1 + 1.0)) / (freq + K1 * (1.0 - B + B * row_tokens / average));
}

/* Average row length in tokens, and this row's: both as bm25() reads them. */
static int lengths(const Fts5ExtensionApi *api, Fts5Context *fts, double *average, double *row) {
  sqlite3_int64 rows = 0, tokens = 0;
  int size = 0;
  int rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &size);
  *average = rows > 0 && tokens > 0 ? (double)tokens / (double)rows : 1.0;
  *row = (double)size;
  return rc;
}

static int check_arguments(sqlite3_context *ctx, const char *name, int given, int wanted,
                           int columns, int phrases) {
  char message[200];
  if (phrases > MAX_PHRASES) {
    snprintf(message, sizeof message, "%s: at most %d phrases", name, MAX_PHRASES);
  } else if (given != wanted) {
    snprintf(message, sizeof message,
             "%s: expected %d values (%d column weights%s), got %d", name, wanted, columns,
             wanted > columns ? " and one idf per phrase" : "", given);
  } else {
    return 1;
  }
  sqlite3_result_error(ctx, message, -1);
  return 0;
}

/* The idfs as one text of numbers separated by spaces (SQL that cannot know how many phrases
   a query has: the Datasette canned query); 1 when it holds exactly `phrases` numbers. */
static int read_idfs(sqlite3_value *value, double *idf, int phrases) {
  const char *text = (const char *)sqlite3_value_text(value);
  char *end = NULL;
  int n = 0;
  if (text == NULL) return phrases == 0;
  for (;;) {
    while (*text == ' ') text++;
    if (*text == '\0') break;
    double number = strtod(text, &end);
    if (end == text || n == phrases) return 0;
    idf[n++] = number;
    text = end;
  }
  return n == phrases;
}

static void portalnews_bm25(const Fts5ExtensionApi *api, Fts5Context *fts,
                            sqlite3_context *ctx, int nval, sqlite3_value **val) {
  int columns = api->xColumnCount(fts), phrases = api->xPhraseCount(fts);
  double idf[MAX_PHRASES];
  if (phrases <= MAX_PHRASES && nval == columns + 1
      && sqlite3_value_type(val[columns]) == SQLITE_TEXT) {
    if (!read_idfs(val[columns], idf, phrases)) {
      sqlite3_result_error(ctx, "portalnews_bm25: the idf text does not hold one number per"
                           " phrase", -1);
      return;
    }
  } else if (check_arguments(ctx, "portalnews_bm25", nval, columns + phrases, columns, phrases)) {
    for (int i = 0; i < phrases; i++) idf[i] = sqlite3_value_double(val[columns + i]);
  } else {
    return;
  }
  double freq[MAX_PHRASES] = {0};
  int instances = 0;
  int rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
    int phrase, column, offset;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && phrase >= 0 && phrase < phrases && column >= 0 && column < columns)
      freq[phrase] += sqlite3_value_double(val[column]);
  }
  double average = 1.0, row = 0.0;
  if (rc == SQLITE_OK) rc = lengths(api, fts, &average, &row);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double score = 0.0;
  for (int i = 0; i < phrases; i++) {
    if (freq[i] > 0.0)
      score += idf[i] * saturate(freq[i], row, average);
  }
  sqlite3_result_double(ctx, -score);
}

static int compare_positions(const void *a, const void *b) {
  sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
  return (x > y) - (x < y);
}

static int holds(const sqlite3_int64 *sorted, int n, sqlite3_int64 position) {
  int low = 0, high = n - 1;
  while (low <= high) {
    int middle = low + (high - low) / 2;
    if (sorted[middle] == position) return 1;
    if (sorted[middle] < position) low = middle + 1; else high = middle - 1;
  }
  return 0;
}

static void portalnews_phrase(const Fts5ExtensionApi *api, Fts5Context *fts,
                              sqlite3_context *ctx, int nval, sqlite3_value **val) {
  int columns = api->xColumnCount(fts), phrases = api->xPhraseCount(fts);
  if (!check_arguments(ctx, "portalnews_phrase", nval, columns, columns, phrases)) return;
  int instances = 0;
  int rc = api->xInstCount(fts, &instances);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  if (phrases == 0 || instances == 0) {
    sqlite3_result_double(ctx, 0.0);
    return;
  }
  /* Positions (column << 32 | offset) of each phrase's instances, grouped by phrase. */
  sqlite3_int64 stack[STACK_INSTANCES];
  sqlite3_int64 *positions = instances <= STACK_INSTANCES
      ? stack : sqlite3_malloc64(sizeof(sqlite3_int64) * (sqlite3_uint64)instances);
  if (positions == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  int start[MAX_PHRASES + 1] = {0}, fill[MAX_PHRASES] = {0}, offset_of[MAX_PHRASES] = {0};
  for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
    int phrase, column, offset;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && phrase >= 0 && phrase < phrases) start[phrase + 1]++;
  }
  for (int p = 0; p < phrases; p++) start[p + 1] += start[p];
  for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
    int phrase, column, offset;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && phrase >= 0 && phrase < phrases)
      positions[start[phrase] + fill[phrase]++] = ((sqlite3_int64)column << 32) | offset;
  }
  for (int p = 0; p < phrases; p++) {
    qsort(positions + start[p], (size_t)(start[p + 1] - start[p]), sizeof(sqlite3_int64),
          compare_positions);
    offset_of[p] = p == 0 ? 0 : offset_of[p - 1] + api->xPhraseSize(fts, p - 1);
  }
  double freq = 0.0;
  for (int i = start[0]; rc == SQLITE_OK && i < start[1]; i++) {
    int column = (int)(positions[i] >> 32), p = 1;
    for (; p < phrases; p++) {
      if (!holds(positions + start[p], start[p + 1] - start[p], positions[i] + offset_of[p]))
        break;
    }
    if (p == phrases && column >= 0 && column < columns)
      freq += sqlite3_value_double(val[column]);
  }
  if (positions != stack) sqlite3_free(positions);
  double average = 1.0, row = 0.0;
  if (rc == SQLITE_OK && freq > 0.0) rc = lengths(api, fts, &average, &row);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  sqlite3_result_double(ctx, freq > 0.0 ? -saturate(freq, row, average) : 0.0);
}

/* sqlite3_auto_extension() entry point: registers the functions on a new connection. */
static int register_functions(sqlite3 *db, char **error, const void *thunk) {
  (void)error;
  (void)thunk;
  fts5_api *fts5 = NULL;
  sqlite3_stmt *statement = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL) == SQLITE_OK) {
    sqlite3_bind_pointer(statement, 1, (void *)&fts5, "fts5_api_ptr", NULL);
    sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  if (fts5 != NULL && fts5->iVersion >= 2) {
    fts5->xCreateFunction(fts5, "portalnews_bm25", NULL, portalnews_bm25, NULL);
    fts5->xCreateFunction(fts5, "portalnews_phrase", NULL, portalnews_phrase, NULL);
  }
  return SQLITE_OK; /* a connection without FTS5 simply has no such functions */
}

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fts5rank",
    "Registers portalnews_bm25() and portalnews_phrase() on every SQLite connection opened "
    "after import (store/fts5rank.c).",
    -1, NULL, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__fts5rank(void) {
  if (sqlite3_auto_extension((void (*)(void))register_functions) != SQLITE_OK) {
    PyErr_SetString(PyExc_ImportError, "sqlite3_auto_extension() failed");
    return NULL;
  }
  return PyModule_Create(&module);
}
