#!/bin/sh
# Enforce the layer order of docs/architecture.md on the #include graph.
#
#   core <- {rules, importers} <- ratings <- linkage <- nightly <- cmd
#   exporters read the store's tables and depend on core only;
#   synth (the demo generator) stands beside, over core, rules, importers
#   and exporters.
#
# Every `#include "DIR/..."` in DIR2/*.[ch] is an edge DIR2 -> DIR; an edge
# the order does not allow is printed as FILE:LINE and the script exits 1.
# Usage: scripts/layers.sh [ROOT]   (default: the source tree of this script)
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}

# allowed DIR: the folders DIR may include (itself always allowed)
allowed() {
	case $1 in
	core) echo "" ;;
	rules) echo "core" ;;
	importers) echo "core" ;;
	ratings) echo "core rules importers" ;;
	linkage) echo "core rules importers ratings" ;;
	exporters) echo "core" ;;
	nightly) echo "core rules importers ratings linkage exporters" ;;
	cmd) echo "core rules importers ratings linkage exporters nightly synth" ;;
	synth) echo "core rules importers exporters" ;;
	*) echo "?" ;;
	esac
}

layers="core rules importers ratings linkage exporters nightly cmd synth"
bad=0
edges=0
for dir in $layers; do
	[ -d "$root/$dir" ] || continue
	ok=" $dir $(allowed "$dir") "
	for f in "$root/$dir"/*.c "$root/$dir"/*.h; do
		[ -f "$f" ] || continue
		# FILE:LINE:TARGET for every quoted include with a folder
		out=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([a-z_]*\)\/[^"]*".*/\1/p;' "$f" | sort -u)
		for target in $out; do
			edges=$((edges + 1))
			case $ok in
			*" $target "*) ;;
			*)
				grep -n "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"$target/" "$f" |
					sed "s|^\([0-9]*\):.*|${f#"$root"/}:\1: $dir may not include $target/ (layers: docs/architecture.md)|"
				bad=$((bad + 1))
				;;
			esac
		done
	done
done
if [ "$bad" -ne 0 ]; then
	echo "layers: $bad upward or sideways include edge(s)" >&2
	exit 1
fi
echo "layers: ok ($edges include edges checked)"
