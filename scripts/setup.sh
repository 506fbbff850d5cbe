#!/usr/bin/env bash
# One-step set-up on a fresh Debian/Ubuntu machine with Swift: installs the missing system packages,
# builds xueshi (release) and runs its demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release
echo
echo "Built: $(pwd)/.build/release/xueshi"
echo
.build/release/xueshi demo
