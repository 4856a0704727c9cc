#!/bin/sh
# Help: `ecredit help [COMMAND]`; every command's --help names every long
# option its getopt table in cmd/<command>.c defines, with a sentence;
# report --help lists the reports; the global options are in --help.
. "$(dirname "$0")/lib.sh"

check 'every getopt option of every command is in its --help' '
	n=0 &&
	for f in "$TOP"/cmd/*.c; do
		name=$(basename "$f" .c)
		case $name in cli | commands | main | progress) continue ;; esac
		$ECREDIT $name --help >help.$name || { echo "$name --help failed"; exit 1; }
		for opt in $(sed -n "s/^[[:space:]]*{ \"\([a-z-]*\)\", *[a-z_]*argument.*/\1/p" "$f"); do
			n=$((n + 1))
			# an option line of its own (an alias: "(also --x)"), not
			# only the usage line
			grep -E -q -- "^ +--$opt\b|also --$opt\b" help.$name ||
				{ echo "$name --help lacks a line for --$opt"; exit 1; }
			# a sentence: the option line says something after the option
			grep -E -- "^ +--$opt\b|also --$opt\b" help.$name |
				grep -q "[a-z][a-z]* [a-z][a-z]*" ||
				{ echo "$name: --$opt has no sentence"; exit 1; }
		done
	done &&
	test $n -ge 40
'

check 'the global options are in ecredit --help and ecredit help' '
	$ECREDIT --help >h1 && $ECREDIT help >h2 && same h1 h2 &&
	for opt in $(sed -n "s/^[[:space:]]*{ \"\([a-z-]*\)\", *[a-z_]*argument.*/\1/p" "$TOP/cmd/commands.c"); do
		contains h1 "--$opt" || exit 1
	done &&
	for c in init import rate link export verify report explain history override rules simulate keygen nightly status config help demo; do
		grep -q "^  $c " h1 || { echo "help lacks $c"; exit 1; }
	done
'

check 'help COMMAND is COMMAND --help; unknown commands are refused' '
	$ECREDIT help verify >a && $ECREDIT verify --help >b && same a b &&
	contains a "--trust FILE     the producer" && contains a "(required" &&
	contains a "--channel NAME" && contains a "--today DATE" &&
	lacks a "[--trust" &&
	$ECREDIT override --help >o && contains o "--end ID" && contains o "--from DATE" &&
	$ECREDIT export --help >e && contains e "tax, finance, pricing, public or bureau" &&
	$ECREDIT keygen --help >k && contains k "rsa (3072 bits, CMS), ecdsa (P-256, CMS)," &&
	expect_code 64 $ECREDIT help frobnicate 2>err && contains err "unknown command"
'

check 'report --help lists every report' '
	$ECREDIT report --help >r &&
	for rep in runs quarantine ratings; do grep -q "^  $rep " r || { echo "lacks $rep"; exit 1; }; done &&
	test "$(sed -n "/^reports:/,\$p" r | grep -c "^  [a-z]")" -ge 15
'

check 'the man pages: every command and option in ecredit(1), every key in ecredit.conf(5)' '
	command -v man >/dev/null || { echo "# no man(1)"; exit 0; }
	MANWIDTH=300 man -l "$TOP/docs/ecredit.1" 2>/dev/null | col -b >man1 &&
	MANWIDTH=300 man -l "$TOP/docs/ecredit.conf.5" 2>/dev/null | col -b >man5 &&
	for c in $($ECREDIT help | sed -n "/^commands:/,/^\$/ s/^  \([a-z]*\) .*/\1/p"); do
		grep -E -q "^ {7}$c( |\$)" man1 || { echo "ecredit.1 lacks $c"; exit 1; }
	done &&
	for f in "$TOP"/cmd/*.c; do
		for opt in $(sed -n "s/^[[:space:]]*{ \"\([a-z-]*\)\", *[a-z_]*argument.*/\1/p" "$f"); do
			grep -q -- "--$opt\b" man1 || { echo "ecredit.1 lacks --$opt"; exit 1; }
		done
	done &&
	for k in $(sed -n "/known_keys\[\] = {/,/^};/ s/^[[:space:]]*\"\([a-z_.]*\)\",/\1/p" "$TOP/core/config.c"); do
		key=${k#*.}
		grep -E -q "^ {7}(.*, )?$key(,| |\$)" man5 || { echo "ecredit.conf.5 lacks $k"; exit 1; }
		grep -q "$key = " man5 || { echo "ecredit.conf.5 has no example for $k"; exit 1; }
	done
'

done_testing
