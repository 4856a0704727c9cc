#!/bin/sh
# make layers: the include graph follows docs/architecture.md, and an
# upward include is caught (scripts/layers.sh on a made-up tree).
. "$(dirname "$0")/lib.sh"

# tree: a small source tree with one file per layer, each including the
# layer below it.
tree() {
	mkdir -p core rules importers ratings linkage exporters nightly cmd synth &&
	echo '#include "core/common.h"' >core/a.c &&
	echo '#include "core/common.h"' >rules/a.c &&
	echo '#include "core/common.h"' >importers/a.h &&
	printf '#include "rules/a.h"\n#include "importers/a.h"\n' >ratings/a.c &&
	echo '#include "ratings/a.h"' >linkage/a.c &&
	echo '#include "core/db.h"' >exporters/a.c &&
	printf '#include "linkage/a.h"\n#include "exporters/a.h"\n' >nightly/a.c &&
	echo '#include "nightly/a.h"' >cmd/a.c &&
	echo '#include "exporters/a.h"' >synth/a.c
}

check 'the source tree follows the layers' '
	sh "$TOP/scripts/layers.sh" "$TOP" >out &&
	contains out "layers: ok"
'

check 'a tree that follows the layers passes' '
	tree &&
	sh "$TOP/scripts/layers.sh" "$PWD" >out &&
	contains out "layers: ok (11 include edges checked)"
'

check 'an upward include fails, naming file and line' '
	tree &&
	printf "\n#include \"linkage/link.h\"\n" >>rules/a.c &&
	expect_code 1 sh "$TOP/scripts/layers.sh" "$PWD" >out 2>err &&
	contains out "rules/a.c:3: rules may not include linkage/" &&
	contains err "1 upward or sideways include edge"
'

check 'exporters may include core only' '
	tree &&
	echo "#include \"ratings/a.h\"" >>exporters/a.c &&
	expect_code 1 sh "$TOP/scripts/layers.sh" "$PWD" >out 2>&1 &&
	contains out "exporters may not include ratings/"
'

check 'core includes nothing above it' '
	tree &&
	echo "#  include \"cmd/cli.h\"" >core/b.h &&
	expect_code 1 sh "$TOP/scripts/layers.sh" "$PWD" >out 2>&1 &&
	contains out "core/b.h:1: core may not include cmd/"
'

check 'make layers runs the check' '
	make -s -C "$TOP" layers >out &&
	contains out "layers: ok"
'
done_testing
