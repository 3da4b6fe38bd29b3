#!/usr/bin/env bash
# Engine area (issue 9, point 9): the restart benchmark over every scenario of the fake-Windows suite. It prints, per
# scenario, winmgmt restarts, dependent stops and the simulated seconds WMI was unavailable, read from the fakes, and
# fails when a goal is missed (one restart per real change, none for a no-op, nothing stopped for a staged change).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== Engine: restart benchmark (tests/WmiFixedPort.Benchmarks)"
dotnet run --project tests/WmiFixedPort.Benchmarks -c Release
