#!/bin/sh
# ecredit config check: nightly's own checks plus key/certificate agreement,
# key modes and writable folders; exit 0 or 78 with file:line; no side
# effects (missing job folders are not made, the database is not created).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-nightly.sh"

# at KEY: "ecredit.conf:N: SECTION.KEY: " with N the line of KEY in the city's
# config (the city's config grows; the test should not count its lines)
at() {
	_s=${1%%.*} _k=${1#*.}
	echo "ecredit.conf:$(grep -n "^$_k = " city/ecredit.conf | head -1 | cut -d: -f1): $1: "
}

check 'a good configuration: exit 0, what it found, nothing created' '
	make_city city &&
	rm -r city/outbox city/inbox/done city/ecredit.db city/ecredit.db.lock &&
	ls -laR city >before &&
	(cd city && $ECREDIT --config ecredit.conf config check) >out 2>err &&
	contains out "ecredit.conf: configuration is valid" &&
	contains out "keys.cms_key      keys/cms.key (ecdsa, mode 0600, matches its certificate" &&
	contains out "(missing: nightly or '"'"'ecredit init'"'"' creates it)" &&
	ls -laR city >after && same before after
'

check 'a certificate of another key: exit 78 naming file and line' '
	make_city city &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout other.key -out city/keys/cms.pem -subj /CN=other -days 30 2>/dev/null &&
	(cd city && expect_code 78 $ECREDIT --config ecredit.conf config check) >out 2>err &&
	contains err "$(at keys.cms_cert)" &&
	contains err "does not match" &&
	(cd city && expect_code 78 $ECREDIT --config ecredit.conf nightly --as-of $DATE) >out 2>err &&
	contains err "$(at keys.cms_cert)" &&
	test -f city/inbox/permits/2026-11-27-permits.xml
'

check 'a private key readable by others (0644): exit 78' '
	make_city city &&
	chmod 644 city/keys/ed25519.key &&
	(cd city && expect_code 78 $ECREDIT --config ecredit.conf config check) >out 2>err &&
	contains err "$(at keys.ed25519_key)" && contains err "chmod 600"
'

check 'an inbox folder the job cannot write in: exit 78' '
	make_city city &&
	chmod 555 city/inbox/permits &&
	if [ "$(id -u)" = 0 ]; then
		# root may write anywhere: check as nobody, who may write the rest
		chmod a+x "$T/.." "$T" && chmod -R a+rwX city && chmod 555 city/inbox/permits &&
		run="setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		run=
	fi &&
	(cd city && expect_code 78 $run $ECREDIT --config ecredit.conf config check) >out 2>err &&
	contains err "ecredit.conf:3: inbox.permits: cannot write in folder"
'

check 'a missing folder, an unknown channel, a bad config line: 78 with file:line' '
	make_city city &&
	sed -i "s|^permits = inbox/permits|permits = inbox/nowhere|" city/ecredit.conf &&
	(cd city && expect_code 78 $ECREDIT --config ecredit.conf config check) 2>err &&
	contains err "ecredit.conf:3: inbox.permits: cannot use folder" &&
	make_city c2 &&
	sed -i "s|^channels = .*|channels = tax bank|" c2/ecredit.conf &&
	(cd c2 && expect_code 78 $ECREDIT --config ecredit.conf config check) 2>err &&
	contains err "$(at outbox.channels)unknown channel '"'"'bank'"'"'" &&
	echo "colour = blue" >>c2/ecredit.conf &&
	(cd c2 && expect_code 78 $ECREDIT --config ecredit.conf config check) 2>err &&
	contains err "ecredit.conf:$(wc -l <c2/ecredit.conf | tr -d " "): unknown key" &&
	expect_code 78 $ECREDIT --config nowhere.conf config check &&
	expect_code 64 $ECREDIT config frobnicate
'

done_testing
