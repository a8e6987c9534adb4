#!/usr/bin/env bash
# test_new_plugin.sh: the `template` stage of tool/test. tool/new_plugin must
# refuse bad input, in one line, without writing anything; the copies it
# writes (a full one with a long name, after the README's "Add your own
# function" steps are applied to it, and a --minimal one) must pass their own
# tool/test stages that need no emulator, and say nothing of what they are not.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/new_plugin.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
copy_stages=(gcc lint dart asan bench)

fail() {
  echo "template: FAIL: $*"
  failures=$((failures + 1))
}

# expect_refusal WHAT EXPECTED_TEXT ARGS...: the tool exits non-zero and says,
# in one line, EXPECTED_TEXT.
expect_refusal() {
  local what=$1 expected=$2 output status=0
  shift 2
  output=$("$root/tool/new_plugin" "$@" 2>&1) || status=$?
  if [ "$status" -eq 0 ]; then
    fail "$what: accepted"
  elif ! grep -qF -- "$expected" <<<"$output"; then
    fail "$what: the error does not say '$expected': $output"
  elif [ "$(wc -l <<<"$output")" -ne 1 ]; then
    fail "$what: the refusal is not one line: $output"
  else
    echo "template: refused $what: $output"
  fi
}

mkdir -p "$work/taken" && touch "$work/taken/file"
expect_refusal "an upper-case name" "is not a valid name" Zz_codec "$work/a"
expect_refusal "a name starting with a digit" "is not a valid name" 1codec "$work/a"
expect_refusal "a name with a dash" "is not a valid name" zz-codec "$work/a"
expect_refusal "a Dart reserved word" "Dart reserved word" class "$work/a"
expect_refusal "a double underscore" "no double or trailing" zz__codec "$work/a"
expect_refusal "a name holding app_core" "contains 'app_core'" my_app_core "$work/a"
expect_refusal "the name of a header in the tree" "public header utf8.h" utf8 "$work/a"
expect_refusal "the name of a C standard header" "public header math.h" math "$work/a"
expect_refusal "a target name CMake reserves" "CMake target name" install "$work/a"
expect_refusal "a target name the tree uses" "CMake target name" fuzz_utf8 "$work/a"
expect_refusal "a name whose class hides a dart:core type" "Dart class Stream," stream "$work/a"
expect_refusal "a name whose exception hides a dart:core type" "Dart class FormatException," format "$work/a"
expect_refusal "a name whose class hides a dart:async type" "Dart class Completer," completer "$work/a"
expect_refusal "the name of a dart: library" "dart: library or of a package" io "$work/a"
expect_refusal "the name of a dev dependency" "dart: library or of a package" lints "$work/a"
expect_refusal "the name of the example's dependency" "dart: library or of a package" flutter "$work/a"
expect_refusal "a non-empty directory" "is not empty" zz_codec "$work/taken"
expect_refusal "a missing directory argument" "usage" zz_codec
# On Windows the same rules run through cmake -P, from the same file.
if cmake -DNAME=stream -DDIR="$work/a" -P "$root/tool/new_plugin.cmake" >"$work/cmake_p.log" 2>&1 ||
  ! grep -qF 'Dart class Stream' "$work/cmake_p.log"; then
  fail "cmake -P tool/new_plugin.cmake does not refuse what tool/new_plugin refuses: $(cat "$work/cmake_p.log")"
fi
if [ -e "$work/a" ] || [ "$(ls -A "$work/taken")" != file ]; then
  fail "a refused call wrote files"
fi

