#!/usr/bin/env bash
# Regenerates the report golden files (Tests/VernierReportTests/Golden) after an intended change to the plots or
# the HTML, then shows what changed. Review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
VERNIER_UPDATE_GOLDEN=1 swift test --filter GoldenReportTests
git status --short Tests/VernierReportTests/Golden
