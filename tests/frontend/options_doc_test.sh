#!/usr/bin/env bash
# The three lists of command-line options must agree: what the parser accepts
# (frontend/options.cpp), what `boxwood --help` documents and what README.md's option table
# lists. Prints every option missing from a list and fails if there is one.
#
# usage: options_doc_test.sh BOXWOOD README OPTIONS_CPP
set -u
boxwood=$1 readme=$2 options_cpp=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Parser: every `name == "--x"` / `name == "-x"` comparison.
grep -o 'name == "-[-a-z0-9]*"' "$options_cpp" | sed 's/.*"\(.*\)"/\1/' | sort -u >"$tmp/parser"

# --help: lines that start with an option; the option column ends at the first gap of two spaces.
"$boxwood" --help >"$tmp/help.txt" || { echo "FAIL: boxwood --help exited $?"; exit 1; }
grep -E '^  +-' "$tmp/help.txt" | sed -E 's/^ +//; s/   .*//' | grep -oE '(^|[ ,])-{1,2}[a-z][-a-z0-9]*' |
  sed -E 's/^[ ,]//' | sort -u >"$tmp/help"

# README: the first cell of each row of the option table ("| `--x ARG`, `--y` | meaning |").
grep -E '^\| `-' "$readme" | sed -E 's/ \| .*//' | grep -oE '`-{1,2}[a-z][-a-z0-9]*' | tr -d '`' | sort -u >"$tmp/readme"

fail=0
for list in parser help readme; do
  [ -s "$tmp/$list" ] || { echo "FAIL: no options found in the $list list"; fail=1; }
done
compare() {  # compare A B: options in A's list that B's lacks
  comm -23 "$tmp/$1" "$tmp/$2" | while read -r opt; do echo "FAIL: $opt is in the $1 list but not in the $2 list"; done
}
report=$( { compare parser help; compare help parser; compare parser readme; compare readme parser; } )
[ -n "$report" ] && { echo "$report"; fail=1; }
echo "parser: $(tr '\n' ' ' <"$tmp/parser")"
echo "help:   $(tr '\n' ' ' <"$tmp/help")"
echo "readme: $(tr '\n' ' ' <"$tmp/readme")"
exit $fail
