using System;
using System.Text.Json;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>The output of <c>WmiFixedPort.exe status --json</c> (docs/_drafts/cli-contract.md), e.g.
/// {"mode":"standalone","port":24158,"authLevel":5,"recordExists":true,"winmgmt":{"state":"Running","pid":1234}}.</summary>
internal sealed record ExeStatus(string Mode, int? Port, int? AuthLevel, bool RecordExists, string WinmgmtState, int WinmgmtPid)
{
    public static ExeStatus Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        JsonElement winmgmt = root.GetProperty("winmgmt");
        return new ExeStatus(
            root.GetProperty("mode").GetString() ?? string.Empty,
            NullableInt(root.GetProperty("port")),
            NullableInt(root.GetProperty("authLevel")),
            root.GetProperty("recordExists").GetBoolean(),
            winmgmt.GetProperty("state").GetString() ?? string.Empty,
            winmgmt.GetProperty("pid").GetInt32());
    }

    private static int? NullableInt(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : element.GetInt32();
}
