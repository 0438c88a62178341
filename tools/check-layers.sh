#!/bin/sh
# check-layers.sh - fails when a file of sim/ or viz/ includes a header of a part above its
# own (the order is in tools/layers.conf), or when sim/ includes SDL or viz/.
# Usage: tools/check-layers.sh [TOP_DIR]. Prints each violation as file:line: message.
set -u
top=${1:-.}
conf="$top/tools/layers.conf"
[ -r "$conf" ] || { echo "check-layers: cannot read $conf" >&2; exit 2; }
find "$top/sim" "$top/viz" -name '*.[ch]' | sort | awk -v conf="$conf" -v top="$top/" '
BEGIN {
    while ((getline line < conf) > 0) {
        if (line ~ /^allow /) { split(line, a, " "); allow[a[2] " " a[3]] = 1; continue }
        if (line ~ /^#/ || line !~ /:/) continue
        split(line, kv, ":"); n = split(kv[2], parts, " ")
        for (i = 1; i <= n; i++) { rank[kv[1] "/" parts[i]] = i; known[parts[i]] = kv[1] }
    }
    bad = 0
}
{
    file = $0; rel = substr(file, length(top) + 1)
    split(rel, p, "/"); mine = p[1] "/" p[2]
    if (!(mine in rank)) { printf "%s: part %s is not in tools/layers.conf\n", rel, mine; bad = 1 }
    ln = 0
    while ((getline line < file) > 0) {
        ln++
        if (line !~ /^[ \t]*#[ \t]*include/) continue
        if (p[1] == "sim" && line ~ /[<"](SDL|viz\/)/) {
            printf "%s:%d: sim/ must not include SDL or viz/: %s\n", rel, ln, line; bad = 1; continue
        }
        if (line !~ /"[a-z_]+\/[a-z_0-9]+\.h"/) continue
        inc = line; sub(/^[^"]*"/, "", inc); sub(/".*$/, "", inc)
        split(inc, q, "/"); part = q[1]
        if (!(part in known)) { printf "%s:%d: unknown part in %s\n", rel, ln, inc; bad = 1; continue }
        theirs = known[part] "/" part
        if (known[part] != p[1]) {
            if (p[1] == "sim") { printf "%s:%d: sim/ includes %s of viz/\n", rel, ln, inc; bad = 1 }
            continue
        }
        if (rank[theirs] > rank[mine] && !((mine " " part) in allow)) {
            printf "%s:%d: %s includes %s, a part above it (order: tools/layers.conf)\n", rel, ln, mine, inc
            bad = 1
        }
    }
    close(file)
}
END { exit bad }'
