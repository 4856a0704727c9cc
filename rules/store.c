#include "core/common.h"
#include "core/date.h"
#include "rules/ruleset.h"
#include "rules/store.h"

/*
 * Stored rule sets (rules/store.h): the one place that writes and reads the
 * rule_set and rule_event tables (created by ratings/schema.c's migrations).
 * Exporters read the identity of the set behind a date themselves: they
 * depend on core only (docs/architecture.md).
 */

static const char *const effect_names[] = { "none", "veto", "incident" };

int rules_store_save(struct db *db, const struct ruleset *rs, int installed,
		      struct strbuf *err)
{
	struct db_stmt *st = NULL;
	char stamp[DATE_STAMP_SIZE];
	const char *xml;
	size_t len;
	int rc;

	date_now_stamp(stamp);
	xml = ruleset_xml(rs, &len);
	if ((rc = db_prepare(db,
		"INSERT OR IGNORE INTO rule_set(sha256, id, version, effective_from, xml,"
		" start_offset_days, installed, loaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		&st, err)))
		return rc;
	db_bind_text(st, 1, ruleset_sha256(rs));
	db_bind_text(st, 2, ruleset_id(rs));
	db_bind_text(st, 3, ruleset_version(rs));
	db_bind_text(st, 4, ruleset_effective_from(rs));
	db_bind_blob(st, 5, xml, len);
	db_bind_int64(st, 6, ruleset_start_offset_days(rs));
	db_bind_int64(st, 7, installed);
	db_bind_text(st, 8, stamp);
	rc = db_run(st, err);
	db_finalize(st);
	if (!rc && installed) {
		if ((rc = db_prepare(db, "UPDATE rule_set SET installed = 1 WHERE sha256 = ?1",
				     &st, err)))
			return rc;
		db_bind_text(st, 1, ruleset_sha256(rs));
		rc = db_run(st, err);
		db_finalize(st);
	}
	if (rc || (rc = db_prepare(db,
		"INSERT OR IGNORE INTO rule_event(rule_set_sha256, category, points,"
		" months, effect) VALUES (?1, ?2, ?3, ?4, ?5)", &st, err)))
		return rc;
	for (int i = 0; i < ruleset_rule_count(rs) && !rc; i++) {
		const struct score_rule *r = ruleset_rule_at(rs, i);

		db_bind_text(st, 1, ruleset_sha256(rs));
		db_bind_text(st, 2, r->type);
		db_bind_int64(st, 3, r->points);
		db_bind_int64(st, 4, r->months);
		db_bind_text(st, 5, effect_names[r->effect]);
		rc = db_run(st, err);
	}
	db_finalize(st);
	return rc;
}

static int load_stored(struct db *db, const char *sql, const char *param,
		       struct ruleset **out, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	*out = NULL;
	if ((rc = db_prepare(db, sql, &st, err)))
		return rc;
	db_bind_text(st, 1, param);
	rc = db_step(st, err);
	if (rc == DB_ROW) {
		struct strbuf name = STRBUF_INIT;

		strbuf_addf(&name, "stored rule set %s %s", db_column_text(st, 1),
			    db_column_text(st, 2));
		rc = ruleset_load_memory(db_column_blob(st, 0), db_column_bytes(st, 0),
					 name.buf, out, err);
		strbuf_release(&name);
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int rules_store_effective(struct db *db, const char *as_of, struct ruleset **out,
			  struct strbuf *err)
{
	int rc = load_stored(db,
		"SELECT xml, id, version FROM rule_set WHERE installed = 1"
		" AND effective_from <= ?1"
		" ORDER BY effective_from DESC, loaded_at DESC, sha256 LIMIT 1",
		as_of, out, err);

	if (rc || *out)
		return rc;
	return ruleset_load_default(out, err);
}

int rules_store_get(struct db *db, const char *sha256, struct ruleset **out,
		    struct strbuf *err)
{
	int rc = load_stored(db, "SELECT xml, id, version FROM rule_set WHERE sha256 = ?1",
			     sha256, out, err);

	if (!rc && !*out)
		rc = ec_error(err, EC_DATA, "rule set %s is not stored", sha256);
	return rc;
}

int rules_store_rated(struct db *db, const char *as_of, char sha[SHA256_HEX_SIZE],
		      struct ruleset **out, struct strbuf *err)
{
	struct db_stmt *st = NULL;
	int rc;

	*out = NULL;
	sha[0] = '\0';
	if ((rc = db_prepare(db, "SELECT d.rule_set_sha256, s.xml FROM rate_date d"
			     " LEFT JOIN rule_set s ON s.sha256 = d.rule_set_sha256"
			     " WHERE d.as_of = ?", &st, err)))
		return rc;
	db_bind_text(st, 1, as_of);
	if ((rc = db_step(st, err)) < 0)
		goto out;
	if (rc == DB_DONE) {
		rc = ec_error(err, EC_DATA, "%s is not rated: run `ecredit rate --as-of %s`"
			      " first", as_of, as_of);
		goto out;
	}
	snprintf(sha, SHA256_HEX_SIZE, "%s", db_column_text(st, 0));
	if (db_column_is_null(st, 1)) {
		rc = ec_error(err, EC_CONFIG, "rule set %.12s that rated %s is not stored",
			      sha, as_of);
		goto out;
	}
	rc = ruleset_load_memory(db_column_blob(st, 1), db_column_bytes(st, 1),
				 "stored rule set", out, err);
out:
	db_finalize(st);
	return rc;
}
