#!/usr/bin/env bash
# tests/scripts/check_bytecode_doc.sh OPCODES_H BYTECODE_MD
#
# docs/bytecode.md lists the opcodes as table rows `| NAME | FORMAT |
# meaning |`, generated from the X-macro table GORT_OPCODES in
# vm/src/opcodes.h. This check fails (and prints the difference) when the
# two disagree: an opcode added, removed, renamed, reordered, or given a
# new format or meaning on one side only. Backslashes are ignored on both
# sides (C string escapes, Markdown's \|).
set -uo pipefail
h=$1
md=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk '
  /^#define GORT_OPCODES/ { on = 1; next }
  on && /^typedef enum/ { exit }
  on && match($0, /OP\([A-Z0-9_]+, *OPF_[A-Z]+, *"([^"\\]|\\.)*"/) {
    s = substr($0, RSTART + 3, RLENGTH - 3)
    name = s; sub(/,.*/, "", name)
    fmt = s; sub(/^[^,]*, */, "", fmt); sub(/,.*/, "", fmt)
    mean = s; sub(/^[^"]*"/, "", mean); sub(/"$/, "", mean)
    f["OPF_ABC"] = "ABC"; f["OPF_ABX"] = "ABx"; f["OPF_ASBX"] = "AsBx"
    f["OPF_SJ"] = "sJ"; f["OPF_ABJ"] = "AB+J"; f["OPF_ABCX"] = "ABC+X"
    gsub(/\\/, "", mean)
    print name "|" f[fmt] "|" mean
  }
' "$h" >"$tmp/table"

awk -F' \\| ' '
  /^\| [A-Z][A-Z0-9_]* \| / {
    name = $1; sub(/^\| /, "", name)
    mean = $3; sub(/ \|$/, "", mean)
    gsub(/\\/, "", mean)
    print name "|" $2 "|" mean
  }
' "$md" >"$tmp/doc"

n=$(wc -l <"$tmp/table")
if [[ $n -lt 50 ]]; then
  echo "check_bytecode_doc: found only $n opcodes in $h" >&2
  exit 1
fi
if ! diff -u "$tmp/table" "$tmp/doc"; then
  echo "check_bytecode_doc: $md does not match GORT_OPCODES in $h" >&2
  exit 1
fi
echo "$n opcodes listed"
