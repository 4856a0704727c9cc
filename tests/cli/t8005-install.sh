#!/bin/sh
# make install / uninstall into a DESTDIR: every file in its place, the
# installed program prints the shipped rule set, completion works; uninstall
# leaves no file. Then the install recipe of docs/operation.md, verbatim, as
# root in a private mount namespace whose /etc, /var, /srv and /usr/local are
# overlays (the real ones are never touched), followed by a night.
. "$(dirname "$0")/lib.sh"

# the installed files, relative to DESTDIR, for PREFIX=/usr
expected() {
	cat <<-EOF2
	/usr/bin/ecredit
	/usr/share/bash-completion/completions/ecredit
	/usr/share/ecredit/contrib/ecredit-alert@.service
	/usr/share/ecredit/contrib/ecredit-nightly
	/usr/share/ecredit/contrib/ecredit-nightly.service
	/usr/share/ecredit/contrib/ecredit-nightly.timer
	/usr/share/ecredit/contrib/ecredit.conf.example
	/usr/share/ecredit/contrib/ecredit.logrotate
	/usr/share/ecredit/rules/jiangsu-2020.xml
	EOF2
	for f in "$TOP"/*/*.xsd; do echo "/usr/share/ecredit/schemas/$(basename "$f")"; done
	for f in README.md operation.md demo.md export.md rating.md linkage.md \
		importers-permits.md importers-penalties.md importers-monitoring.md \
		power-price.md interfaces.md architecture.md i18n.md; do
		echo "/usr/share/doc/ecredit/$f"
	done
	echo /usr/share/locale/zh_CN/LC_MESSAGES/ecredit.mo
	echo /usr/share/man/man1/ecredit.1
	echo /usr/share/man/man5/ecredit.conf.5
}

# make in the source tree with the binary under test (never rebuilt here)
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$TOP" --no-print-directory -o "$ECREDIT" PROG="$ECREDIT" "$@"
}

check 'install into DESTDIR: every file, modes, paths; uninstall: nothing left' '
	mk install DESTDIR=$T/root PREFIX=/usr >log &&
	(cd root && find . -type f | sed "s|^\.||" | LC_ALL=C sort) >got &&
	expected | LC_ALL=C sort >want && same want got &&
	test "$(stat -c %a root/usr/bin/ecredit)" = 755 &&
	test "$(stat -c %a root/usr/share/ecredit/contrib/ecredit-nightly)" = 644 &&
	contains root/usr/share/ecredit/contrib/ecredit-nightly.service "ExecStart=/usr/bin/ecredit nightly" &&
	contains root/usr/share/ecredit/contrib/ecredit-nightly "PATH=/usr/bin:/usr/bin:/bin" &&
	lacks root/usr/share/ecredit/contrib/ecredit-nightly "@BINDIR@" &&
	root/usr/bin/ecredit rules dump >dump && same "$TOP/rules/jiangsu-2020.xml" dump &&
	root/usr/bin/ecredit rules check root/usr/share/ecredit/rules/jiangsu-2020.xml >/dev/null &&
	man -l root/usr/share/man/man5/ecredit.conf.5 >/dev/null 2>&1 &&
	mk uninstall DESTDIR=$T/root PREFIX=/usr >log &&
	test -z "$(find root -type f)" &&
	(cd root && find . -type d | LC_ALL=C sort) >dirs &&
	printf "%s\n" . ./usr ./usr/bin ./usr/share ./usr/share/bash-completion \
		./usr/share/bash-completion/completions ./usr/share/doc \
		./usr/share/locale ./usr/share/locale/zh_CN ./usr/share/locale/zh_CN/LC_MESSAGES \
		./usr/share/man ./usr/share/man/man1 ./usr/share/man/man5 >want.dirs &&
	same want.dirs dirs
'

check 'bash completion: commands, options, reports, channels, files' '
	command -v bash >/dev/null || { echo "no bash"; exit 0; }
	comp=$TOP/contrib/ecredit.bash-completion &&
	c() { bash -c ". \"$comp\"; COMP_WORDS=($1); COMP_CWORD=$2; _ecredit; echo \${COMPREPLY[*]}" ecredit; } &&
	test "$(c "ecredit sta" 1)" = status &&
	test "$(c "$ECREDIT report ra" 2)" = ratings &&
	c "$ECREDIT report r" 2 | grep -w runs &&
	test "$(c "ecredit nightly --dr" 2)" = --dry-run &&
	test "$(c "ecredit export --channel fi" 3)" = finance &&
	test "$(c "ecredit keygen --alg s" 3)" = sm2 &&
	test "$(c "ecredit --config x.conf config ch" 4)" = check &&
	touch afile.xml && test "$(c "ecredit import permits afi" 3)" = afile.xml &&
	test "$(c "ecredit help ove" 2)" = override
'

check 'the install recipe of docs/operation.md, verbatim, then a night' '
	if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
		echo "# needs root and unshare"; exit 0
	fi
	sed -n "/^<!-- recipe/,/^<!-- \/recipe/p" "$TOP/docs/operation.md" |
		sed "/^<!--/d; /^\`\`\`/d" >recipe.sh &&
	grep -q "^useradd --system -m --home-dir /var/lib/ecredit" recipe.sh &&
	cat >inside.sh <<-EOF2 &&
	set -ex
	for d in etc var srv usr/local; do
		mkdir -p $T/ovl/\$d/up $T/ovl/\$d/work
		mount -t overlay overlay -o lowerdir=/\$d,upperdir=$T/ovl/\$d/up,workdir=$T/ovl/\$d/work /\$d
	done
	cd "$TOP"
	# the recipe'"'"'s make is a plain one, not the make check that runs us
	unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
	export PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin
	sh -e -x $T/recipe.sh
	# the night, with the fixtures, as the job user
	for k in permits penalties monitoring; do
		cp "$FIXTURES"/nightly/inbox/\$k/2026-11-27-* /srv/ecredit/inbox/\$k/
	done
	chown -R ecredit:ecredit /srv/ecredit/inbox
	# delivered a while ago: older than inbox.settle_seconds (default 60)
	find /srv/ecredit/inbox -type f -exec touch -d "5 minutes ago" {} +
	cfg=/etc/ecredit/ecredit.conf
	runuser -u ecredit -- ecredit --config \$cfg nightly --as-of 2026-11-27 >$T/night.out 2>$T/night.err || [ \$? = 1 ] || { cat $T/night.err; exit 1; }
	runuser -u ecredit -- ecredit --config \$cfg status >$T/status.out
	# the cron line itself, for the real yesterday: no file arrived and no
	# device reported, so the night exits 1 and the line mails the end of the log
	line=\$(grep "^0 1 " /etc/cron.d/ecredit-nightly | sed "s/^0 1 \* \* \*  *ecredit  *//")
	runuser -u ecredit -- env ECREDIT_CONFIG=\$cfg PATH=/usr/local/bin:/usr/bin:/bin sh -c "\$line" >$T/cron.out 2>&1
	test -s /var/log/ecredit/nightly.log
	ls -l /etc/cron.d/ecredit-nightly /etc/logrotate.d/ecredit >$T/files.out
	stat -c "%U %a %n" /etc/ecredit/keys/rsa.key /etc/ecredit/keys /var/lib/ecredit/ecredit.db /srv/ecredit/outbox >>$T/files.out
	ls /srv/ecredit/outbox >>$T/files.out
	make uninstall PREFIX=/usr/local >/dev/null
	find /usr/local -name "*ecredit*" >$T/left.out
	EOF2
	before=$(ls -la /etc/cron.d /etc/passwd /srv /usr/local/bin | md5sum) &&
	unshare -m sh -e inside.sh >inside.log 2>&1 || { tail -30 inside.log; exit 1; }
	after=$(ls -la /etc/cron.d /etc/passwd /srv /usr/local/bin | md5sum) &&
	test "$before" = "$after" && ! grep -q "^ecredit:" /etc/passwd &&
	contains night.out "run 2026-11-27.1 completed" &&
	contains status.out "completed (exit 1" && contains night.err "over quality.max_quarantine_pct" &&
	contains cron.out "data quality" &&
	contains files.out "ecredit 600 /etc/ecredit/keys/rsa.key" &&
	contains files.out "ecredit 700 /etc/ecredit/keys" &&
	contains files.out "ecredit 644 /var/lib/ecredit/ecredit.db" &&
	contains files.out "public-2026-11-27-1.tar.gz" &&
	test ! -s left.out
'

done_testing
