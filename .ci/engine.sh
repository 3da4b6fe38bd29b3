#!/usr/bin/env bash
# Engine area (issue 9 point 9, issue 16 point 7): the restart benchmark over every scenario of the fake-Windows suite.
# It prints, per scenario, the exit code, winmgmt restarts, dependent stops, the simulated seconds WMI was unavailable
# against its goal and the total time against the deadline (+300 s recovery), read from the fakes, and fails when any
# scenario misses: exit code, end state (prior state after a fault, target after a change, staged state), every
# dependent that ran running again (or named by status), restarts, WMI downtime goal, deadline.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== Engine: restart benchmark (tests/WmiFixedPort.Benchmarks)"
dotnet run --project tests/WmiFixedPort.Benchmarks -c Release
