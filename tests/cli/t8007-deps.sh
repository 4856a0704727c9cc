#!/bin/sh
# A missing build dependency stops make with a message naming it and the fix
# (sh scripts/deps.sh), before any compiler error; make's own tool check
# (need_tool) names the Debian package.
. "$(dirname "$0")/lib.sh"
# plain makes, not the make check (or make sanitize) that runs us
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

check 'a library pkg-config cannot find: named, with the fix' '
	expect_code 2 make -s -C "$TOP" --no-print-directory VARIANT=depstest$$ \
		PKGS="libxml-2.0 libecredit-nosuch-lib" >out 2>err &&
	contains err "ecredit: missing build dependencies: libecredit-nosuch-lib (pkg-config cannot find them)" &&
	contains err "install them with: sh scripts/deps.sh" &&
	lacks err "error:" && lacks err "fatal" &&
	test ! -d "$TOP/build-depstest$$/core"
'

check 'no pkg-config at all: named, with the fix' '
	mkdir bin && for t in sh make sed cat mkdir rm ar gcc cc; do
		p=$(command -v $t) && ln -s "$p" bin/$t || true
	done &&
	expect_code 2 env PATH=$PWD/bin make -s -C "$TOP" --no-print-directory VARIANT=depstest$$ >out 2>err &&
	contains err "missing build dependencies: pkg-config" &&
	contains err "sh scripts/deps.sh" &&
	test ! -d "$TOP/build-depstest$$/core"
'

check 'need_tool: a missing program names its package and the fix' '
	printf "include Makefile\nprobe:\n\t\$(call need_tool,ecredit-no-such-tool,gettext)\n" >probe.mk &&
	expect_code 2 make -s --no-print-directory -C "$TOP" -f "$PWD/probe.mk" probe 2>err >out &&
	contains err "'"'"'ecredit-no-such-tool'"'"' is missing (Debian package gettext); run: sh scripts/deps.sh --test"
'

rm -rf "$TOP"/build-depstest*
done_testing
