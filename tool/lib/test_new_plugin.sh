#!/usr/bin/env bash
# test_new_plugin.sh: the `template` stage of tool/test. tool/new_plugin must
# refuse bad input without writing anything, and the copies it writes (full
# and --minimal) must build, pass their own C tests and Dart checks, and hold
# no trace of the template's names.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/new_plugin.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
  echo "template: FAIL: $*"
  failures=$((failures + 1))
}

# expect_refusal WHAT EXPECTED_TEXT ARGS...: the tool exits non-zero, says
# EXPECTED_TEXT, and writes nothing.
expect_refusal() {
  local what=$1 expected=$2 output status=0
  shift 2
  output=$("$root/tool/new_plugin" "$@" 2>&1) || status=$?
  if [ "$status" -eq 0 ]; then
    fail "$what: accepted"
  elif ! grep -qF -- "$expected" <<<"$output"; then
    fail "$what: the error does not say '$expected': $output"
  else
    echo "template: refused $what: $(grep -F -- "$expected" <<<"$output" | head -1 | sed 's/^ *//')"
  fi
}

mkdir -p "$work/taken" && touch "$work/taken/file"
expect_refusal "an upper-case name" "is not a valid name" Zz_codec "$work/a"
expect_refusal "a name starting with a digit" "is not a valid name" 1codec "$work/a"
expect_refusal "a name with a dash" "is not a valid name" zz-codec "$work/a"
expect_refusal "a Dart reserved word" "Dart reserved word" class "$work/a"
expect_refusal "a double underscore" "no double or trailing" zz__codec "$work/a"
expect_refusal "a name holding app_core" "contains 'app_core'" my_app_core "$work/a"
expect_refusal "a non-empty directory" "is not empty" zz_codec "$work/taken"
expect_refusal "a missing directory argument" "usage" zz_codec
if [ -e "$work/a" ] || [ "$(ls -A "$work/taken")" != file ]; then
  fail "a refused call wrote files"
fi

# check_copy DIR: builds and tests the copy with its own tool/test, then looks
# for any trace of the template's names, in contents and in file names.
check_copy() {
  local dir=$1 leftovers
  echo "template: $(find "$dir" -type f | wc -l) files in ${dir#"$work"/}"
  # The first of the next steps the tool prints: the copy becomes a repository.
  git -C "$dir" init -q && git -C "$dir" add -A
  if ! (cd "$dir" && tool/test gcc dart >"$dir.test.log" 2>&1); then
    grep -E '^STAGE|FAIL|rror' "$dir.test.log" | head -20
    fail "${dir#"$work"/}: its own tool/test gcc dart failed"
  else
    grep -E '^STAGE|tests passed|contract:|dart syntax:' "$dir.test.log" | sed 's/^/template:   /'
  fi
  rm -rf "$dir/build" "$dir/tool/dart_check/node_modules"
  leftovers=$( (grep -rlE 'app_core|AppCore|APP_CORE' "$dir" || true; find "$dir" -name '*app_core*') | sort -u)
  if [ -n "$leftovers" ]; then
    fail "${dir#"$work"/}: the template's names are left in: $(head -5 <<<"$leftovers" | tr '\n' ' ')"
  fi
}

# make_copy ARGS...: runs tool/new_plugin; a stale template_minimal.txt rule
# (one that matches no file) fails the stage.
make_copy() {
  local output status=0
  output=$("$root/tool/new_plugin" "$@" 2>&1) || status=$?
  sed 's/^/template: /' <<<"$output"
  [ "$status" -eq 0 ] || fail "tool/new_plugin $*: exit $status"
  if grep -q 'matches no file' <<<"$output"; then
    fail "tool/new_plugin $*: template_minimal.txt has a rule that matches no file"
  fi
}

make_copy zz_codec "$work/zz_codec"
[ -f "$work/zz_codec/native/include/zz_codec.h" ] || fail "zz_codec: no native/include/zz_codec.h"
grep -q 'class ZzCodec\b' "$work/zz_codec/lib/src/api.dart" || fail "zz_codec: no class ZzCodec in lib/src/api.dart"
check_copy "$work/zz_codec"

make_copy --minimal zz_mini "$work/zz_mini"
for dropped in native/src/examples/arithmetic.c lib/src/sha256_hasher.dart; do
  [ ! -e "$work/zz_mini/$dropped" ] || fail "zz_mini: $dropped was not left out"
done
if grep -rlE 'template:full-only-(begin|end)' "$work/zz_codec" "$work/zz_mini"; then
  fail "a copy holds marker lines"
fi
check_copy "$work/zz_mini"

echo "template: $failures failure(s)"
[ "$failures" -eq 0 ]