# The template's own Markdown: a marker is an HTML comment outside code
# blocks, which a reader never sees (a copy holds no markers at all).
for file in $(git -C "$root" ls-files '*.md' 2>/dev/null || find "$root" -name '*.md' -not -path '*/node_modules/*'); do
  awk -v file="$file" '
    /^ *```/ { fence = !fence }
    fence && /template:full-only/ { print file ":" NR ": a marker inside a code block" }
    !fence && /template:full-only-(begin|end|line)/ && !/<!-- template:full-only-(begin|end|line) -->/ {
      print file ":" NR ": a marker a reader sees (not an HTML comment)" }' "$root/${file#"$root"/}"
done >"$work/visible_markers"
[ ! -s "$work/visible_markers" ] || fail "markers show in the template's Markdown: $(cat "$work/visible_markers")"

# make_copy ARGS...: runs tool/new_plugin; a stale template_minimal.txt rule
# (one that matches no file) fails the stage.
make_copy() {
  local output status=0
  output=$("$root/tool/new_plugin" "$@" 2>&1) || status=$?
  sed -n 1p <<<"$output" | sed 's/^/template: /'
  [ "$status" -eq 0 ] || fail "tool/new_plugin $*: exit $status: $output"
  if grep -q 'matches no file' <<<"$output"; then
    fail "tool/new_plugin $*: template_minimal.txt has a rule that matches no file"
  fi
}

# run_copy_stages DIR: the copy's own tool/test of the stages that need no
# emulator, its output in DIR.test.log.
run_copy_stages() {
  (cd "$1" && tool/test "${copy_stages[@]}" >"$1.test.log" 2>&1)
}

# check_copy DIR STATUS: reports the stages' result, then looks for any trace
# of the template's names, in contents and in file names (the template's
# copyright notice in LICENSE excepted: the license requires it).
check_copy() {
  local dir=$1 status=$2 name=${1##*/} leftovers notice
  if [ "$status" -ne 0 ]; then
    grep -E '^STAGE|\*\*\*Failed|tests failed|error:|^[a-z_]+: FAIL' "$dir.test.log" | head -30 | sed 's/^/template:   /'
    # The copy is deleted after this: keep the last lines of each failed stage.
    awk '/^STAGE .*: FAIL/ { print "--- before " $0; for (i = NR - 12; i < NR; i++) if (i > 0) print last[i % 12] }
         { last[NR % 12] = $0 }' "$dir.test.log" | sed 's/^/template:   /'
    fail "$name: its own tool/test ${copy_stages[*]} failed"
  else
    grep -E '^STAGE|tests passed|contract:|dart syntax:|whole bench' "$dir.test.log" | sed 's/^/template:   /'
  fi
  rm -rf "$dir/build" "$dir/tool/dart_check/node_modules"
  notice=$(grep '^Copyright' "$root/LICENSE")
  leftovers=$( (grep -rlE 'app_core|AppCore|APP_CORE|app-core' "$dir" --exclude=LICENSE || true
    grep -vxF "$notice" "$dir/LICENSE" | grep -qE 'app_core|app-core' && echo "$dir/LICENSE"
    find "$dir" -name '*app_core*' -o -name '*app-core*') | sort -u)
  if [ -n "$leftovers" ]; then
    fail "$name: the template's names are left in: $(head -5 <<<"$leftovers" | tr '\n' ' ')"
  fi
  if ! grep -qxF "$notice" "$dir/LICENSE" || ! grep -qE "^Copyright \(c\) [0-9]+ The $name authors$" "$dir/LICENSE"; then
    fail "$name: LICENSE does not keep the template's notice under one for $name: $(grep '^Copyright' "$dir/LICENSE")"
  fi
  if grep -rlE 'template:full-only-(begin|end|line)' "$dir"; then
    fail "$name: holds marker lines"
  fi
  # A heading directly followed by one of the same or a higher level has
  # nothing under it (as if its full-only text were gone).
  awk -v file="$dir/README.md" '
    /^```/ { fence = !fence }
    !fence && /^#+ / { level = length($1); if (pending && level <= pending) print file ": empty section: " heading; pending = level; heading = $0; next }
    !fence && NF { pending = 0 }' "$dir/README.md" >"$work/empty_sections"
  [ ! -s "$work/empty_sections" ] || fail "$name: $(cat "$work/empty_sections")"
}

long=acme_image_codec_with_a_long_name
make_copy "$long" "$work/$long"
make_copy --minimal zz_mini "$work/zz_mini"
[ -f "$work/$long/native/include/$long.h" ] || fail "$long: no native/include/$long.h"
grep -q 'class AcmeImageCodecWithALongName\b' "$work/$long/lib/src/api.dart" || fail "$long: no class AcmeImageCodecWithALongName"
for dropped in native/src/examples/arithmetic.c lib/src/sha256_hasher.dart native/bench/fig_bytes_examples.c; do
  [ ! -e "$work/zz_mini/$dropped" ] || fail "zz_mini: $dropped was not left out"
done
# Nothing in the minimal README's tables names a function it no longer has.
removed=$(comm -23 <(grep -oE "${long}_[a-z0-9_]+\(" "$work/$long/native/include/$long.h" | sed "s/^${long}_//; s/($//" | sort -u) \
  <(grep -oE 'zz_mini_[a-z0-9_]+\(' "$work/zz_mini/native/include/zz_mini.h" | sed 's/^zz_mini_//; s/($//' | sort -u))
[ -n "$removed" ] || fail "zz_mini: its header has every function of the full copy"
rows=$(grep -nE "^\|.*\b($(paste -sd'|' <<<"$removed"))\b" "$work/zz_mini/README.md" || true)
[ -z "$rows" ] || fail "zz_mini: README.md has rows about functions it does not have: $rows"

# The copies become repositories (the first of the next steps the tool prints);
# the README's tutorial is applied to the long-named one, then both run their
# stages side by side, each building with -j2.
for dir in "$work/$long" "$work/zz_mini"; do
  git -C "$dir" init -q && git -C "$dir" add -A
done
if ! python3 "$root/tool/lib/apply_tutorial.py" "$work/$long" >"$work/tutorial.log" 2>&1; then
  tail -30 "$work/tutorial.log" | sed 's/^/template:   /'
  fail "$long: the README's Add your own function steps failed"
else
  grep '^tutorial:' "$work/tutorial.log" | sed 's/^/template: /'
fi
echo "template: running ${copy_stages[*]} in both copies"
status_long=0 status_mini=0
run_copy_stages "$work/$long" &
pid_long=$!
run_copy_stages "$work/zz_mini" &
pid_mini=$!
wait "$pid_long" || status_long=$?
wait "$pid_mini" || status_mini=$?
grep -qE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: (clamp|primes)\.' "$work/$long.test.log" ||
  fail "$long: the tutorial's C tests did not run"
check_copy "$work/$long" "$status_long"
check_copy "$work/zz_mini" "$status_mini"

echo "template: $failures failure(s)"
[ "$failures" -eq 0 ]
