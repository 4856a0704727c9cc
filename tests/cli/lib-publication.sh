# Helpers for the publication-integrity tests (t7000, t7001), sourced
# after lib.sh. One small demo city is made once: $PW/pristine (generated,
# initialised, never run) and $PW/night1 (after nightly 2026-11-28, with
# backup.db, a copy of its database taken then). A case copies one into
# its own folder D, so every case starts from the same state. The demo's
# data ends on 2026-11-28, so night 2 would be a data-quality night (no
# monitoring file, a system-wide gap): these tests turn both checks off.
PW=$(mktemp -d "$TMPROOT/publication.XXXXXX")
N1=2026-11-28
N2=2026-11-29
publication_setup() {
	(cd "$PW" &&
	$ECREDIT -q demo --dir pristine --enterprises 200 --outlets 20 --days 3 \
		--no-nightly >/dev/null &&
	sed -i -e "/^settle_seconds = /a expected = none" \
		-e "/^store_minute = /a gap_pct = 0" pristine/ecredit.conf &&
	cp -a pristine night1 &&
	$ECREDIT --config night1/ecredit.conf nightly --as-of $N1 >/dev/null 2>&1 &&
	sqlite3 night1/ecredit.db ".backup night1/backup.db" &&
	cat night1/keys/rsa.crt night1/keys/sm2.pub night1/keys/ed25519.pub \
		>trust.pem) || { echo "cannot make the demo city" >&2; return 1; }
}

# city NAME: this case's city D, a copy of $PW/NAME; E runs ecredit on it.
city() {
	rm -rf D && cp -a "$PW/$1" D
}
E() {
	$ECREDIT --config D/ecredit.conf "$@"
}

# sums FILE: the sha256 of every file in the outbox (hidden ones too).
sums() {
	(cd D/outbox && find . -type f | LC_ALL=C sort | xargs -r sha256sum) >"$1"
}

# unchanged BEFORE: every file listed in BEFORE is still there with the
# same bytes (new files may have been added).
unchanged() {
	(cd D/outbox && sha256sum --quiet -c "../../$1") ||
		{ echo "a published file changed" >&2; return 1; }
}

# night2_input: one more penalties file in the inbox (a copy of night 1's,
# so every row is a duplicate): the bureau package of a night 2 that sees
# it differs from one that does not.
night2_input() {
	cp D/done/$N1/penalties-$N1-utf8.csv D/inbox/penalties/penalties-$N2-again.csv
}

publication_cleanup() {
	rm -rf "$PW"
}
