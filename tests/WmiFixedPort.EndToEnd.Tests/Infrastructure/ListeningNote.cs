using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>What a local DCOM query tells about the fixed port: nothing that may gate a scenario. A query to the
/// machine's own name is served locally (COM uses local RPC), and COM opens the fixed TCP endpoint for remote clients,
/// so after a local query a missing listener is no failure. The scenarios record what they measured instead; only
/// the remote scenario, where a query really crossed the network, asserts the listener.</summary>
internal static class ListeningNote
{
    public static string Describe(string when, int port, int winmgmtPid, IReadOnlyList<int> listeners, ListeningStatus exe)
    {
        string owners = listeners.Count == 0 ? "none" : string.Join(", ", listeners.Distinct().Select(p => p.ToString(CultureInfo.InvariantCulture)));
        string verdict = listeners.Contains(winmgmtPid) ? "winmgmt listens" : "winmgmt does not listen (yet)";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{when}: TCP {port} listeners [{owners}], winmgmt PID {winmgmtPid}: {verdict}; status --json listening = {exe.State} (port {exe.Port?.ToString(CultureInfo.InvariantCulture) ?? "null"}{(exe.Note.Length > 0 ? "; " + exe.Note : string.Empty)}). Measured, not asserted: only a local query had run.");
    }
}
