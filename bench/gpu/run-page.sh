#!/usr/bin/env bash
# On the GPU machine (copied to .gpu/page by buildGpuPage.mjs): runs one bench page there and
# stops the browser as soon as the page printed its result (the headless shell does not exit).
# usage: run-page.sh NAME URL-PATH-AND-QUERY SECONDS [chromium flags...]
name=$1; url="file://$PWD/.gpu/page/$2"; limit=$3; shift 3
log=$OUT/$name-log.txt
timeout "$limit" bash .gpu/chromium-gpu.sh "$url" --allow-file-access-from-files "$@" > "$log" 2>&1 &
for i in $(seq 1 "$limit"); do grep -q RESULT "$log" 2>/dev/null && break; sleep 1; done
sleep 1; pkill -f chromium-headless-shell; wait
grep -o 'RESULT.*' "$log" > "$OUT/$name-result.txt"; echo "$name: ${i}s"; cut -c1-400 "$OUT/$name-result.txt"
